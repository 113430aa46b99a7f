"""The step and prompt state machine on plain values: no store, no database.

The test session's steps (see ``curriculum_dict`` in tests/conftest.py):
0 welcome (slide), 1 check-in (scale), 2 choice-one, 3 choice-many,
4 one-word, 5 open-text, 6 pairs (exercise), 7 check-out (scale).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from workshop.curriculum import AnyStep, PromptStep, parse_curriculum_text
from workshop.rooms import machine
from workshop.rooms.errors import (
    NoNextStep,
    NoPreviousStep,
    NotAPrompt,
    PromptAlreadyOpen,
    PromptAlreadyRevealed,
    PromptAlreadyShown,
    PromptNotClosed,
    PromptNotOpen,
    RoomEnded,
    RoomError,
    StaleRevision,
    StepOutOfRange,
)
from workshop.rooms.machine import RoomState
from workshop.store import PromptState

WELCOME, CHECK_IN, CHOICE_ONE, OPEN_TEXT, PAIRS, CHECK_OUT = 0, 1, 2, 5, 6, 7

Steps = Sequence[AnyStep]


@pytest.fixture
def steps(curriculum_text: str) -> Steps:
    """The first session's steps, parsed from YAML text (no database)."""
    return parse_curriculum_text(curriculum_text).session("session-1").steps


def at(index: int, **states: PromptState) -> RoomState:
    """A running room on step ``index``; keyword arguments are prompt states
    (underscores for dashes: ``check_in="open"``)."""
    return RoomState(
        step_index=index, prompt_states={k.replace("_", "-"): v for k, v in states.items()}
    )


# --- reading ---------------------------------------------------------------------


def test_a_new_room_is_on_the_first_step_with_nothing_asked(steps: Steps) -> None:
    state = RoomState()
    assert state == RoomState(step_index=0, prompt_states={}, paused=False, ended=False)
    assert machine.current_step(state, steps).id == "welcome"
    assert machine.prompt_state(state, steps) == "none"
    assert state.state_of("check-in") == "none"


def test_prompt_state_is_the_current_prompts(steps: Steps) -> None:
    assert machine.prompt_state(at(CHECK_IN), steps) == "none"
    assert machine.prompt_state(at(CHECK_IN, check_in="open"), steps) == "open"
    assert machine.prompt_state(at(CHECK_OUT, check_in="open"), steps) == "none"
    # A slide has no prompt state, whatever the other prompts are doing.
    assert machine.prompt_state(at(WELCOME, check_in="revealed"), steps) == "none"


def test_current_prompt(steps: Steps) -> None:
    assert machine.current_prompt(at(CHECK_IN), steps).id == "check-in"
    for index in (WELCOME, PAIRS):
        with pytest.raises(
            NotAPrompt, match=r"^The current step is not a question: go to a prompt step first\.$"
        ):
            machine.current_prompt(at(index), steps)


def test_closed_by_names_the_prompts_that_stopped_being_open() -> None:
    before = at(CHECK_IN, check_in="open", one_word="closed")
    assert machine.closed_by(before, at(CHOICE_ONE, check_in="closed", one_word="closed")) == [
        "check-in"
    ]
    assert machine.closed_by(before, before) == []
    assert machine.closed_by(before, at(CHECK_IN, check_in="revealed")) == ["check-in"]
    assert machine.closed_by(at(CHECK_IN), at(CHECK_IN, check_in="open")) == []


# --- moves -----------------------------------------------------------------------


def test_next_and_previous_step(steps: Steps) -> None:
    state = machine.next_step(RoomState(), steps)
    assert state == at(CHECK_IN)
    assert machine.previous_step(state, steps) == RoomState()


def test_no_next_step_on_the_last(steps: Steps) -> None:
    with pytest.raises(
        NoNextStep, match=r"^This is the last step of the session; end the room when done\.$"
    ):
        machine.next_step(at(len(steps) - 1), steps)


def test_no_previous_step_on_the_first(steps: Steps) -> None:
    with pytest.raises(NoPreviousStep, match=r"^This is the first step of the session\.$"):
        machine.previous_step(RoomState(), steps)


def test_jump_to_any_step(steps: Steps) -> None:
    assert machine.jump_to(RoomState(), steps, CHECK_OUT) == at(CHECK_OUT)
    assert machine.jump_to(at(CHECK_OUT), steps, WELCOME) == RoomState()
    assert machine.jump_to(at(PAIRS), steps, PAIRS) == at(PAIRS)


@pytest.mark.parametrize("index", [-1, 8, 99])
def test_jump_to_a_step_the_session_lacks(steps: Steps, index: int) -> None:
    with pytest.raises(StepOutOfRange) as info:
        machine.jump_to(RoomState(), steps, index)
    assert str(info.value) == (f"This session has steps 1 to 8; step {index + 1} does not exist.")


