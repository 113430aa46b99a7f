"""Read models of the live room, and how stored rows become them.

Every function of ``workshop.rooms`` returns these frozen dataclasses, never
a store row: a row carries keys (answer hashes) that must not travel further.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from workshop.curriculum import (
    AnyStep,
    Curriculum,
    PromptStep,
    Session,
    SupportResource,
    parse_curriculum_text,
)
from workshop.results import AnswerValue
from workshop.rooms.machine import RoomState, prompt_state
from workshop.store import AnswerRow, GroupRow, PromptState, RoomRow


@lru_cache(maxsize=64)
def parse_snapshot(text: str) -> Curriculum:
    """The curriculum of a room's snapshot text, parsed once and cached."""
    # Pydantic models are frozen, so one parsed snapshot can be shared by every
    # page and thread; parsing per phone per change would cost real CPU.
    return parse_curriculum_text(text, source="<room snapshot>")


@dataclass(frozen=True)
class Group:
    """A cohort that meets weekly and follows one curriculum."""

    id: str
    name: str
    curriculum_id: str
    curriculum_title: str
    created_on: date
    retention_days: int | None = None
    """Days a room of this group keeps its data, if the organiser shortened it."""


@dataclass(frozen=True)
class Room:
    """The facilitator's full view of one meeting (never sent to phones)."""

    id: str
    group_id: str
    session_id: str
    curriculum: Curriculum
    step_index: int
    revision: int
    prompt_state: PromptState
    paused: bool
    ended: bool
    join_code: str
    display_key: str
    expires_on: date
    opened_on: date
    step_started: float | None = None
    """When the current step started (epoch seconds), for the console's step clock."""
    text_page: int = 0
    """The page of a revealed text question's cards the room sees (0: the first)."""

    @property
    def session(self) -> Session:
        """The session this room runs."""
        return self.curriculum.session(self.session_id)

    @property
    def step(self) -> AnyStep:
        """The current step."""
        return self.session.steps[self.step_index]

    @property
    def prompt(self) -> PromptStep | None:
        """The current step if it is a prompt."""
        step = self.step
        return step if isinstance(step, PromptStep) else None


@dataclass(frozen=True)
class Joined:
    """A phone that joined: its token goes into the phone's URL, nowhere else."""

    token: str
    room_id: str


@dataclass(frozen=True)
class MyAnswer:
    """This phone's own answer: a value, or a pass (``value`` None).

    ``flagged``: the safety screen flagged what he wrote, so it was not kept
    (``value`` None, ``passed`` False): he answered, and that is all the
    store knows.
    """

    value: AnswerValue | None
    passed: bool
    flagged: bool = False


@dataclass(frozen=True)
class PhoneView:
    """What a phone may know about its room."""

    revision: int
    ended: bool
    paused: bool
    curriculum_title: str
    session_title: str
    step: AnyStep
    prompt_state: PromptState
    my_answer: MyAnswer | None
    support_resources: list[SupportResource]
    retention_days: int
    deletes_on: date | None = None
    """The day this room's answers are deleted by itself (the group's real date)."""


@dataclass(frozen=True)
class MySession:
    """A phone's own session, for its personal takeaway: never stored.

    ``answers`` holds this phone's answers (or passes) to the session's
    prompts in session order; prompts it did not answer are left out. Steps
    are as the phone sees them (no facilitator notes).
    """

    curriculum: Curriculum
    session: Session
    answers: list[tuple[PromptStep, MyAnswer]]


@dataclass(frozen=True)
class SubmitResult:
    """A saved answer; ``flagged`` tells the phone to show support resources now."""

    saved: MyAnswer
    flagged: bool


@dataclass(frozen=True)
class PrivateText:
    """One open-text answer in the facilitator's private preview.

    ``ref`` identifies it for ``hide_answer``; it is derived from the answer's
    key with the server secret and is not the key itself.
    """

    ref: str
    text: str
    hidden: bool


@dataclass(frozen=True)
class Notice:
    """A private safety notice: this many answers to this prompt were flagged."""

    prompt_id: str
    question: str
    count: int


@dataclass(frozen=True)
class PendingNotice:
    """A prompt's safety notice as stored, before the disclosure gate holds any of it.

    ``held`` has, for each flag not yet released, the number of answers the
    prompt had when it arrived; ``answers`` the number it has now; ``closed``
    whether the prompt has stopped taking answers. ``workshop.disclosure``
    decides how much of ``count`` the console may see.
    """

    prompt_id: str
    question: str
    count: int
    held: tuple[int, ...]
    answers: int
    closed: bool


@dataclass(frozen=True)
class RecordedAnswer:
    """One stored answer as the record keeps it: no key, so no link to a phone."""

    prompt_id: str
    value: AnswerValue | None
    passed: bool
    hidden: bool
    flagged: bool


@dataclass(frozen=True)
class RoomRecord:
    """What a room has on record, for the funders' export.

    ``revealed`` holds the prompts whose results the room has seen, ``states``
    every asked prompt's state;
    ``answers`` every stored answer and pass, in no meaningful order. What may
    leave is decided by ``workshop.disclosure``, not here.
    """

    room: Room
    revealed: frozenset[str]
    answers: tuple[RecordedAnswer, ...]
    states: Mapping[str, PromptState] = field(default_factory=dict)


# --- Conversions -----------------------------------------------------------------


def state_of(row: RoomRow) -> RoomState:
    """The part of a stored room that the step machine works on."""
    return RoomState(
        step_index=row.step_index,
        prompt_states=row.prompt_states,
        paused=row.paused,
        ended=row.ended,
        text_page=row.text_page,
    )


def room_of(row: RoomRow) -> Room:
    """A stored room as the facilitator's read model."""
    curriculum = parse_snapshot(row.curriculum_text)
    steps = curriculum.session(row.session_id).steps
    return Room(
        id=row.id,
        group_id=row.group_id,
        session_id=row.session_id,
        curriculum=curriculum,
        step_index=row.step_index,
        revision=row.revision,
        prompt_state=prompt_state(state_of(row), steps),
        paused=row.paused,
        ended=row.ended,
        join_code=row.join_code,
        display_key=row.display_key,
        expires_on=row.expires_on,
        opened_on=row.opened_on,
        step_started=row.step_started,
        text_page=row.text_page,
    )


def group_of(row: GroupRow) -> Group:
    """A stored group as its read model (the curriculum text stays behind)."""
    return Group(
        id=row.id,
        name=row.name,
        curriculum_id=row.curriculum_id,
        curriculum_title=row.curriculum_title,
        created_on=row.created_on,
        retention_days=row.retention_days,
    )


def my_answer_of(row: AnswerRow | None) -> MyAnswer | None:
    """A phone's stored answer as it may see it; ``None`` when it has none."""
    if row is None:
        return None
    return MyAnswer(value=row.value, passed=row.passed, flagged=row.flagged)


def recorded_of(row: AnswerRow) -> RecordedAnswer:
    """A stored answer without its key."""
    return RecordedAnswer(
        prompt_id=row.prompt_id,
        value=row.value,
        passed=row.passed,
        hidden=row.hidden,
        flagged=row.flagged,
    )


def for_phone(step: AnyStep) -> AnyStep:
    """A step as a phone may see it."""
    # The facilitator's notes never leave the console.
    return step.model_copy(update={"notes": ""})
