"""What a phone sees of its room, and the cost of polling."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workshop import rooms
from workshop.rooms import Room
from workshop.store import Store

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def test_phone_revision_follows_the_room(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    token = rooms.join(store, room.join_code).token
    assert rooms.phone_revision(store, token) == room.revision
    room = rooms.next_step(store, room.id, room.revision)
    assert (
        rooms.phone_revision(store, token)
        == room.revision
        == rooms.phone_view(store, token).revision
    )
    ended = rooms.end_room(store, room.id)
    assert rooms.phone_revision(store, token) == ended.revision
    for bad in ("z" * 32, "short", "../../etc"):
        with pytest.raises(rooms.UnknownToken):
            rooms.phone_revision(store, bad)
    rooms.purge_room(store, room.id)
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_revision(store, token)


def test_phone_view_follows_prompt_states(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto
) -> None:
    room = goto(store, make_room(store, curriculum_text), "choice-many", open_it=False)
    token = rooms.join(store, room.join_code).token
    view = rooms.phone_view(store, token)
    assert view.prompt_state == "none" and view.step.id == "choice-many"
    assert view.curriculum_title == "Test Circle" and not view.paused
    room = rooms.open_prompt(store, room.id, room.revision)
    rooms.submit_answer(store, token, "choice-many", ["Slept well", "Walked"])
    view = rooms.phone_view(store, token)
    assert view.prompt_state == "open" and view.revision == room.revision
    assert view.my_answer == rooms.MyAnswer(["Walked", "Slept well"], False)
    room = rooms.set_paused(store, room.id, room.revision, True)
    assert rooms.phone_view(store, token).paused
    with pytest.raises(rooms.StaleRevision):
        rooms.set_paused(store, room.id, room.revision - 1, False)
    room = rooms.next_step(store, room.id, room.revision)
    view = rooms.phone_view(store, token)
    assert view.step.id == "one-word" and view.my_answer is None  # another prompt: no answer yet


def _statements(store: Store, call: object) -> list[str]:
    import sqlalchemy as sa

    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        call()  # type: ignore[operator]
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
    return [
        s for s in seen if s.strip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE"))
    ]


def test_polls_are_one_indexed_query(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    token = rooms.join(store, room.join_code).token
    polls = {
        "revision": lambda: rooms.revision(store, room.id),
        "phone_revision": lambda: rooms.phone_revision(store, token),
        "response_count": lambda: rooms.response_count(store, room.id, "check-in"),
    }
    for name, poll in polls.items():
        statements = _statements(store, poll)
        assert len(statements) == 1, (name, statements)
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                params = {
                    "revision": (room.id,),
                    "phone_revision": (store.keyed_hash("phone", token),),
                    "response_count": (room.id, "check-in"),
                }[name]
                plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statements[0], params).all()
            details = " ".join(str(row[-1]) for row in plan)
            assert "SCAN" not in details, (name, details)
            assert "SEARCH" in details, (name, details)
