"""The organiser's deletions leave nothing behind on disk (issue 15).

A room or a whole group deleted from the organiser page (``rooms.delete_room``
/ ``rooms.delete_group``, the same functions as ``purge --group``) must be gone
from every file of the data folder (main database, ``-wal``, ``-shm``) while
the app still runs and another connection still reads; on PostgreSQL no dead
row version of it may stay in any table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.disk import dead_tuples, traces
from helpers.sqlite_pages import freelist_pages

from workshop import rooms
from workshop.config import Settings
from workshop.rooms import Room
from workshop.store import Store, open_store

GROUP_NAME = "quokka-group-name-4410"
ROOM_TEXT = "quokka-deleted-room-text-6023"
GROUP_TEXT = "quokka-deleted-group-text-8117"
GROUP_WORD = "quokka-deleted-group-word"
KEPT_TEXT = "quokka-kept-text-3344 stays"


def _ask(store: Store, room: Room, step_id: str) -> Room:
    index = [s.id for s in room.session.steps].index(step_id)
    room = rooms.jump_to(store, room.id, room.revision, index)
    return rooms.open_prompt(store, room.id, room.revision)


def _evening(store: Store, room: Room, text: str, word: str = "steady", n: int = 4) -> list[str]:
    phones = [rooms.join(store, room.join_code).token for _ in range(n)]
    room = _ask(store, room, "one-word")
    for token in phones:
        rooms.submit_answer(store, token, "one-word", word)
    room = _ask(store, room, "open-text")
    for i, token in enumerate(phones):
        rooms.submit_answer(store, token, "open-text", f"{text} #{i}")
    return phones


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Store, sqlite3.Connection, Path]]:
    """An open SQLite store, and an idle reader that has read the answers."""
    data_dir = tmp_path / "data"
    store = open_store(Settings(data_dir=data_dir))
    reader = sqlite3.connect(data_dir / "workshop.sqlite3", check_same_thread=False)
    try:
        yield store, reader, data_dir
    finally:
        reader.close()
        store.dispose()


def test_a_deleted_room_and_a_deleted_group_leave_no_byte_behind(
    running: tuple[Store, sqlite3.Connection, Path], curriculum_text: str
) -> None:
    store, reader, data_dir = running
    doomed = rooms.create_group(store, GROUP_NAME, "test-circle", curriculum_text)
    ended = rooms.open_room(store, doomed.id, "session-1", retention_days=30)
    _evening(store, ended, GROUP_TEXT, GROUP_WORD)
    rooms.end_room(store, ended.id)
    running_room = rooms.open_room(store, doomed.id, "session-2", retention_days=30)
    _evening(store, running_room, GROUP_TEXT, GROUP_WORD)  # still running: deleted mid-prompt
    kept_group = rooms.create_group(store, "Thursday", "test-circle", curriculum_text)
    kept = rooms.open_room(store, kept_group.id, "session-1", retention_days=30)
    _evening(store, kept, KEPT_TEXT)
    lone = rooms.open_room(store, kept_group.id, "session-2", retention_days=30)
    _evening(store, lone, ROOM_TEXT)
    reader.execute("SELECT count(*) FROM answers").fetchone()
    found = traces(data_dir, (GROUP_NAME, GROUP_TEXT, GROUP_WORD, ROOM_TEXT))
    assert {text for _name, text in found} == {GROUP_NAME, GROUP_TEXT, GROUP_WORD, ROOM_TEXT}

    rooms.delete_room(store, lone.id, "Thursday")
    reader.execute("SELECT count(*) FROM answers").fetchone()
    assert traces(data_dir, (ROOM_TEXT,)) == []
    rooms.delete_group(store, doomed.id, GROUP_NAME)
    reader.execute("SELECT count(*) FROM answers").fetchone()

    # The app is still running and a reader is still connected.
    assert traces(data_dir, (GROUP_NAME, GROUP_TEXT, GROUP_WORD, ROOM_TEXT)) == []
    assert traces(data_dir, (KEPT_TEXT,)) != []  # stored text is found: the search works
    for page in freelist_pages(data_dir / "workshop.sqlite3"):
        assert page.count(0) == len(page)
    with store.reading() as tx:
        assert {row["room_id"] for row in tx.raw_rows("answers")} == {kept.id}
        assert {row["id"] for row in tx.raw_rows("rooms")} == {kept.id}
        assert [row["name"] for row in tx.raw_rows("groups")] == ["Thursday"]


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgresql_keeps_no_dead_row_of_a_deleted_group(
    store: Store, curriculum_text: str
) -> None:
    group = rooms.create_group(store, GROUP_NAME, "test-circle", curriculum_text)
    room = rooms.open_room(store, group.id, "session-1", retention_days=30)
    _evening(store, room, GROUP_TEXT)
    rooms.delete_group(store, group.id, GROUP_NAME)
    for table in ("answers", "phones", "notices", "rooms", "groups"):
        assert dead_tuples(store, table) == 0, table
    with store.reading() as tx:
        assert tx.raw_rows("groups") == [] and tx.raw_rows("answers") == []
