"""The curriculum schema: strict models for a programme written in YAML.

A curriculum is data an organiser writes and reviews without touching code.
Every model forbids unknown keys, so a typo is reported instead of ignored.
Ids are stable keys: stored answers are keyed by (room, prompt step id), so a
step id must stay the same when the wording around it changes.

A rule that spans several fields (repeated ids, minutes over the session, a
scale's range) raises a ``PydanticCustomError`` whose ``ctx["path"]`` names the
offending field relative to the model that raised it: pydantic gives such an
error only the model's own location, and the loader needs the field to point
at the line. ``ctx["first"]`` names the first of two repeated values, and
``ctx["value"]`` what the rule read at ``path``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from workshop.curriculum.worksheet import Worksheet

Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
]
"""Lower-case letters, digits and hyphens, starting with a letter or digit."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Non-empty text."""

Minutes = Annotated[int, Field(ge=0, le=600)]

Role = Literal["check-in", "check-out", "agreements", "support"]


class StrictModel(BaseModel):
    """Base for every curriculum model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SupportResource(StrictModel):
    """One crisis or support service shown on every handout and support slide."""

    region: Text
    service: Text
    how: Text


DEFAULT_SUPPORT_RESOURCES: tuple[SupportResource, ...] = (
    SupportResource(
        region="United States",
        service="988 Suicide & Crisis Lifeline",
        how="call or text 988; chat via 988lifeline.org; emergencies 911",
    ),
    SupportResource(
        region="United Kingdom and Ireland",
        service="Samaritans",
        how="call 116 123, free, 24/7",
    ),
    SupportResource(region="United Kingdom", service="Shout", how="text SHOUT to 85258"),
    SupportResource(
        region="Canada", service="9-8-8 Suicide Crisis Helpline", how="call or text 9-8-8"
    ),
    SupportResource(
        region="Australia",
        service="Lifeline",
        how="call 13 11 14, text 0477 13 11 14; emergencies 000",
    ),
    SupportResource(
        region="Anywhere",
        service="Find A Helpline",
        how="findahelpline.com, a directory of verified helplines in 130+ countries",
    ),
)
"""Checked November 2026. A curriculum may replace this list with its own."""


# --- Prompt answer kinds -------------------------------------------------------


class ScaleAnswer(StrictModel):
    """A whole-number scale such as 0-10, with a label at each end."""

    kind: Literal["scale"]
    min: int = 0
    max: int = 10
    min_label: Text
    max_label: Text

    @model_validator(mode="after")
    def _range(self) -> ScaleAnswer:
        if self.min >= self.max:
            raise PydanticCustomError(
                "scale_range",
                "scale min ({min}) must be less than max ({max}) — swap them or widen the range",
                {"path": ("min",), "value": self.min, "min": self.min, "max": self.max},
            )
        if self.max - self.min > 100:
            raise PydanticCustomError(
                "scale_too_wide",
                "a scale may have at most 101 points — narrow min..max",
                {"path": ("max",), "value": self.max},
            )
        return self


class ChoiceAnswer(StrictModel):
    """Pick one option, or several when ``multiple`` is true."""

    kind: Literal["choice"]
    options: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    ] = Field(min_length=2, max_length=12)
    multiple: bool = False

    @model_validator(mode="after")
    def _unique_options(self) -> ChoiceAnswer:
        seen = Counter(option.casefold() for option in self.options)
        repeated = sorted(option for option, count in seen.items() if count > 1)
        if repeated:
            raise PydanticCustomError(
                "repeated_options",
                "options must differ; repeated: {repeated} — make each option different",
                {"path": ("options",), "repeated": ", ".join(repeated)},
            )
        return self


class WordAnswer(StrictModel):
    """One to three words, e.g. a feeling word."""

    kind: Literal["word"]
    max_words: int = Field(default=3, ge=1, le=3)


class TextAnswer(StrictModel):
    """A short free text."""

    kind: Literal["text"]
    max_length: int = Field(default=280, ge=10, le=2000)


Answer = Annotated[
    ScaleAnswer | ChoiceAnswer | WordAnswer | TextAnswer, Field(discriminator="kind")
]

AnswerKind = Literal["scale", "choice", "word", "text"]


# --- Steps ---------------------------------------------------------------------


class StepBase(StrictModel):
    """What every step has: a stable id, minutes, notes for the facilitator."""

    id: Id
    minutes: Minutes
    notes: Text = Field(description="What the facilitator says and watches for.")
    role: Role | None = None


class SlideStep(StepBase):
    """A slide shown on the projector; the body is organiser-written Markdown."""

    type: Literal["slide"]
    title: Text
    body: str = ""


class PromptStep(StepBase):
    """A question every phone answers anonymously (or passes)."""

    type: Literal["prompt"]
    question: Text
    answer: Answer

    @property
    def kind(self) -> AnswerKind:
        """The answer kind: scale, choice, word or text."""
        return self.answer.kind


class ExerciseStep(StepBase):
    """Something the men do together: in pairs, in rounds, or alone.

    On the handout it is printed for home use: ``at_home: skip`` leaves an
    in-group-only round out, ``at_home: solo`` prints ``home`` (the exercise
    rewritten for one man alone, in "you") instead of the group instructions.
    Without ``at_home`` the group instructions print with a stock line on how
    to redo them at home. ``worksheet`` gives it writing space on the handout.
    """

    type: Literal["exercise"]
    title: Text
    instructions: Text
    format: Literal["pairs", "rounds", "solo"]
    at_home: Literal["solo", "skip"] | None = None
    home: Text | None = None
    worksheet: Worksheet | None = None

    @model_validator(mode="after")
    def _home_fits(self) -> ExerciseStep:
        if self.at_home == "solo" and self.home is None:
            raise PydanticCustomError(
                "home_missing",
                "'at_home: solo' needs the home version — add 'home:' with the "
                "exercise for one man alone, in 'you', or write 'at_home: skip'",
                {"path": ("at_home",), "value": self.at_home},
            )
        if self.home is not None and self.at_home != "solo":
            raise PydanticCustomError(
                "home_unused",
                "'home' prints only with 'at_home: solo' — add 'at_home: solo' or remove 'home'",
                {"path": ("home",), "value": self.home},
            )
        if self.at_home == "skip" and self.worksheet is not None:
            raise PydanticCustomError(
                "worksheet_skipped",
                "an exercise with 'at_home: skip' is left off the handout, so its worksheet "
                "never prints — remove the worksheet or use 'at_home: solo'",
                {"path": ("worksheet",)},
            )
        return self


AnyStep = SlideStep | PromptStep | ExerciseStep
"""Any step of a session, as code refers to it."""

Step = Annotated[AnyStep, Field(discriminator="type")]
"""A step as read from YAML: the ``type`` field picks the model."""

STEP_KIND_LABELS: dict[str, str] = {"slide": "Slide", "prompt": "Question", "exercise": "Exercise"}
"""What each ``type`` of step is called on the facilitator's screens and on paper."""

