"""Answering on a real database: saving, replacing, passing, withdrawing, refusing."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from workshop import rooms
from workshop.rooms import Room
from workshop.store import Store

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def test_submit_resubmit_withdraw_pass(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    [token] = tokens(store, room, 1)
    result = rooms.submit_answer(store, token, "check-in", 4)
    assert result == rooms.SubmitResult(saved=rooms.MyAnswer(4, False), flagged=False)
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(4, False)
    rooms.submit_answer(store, token, "check-in", 9)  # resubmission replaces
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(9, False)
    assert rooms.response_count(store, room.id, "check-in") == 1
    rooms.withdraw_answer(store, token, "check-in")
    assert rooms.phone_view(store, token).my_answer is None
    assert rooms.response_count(store, room.id, "check-in") == 0
    rooms.withdraw_answer(store, token, "check-in")  # nothing to withdraw is fine
    passed = rooms.pass_prompt(store, token, "check-in")
    assert passed.saved == rooms.MyAnswer(None, True)
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(None, True)
    assert rooms.response_count(store, room.id, "check-in") == 1


def test_answers_only_while_open(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in", open_it=False)
    [token] = tokens(store, room, 1)
    for call in (
        lambda: rooms.submit_answer(store, token, "check-in", 5),
        lambda: rooms.pass_prompt(store, token, "check-in"),
        lambda: rooms.withdraw_answer(store, token, "check-in"),
    ):
        with pytest.raises(rooms.PromptNotOpen):
            call()
    room = rooms.open_prompt(store, room.id, room.revision)
    rooms.submit_answer(store, token, "check-in", 5)
    with pytest.raises(rooms.PromptNotOpen):  # not the current prompt
        rooms.submit_answer(store, token, "check-out", 5)
    room = rooms.close_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.PromptNotOpen):
        rooms.submit_answer(store, token, "check-in", 6)
    with pytest.raises(rooms.PromptNotOpen):
        rooms.withdraw_answer(store, token, "check-in")
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(5, False)
    with pytest.raises(rooms.UnknownToken):
        rooms.submit_answer(store, "y" * 32, "check-in", 5)


@pytest.mark.parametrize(
    ("prompt_id", "good", "stored", "bad"),
    [
        ("check-in", 0, 0, [11, -1, 2.5, "5", True, None, [5]]),
        ("check-in", 10, 10, []),
        ("choice-one", ["Family"], ["Family"], [["Work", "Family"], ["Dog"], [], None, 3]),
        ("choice-one", "Health", ["Health"], ["Nope"]),
        (
            "choice-many",
            ["Slept well", "Walked"],
            ["Walked", "Slept well"],
            [["Walked", "Walked"], ["Swam"], []],
        ),
        (
            "one-word",
            "  tired   but ok ",
            "tired but ok",
            ["", "   ", "one two three four", 5, "x" * 61],
        ),
        (
            "open-text",
            "  I had a good week.  ",
            "I had a good week.",
            ["", "   ", "x" * 121, 7, None],
        ),
    ],
)
def test_values_are_validated(
    store: Store,
    curriculum_text: str,
    prompt_id: str,
    good: object,
    stored: object,
    bad: list[object],
    make_room: MakeRoom,
    goto: Goto,
    tokens: Tokens,
) -> None:
    room = goto(store, make_room(store, curriculum_text), prompt_id)
    [token] = tokens(store, room, 1)
    assert rooms.submit_answer(store, token, prompt_id, good).saved.value == stored
    for value in bad:
        with pytest.raises(rooms.InvalidAnswer):
            rooms.submit_answer(store, token, prompt_id, value)
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(stored, False)  # type: ignore[arg-type]


def test_answers_racing_a_close_land_before_it_or_are_refused(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    phones = tokens(store, room, 12)
    barrier = threading.Barrier(len(phones) + 1)
    accepted: list[str] = []
    refused: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def answer(token: str) -> None:
        barrier.wait()
        try:
            rooms.submit_answer(store, token, "check-in", 5)
        except rooms.PromptNotOpen:
            with lock:
                refused.append(token)
        except BaseException as exc:  # noqa: BLE001 - a deadlock or lock error fails the test
            with lock:
                failures.append(exc)
        else:
            with lock:
                accepted.append(token)

    def close() -> None:
        barrier.wait()
        try:
            rooms.close_prompt(store, room.id, room.revision)
        except BaseException as exc:  # noqa: BLE001
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=answer, args=(t,)) for t in phones]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(accepted) + len(refused) == len(phones)
    assert rooms.response_count(store, room.id, "check-in") == len(accepted)
    for token in accepted:
        assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(5, False)
    assert rooms.get_room(store, room.id).prompt_state == "closed"


def test_a_token_only_ever_answers_in_its_own_room(
    store: Store, curriculum_text: str, goto: Goto
) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    first, second = (
        goto(store, rooms.open_room(store, group.id, "session-1", retention_days=30), "check-in")
        for _ in range(2)
    )
    token = rooms.join(store, first.join_code).token
    rooms.submit_answer(store, token, "check-in", 6)
    assert rooms.response_count(store, first.id, "check-in") == 1
    assert rooms.response_count(store, second.id, "check-in") == 0
    rooms.end_room(store, first.id)
    with pytest.raises(rooms.RoomEnded):  # the open prompt next door is out of reach
        rooms.submit_answer(store, token, "check-in", 6)
    assert rooms.response_count(store, second.id, "check-in") == 0
