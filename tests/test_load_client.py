"""The load benchmark's protocol client against the real app, so it cannot rot.

Two simulated phones (``harness/load_client.py``) join a room on a real
``streamlit run app.py`` by its code and follow by push, as the browser's
live listener does: a change written by another process (the SQLite
watcher) and one pressed on a protocol-level console (in the app) both reach
them through their event streams without anyone touching them, and one
answer typed and sent through widget states is stored and counted on the
console.
Assertions are on outcomes only, never on timing (speed is for the benchmark).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.appserver import AppProcess, start_app, wait_healthy
from harness.load_client import Console, Phone
from harness.load_room import (
    ANSWER_KEY,
    PASSCODE,
    PROMPT_ID,
    QUESTION,
    SEND_KEY,
    BenchRoom,
    app_env,
    open_bench_room,
    slide_title,
)
from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store

WAIT = 30.0  # generous upper bound for a shared 2-core machine; not a timing check


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Store, BenchRoom, AppProcess]]:
    """A room on a fresh SQLite database and the real app serving it."""
    settings = Settings(data_dir=tmp_path / "data")
    store = open_store(settings)
    room = open_bench_room(store, slides=3)
    app = start_app(tmp_path, app_env(settings, poll=30.0))
    try:
        wait_healthy(app)
        yield store, room, app
    finally:
        app.stop()
        store.dispose()


async def _journey(store: Store, room: BenchRoom, app: AppProcess) -> dict[str, object]:
    phones = [Phone(i, app.stream_url, f"code={room.join_code}") for i in range(2)]
    console = Console(app.stream_url, room.room_id)
    try:
        for phone in phones:
            await phone.connect()
        await asyncio.gather(*(p.wait_for_text(slide_title(1), WAIT) for p in phones))
        joined_queries = [p.query_string for p in phones]
        await console.unlock(PASSCODE, WAIT)

        # Written by this process, as the CLI would: the app's watcher sees it.
        full_runs = [p.stats.full_runs for p in phones]
        await asyncio.to_thread(rooms.next_step, store, room.room_id, room.revision)
        # Nobody touches the phones: only a pushed event can bring this.
        await asyncio.gather(*(p.wait_for_text(slide_title(2), WAIT) for p in phones))
        # From a slide to a slide only the head changed: the phones' live
        # fragment redrew it without a run of the whole page.
        slide_to_slide = [p.stats.full_runs - n for p, n in zip(phones, full_runs, strict=True)]
        await console.wait_for_text(slide_title(2), WAIT, exact=True)
        # Pressed on the console, inside the app.
        await console.next_step(WAIT)
        await asyncio.gather(*(p.wait_for_text(slide_title(3), WAIT) for p in phones))

        full_runs = [p.stats.full_runs for p in phones]
        current = await asyncio.to_thread(rooms.get_room, store, room.room_id)
        at_prompt = await asyncio.to_thread(
            rooms.jump_to, store, room.room_id, current.revision, room.prompt_index
        )
        await asyncio.to_thread(rooms.open_prompt, store, room.room_id, at_prompt.revision)
        await asyncio.gather(*(p.wait_for_text(QUESTION, WAIT) for p in phones))
        to_question = [p.stats.full_runs - n for p, n in zip(phones, full_runs, strict=True)]
        await phones[0].wait_for_text("Send", WAIT)
        await phones[0].idle(WAIT)
        phones[0].set_text(ANSWER_KEY, "steady")
        await phones[0].press(SEND_KEY)
        await phones[0].wait_for_text("Saved.", WAIT)
        stored = await asyncio.to_thread(rooms.response_count, store, room.room_id, PROMPT_ID)
        # The console's live number follows by its own stream (a count tick).
        await console.wait_for_text("1 responded", WAIT)

        # A console whose fragment missed an event (a run cut short, under
        # load) heals by itself, as the browser's listener does.
        marked = console.mark
        console.listener = None  # its fragment no longer hears the stream
        current = await asyncio.to_thread(rooms.get_room, store, room.room_id)
        await asyncio.to_thread(rooms.jump_to, store, room.room_id, current.revision, 0)
        await console.wait_for_text(slide_title(1), WAIT, exact=True)
        tabs = [*phones, console]
        return {
            "marked": marked,
            "slide_to_slide": slide_to_slide,
            "to_question": to_question,
            "heals": console.stats.heals,
            "queries": joined_queries,
            "stored": stored,
            "events": [p.stats.events_heard for p in tabs],
            "streams": [p.stats.streams_opened for p in tabs],
            "polls": [p.stats.polls_sent + p.stats.ticks_sent for p in tabs],
            "problems": [
                (
                    p.stats.connection_errors,
                    p.stats.stream_errors,
                    p.stats.error_alerts,
                    p.stats.exceptions,
                )
                for p in tabs
            ],
        }
    finally:
        await asyncio.gather(*(p.close() for p in [*phones, console]))


def test_two_phones_follow_a_change_and_one_answer_is_stored(
    live: tuple[Store, BenchRoom, AppProcess],
) -> None:
    store, room, app = live
    # A thread of its own: the browser tests' Playwright keeps an event loop
    # running in this thread for the whole session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        outcome = pool.submit(asyncio.run, _journey(store, room, app)).result()

    queries = outcome["queries"]
    assert isinstance(queries, list)
    # Each phone joined by its code and the page wrote a token of its own into the URL.
    assert all(q.startswith("token=") for q in queries), queries
    assert queries[0] != queries[1]
    assert outcome["stored"] == 1
    # A slide after a slide is a fragment run on each phone; a question, a full run.
    assert outcome["slide_to_slide"] == [0, 0]
    assert all(n >= 1 for n in outcome["to_question"]), outcome["to_question"]  # type: ignore[attr-defined]
    # The console marked the revision its full runs drew, and healed once.
    assert isinstance(outcome["marked"], int)
    assert outcome["heals"] == 1
    # The changes arrived as pushed events on one stream per tab, never by polling.
    events = outcome["events"]
    assert isinstance(events, list) and all(n >= 4 for n in events), events
    assert outcome["streams"] == [1, 1, 1]
    assert outcome["polls"] == [0, 0, 0]
    assert outcome["problems"] == [([], [], [], 0)] * 3, app.log_tail()
    assert "Traceback" not in app.log_path.read_text()
