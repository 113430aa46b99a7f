"""Helpers the room tests share, as fixtures: open a room, go to a step, join phones.

Each fixture hands back a plain function taking the store first, so a test
reads ``make_room(store, curriculum_text)`` as before the split.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workshop import rooms
from workshop.rooms import Room
from workshop.store import Store


def _make_room(
    store: Store, text: str, session_id: str = "session-1", name: str = "Tuesday"
) -> Room:
    group = rooms.create_group(store, name, "test-circle", text)
    return rooms.open_room(store, group.id, session_id, retention_days=30)


def _goto(store: Store, room: Room, step_id: str, *, open_it: bool = True) -> Room:
    index = [s.id for s in room.session.steps].index(step_id)
    room = rooms.jump_to(store, room.id, room.revision, index)
    if open_it:
        room = rooms.open_prompt(store, room.id, room.revision)
    return room


def _tokens(store: Store, room: Room, n: int) -> list[str]:
    return [rooms.join(store, room.join_code).token for _ in range(n)]


@pytest.fixture
def make_room() -> Callable[..., Room]:
    """``make_room(store, text, session_id="session-1", name="Tuesday")``: a new
    group with one open room."""
    return _make_room


@pytest.fixture
def goto() -> Callable[..., Room]:
    """``goto(store, room, step_id, open_it=True)``: jump to a step and open it."""
    return _goto


@pytest.fixture
def tokens() -> Callable[[Store, Room, int], list[str]]:
    """``tokens(store, room, n)``: join ``n`` phones, return their tokens."""
    return _tokens
