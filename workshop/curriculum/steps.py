"""The steps of a session and the answers a prompt asks for: the curriculum's step vocabulary.

Split from ``models`` (which imports and re-exports everything here) along its
seam: what a step is, apart from the session and programme that hold it. The
same strict configuration and the same ``ctx["path"]`` convention for rules
that span fields (see ``models``).
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

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


class TrendStep(StepBase):
    """A slide on which the projector draws the group's check-ins and check-outs over the weeks.

    ``prompts`` names the scale questions to chart by step id (each a
    ``check-in`` or ``check-out`` scale prompt of some session); without it
    every such prompt is charted. Everywhere but the projector (phones,
    handouts, the guide) it is a slide with its ``title`` and ``body``.
    """

    type: Literal["trend"]
    title: Text
    body: str = ""
    prompts: list[Id] | None = Field(default=None, min_length=1)


AnyStep = SlideStep | PromptStep | ExerciseStep | TrendStep
"""Any step of a session, as code refers to it."""

TREND_ROLES: tuple[Role, ...] = ("check-in", "check-out")
"""The roles of the prompts a trend step charts (the group trend pools by role)."""

Step = Annotated[AnyStep, Field(discriminator="type")]
"""A step as read from YAML: the ``type`` field picks the model."""

STEP_KIND_LABELS: dict[str, str] = {
    "slide": "Slide",
    "prompt": "Question",
    "exercise": "Exercise",
    "trend": "Group chart",
}
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
