"""The step and prompt state machine: pure functions on plain values.

No store and no transaction here: each transition takes where a room is (a
``RoomState``) and the session's steps, and returns where the room is next,
or raises a refusal. ``facilitation`` loads a room, calls one of these and
writes the result with compare-and-set; ``answers`` asks ``accepting``
whether a phone may answer now.

Prompt states: a prompt step starts ``none`` (not asked yet), then
``open`` → ``closed`` → ``revealed``; a closed prompt may be opened again
only while nobody has seen anything of it: a revealed one may not (the room
has seen its results), nor a closed word or text prompt with answers (closing
put them in the facilitator's private preview, and a second look after one
more answer would point at that answer). Moving away from an
open prompt closes it, so only the current step can ever be open. An ended
room refuses every move; ending closes whatever is open.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from workshop.curriculum import AnyStep, PromptStep
from workshop.rooms.errors import (
    NoNextStep,
    NoPreviousStep,
    NotAPrompt,
    NotATextPrompt,
    PromptAlreadyOpen,
    PromptAlreadyRevealed,
    PromptAlreadyShown,
    PromptNotClosed,
    PromptNotOpen,
    PromptNotRevealed,
    RoomEnded,
    StepOutOfRange,
)
from workshop.store import PromptState

Steps = Sequence[AnyStep]
"""The steps of the session a room runs, in order."""

PREVIEWED_KINDS = frozenset({"word", "text"})
"""Answer kinds the facilitator previews privately once the prompt closes."""


def may_reopen(prompt: PromptStep, state: PromptState, answered: int) -> bool:
    """Whether a closed prompt can be opened again: nothing of it was shown to anyone."""
    if state == "revealed":
        return False
    return not (state == "closed" and prompt.kind in PREVIEWED_KINDS and answered > 0)


@dataclass(frozen=True)
class RoomState:
    """Where a room is: the part of it that the machine changes.

    ``prompt_states`` maps a prompt step's id to its state; a prompt that is
    not in it has not been asked yet (``none``).
    """

    step_index: int = 0
    prompt_states: Mapping[str, PromptState] = field(default_factory=dict)
    paused: bool = False
    ended: bool = False
    text_page: int = 0
    """Which page of the current (revealed, text) question's cards the room sees."""

    def state_of(self, prompt_id: str) -> PromptState:
        """The state of one prompt, ``none`` when it has not been asked."""
        return self.prompt_states.get(prompt_id, "none")


# --- Reading ---------------------------------------------------------------------


def current_step(state: RoomState, steps: Steps) -> AnyStep:
    """The step the room is on."""
    return steps[state.step_index]


def prompt_state(state: RoomState, steps: Steps) -> PromptState:
    """The state of the current step: ``none`` when it is not a prompt."""
    step = current_step(state, steps)
    if not isinstance(step, PromptStep):
        return "none"
    return state.state_of(step.id)


def current_prompt(state: RoomState, steps: Steps) -> PromptStep:
    """The current step as a prompt; ``NotAPrompt`` when it is not one."""
    step = current_step(state, steps)
    if not isinstance(step, PromptStep):
        raise NotAPrompt()
    return step


def closed_by(before: RoomState, after: RoomState) -> list[str]:
    """The prompts that were open before a change and are not open after it."""
    return [
        prompt_id
        for prompt_id, was in before.prompt_states.items()
        if was == "open" and after.prompt_states.get(prompt_id) != "open"
    ]


# --- Moves -----------------------------------------------------------------------


def _running(state: RoomState) -> None:
    if state.ended:
        raise RoomEnded()


def _move(state: RoomState, steps: Steps, index: int) -> RoomState:
    states = dict(state.prompt_states)
    here = current_step(state, steps)
    # Leaving an open prompt closes it: only the current step can be open.
    if isinstance(here, PromptStep) and states.get(here.id) == "open" and index != state.step_index:
        states[here.id] = "closed"
    return dataclasses.replace(state, step_index=index, prompt_states=states)


def next_step(state: RoomState, steps: Steps) -> RoomState:
    """Move to the next step; ``NoNextStep`` on the last one."""
    _running(state)
    if state.step_index + 1 >= len(steps):
        raise NoNextStep()
    return _move(state, steps, state.step_index + 1)


def previous_step(state: RoomState, steps: Steps) -> RoomState:
    """Move back one step; ``NoPreviousStep`` on the first one."""
    _running(state)
    if state.step_index == 0:
        raise NoPreviousStep()
    return _move(state, steps, state.step_index - 1)