FORMAT_LABELS: dict[str, str] = {"pairs": "in pairs", "rounds": "in rounds", "solo": "on your own"}
"""How an exercise's ``format`` reads in a sentence ("Talk in pairs")."""


def step_title(step: AnyStep) -> str:
    """A one-line name for a step: its title, or the question of a prompt."""
    if isinstance(step, PromptStep):
        return step.question
    return step.title


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless one: "1 session", "2 sessions", "up to 1 word"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --- Session and curriculum ------------------------------------------------------


class HandoutSection(StrictModel):
    """An extra section of a handout: a heading, Markdown text and optional writing space."""

    title: Text
    body: Text
    worksheet: Worksheet | None = None


class Handout(StrictModel):
    """What goes home on paper after a session."""

    key_ideas: list[Text] = Field(min_length=1)
    practice: Text
    journal_prompts: list[Text] = Field(min_length=1)
    further_reading: list[Text] = Field(default_factory=list)
    sections: list[HandoutSection] = Field(default_factory=list)


def _repeats(data: Any, items: str, field: str, what: str) -> list[InitErrorDetails]:
    """``field`` repeated among the mappings of the list ``data[items]``, as written.

    This reads the input before pydantic does, so a repeated id is reported even
    when other fields of the same sessions or steps are wrong (an ``after``
    validator would not run at all then).
    """
    listed = data.get(items) if isinstance(data, dict) else None
    if not isinstance(listed, list):
        return []
    first: dict[str, int] = {}
    found: list[InitErrorDetails] = []
    for index, item in enumerate(listed):
        value = item.get(field) if isinstance(item, dict) else None
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        text = str(value).strip()
        if text not in first:
            first[text] = index
            continue
        error = PydanticCustomError(
            "repeated_value",
            "{what} '{text}' is used twice — give each one its own",
            {
                "what": what,
                "text": text,
                "path": (items, index, field),
                "first": (items, first[text], field),
            },
        )
        found.append(InitErrorDetails(type=error, loc=(), input=data))
    return found