MOVES: dict[str, Callable[[RoomState, Steps], RoomState]] = {
    "next": machine.next_step,
    "previous": machine.previous_step,
    "jump": lambda state, steps: machine.jump_to(state, steps, CHECK_OUT),
}


@pytest.mark.parametrize("move", sorted(MOVES))
def test_leaving_an_open_prompt_closes_it(steps: Steps, move: str) -> None:
    before = at(CHECK_IN, check_in="open", choice_one="revealed")
    after = MOVES[move](before, steps)
    assert after.step_index != CHECK_IN
    assert after.prompt_states == {"check-in": "closed", "choice-one": "revealed"}
    assert before.prompt_states == {"check-in": "open", "choice-one": "revealed"}  # untouched


@pytest.mark.parametrize("was", ["closed", "revealed"])
def test_leaving_a_prompt_that_is_not_open_keeps_its_state(steps: Steps, was: PromptState) -> None:
    after = machine.next_step(at(CHECK_IN, check_in=was), steps)
    assert after.prompt_states == {"check-in": was}


def test_jumping_to_the_current_step_keeps_it_open(steps: Steps) -> None:
    state = at(CHECK_IN, check_in="open")
    assert machine.jump_to(state, steps, CHECK_IN) == state


def test_moves_keep_the_pause(steps: Steps) -> None:
    paused = machine.set_paused(RoomState(), True)
    assert machine.next_step(paused, steps).paused


# --- prompt states ---------------------------------------------------------------


def test_open_close_reopen_close_reveal(steps: Steps) -> None:
    state = at(CHECK_IN)
    state = machine.open_prompt(state, steps)
    assert state == at(CHECK_IN, check_in="open")
    state = machine.close_prompt(state, steps)
    assert state == at(CHECK_IN, check_in="closed")
    state = machine.open_prompt(state, steps)  # reopening after a close is fine
    assert state == at(CHECK_IN, check_in="open")
    state = machine.close_prompt(state, steps)
    state = machine.reveal_prompt(state, steps)
    assert state == at(CHECK_IN, check_in="revealed")


def test_prompt_moves_touch_only_the_current_prompt(steps: Steps) -> None:
    state = machine.open_prompt(at(CHECK_OUT, check_in="revealed", one_word="closed"), steps)
    assert state.prompt_states == {
        "check-in": "revealed",
        "one-word": "closed",
        "check-out": "open",
    }


def test_open_refusals(steps: Steps) -> None:
    with pytest.raises(PromptAlreadyOpen, match=r"^This question is already open for answers\.$"):
        machine.open_prompt(at(CHECK_IN, check_in="open"), steps)
    with pytest.raises(
        PromptAlreadyRevealed,
        match=r"^The room has seen this question's results, so it cannot be reopened\.$",
    ):
        machine.open_prompt(at(CHECK_IN, check_in="revealed"), steps)
    with pytest.raises(NotAPrompt):
        machine.open_prompt(at(WELCOME), steps)


def test_a_previewed_text_prompt_cannot_be_reopened(steps: Steps) -> None:
    # Closing put its answers in the facilitator's private preview: a second
    # look after one more answer would point at that answer (issue 11).
    closed = at(OPEN_TEXT, open_text="closed")
    with pytest.raises(PromptAlreadyShown, match=r"a second round is a new question\.$"):
        machine.open_prompt(closed, steps, answered=2)
    assert machine.open_prompt(closed, steps, answered=0) == at(OPEN_TEXT, open_text="open")
    # A scale shows nothing to anyone until it is revealed: it may reopen.
    assert machine.open_prompt(at(CHECK_IN, check_in="closed"), steps, answered=5) == at(
        CHECK_IN, check_in="open"
    )


@pytest.mark.parametrize(
    ("index", "state", "answered", "expected"),
    [
        (OPEN_TEXT, "closed", 0, True),
        (OPEN_TEXT, "closed", 1, False),
        (OPEN_TEXT, "revealed", 0, False),
        (CHECK_IN, "closed", 9, True),
        (CHECK_IN, "revealed", 9, False),
        (CHECK_IN, "none", 0, True),
    ],
)
def test_may_reopen(
    steps: Steps, index: int, state: PromptState, answered: int, expected: bool
) -> None:
    prompt = steps[index]
    assert isinstance(prompt, PromptStep)
    assert machine.may_reopen(prompt, state, answered) is expected


@pytest.mark.parametrize("state", ["none", "closed", "revealed"])
def test_close_refuses_a_prompt_that_is_not_open(steps: Steps, state: PromptState) -> None:
    with pytest.raises(
        PromptNotOpen, match=r"^This question is not open, so there is nothing to close\.$"
    ):
        machine.close_prompt(at(OPEN_TEXT, open_text=state), steps)


def test_close_refuses_a_step_that_is_not_a_prompt(steps: Steps) -> None:
    with pytest.raises(NotAPrompt):
        machine.close_prompt(at(PAIRS), steps)