def jump_to(state: RoomState, steps: Steps, step_index: int) -> RoomState:
    """Go to any step by its index; ``StepOutOfRange`` for one the session lacks."""
    _running(state)
    count = len(steps)
    if not 0 <= step_index < count:
        raise StepOutOfRange(
            f"This session has steps 1 to {count}; step {step_index + 1} does not exist."
        )
    return _move(state, steps, step_index)


def _with_state(state: RoomState, prompt_id: str, new: PromptState) -> RoomState:
    return dataclasses.replace(state, prompt_states={**state.prompt_states, prompt_id: new})


def open_prompt(state: RoomState, steps: Steps, answered: int = 0) -> RoomState:
    """Open the current prompt for answers (again, if it was closed and nothing of it
    was shown). ``answered``: how many answers and passes the prompt holds."""
    _running(state)
    prompt = current_prompt(state, steps)
    now = state.state_of(prompt.id)
    if now == "open":
        raise PromptAlreadyOpen()
    if now == "revealed":
        raise PromptAlreadyRevealed(
            "The room has seen this question's results, so it cannot be reopened."
        )
    if not may_reopen(prompt, now, answered):
        raise PromptAlreadyShown()
    return _with_state(state, prompt.id, "open")


def close_prompt(state: RoomState, steps: Steps) -> RoomState:
    """Close the current prompt: no more answers, changes or withdrawals."""
    _running(state)
    prompt = current_prompt(state, steps)
    if state.state_of(prompt.id) != "open":
        raise PromptNotOpen("This question is not open, so there is nothing to close.")
    return _with_state(state, prompt.id, "closed")


def reveal_prompt(state: RoomState, steps: Steps) -> RoomState:
    """Reveal the current (closed) prompt's results to the room."""
    _running(state)
    prompt = current_prompt(state, steps)
    now = state.state_of(prompt.id)
    if now == "revealed":
        raise PromptAlreadyRevealed()
    if now != "closed":
        # Revealing while answers still arrive would let the room match a
        # moving bar to the man who just tapped.
        raise PromptNotClosed()
    return _with_state(state, prompt.id, "revealed")


def show_text_page(state: RoomState, steps: Steps, page: int) -> RoomState:
    """Show the room another page of the current text question's cards (0: the first).

    Only once its answers are revealed: before that the room sees none. The
    machine does not know how many cards there are; the projector shows the
    last page for a number past it.
    """
    _running(state)
    prompt = current_prompt(state, steps)
    if prompt.kind != "text":
        raise NotATextPrompt("Only a text question's answers are shown as cards, a few at a time.")
    if state.state_of(prompt.id) != "revealed":
        raise PromptNotRevealed()
    return dataclasses.replace(state, text_page=max(0, int(page)))


def set_paused(state: RoomState, paused: bool) -> RoomState:
    """Pause or resume the room's screens (answers are not affected)."""
    _running(state)
    return dataclasses.replace(state, paused=paused)


def end(state: RoomState) -> RoomState:
    """End the room: open prompts close, the pause lifts. Ending twice changes nothing."""
    if state.ended:
        return state
    states: dict[str, PromptState] = {
        pid: ("closed" if now == "open" else now) for pid, now in state.prompt_states.items()
    }
    return dataclasses.replace(state, ended=True, paused=False, prompt_states=states)


# --- What the state allows ---------------------------------------------------------


def accepting(state: RoomState, steps: Steps, prompt_id: str) -> PromptStep:
    """The prompt a phone may answer (or pass, or withdraw from) now.

    Only the current step, only while it is open, only while the room runs:
    ``RoomEnded`` or ``PromptNotOpen`` otherwise.
    """
    if state.ended:
        raise RoomEnded("This session has ended; answers can no longer change.")
    step = current_step(state, steps)
    if isinstance(step, PromptStep) and step.id == prompt_id and state.state_of(step.id) == "open":
        return step
    raise PromptNotOpen()


def check_previewable(state: RoomState, prompt_id: str) -> None:
    """Refuse a private preview until the prompt has closed.

    While it is open, a text appearing could be matched to the man who just typed.
    """
    if state.state_of(prompt_id) in ("none", "open"):
        raise PromptNotClosed("Close the question first; then its answers can be previewed.")


def is_revealed(state: RoomState, prompt_id: str) -> bool:
    """True once the room has seen the prompt's results."""
    return state.state_of(prompt_id) == "revealed"
