"""How long printing a whole programme takes: every session handout plus the guide.

Usage: python benchmarks/handouts.py [CURRICULUM] [--repeat N]

CURRICULUM defaults to curricula/men-and-intimacy.yaml. Prints the machine's
facts, then

- in-process: load the curriculum and build every handout and the guide, the
  first time (fonts registered, cold caches) and the best of N warm runs;
- CLI: the whole ``python -m workshop handouts CURRICULUM --guide`` run in a
  fresh Python process (start-up, imports, the guide's two-pass build with its
  table of contents, writing the files), first and the median of N (default 3).

The target is a median of at most 1.5 s for the CLI run, measured with the
load average under 0.5; the script prints the load before and after, so a
figure from a busy machine says so. Figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workshop.curriculum import load_curriculum  # noqa: E402
from workshop.documents import plan_documents  # noqa: E402

TARGET_SECONDS = 1.5


def machine_facts() -> list[str]:
    """One line each: CPU count, CPU model, Python and library versions."""
    import reportlab

    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"nproc: {usable} (of {os.cpu_count()}), {model}",
        f"python: {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
        f"reportlab: {reportlab.Version}",
        # Other jobs share this machine: the load says how quiet it was.
        "load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    ]


def build_all(path: Path) -> tuple[float, int, int]:
    """Load and build every PDF in this process: seconds, documents, bytes."""
    start = time.perf_counter()
    curriculum = load_curriculum(path)
    sizes = [len(document.build()) for document in plan_documents(curriculum, guide=True)]
    return time.perf_counter() - start, len(sizes), sum(sizes)


def run_cli(path: Path) -> float:
    """The whole command line run in a fresh process, in seconds."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "workshop", "handouts", str(path), "--out", folder, "--guide"],
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "curriculum", nargs="?", type=Path, default=REPO / "curricula" / "men-and-intimacy.yaml"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.curriculum.exists():
        sys.exit(f"{args.curriculum} not found: pass a curriculum file")

    print("machine:")
    for fact in machine_facts():
        print(f"  {fact}")
    curriculum = load_curriculum(args.curriculum)
    print(
        f"curriculum: {args.curriculum.name}, {len(curriculum.sessions)} sessions, "
        f"{sum(len(s.steps) for s in curriculum.sessions)} steps"
    )

    first, count, size = build_all(args.curriculum)
    warm = min(build_all(args.curriculum)[0] for _ in range(args.repeat))
    print(
        f"in-process, {count} PDFs ({size / 1024:.0f} KiB): "
        f"first {first:.3f} s, best warm of {args.repeat} {warm:.3f} s"
    )

    cli_first = run_cli(args.curriculum)
    runs = [run_cli(args.curriculum) for _ in range(args.repeat)]
    median = statistics.median(runs)
    verdict = "within" if median <= TARGET_SECONDS else "OVER"
    print(
        f"CLI (python -m workshop handouts ... --guide): first {cli_first:.3f} s, "
        f"median of {args.repeat} {median:.3f} s, best {min(runs):.3f} s "
        f"({verdict} the {TARGET_SECONDS:.1f} s target)"
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    quiet = "quiet" if os.getloadavg()[0] < 0.5 else "BUSY: re-measure with the load under 0.5"
    print(f"load average after (1, 5, 15 min): {load} ({quiet})")


if __name__ == "__main__":
    main()
