"""How long validation takes for a typical and a near-limit curriculum file.

Prints figures; asserts nothing. Run: python -m benchmarks.validate_speed
"""

from __future__ import annotations

import os
import platform
import sys
import time

from workshop.curriculum import MAX_BYTES, parse_curriculum_text

STEP = """\
      - id: step-{n}
        type: slide
        minutes: 1
        notes: {notes}
        title: Step {n}
        body: |
          {body}
"""

HEAD = """\
id: bench
title: Benchmark
version: "1"
summary: s
audience: a
agreements: [a]
disclaimer: d
sessions:
"""


def session(number: int, steps: int, filler: int) -> str:
    text = f"""\
  - id: s{number}
    number: {number}
    title: Session {number}
    goals: [g]
    minutes: 600
    handout: {{key_ideas: [k], practice: p, journal_prompts: [j]}}
    steps:
"""
    notes = "Say this and watch for that. " * filler
    return text + "".join(
        STEP.format(n=n, notes=notes.strip(), body=notes.strip()) for n in range(steps)
    )


def measure(label: str, text: str) -> None:
    start = time.perf_counter()
    curriculum = parse_curriculum_text(text, "bench.yaml")
    elapsed = time.perf_counter() - start
    steps = sum(len(s.steps) for s in curriculum.sessions)
    print(f"{label}: {len(text.encode()):>9} bytes, {steps:>4} steps, {elapsed * 1000:8.1f} ms")


def main() -> None:
    measure(
        "typical (8 sessions x 12 steps)", HEAD + "".join(session(n, 12, 6) for n in range(1, 9))
    )
    big = HEAD
    number = 1
    while True:
        more = session(number, 40, 40)
        if len((big + more).encode()) > MAX_BYTES:
            break
        big += more
        number += 1
    measure("near the 1 MiB limit", big)


if __name__ == "__main__":
    main()
    print(f"python {sys.version.split()[0]} on {platform.machine()}, {os.cpu_count()} cpus")
