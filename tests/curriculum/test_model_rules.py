"""Each model-level rule names its field in ``ctx["path"]``; the loader puts it on the right line.

A rule that spans several fields is raised by a model validator, where pydantic
gives the error only the model's own location. These tests break one rule at a
time and check both halves: the path the model carries, and the file, line and
field the loader reports from it.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from workshop.curriculum import Curriculum, CurriculumError, parse_curriculum_text

BASE = """\
id: rules
title: Rules
version: "1"
summary: One file, one broken rule at a time.
audience: Tests.
agreements: [Stay.]
disclaimer: Not therapy.
sessions:
  - id: one
    number: 1
    title: One
    goals: [g]
    minutes: 60
    steps:
      - id: hello
        type: slide
        minutes: 10
        notes: n
        title: Hello
      - id: scale
        type: prompt
        minutes: 10
        notes: n
        question: How much?
        answer:
          kind: scale
          min: 0
          max: 10
          min_label: low
          max_label: high
      - id: pick
        type: prompt
        minutes: 10
        notes: n
        question: Which?
        answer:
          kind: choice
          options: [Tea, Coffee]
    handout: {key_ideas: [k], practice: p, journal_prompts: [j]}
  - id: two
    number: 2
    title: Two
    goals: [g]
    minutes: 30
    steps:
      - id: hello
        type: slide
        minutes: 10
        notes: n
        title: Hello again
    handout: {key_ideas: [k], practice: p, journal_prompts: [j]}
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def broken(old: str, new: str, occurrence: int = 1) -> str:
    """BASE with the ``occurrence``-th ``old`` replaced by ``new``."""
    parts = BASE.split(old)
    assert len(parts) > occurrence, old
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


def the_problem(text: str) -> tuple[int, str, str]:
    """The one problem reported for ``text``: line, field, message."""
    with pytest.raises(CurriculumError) as info:
        parse_curriculum_text(text, "rules.yaml")
    assert len(info.value.problems) == 1, info.value.problems
    source, line, _column, field, message = info.value.problems[0].split(":", 4)
    assert source == "rules.yaml"
    return int(line), field.strip(), message.strip()


def rule_errors(text: str) -> list[dict[str, Any]]:
    """What pydantic itself says about ``text``: the rule errors with their ctx."""
    with pytest.raises(ValidationError) as info:
        Curriculum.model_validate(yaml.safe_load(text))
    return [
        {"type": e["type"], "loc": e["loc"], "path": e["ctx"]["path"]}
        for e in info.value.errors()
        if "path" in e.get("ctx", {})
    ]


def test_the_base_file_is_valid() -> None:
    assert parse_curriculum_text(BASE).session("two").step("hello").minutes == 10


def test_repeated_step_id() -> None:
    text = broken("- id: scale", "- id: hello")
    assert rule_errors(text) == [
        {"type": "repeated_value", "loc": ("sessions", 0), "path": ("steps", 1, "id")}
    ]
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "- id: hello", 2), "sessions[0].steps[1].id")
    assert message == (
        f"step id 'hello' is used twice (first on line {line_of(text, '- id: hello')}) "
        "— give each one its own"
    )


def test_repeated_step_id_is_reported_beside_other_errors_of_its_session() -> None:
    text = broken("- id: scale", "- id: hello").replace("minutes: 60", "minutes: an hour")
    with pytest.raises(CurriculumError) as info:
        parse_curriculum_text(text, "rules.yaml")
    fields = [problem.split(": ")[1] for problem in info.value.problems]
    assert fields == ["sessions[0].minutes", "sessions[0].steps[1].id"]


def test_repeated_session_id() -> None:
    text = broken("- id: two", "- id: one")
    assert rule_errors(text) == [
        {"type": "repeated_value", "loc": (), "path": ("sessions", 1, "id")}
    ]
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "- id: one", 2), "sessions[1].id")
    assert message.startswith(
        f"session id 'one' is used twice (first on line {line_of(text, '- id: one')})"
    )


def test_repeated_session_number() -> None:
    text = broken("number: 2", "number: 1")
    assert rule_errors(text) == [
        {"type": "repeated_value", "loc": (), "path": ("sessions", 1, "number")}
    ]
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "number: 1", 2), "sessions[1].number")
    assert message.startswith("session number '1' is used twice (first on line 10)")


def test_steps_over_the_session() -> None:
    text = broken("minutes: 10", "minutes: 45", 4)  # session two's only step
    assert rule_errors(text) == [
        {"type": "steps_over_session", "loc": ("sessions", 1), "path": ("minutes",)}
    ]
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "minutes: 30"), "sessions[1].minutes")
    assert message == (
        "steps add up to 45 minutes, more than the session's 30 — shorten steps or "
        "lengthen the session"
    )


def test_steps_over_the_session_is_fine_at_equal_minutes() -> None:
    text = broken("minutes: 10", "minutes: 30", 4)
    assert parse_curriculum_text(text).sessions[1].step_minutes == 30


def test_scale_min_not_below_max() -> None:
    text = broken("min: 0", "min: 10")
    assert rule_errors(text) == [
        {
            "type": "scale_range",
            "loc": ("sessions", 0, "steps", 1, "prompt", "answer", "scale"),
            "path": ("min",),
        }
    ]
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "min: 10"), "sessions[0].steps[1].answer.min")
    assert message == "scale min (10) must be less than max (10) — swap them or widen the range"


def test_scale_wider_than_101_points() -> None:
    text = broken("max: 10", "max: 101")
    assert [e["path"] for e in rule_errors(text)] == [("max",)]
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "max: 101"), "sessions[0].steps[1].answer.max")
    assert message == "a scale may have at most 101 points — narrow min..max"


def test_repeated_options() -> None:
    text = broken("options: [Tea, Coffee]", "options: [Tea, tea, Coffee]")
    assert [e["path"] for e in rule_errors(text)] == [("options",)]
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "options:"), "sessions[0].steps[2].answer.options")
    assert message == "options must differ; repeated: tea — make each option different"


def test_a_rule_on_a_default_value_points_at_the_mapping() -> None:
    # min is not written: it is 0 by default, so the answer mapping (its first key) is named
    text = broken("          min: 0\n", "").replace("max: 10", "max: 0")
    line, field, message = the_problem(text)
    assert (line, field) == (line_of(text, "kind: scale"), "sessions[0].steps[1].answer")
    assert message.startswith("scale min (0) must be less than max (0)")
