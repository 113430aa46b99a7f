"""The phone count on the console and the join refusals on the phone (issue
11, finding 6): the facilitator sees how many phones joined and can let more
in; a phone that cannot join reads one plain sentence and holds no token."""

from __future__ import annotations

import pytest
from helpers.apptest import click, messages, page, unlock

from workshop import rooms
from workshop.store import Store
from workshop.ui import routes

CONSOLE = routes.CONSOLE.script
JOIN = routes.JOIN.script


def _captions(at: object) -> list[str]:
    return [c.value for c in at.caption]  # type: ignore[attr-defined]


def test_the_console_shows_the_phones_joined_and_raises_the_cap(
    store: Store, room: rooms.Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(4):
        rooms.join(store, room.join_code)
    at = unlock(page(CONSOLE, room=room.id))
    assert "Phones joined: 4 (this room lets in 60)." in _captions(at)
    at.number_input(key="console.max_phones").set_value(80)
    at = click(at, "Save")
    assert not at.exception
    assert "Phones joined: 4 (this room lets in 80)." in _captions(at)
    assert rooms.phone_count(store, room.id).cap == 80


def test_a_full_room_refuses_a_phone_with_a_sentence(
    store: Store, room: rooms.Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    rooms.set_max_phones(store, room.id, 2)
    for _ in range(2):
        rooms.join(store, room.join_code)
    at = page(JOIN, code=room.join_code)
    assert not at.exception
    assert "This room is full: no more phones can join." in messages(at)
    assert "token" not in at.query_params
    assert rooms.phone_count(store, room.id).joined == 2
    # Typed into the join form instead of scanned: the same sentence.
    at.text_input(key="phone.code").input(room.join_code)
    at = click(at, "Join")
    assert "Ask the facilitator, who can let more in." in messages(at)
    assert "token" not in at.query_params


def test_the_process_cap_comes_from_the_setting(
    store: Store, room: rooms.Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKSHOP_MAX_PHONES", "3")
    for _ in range(3):
        rooms.join(store, room.join_code)
    at = page(JOIN, code=room.join_code)
    assert "This room is full" in messages(at)
    at = unlock(page(CONSOLE, room=room.id))
    assert "Phones joined: 3 (this room lets in 3)." in _captions(at)
