"""Retention on a real database: expired rooms and single rooms are deleted with everything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from workshop import rooms
from workshop.rooms import Room
from workshop.store import Store

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def test_purge_expired_and_purge_room(
    store: Store, curriculum_text: str, goto: Goto, tokens: Tokens
) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    old = rooms.open_room(
        store, group.id, "session-1", retention_days=30, today=date.today() - timedelta(days=31)
    )
    fresh = rooms.open_room(store, group.id, "session-2", retention_days=30)
    old = goto(store, old, "check-in")
    [token] = tokens(store, old, 1)
    rooms.submit_answer(store, token, "check-in", 3)
    assert rooms.purge_expired(store, today=date.today() - timedelta(days=5)) == 0
    assert rooms.purge_expired(store) == 1
    assert [r.id for r in rooms.list_rooms(store)] == [fresh.id]
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_view(store, token)
    with store.reading() as tx:
        assert tx.raw_rows("answers") == []
        assert tx.raw_rows("phones") == []
    rooms.purge_room(store, fresh.id)
    assert rooms.list_rooms(store) == []
    with pytest.raises(rooms.RoomNotFound):
        rooms.purge_room(store, fresh.id)
