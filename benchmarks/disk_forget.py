"""What making the disk forget costs: checkpoints after withdraws, vacuums after closes.

    python benchmarks/disk_forget.py [--history 30] [--phones 12] [--repeat 40]
                                     [--readers 0 24 60] [--poll 1.5] [--pause 0.1]
                                     [--database-url URL]

Builds a database with ``--history`` past rooms of the benchmark curriculum
(``harness/load_room.py``: a real curriculum's size, snapshotted per room),
each with ``--phones`` answers, then times in-process, for each number of
concurrent readers (threads that poll ``rooms.phone_revision`` every
``--poll`` seconds, as phones do, each poll one short read transaction;
``--poll 0`` polls without a pause, a worst case far beyond a real room;
``--pause`` seconds pass between two presses, so the polls overlap them):

- ``checkpoint``: ``wal_checkpoint(TRUNCATE)`` with its retry loop, alone,
  right after an answer was written (SQLite only);
- ``withdraw``: ``rooms.withdraw_answer`` end to end (the delete, the commit,
  then the checkpoint);
- ``close``: ``rooms.close_prompt`` end to end (on SQLite the ``VACUUM`` of
  the whole file and the checkpoint; on PostgreSQL ``VACUUM`` of answers).

Prints p50, p95 and max in milliseconds, the file size and how many
checkpoints gave up (still busy after their patience).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

# Run as a file (python benchmarks/disk_forget.py): the repository root holds
# the harness and workshop packages.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.load_room import (
    PROMPT_ID,
    SESSION_ID,
    curriculum_text,
    fresh_database,
    open_bench_room,
)
from workshop import rooms
from workshop.store import Store, open_store
from workshop.store.forget import checkpoint


def _history(store: Store, group_id: str, count: int, phones: int) -> None:
    """Past rooms with answers, closed and ended, as a month of evenings leaves them."""
    for _ in range(count):
        room = rooms.open_room(store, group_id, SESSION_ID, retention_days=30)
        index = [s.id for s in room.session.steps].index(PROMPT_ID)
        room = rooms.jump_to(store, room.id, room.revision, index)
        room = rooms.open_prompt(store, room.id, room.revision)
        for i in range(phones):
            token = rooms.join(store, room.join_code).token
            rooms.submit_answer(store, token, PROMPT_ID, f"word{i}")
        rooms.end_room(store, room.id)


def _stats(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):7.2f}  p95 {p95:7.2f}  max {ms[-1]:7.2f} ms"


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


class _Readers:
    """Threads polling like phones until stopped."""

    def __init__(self, store: Store, tokens: list[str], poll: float) -> None:
        self._stop = threading.Event()
        self._poll_seconds = poll
        self.polls = 0
        self._threads = [
            threading.Thread(target=self._poll, args=(store, token), daemon=True)
            for token in tokens
        ]

    def _poll(self, store: Store, token: str) -> None:
        # Phones do not poll in step: each starts at its own moment.
        self._stop.wait(random.uniform(0, self._poll_seconds))
        while not self._stop.is_set():
            rooms.phone_revision(store, token)
            self.polls += 1
            if self._poll_seconds:
                self._stop.wait(self._poll_seconds)

    def __enter__(self) -> _Readers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


def main(argv: list[str] | None = None) -> int:
    """Print the cost of checkpoints and vacuums with and without concurrent readers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", type=int, default=30)
    parser.add_argument("--phones", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--readers", type=int, nargs="+", default=[0, 24, 60])
    parser.add_argument("--poll", type=float, default=1.5)
    parser.add_argument("--pause", type=float, default=0.1)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="disk-forget-") as tmp,
        fresh_database(args.database_url, Path(tmp)) as settings,
    ):
        store = open_store(settings)
        try:
            bench = open_bench_room(store, slides=3)
            group_id = rooms.get_room(store, bench.room_id).group_id
            _history(store, group_id, args.history, args.phones)
            room = rooms.get_room(store, bench.room_id)
            room = rooms.jump_to(store, room.id, room.revision, bench.prompt_index)
            room = rooms.open_prompt(store, room.id, room.revision)
            phones = [rooms.join(store, room.join_code).token for _ in range(args.phones)]
            size = ""
            if store.dialect == "sqlite":
                db = settings.data_dir / "workshop.sqlite3"
                size = f", file {os.path.getsize(db) / 1024:.0f} KB"
            snapshot = len(curriculum_text(3).encode()) / 1024
            print(
                f"{store.dialect}: {args.history} past rooms × {args.phones} answers "
                f"(snapshot {snapshot:.0f} KB each){size}; {args.repeat} repeats; "
                f"poll {args.poll} s; load avg {os.getloadavg()[0]:.1f}"
            )
            for readers in args.readers:
                pollers = [rooms.join(store, room.join_code).token for _ in range(readers)]
                cp: list[float] = []
                withdraw: list[float] = []
                close: list[float] = []
                gave_up = 0
                with _Readers(store, pollers, args.poll) as polling:
                    for i in range(args.repeat):
                        token = phones[i % len(phones)]
                        rooms.submit_answer(store, token, PROMPT_ID, f"try{i}")
                        if store.dialect == "sqlite":
                            started = time.perf_counter()
                            gave_up += not checkpoint(store.engine)
                            cp.append(time.perf_counter() - started)
                            rooms.submit_answer(store, token, PROMPT_ID, f"again{i}")
                        withdraw.append(
                            _timed(lambda t=token: rooms.withdraw_answer(store, t, PROMPT_ID))
                        )
                        time.sleep(args.pause)
                    for _ in range(max(3, args.repeat // 4)):
                        rooms.submit_answer(store, phones[0], PROMPT_ID, "closing")
                        started = time.perf_counter()
                        room = rooms.close_prompt(store, room.id, room.revision)
                        close.append(time.perf_counter() - started)
                        room = rooms.open_prompt(store, room.id, room.revision)
                        time.sleep(args.pause)
                    polls = polling.polls
                print(f"readers {readers:3d} ({polls} polls during the run)")
                if cp:
                    print(f"  checkpoint  {_stats(cp)}  gave up {gave_up}")
                print(f"  withdraw    {_stats(withdraw)}")
                print(f"  close       {_stats(close)}")
        finally:
            store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
