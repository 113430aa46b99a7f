"""The curriculum schema: strict models for a programme written in YAML.

A curriculum is data an organiser writes and reviews without touching code.
The steps and answers live in ``steps`` (re-exported here), which trend steps'
references are checked against in ``trend``.
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

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from workshop.curriculum.steps import (
    FORMAT_LABELS,
    STEP_KIND_LABELS,
    TREND_ROLES,
    Answer,
    AnswerKind,
    AnyStep,
    ChoiceAnswer,
    ExerciseStep,
    Id,
    Minutes,
    PromptStep,
    Role,
    ScaleAnswer,
    SlideStep,
    Step,
    StepBase,
    StrictModel,
    Text,
    TextAnswer,
    TrendStep,
    WordAnswer,
    counted,
    step_title,
)
from workshop.curriculum.trend import is_trend_prompt, trend_problems
from workshop.curriculum.worksheet import Worksheet

__all__ = [
    "DEFAULT_SUPPORT_RESOURCES",
    "FORMAT_LABELS",
    "STEP_KIND_LABELS",
    "TREND_ROLES",
    "Answer",
    "AnswerKind",
    "AnyStep",
    "ChoiceAnswer",
    "Curriculum",
    "CurriculumError",
    "ExerciseStep",
    "Handout",
    "HandoutSection",
    "Id",
    "Minutes",
    "PromptStep",
    "Role",
    "ScaleAnswer",
    "Session",
    "SlideStep",
    "Step",
    "StepBase",
    "StrictModel",
    "SupportResource",
    "Text",
    "TextAnswer",
    "TrendStep",
    "WordAnswer",
    "counted",
    "is_trend_prompt",
    "step_title",
]


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

    @model_validator(mode="after")
    def _trend_prompts(self) -> Curriculum:
        """Every question a trend step charts is a check-in or check-out scale."""
        found = [
            InitErrorDetails(type=error, loc=(), input=None)
            for error in trend_problems([(s.id, s.steps) for s in self.sessions])
        ]
        if found:
            raise ValidationError.from_exception_data(type(self).__name__, found)
        return self

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