@pytest.mark.parametrize("state", ["none", "open"])
def test_reveal_needs_a_closed_prompt(steps: Steps, state: PromptState) -> None:
    with pytest.raises(
        PromptNotClosed, match=r"^Close the question first, then reveal its results\.$"
    ):
        machine.reveal_prompt(at(OPEN_TEXT, open_text=state), steps)


def test_reveal_refusals(steps: Steps) -> None:
    with pytest.raises(
        PromptAlreadyRevealed, match=r"^The results of this question are already shown\.$"
    ):
        machine.reveal_prompt(at(CHECK_IN, check_in="revealed"), steps)
    with pytest.raises(NotAPrompt):
        machine.reveal_prompt(at(WELCOME), steps)


def test_pause_and_resume() -> None:
    paused = machine.set_paused(at(CHECK_IN, check_in="open"), True)
    assert paused == RoomState(step_index=CHECK_IN, prompt_states={"check-in": "open"}, paused=True)
    assert machine.set_paused(paused, False) == at(CHECK_IN, check_in="open")


# --- ending ----------------------------------------------------------------------


def test_end_closes_what_is_open_and_lifts_the_pause() -> None:
    before = RoomState(
        step_index=CHECK_IN,
        prompt_states={"check-in": "open", "choice-one": "revealed", "one-word": "closed"},
        paused=True,
    )
    after = machine.end(before)
    assert after == RoomState(
        step_index=CHECK_IN,
        prompt_states={"check-in": "closed", "choice-one": "revealed", "one-word": "closed"},
        paused=False,
        ended=True,
    )
    assert machine.end(after) is after  # ending twice changes nothing
    assert machine.closed_by(before, after) == ["check-in"]


ENDED_REFUSES: dict[str, Callable[[RoomState, Steps], RoomState]] = {
    **MOVES,
    "open": machine.open_prompt,
    "close": machine.close_prompt,
    "reveal": machine.reveal_prompt,
    "pause": lambda state, _steps: machine.set_paused(state, True),
    "resume": lambda state, _steps: machine.set_paused(state, False),
}


@pytest.mark.parametrize("move", sorted(ENDED_REFUSES))
def test_an_ended_room_refuses_every_move(steps: Steps, move: str) -> None:
    ended = machine.end(at(CHECK_IN, check_in="closed"))
    with pytest.raises(
        RoomEnded, match=r"^This room has ended; open a new room to run the session again\.$"
    ):
        ENDED_REFUSES[move](ended, steps)


# --- what the state allows ---------------------------------------------------------


def test_accepting_only_the_current_open_prompt(steps: Steps) -> None:
    assert machine.accepting(at(CHECK_IN, check_in="open"), steps, "check-in").id == "check-in"
    refused = [
        (at(CHECK_IN), "check-in"),  # not asked yet
        (at(CHECK_IN, check_in="closed"), "check-in"),
        (at(CHECK_IN, check_in="revealed"), "check-in"),
        (at(CHECK_IN, check_in="open"), "check-out"),  # not the current prompt
        (at(CHECK_OUT, check_in="open"), "check-in"),  # cannot happen, still refused
        (at(WELCOME), "welcome"),  # not a prompt
        (at(CHECK_IN, check_in="open"), "no-such-step"),
    ]
    for state, prompt_id in refused:
        with pytest.raises(PromptNotOpen, match=r"^This question is not open for answers now\.$"):
            machine.accepting(state, steps, prompt_id)


def test_accepting_nothing_once_ended(steps: Steps) -> None:
    ended = RoomState(step_index=CHECK_IN, prompt_states={"check-in": "open"}, ended=True)
    with pytest.raises(
        RoomEnded, match=r"^This session has ended; answers can no longer change\.$"
    ):
        machine.accepting(ended, steps, "check-in")


@pytest.mark.parametrize(
    ("state", "previewable", "revealed"),
    [
        ("none", False, False),
        ("open", False, False),
        ("closed", True, False),
        ("revealed", True, True),
    ],
)
def test_preview_and_reveal_follow_the_prompt_state(
    state: PromptState, previewable: bool, revealed: bool
) -> None:
    room = at(WELCOME, open_text=state)  # the current step does not matter
    if previewable:
        machine.check_previewable(room, "open-text")
    else:
        with pytest.raises(PromptNotClosed, match=r"^Close the question first; then its answers"):
            machine.check_previewable(room, "open-text")
    assert machine.is_revealed(room, "open-text") is revealed


# --- refusal messages ------------------------------------------------------------


def test_a_refusal_says_its_default_or_the_sites_words() -> None:
    assert str(NoNextStep()) == NoNextStep.message
    assert str(RoomEnded("That session has ended.")) == "That session has ended."
    assert isinstance(RoomEnded(), RoomError)
    stale = StaleRevision(7)
    assert stale.current == 7
    assert str(stale).startswith("Someone else changed the room a moment ago")