def _validate_with(
    title: str, data: Any, handler: ValidatorFunctionWrapHandler, found: list[InitErrorDetails]
) -> Any:
    """Validate ``data`` and report ``found`` together with every other error in it."""
    try:
        model = handler(data)
    except ValidationError as exc:
        if not found:
            raise
        # Pydantic cannot add errors to a ValidationError: build a new one holding
        # the fields' errors (their types, messages and context kept) and ours.
        fields = [
            InitErrorDetails(
                type=PydanticCustomError(error["type"], error["msg"], error.get("ctx")),
                loc=error["loc"],
                input=error["input"],
            )
            for error in exc.errors()
        ]
        raise ValidationError.from_exception_data(title, [*fields, *found]) from None
    if found:
        raise ValidationError.from_exception_data(title, found)
    return model


class Session(StrictModel):
    """One meeting of the group: an ordered list of steps and a handout."""

    id: Id
    number: int = Field(ge=1, le=52)
    title: Text
    goals: list[Text] = Field(min_length=1)
    minutes: Annotated[int, Field(ge=10, le=600)]
    steps: list[Step] = Field(min_length=1)
    handout: Handout

    @model_validator(mode="wrap")
    @classmethod
    def _unique_steps(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Session:
        """Step ids are unique within a session (another session may reuse them)."""
        found = _repeats(data, "steps", "id", "step id")
        session: Session = _validate_with(cls.__name__, data, handler, found)
        return session

    @model_validator(mode="after")
    def _steps_fit(self) -> Session:
        total = sum(step.minutes for step in self.steps)
        if total > self.minutes:
            raise PydanticCustomError(
                "steps_over_session",
                "steps add up to {total} minutes, more than the session's {minutes} "
                "— shorten steps or lengthen the session",
                {
                    "path": ("minutes",),
                    "value": self.minutes,
                    "total": total,
                    "minutes": self.minutes,
                },
            )
        return self

    @property
    def step_minutes(self) -> int:
        """Minutes of all steps together."""
        return sum(step.minutes for step in self.steps)

    def step(self, step_id: str) -> AnyStep:
        """The step with this id; ``KeyError`` when there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def prompts(self) -> Iterator[PromptStep]:
        """The session's prompt steps, in order."""
        return (step for step in self.steps if isinstance(step, PromptStep))


class Curriculum(StrictModel):
    """A whole programme: metadata, agreements, support resources and sessions."""

    id: Id
    title: Text
    version: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    summary: Text
    audience: Text
    session_minutes: Annotated[int, Field(ge=10, le=600)] = 120
    agreements: list[Text] = Field(min_length=1)
    disclaimer: Text
    support_resources: list[SupportResource] = Field(
        default_factory=lambda: list(DEFAULT_SUPPORT_RESOURCES), min_length=1
    )
    sessions: list[Session] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _default_session_minutes(cls, data: Any) -> Any:
        """A session without ``minutes`` takes the curriculum's ``session_minutes``."""
        if isinstance(data, dict) and isinstance(data.get("sessions"), list):
            default = data.get("session_minutes", 120)
            data = dict(data)
            data["sessions"] = [
                {**session, "minutes": default}
                if isinstance(session, dict) and "minutes" not in session
                else session
                for session in data["sessions"]
            ]
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _unique_sessions(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Curriculum:
        """Session ids and session numbers are unique within a curriculum."""
        found = _repeats(data, "sessions", "id", "session id")
        found += _repeats(data, "sessions", "number", "session number")
        curriculum: Curriculum = _validate_with(cls.__name__, data, handler, found)
        return curriculum

    def session(self, session_id: str) -> Session:
        """The session with this id; ``KeyError`` when there is none."""
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise KeyError(session_id)


class CurriculumError(Exception):
    """A curriculum file could not be loaded; ``problems`` lists every reason.

    Each problem is one line a person can act on: file, line and column, the
    field path and what to do.
    """

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
