"""The notifier: a change written anywhere reaches every stream of its room, as numbers only.

Real stores on SQLite (a second engine on the same file plays the CLI or
another process) and on PostgreSQL (two stores on one database, LISTEN/NOTIFY
between them). Streams are read from ``Notifier.follow`` on a real event loop.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator

import pytest

import workshop.live.notifier as notifier_module
from workshop import rooms
from workshop.codes import looks_like_token
from workshop.config import Settings
from workshop.live import events
from workshop.live.notifier import Notifier
from workshop.store import Store, after_local_writes, open_store, room_pulses

WAIT = 20.0  # bounds a wait that should end far sooner; never a timing claim


@pytest.fixture
def other(store_settings: Settings) -> Iterator[Store]:
    """A second store on the same database: another process, or the CLI."""
    opened = open_store(store_settings)
    yield opened
    opened.dispose()


@pytest.fixture
def room(store: Store, curriculum_text: str) -> rooms.Room:
    group = rooms.create_group(store, "Group", "test-circle", curriculum_text)
    return rooms.open_room(store, group.id, "session-1", retention_days=30)


async def _next(stream: AsyncIterator[bytes]) -> bytes:
    """The next event of a stream, keep-alive pings skipped."""
    while True:
        chunk = await asyncio.wait_for(anext(stream), WAIT)
        if chunk not in (events.HELLO, events.PING):
            return chunk


def _data(chunk: bytes) -> dict[str, int]:
    lines = chunk.decode().splitlines()
    assert lines[0] == "event: revision"
    return dict(json.loads(lines[1].removeprefix("data: ")))


def _run_with(store: Store, body: object) -> None:
    async def main() -> None:
        notifier = Notifier(store)
        notifier.start(asyncio.get_running_loop())
        try:
            assert callable(body)
            await body(notifier)
        finally:
            await asyncio.to_thread(notifier.stop)

    asyncio.run(main())


def _move(store: Store, room_id: str) -> None:
    current = rooms.get_room(store, room_id)
    rooms.next_step(store, room_id, current.revision)


def test_a_change_from_another_process_reaches_every_stream(
    store: Store, other: Store, room: rooms.Room
) -> None:
    async def body(notifier: Notifier) -> None:
        pulse = room_pulses(store, [room.id])[room.id]
        streams = [notifier.follow(room.id, pulse, ticks=False) for _ in range(3)]
        for stream in streams:
            assert _data(await _next(stream)) == {"revision": room.revision}
        assert notifier.open_streams == 3
        await asyncio.to_thread(_move, other, room.id)
        for stream in streams:
            assert _data(await _next(stream)) == {"revision": room.revision + 1}
        for stream in streams:
            await stream.aclose()
        assert notifier.open_streams == 0

    _run_with(store, body)


def test_an_answer_ticks_the_console_stream_but_never_a_phone_stream(
    store: Store, room: rooms.Room
) -> None:
    async def body(notifier: Notifier) -> None:
        current = rooms.get_room(store, room.id)
        while current.prompt is None:
            current = rooms.next_step(store, room.id, current.revision)
        current = rooms.open_prompt(store, room.id, current.revision)
        pulse = room_pulses(store, [room.id])[room.id]
        console = notifier.follow(room.id, pulse, ticks=True)
        phone = notifier.follow(room.id, pulse, ticks=False)
        assert _data(await _next(console)) == {"revision": current.revision, "tick": 0}
        assert _data(await _next(phone)) == {"revision": current.revision}
        joined = rooms.join(store, room.join_code)
        assert looks_like_token(joined.token)
        assert current.prompt is not None
        await asyncio.to_thread(rooms.pass_prompt, store, joined.token, current.prompt.id)
        assert _data(await _next(console)) == {"revision": current.revision, "tick": 1}
        # The phone's stream stays quiet: nothing it shows changed.
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(_next_quick(phone), 1.0)
        await console.aclose()
        await phone.aclose()

    _run_with(store, body)


async def _next_quick(stream: AsyncIterator[bytes]) -> bytes:
    while True:
        chunk = await anext(stream)
        if chunk not in (events.HELLO, events.PING):
            return chunk


def test_an_ended_room_ends_its_streams(store: Store, other: Store, room: rooms.Room) -> None:
    async def body(notifier: Notifier) -> None:
        pulse = room_pulses(store, [room.id])[room.id]
        stream = notifier.follow(room.id, pulse, ticks=False)
        await _next(stream)
        await asyncio.to_thread(rooms.end_room, other, room.id)
        assert await _next(stream) == events.ENDED
        with pytest.raises(StopAsyncIteration):
            await anext(stream)
        assert notifier.open_streams == 0

    _run_with(store, body)


def test_dropped_streams_close_and_new_ones_open(store: Store, room: rooms.Room) -> None:
    async def body(notifier: Notifier) -> None:
        pulse = room_pulses(store, [room.id])[room.id]
        stream = notifier.follow(room.id, pulse, ticks=False)
        await _next(stream)
        notifier.drop_streams()
        with pytest.raises(StopAsyncIteration):
            while True:
                await asyncio.wait_for(anext(stream), WAIT)
        again = notifier.follow(room.id, pulse, ticks=False)
        assert _data(await _next(again)) == {"revision": room.revision}
        await again.aclose()

    _run_with(store, body)


def test_a_local_write_calls_back_after_its_commit(store: Store, room: rooms.Room) -> None:
    seen: list[int | None] = []
    undo = after_local_writes(store, lambda: seen.append(store.revision(room.id)))
    try:
        _move(store, room.id)
    finally:
        undo()
    # Called once the commit finished: the new revision is already visible.
    assert room.revision + 1 in seen
    _move(store, room.id)
    assert room.revision + 2 not in seen  # undone


def test_postgresql_processes_hear_each_other(
    backend: str, store: Store, other: Store, room: rooms.Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    # No safety look during the test: only the notification can wake the listener.
    monkeypatch.setattr(notifier_module, "POSTGRES_INTERVAL", 3600.0)

    async def body(listener: Notifier) -> None:
        writer = Notifier(other)
        writer.start(asyncio.get_running_loop())
        try:
            await asyncio.sleep(1.0)  # the listening connection is up
            pulse = room_pulses(store, [room.id])[room.id]
            stream = listener.follow(room.id, pulse, ticks=False)
            await _next(stream)
            await asyncio.to_thread(_move, other, room.id)
            assert _data(await _next(stream)) == {"revision": room.revision + 1}
            await stream.aclose()
        finally:
            await asyncio.to_thread(writer.stop)

    _run_with(store, body)


def test_the_watcher_s_revision_is_known_only_while_a_stream_follows(
    store: Store, other: Store, room: rooms.Room
) -> None:
    async def body(notifier: Notifier) -> None:
        assert notifier.known_revision(room.id) is None  # nobody follows it here
        stream = notifier.follow(room.id, room_pulses(store, [room.id])[room.id], ticks=False)
        assert _data(await _next(stream)) == {"revision": room.revision}
        assert notifier.known_revision(room.id) == room.revision
        await asyncio.to_thread(_move, other, room.id)
        assert _data(await _next(stream)) == {"revision": room.revision + 1}
        # Never behind what the stream announced.
        assert notifier.known_revision(room.id) == room.revision + 1
        await stream.aclose()
        assert notifier.known_revision(room.id) is None

    _run_with(store, body)
