"""The trend the room sees (``disclosure.room_trend``), with a real store.

What the projector's trend step and the organiser page draw: only check-ins and
check-outs the room saw revealed, each with at least ``k`` answers, pooled by
``results.group_trend`` so the differencing fix of issue 11 holds here too.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from helpers.sample_curricula import TREND

from workshop import rooms
from workshop.disclosure import Gate, Policy, room_trend
from workshop.rooms import Room
from workshop.store import Store

K = 3


def _ask(store: Store, room: Room, step_id: str, answers: list[Any], *, reveal: bool) -> None:
    """Open ``step_id``, answer it from fresh phones, close it, and reveal it if asked."""
    current = rooms.get_room(store, room.id)
    index = [s.id for s in current.session.steps].index(step_id)
    current = rooms.jump_to(store, room.id, current.revision, index)
    current = rooms.open_prompt(store, room.id, current.revision)
    for value in answers:
        token = rooms.join(store, room.join_code).token
        rooms.submit_answer(store, token, step_id, value)
    current = rooms.close_prompt(store, room.id, current.revision)
    if reveal:
        rooms.reveal_prompt(store, room.id, current.revision)


def _group(store: Store) -> rooms.Group:
    return rooms.create_group(store, "Thursday", "trend-sample", TREND)


def _cell(frame: pd.DataFrame, session: int, column: str) -> Any:
    [value] = frame.loc[frame["session"] == session, column].tolist()
    return value


def test_revealed_check_ins_and_outs_of_ended_and_running_rooms_are_charted(
    store: Store,
) -> None:
    group = _group(store)
    first = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, first, "check-in", [4, 6, 5], reveal=True)
    _ask(store, first, "check-out", [7, 8, 9, 8], reveal=True)
    rooms.end_room(store, first.id)
    second = rooms.open_room(store, group.id, "two", retention_days=30)
    _ask(store, second, "check-in", [6, 7, 8], reveal=True)

    frame = room_trend(Gate(store, Policy(K)), group.id)
    assert frame is not None
    assert frame["session"].tolist() == [1, 2]
    assert (_cell(frame, 1, "check_in_mean"), _cell(frame, 1, "check_in_n")) == (5.0, 3)
    assert (_cell(frame, 1, "check_out_mean"), _cell(frame, 1, "check_out_n")) == (8.0, 4)
    # The running room's revealed check-in counts; its check-out is not asked yet.
    assert (_cell(frame, 2, "check_in_mean"), _cell(frame, 2, "check_in_n")) == (7.0, 3)
    assert _cell(frame, 2, "check_out_n") == 0


def test_under_k_closed_unrevealed_and_open_questions_are_withheld(store: Store) -> None:
    group = _group(store)
    first = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, first, "check-in", [4, 6], reveal=True)  # under k
    _ask(store, first, "check-out", [7, 8, 9], reveal=False)  # the room never saw it
    rooms.end_room(store, first.id)
    second = rooms.open_room(store, group.id, "two", retention_days=30)
    current = rooms.jump_to(store, second.id, second.revision, 0)
    rooms.open_prompt(store, second.id, current.revision)  # still open
    for value in (3, 4, 5):
        rooms.submit_answer(store, rooms.join(store, second.join_code).token, "check-in", value)

    frame = room_trend(Gate(store, Policy(K)), group.id)
    assert frame is not None
    for session, column in ((1, "check_in"), (1, "check_out"), (2, "check_in")):
        assert pd.isna(_cell(frame, session, f"{column}_mean")), (session, column)
        assert pd.isna(_cell(frame, session, f"{column}_n")), (session, column)


def test_a_session_met_twice_is_not_pooled_with_a_room_under_k(store: Store) -> None:
    """Issue 11's differencing attack: 3 answers in one room, 1 in the other, both revealed."""
    group = _group(store)
    first = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, first, "check-in", [2, 5, 8], reveal=True)
    rooms.end_room(store, first.id)
    again = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, again, "check-in", [10], reveal=True)
    rooms.end_room(store, again.id)

    frame = room_trend(Gate(store, Policy(K)), group.id)
    assert frame is not None
    # Pooled, 6.25 over 4 minus the first room's 5.0 over 3 would give the lone 10.
    assert pd.isna(_cell(frame, 1, "check_in_mean"))


def test_only_the_named_prompts_are_charted(store: Store) -> None:
    group = _group(store)
    first = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, first, "check-in", [4, 6, 5], reveal=True)
    _ask(store, first, "check-out", [7, 8, 9], reveal=True)

    frame = room_trend(Gate(store, Policy(K)), group.id, ["check-in"])
    assert frame is not None
    assert _cell(frame, 1, "check_in_n") == 3
    assert _cell(frame, 1, "check_out_n") == 0
    assert room_trend(Gate(store, Policy(K)), group.id, ["no-such-prompt"]) is None


def test_a_group_without_rooms_has_no_trend(store: Store) -> None:
    assert room_trend(Gate(store, Policy(K)), _group(store).id) is None
