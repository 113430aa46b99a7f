"""What one poll of a phone costs in the domain layer, without Streamlit.

    python benchmarks/load_tick_cost.py [--calls 2000] [--database-url URL]

The phone's polling fragment (``workshop/ui/phone.py``, ``_follow_tick``)
decides whether to redraw. This times, per call, on the benchmark room
(``harness/load_room.py``'s curriculum, a real curriculum's size):

- ``rooms.phone_view(store, token)``: what the fragment calls today;
- ``rooms.revision(store, room_id)``: the one-lookup read meant for polling.

Single-threaded wall time per call (p50, mean), on a slide and on an open prompt.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Run as a file (python benchmarks/load_tick_cost.py): the repository root holds
# the harness and workshop packages.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.load_room import curriculum_text, fresh_database, open_bench_room
from workshop import rooms
from workshop.store import open_store


def _time(call: Callable[[], object], calls: int) -> tuple[float, float]:
    for _ in range(50):  # warm caches and the pool
        call()
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6, statistics.fmean(samples) * 1e6


def main(argv: list[str] | None = None) -> int:
    """Print microseconds per call for each read."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="load-tick-") as tmp,
        fresh_database(args.database_url, Path(tmp)) as settings,
    ):
        store = open_store(settings)
        try:
            room = open_bench_room(store, slides=3)
            token = rooms.join(store, room.join_code).token
            size = len(curriculum_text(3).encode())
            print(f"snapshot {size / 1024:.0f} KB, {store.dialect}, {args.calls} calls each")
            rows = []
            rows.append(("slide", *_time(lambda: rooms.phone_view(store, token), args.calls)))
            rows.append(("slide", *_time(lambda: rooms.revision(store, room.room_id), args.calls)))
            moved = rooms.jump_to(store, room.room_id, room.revision, room.prompt_index)
            rooms.open_prompt(store, room.room_id, moved.revision)
            rows.append(("prompt", *_time(lambda: rooms.phone_view(store, token), args.calls)))
            names = ["phone_view", "revision", "phone_view"]
            for name, (step, p50, mean) in zip(names, rows, strict=True):
                print(f"{name:<11} on a {step:<6}  p50 {p50:7.0f} us   mean {mean:7.0f} us")
        finally:
            store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
