"""Groups, rooms and joining on a real database: creating, finding, refusing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from workshop import codes, rooms
from workshop.rooms import Room
from workshop.store import Store

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def test_create_and_list_groups(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "  Tuesday   group ", "test-circle", curriculum_text)
    assert group.name == "Tuesday group"
    assert group.curriculum_title == "Test Circle"
    assert group.created_on == date.today()
    assert rooms.list_groups(store) == [group]
    assert rooms.get_group(store, group.id) == group


def test_group_refusals(store: Store, curriculum_text: str) -> None:
    with pytest.raises(rooms.InvalidGroupName):
        rooms.create_group(store, "   ", "test-circle", curriculum_text)
    with pytest.raises(rooms.InvalidGroupName):
        rooms.create_group(store, "x" * 201, "test-circle", curriculum_text)
    with pytest.raises(rooms.InvalidCurriculum) as info:
        rooms.create_group(store, "A", "test-circle", "id: test-circle\n")
    assert info.value.problems
    with pytest.raises(rooms.CurriculumMismatch):
        rooms.create_group(store, "A", "other-id", curriculum_text)
    rooms.create_group(store, "A", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNameTaken):
        rooms.create_group(store, "A", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNameTaken):
        rooms.create_group(store, " a ", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNotFound):
        rooms.get_group(store, "nope")


def test_group_names_are_normalised_like_answers(store: Store, curriculum_text: str) -> None:
    # NUL, zero-width and right-to-left override characters never reach the
    # database (PostgreSQL refuses NUL outright, which read as "cannot reach the
    # database"); a name of only invisible characters is no name.
    with pytest.raises(rooms.InvalidGroupName):
        rooms.create_group(store, "\u200b\u200d", "test-circle", curriculum_text)
    group = rooms.create_group(store, "Tues\x00day\u202e men\u200b", "test-circle", curriculum_text)
    assert group.name == "Tuesday men"
    assert rooms.get_group(store, group.id).name == "Tuesday men"


def test_open_room_snapshots_and_starts_at_first_step(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    assert room.step_index == 0 and room.revision == 1
    assert room.prompt_state == "none" and room.prompt is None
    assert room.session.title == "Session 1"
    assert room.expires_on == date.today() + timedelta(days=30)
    assert len(room.join_code) == 6
    assert not set(room.join_code) & set("0O1IL")
    assert set(room.join_code) <= set(codes.JOIN_CODE_ALPHABET)
    assert len(room.display_key) >= 32
    assert rooms.get_room(store, room.id) == room
    assert rooms.list_rooms(store) == [room]
    assert rooms.list_rooms(store, room.group_id) == [room]
    assert rooms.list_rooms(store, "other") == []
    assert rooms.room_for_display(store, room.display_key) == room
    assert rooms.revision(store, room.id) == 1


def test_snapshot_survives_a_newer_curriculum(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    changed = curriculum_text.replace("How are you arriving", "How do you arrive")
    newer = rooms.open_room(
        store, room.group_id, "session-1", retention_days=5, curriculum_text=changed
    )
    assert "How do you arrive" in newer.session.steps[1].question  # type: ignore[union-attr]
    assert "How are you arriving" in rooms.get_room(store, room.id).session.steps[1].question  # type: ignore[union-attr]


def test_open_room_refusals(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNotFound):
        rooms.open_room(store, "missing", "session-1", retention_days=30)
    with pytest.raises(rooms.SessionNotFound):
        rooms.open_room(store, group.id, "session-9", retention_days=30)
    with pytest.raises(rooms.InvalidCurriculum):
        rooms.open_room(store, group.id, "session-1", retention_days=3, curriculum_text="x: 1")
    other = curriculum_text.replace("id: test-circle", "id: other-circle")
    with pytest.raises(rooms.CurriculumMismatch):
        rooms.open_room(store, group.id, "session-1", retention_days=3, curriculum_text=other)
    with pytest.raises(rooms.RoomNotFound):
        rooms.get_room(store, "missing")
    with pytest.raises(rooms.RoomNotFound):
        rooms.room_for_display(store, "wrong-key-wrong-key-wrong-key")
    with pytest.raises(rooms.RoomNotFound):
        rooms.revision(store, "missing")


def test_join_gives_fresh_tokens_and_accepts_sloppy_codes(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    sloppy = " " + room.join_code[:3].lower() + "-" + room.join_code[3:] + " "
    a = rooms.join(store, room.join_code)
    b = rooms.join(store, sloppy)
    assert a.room_id == b.room_id == room.id
    assert a.token != b.token
    view = rooms.phone_view(store, a.token)
    assert view.session_title == "Session 1"
    assert view.step.id == "welcome"
    assert view.step.notes == ""  # facilitator notes never reach a phone
    assert view.my_answer is None
    assert view.retention_days == 30
    assert view.support_resources


def test_find_room_by_id_or_code(store: Store, curriculum_text: str, make_room: MakeRoom) -> None:
    room = make_room(store, curriculum_text)
    assert rooms.find_room(store, room.id) == room
    assert rooms.find_room(store, room.join_code.lower()) == room
    with pytest.raises(rooms.RoomNotFound):
        rooms.find_room(store, "nothing")


def test_join_refusals(store: Store, curriculum_text: str, make_room: MakeRoom) -> None:
    room = make_room(store, curriculum_text)
    with pytest.raises(rooms.WrongJoinCode):
        rooms.join(store, "AAAAAA" if room.join_code != "AAAAAA" else "BBBBBB")
    with pytest.raises(rooms.WrongJoinCode):
        rooms.join(store, "O0I1L!")
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_view(store, "x" * 32)
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_view(store, "not a token at all")
    rooms.end_room(store, room.id)
    with pytest.raises(rooms.RoomEnded):
        rooms.join(store, room.join_code)
