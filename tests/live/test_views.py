"""The per-revision room cache: a phone's shared view equals its own read, read once.

Real stores (SQLite, and PostgreSQL when configured). ``RoomViews.phone_view``
must give exactly what ``rooms.phone_view`` gives a phone on a step without
his answer, and nothing on an open prompt (his answer is his own read).
"""

from __future__ import annotations

import pytest

from workshop import rooms
from workshop.curriculum import PromptStep
from workshop.live.views import RoomViews
from workshop.store import Store


def _room(store: Store, curriculum_text: str) -> rooms.Room:
    group = rooms.create_group(store, "Group", "test-circle", curriculum_text)
    return rooms.open_room(store, group.id, "session-1", retention_days=30)


def test_a_step_without_an_answer_is_the_phone_s_own_view_read_once(
    store: Store, curriculum_text: str
) -> None:
    room = _room(store, curriculum_text)
    token = rooms.join(store, room.join_code).token
    views = RoomViews(store)
    steps = room.session.steps
    checked = 0
    for index, step in enumerate(steps):
        current = rooms.get_room(store, room.id)
        moved = rooms.jump_to(store, room.id, current.revision, index)
        shared = views.phone_view(room.id)
        if isinstance(step, PromptStep):
            assert shared is None  # his own answer belongs to his own read
            continue
        assert shared == rooms.phone_view(store, token)
        assert shared is not None and shared.revision == moved.revision
        assert shared.step.notes == ""  # the facilitator's notes never reach a phone
        reads = views.reads
        for _ in range(50):  # fifty phones redrawing the same change
            assert views.phone_view(room.id) is shared
        assert views.reads == reads
        checked += 1
    assert checked > 0


def test_paused_and_ended_rooms_are_shown_as_the_phone_reads_them(
    store: Store, curriculum_text: str
) -> None:
    room = _room(store, curriculum_text)
    token = rooms.join(store, room.join_code).token
    views = RoomViews(store)
    first_prompt = next(i for i, s in enumerate(room.session.steps) if isinstance(s, PromptStep))
    at_prompt = rooms.jump_to(store, room.id, room.revision, first_prompt)
    paused = rooms.set_paused(store, room.id, at_prompt.revision, True)
    assert views.phone_view(room.id) is None  # a prompt: still his own read
    rooms.jump_to(store, room.id, paused.revision, 0)
    shared = views.phone_view(room.id)
    assert shared is not None and shared.paused
    assert shared == rooms.phone_view(store, token)
    rooms.end_room(store, room.id)
    ended = views.phone_view(room.id)
    assert ended is not None and ended.ended and ended.prompt_state == "none"
    assert ended == rooms.phone_view(store, token)


def test_a_revision_the_watcher_knows_costs_no_read_when_cached(
    store: Store, curriculum_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = _room(store, curriculum_text)
    slides = [i for i, s in enumerate(room.session.steps) if not isinstance(s, PromptStep)]
    room = rooms.jump_to(store, room.id, room.revision, slides[0])
    views = RoomViews(store)
    first = views.phone_view(room.id)
    assert first is not None
    asked: list[str] = []
    read_revision = store.revision

    def counted(room_id: str) -> int | None:
        asked.append(room_id)
        return read_revision(room_id)

    monkeypatch.setattr(store, "revision", counted)
    for _ in range(20):  # the live fragments of twenty phones after the change
        assert views.phone_view(room.id, known=room.revision) is first
    assert asked == []
    # A revision the cache does not hold is checked against the database.
    moved = rooms.jump_to(store, room.id, room.revision, slides[1])
    shared = views.phone_view(room.id, known=moved.revision)
    assert asked == [room.id]
    assert shared is not None and shared.revision == moved.revision
