"""Curricula: the schema (``models``), safe YAML reading (``yamlwalk``, ``yamlread``), messages a
person can act on (``messages``) and loading (``loading``).

Callers import from here; the submodules import each other directly, never this
package, so there is no import circle.
"""

from workshop.curriculum.loading import (
    load_curriculum,
    parse_curriculum_bytes,
    parse_curriculum_file,
    parse_curriculum_text,
)
from workshop.curriculum.models import (
    DEFAULT_SUPPORT_RESOURCES,
    FORMAT_LABELS,
    STEP_KIND_LABELS,
    Answer,
    AnswerKind,
    AnyStep,
    ChoiceAnswer,
    Curriculum,
    CurriculumError,
    ExerciseStep,
    Handout,
    HandoutSection,
    Id,
    Minutes,
    PromptStep,
    Role,
    ScaleAnswer,
    Session,
    SlideStep,
    Step,
    StepBase,
    StrictModel,
    SupportResource,
    Text,
    TextAnswer,
    WordAnswer,
    counted,
    step_title,
)
from workshop.curriculum.worksheet import Worksheet
from workshop.curriculum.yamlread import MAX_BYTES
from workshop.curriculum.yamlwalk import ANCHORS_REFUSED, MAX_DEPTH, MAX_NODES

__all__ = [
    "ANCHORS_REFUSED",
    "DEFAULT_SUPPORT_RESOURCES",
    "FORMAT_LABELS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "STEP_KIND_LABELS",
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
    "WordAnswer",
    "Worksheet",
    "counted",
    "load_curriculum",
    "parse_curriculum_bytes",
    "parse_curriculum_file",
    "parse_curriculum_text",
    "step_title",
]
