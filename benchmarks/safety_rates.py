"""Flagged and false-alarm rates of the safety screen, on the tuning and held-out sets.

Usage: python benchmarks/safety_rates.py [--misses]

- tuning set: tests/fixtures/safety_flag_*.txt (must flag) and
  tests/fixtures/safety_not_flagged.txt (must not); the patterns were written
  against these lines, so their rates say only that the tests pass;
- held-out set: tests/data/safety_heldout.txt, written before the screen was
  widened (issue 11) and never used to tune it, so its rates are the honest
  estimate of what the screen catches and wrongly catches.

Prints one Markdown table (docs/safety.md quotes it); ``--misses`` also lists
every held-out line the screen gets wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workshop.safety import screen  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
HELDOUT = REPO / "tests" / "data" / "safety_heldout.txt"


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").splitlines()
    return [line for line in text if line.strip() and not line.startswith("#")]


def tuning_set() -> tuple[list[str], list[str]]:
    """(must flag, must not flag) lines of the tuning fixtures."""
    flag = [line for path in sorted(FIXTURES.glob("safety_flag_*.txt")) for line in _lines(path)]
    return flag, _lines(FIXTURES / "safety_not_flagged.txt")


def heldout_set() -> tuple[list[str], list[str]]:
    """(must flag, must not flag) lines of the held-out file."""
    flag: list[str] = []
    ok: list[str] = []
    for line in _lines(HELDOUT):
        label, _, answer = line.partition(": ")
        (flag if label == "flag" else ok).append(answer)
    return flag, ok


def _row(name: str, flag: list[str], ok: list[str]) -> str:
    caught = sum(screen(line).flagged for line in flag)
    false = sum(screen(line).flagged for line in ok)
    return (
        f"| {name} | {caught}/{len(flag)} ({100 * caught / len(flag):.0f}%) "
        f"| {false}/{len(ok)} ({100 * false / len(ok):.0f}%) |"
    )


def main() -> None:
    """Print the table (and the held-out misses when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list held-out lines gotten wrong")
    args = parser.parse_args()
    print("| set | must-flag lines flagged | must-not lines flagged (false alarms) |")
    print("| --- | --- | --- |")
    print(_row("tuning (tests/fixtures/safety_*.txt)", *tuning_set()))
    print(_row("held-out (tests/data/safety_heldout.txt)", *heldout_set()))
    if args.misses:
        flag, ok = heldout_set()
        for line in flag:
            if not screen(line).flagged:
                print(f"missed: {line!r}")
        for line in ok:
            if screen(line).flagged:
                print(f"false alarm: {line!r}")


if __name__ == "__main__":
    main()
