"""Odd and forged answers (issue 11, finding 9): normalised, refused in a sentence, never cut.

Every answer goes through ``rooms.submit_answer`` on a real SQLite store (and
PostgreSQL when configured); what is stored is read back through the phone's view.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workshop import rooms
from workshop.rooms import Room
from workshop.store import Store

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def _refused(store: Store, token: str, prompt_id: str, value: object) -> str:
    with pytest.raises(rooms.InvalidAnswer) as refusal:
        rooms.submit_answer(store, token, prompt_id, value)
    assert rooms.phone_view(store, token).my_answer is None
    return str(refusal.value)


def test_a_word_of_only_invisible_characters_is_empty_and_does_not_count(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "one-word")
    [token] = tokens(store, room, 1)
    for blank in ("\u200b", "\u200b \u2060", "\u202e", "\u3164", "\x00", " \t\n "):
        assert _refused(store, token, "one-word", blank) == "Type a word, or pass."
    assert rooms.response_count(store, room.id, "one-word") == 0


def test_an_over_long_text_is_refused_never_cut(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    [token] = tokens(store, room, 1)
    assert _refused(store, token, "open-text", "x" * 100_000) == (
        "Keep it to 120 characters (this is 100000); shorten it."
    )
    assert _refused(store, token, "open-text", "y" * 121) == (
        "Keep it to 120 characters (this is 121); shorten it."
    )
    # Counted after normalising: 120 letters with invisible characters between fit.
    fits = "\u200b".join("z" * 120)
    assert rooms.submit_answer(store, token, "open-text", fits).saved.value == "z" * 120
    assert rooms.response_count(store, room.id, "open-text") == 1


def test_answers_are_stored_normalised(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    [token] = tokens(store, room, 1)
    rooms.submit_answer(store, token, "open-text", " \uff27lad\u200b I\n\ncame\u202e\x00 ")
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer("Glad I came", False)


WRONG_TYPES: list[object] = ["5", 5.0, 5.5, True, None, [5], {"value": 5}, b"5", float("nan")]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
def test_a_wrong_type_for_the_scale_is_a_plain_refusal(
    store: Store,
    curriculum_text: str,
    make_room: MakeRoom,
    goto: Goto,
    tokens: Tokens,
    value: object,
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    [token] = tokens(store, room, 1)
    assert _refused(store, token, "check-in", value) == "Pick a whole number from 0 to 10."
    # The phone's page reads its view: a refusal leaves it whole.
    assert rooms.phone_view(store, token).prompt_state == "open"


@pytest.mark.parametrize(
    ("prompt_id", "value", "message"),
    [
        ("one-word", 7, "Type a word."),
        ("one-word", ["calm"], "Type a word."),
        ("one-word", None, "Type a word."),
        ("open-text", {"text": "hi"}, "Type a short answer."),
        ("open-text", False, "Type a short answer."),
        ("choice-one", 1, "Pick one of the options."),
        ("choice-one", None, "Pick one of the options."),
        ("choice-many", [["Walked"]], "Pick one of the options."),
        ("choice-many", {"Walked": True}, "Pick one of the options."),
        (
            "choice-one",
            "Work\u200b",
            "That option is not on the list: pick one of the options shown.",
        ),
    ],
)
def test_wrong_types_for_other_prompts_are_plain_refusals(
    store: Store,
    curriculum_text: str,
    make_room: MakeRoom,
    goto: Goto,
    tokens: Tokens,
    prompt_id: str,
    value: object,
    message: str,
) -> None:
    room = goto(store, make_room(store, curriculum_text), prompt_id)
    [token] = tokens(store, room, 1)
    assert _refused(store, token, prompt_id, value) == message


@pytest.mark.parametrize(
    "disguised",
    ["I want to ki\u200bll myself", "I want to k\u0456ll myself", "I want to k1ll myself"],
    ids=["zero-width", "cyrillic", "digit"],
)
def test_a_disguised_risk_phrase_is_flagged_never_shown(
    store: Store,
    curriculum_text: str,
    make_room: MakeRoom,
    goto: Goto,
    tokens: Tokens,
    disguised: str,
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    [token] = tokens(store, room, 1)
    assert rooms.submit_answer(store, token, "open-text", disguised).flagged
    room = rooms.close_prompt(store, room.id, room.revision)
    assert rooms.private_texts(store, room.id, "open-text") == []
