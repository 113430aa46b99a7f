"""A live event right after a press: is the press kept? (one phone, real app)

    python benchmarks/load_press_race.py [--presses 30] [--tick-after 0.03] [--no-fast-reruns]

The 1.67 browser sends the live listener's fragment rerun (an event or a
fallback poll) whether or not a run is in progress. This presses Send on the
phone page with a new word, then fires the listener's trigger
0..``--tick-after`` seconds later, ``--presses`` times, and counts
presses whose page never showed "Saved." and presses whose word was not
stored (``rooms.phone_view(...).my_answer`` two seconds later). Bounded: one
phone, 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
from pathlib import Path

# Run as a file (python benchmarks/load_press_race.py): the repository root holds
# the harness and workshop packages.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.appserver import start_app, wait_healthy
from harness.load_client import Phone
from harness.load_room import (
    ANSWER_KEY,
    SEND_KEY,
    BenchRoom,
    app_env,
    open_bench_room,
    slide_title,
)
from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store


async def _presses(
    store: Store, room: BenchRoom, stream_url: str, presses: int, tick_after: float
) -> tuple[int, int]:
    phone = Phone(0, stream_url, f"code={room.join_code}")
    unconfirmed = lost = 0
    chance = random.Random(1)
    try:
        await phone.connect()
        await phone.wait_for_text(slide_title(1), 30)
        moved = rooms.jump_to(store, room.room_id, room.revision, room.prompt_index)
        rooms.open_prompt(store, room.room_id, moved.revision)
        await phone.wait_for_text("Send", 30, exact=True)
        for i in range(presses):
            await phone.idle(30)
            word = f"word{i}"
            phone.texts = []
            phone.set_text(ANSWER_KEY, word)
            await phone.press(SEND_KEY)
            await asyncio.sleep(chance.uniform(0, tick_after))
            await phone.fire("poll")  # the listener firing mid-run
            try:
                await phone.wait_for_text("Saved.", 8)
            except TimeoutError:
                unconfirmed += 1
                await asyncio.sleep(2)
                token = phone.query_string.split("token=")[1].split("&")[0]
                mine = rooms.phone_view(store, token).my_answer
                if mine is None or mine.value != word:
                    lost += 1
                    print(f"press {i}: {word!r} not stored; stored: {mine}", flush=True)
                await phone.wait_for_text("Send", 30, exact=True)
    finally:
        await phone.close()
    return unconfirmed, lost


def main(argv: list[str] | None = None) -> int:
    """Print how many presses went unconfirmed and how many were lost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--tick-after", type=float, default=0.03)
    parser.add_argument("--no-fast-reruns", action="store_true", help="runner.fastReruns false")
    args = parser.parse_args(argv)
    if not 1 <= args.presses <= 200:
        parser.error("--presses must be 1..200")
    with tempfile.TemporaryDirectory(prefix="load-press-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        store = open_store(settings)
        room = open_bench_room(store, slides=3)
        env = app_env(settings, poll=0.5)
        if args.no_fast_reruns:
            env["STREAMLIT_RUNNER_FAST_RERUNS"] = "false"
        app = start_app(Path(tmp), env)
        try:
            wait_healthy(app)
            unconfirmed, lost = asyncio.run(
                _presses(store, room, app.stream_url, args.presses, args.tick_after)
            )
        finally:
            app.stop()
            store.dispose()
    print(f"{args.presses} presses: {unconfirmed} without 'Saved.', {lost} not stored")
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
