"""What the export reads: rooms with their answers, on a real database, without keys."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from workshop import rooms
from workshop.rooms import Room
from workshop.store import Store

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def test_records_hold_answers_and_revealed_prompts_but_no_keys(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    a, b = tokens(store, room, 2)
    rooms.submit_answer(store, a, "check-in", 7)
    rooms.pass_prompt(store, b, "check-in")
    room = rooms.close_prompt(store, room.id, room.revision)
    room = rooms.reveal_prompt(store, room.id, room.revision)
    room = goto(store, room, "one-word")
    rooms.submit_answer(store, a, "one-word", "tired")
    second = rooms.open_room(store, room.group_id, "session-2", retention_days=30)

    # Both opened today: their order is by day, then by random id.
    records = {r.room.id: r for r in rooms.group_records(store, room.group_id)}
    assert [r.room for r in records.values()] == rooms.list_rooms(store, room.group_id)
    assert records[second.id].room == second
    first = records[room.id]
    assert first.revealed == frozenset({"check-in"})
    assert sorted((x.prompt_id, repr(x.value), x.passed) for x in first.answers) == [
        ("check-in", "7", False),
        ("check-in", "None", True),
        ("one-word", "'tired'", False),
    ]
    assert records[second.id].answers == () and records[second.id].revealed == frozenset()
    assert rooms.room_record(store, room.id) == first
    fields = {f.name for f in dataclasses.fields(rooms.RecordedAnswer)}
    assert fields == {"prompt_id", "value", "passed", "hidden", "flagged"}  # no key, no room
    with store.reading() as tx:
        keys = [row["key"] for row in tx.raw_rows("answers")]
    assert keys and not any(key in repr(list(records.values())) for key in keys)
    assert rooms.group_records(store, "no-such-group") == []
    with pytest.raises(rooms.RoomNotFound):
        rooms.room_record(store, "missing")
