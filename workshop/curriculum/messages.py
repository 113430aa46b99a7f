"""Pydantic's errors as lines a person can act on, at the line where the value is.

Pydantic names a field by its location in the data (``sessions, 0, steps, 2,
'prompt', answer``); the marks of ``yamlread`` turn that into a line and a
column. A model-level rule (a repeated id, minutes over the session) has no
location of its own: it names the offending field in ``ctx["path"]``, relative
to the model that raised it, and it is placed the same way.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from workshop.curriculum.models import (
    ChoiceAnswer,
    Curriculum,
    ExerciseStep,
    Handout,
    HandoutSection,
    PromptStep,
    ScaleAnswer,
    Session,
    SlideStep,
    SupportResource,
    TextAnswer,
    TrendStep,
    WordAnswer,
)
from workshop.curriculum.problems import PathKey, Problem, Where, at
from workshop.curriculum.worksheet import Worksheet


def _describe(value: Any) -> str:
    """A value as a person would name it in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (yes/no)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return type(value).__name__


_STEP_MODELS: dict[str, type[BaseModel]] = {
    "slide": SlideStep,
    "prompt": PromptStep,
    "exercise": ExerciseStep,
    "trend": TrendStep,
}
_ANSWER_MODELS: dict[str, type[BaseModel]] = {
    "scale": ScaleAnswer,
    "choice": ChoiceAnswer,
    "word": WordAnswer,
    "text": TextAnswer,
}

_NUMBER_FIELDS = {
    "minutes",
    "number",
    "min",
    "max",
    "max_words",
    "max_length",
    "session_minutes",
    "lines",
}
_LIST_FIELDS = {
    "goals",
    "prompts",
    "agreements",
    "key_ideas",
    "journal_prompts",
    "further_reading",
    "options",
    "sessions",
    "steps",
    "support_resources",
    "sections",
    "columns",
    "rows",
    "ends",
}
_PLACEHOLDERS = {
    "id": "<id, e.g. check-in>",
    "type": "slide|prompt|exercise|trend",
    "kind": "scale|choice|word|text",
    "format": "pairs|rounds|solo",
    "answer": "<mapping with kind: ...>",
    "handout": "<mapping with key_ideas, practice, journal_prompts>",
}


def _placeholder(name: str) -> str:
    if name in _PLACEHOLDERS:
        return _PLACEHOLDERS[name]
    if name in _NUMBER_FIELDS:
        return "<number>"
    if name in _LIST_FIELDS:
        return "<list of lines starting with '- '>"
    return "<text>"


def _model_for(path: PathKey, data: Any) -> type[BaseModel] | None:
    """The model that validates the mapping at ``path``, judged by the path and its data."""
    shape = tuple("#" if isinstance(part, int) else part for part in path)
    if shape == ():
        return Curriculum
    if shape == ("support_resources", "#"):
        return SupportResource
    if shape == ("sessions", "#"):
        return Session
    if shape == ("sessions", "#", "handout"):
        return Handout
    if shape == ("sessions", "#", "handout", "sections", "#"):
        return HandoutSection
    if shape[-1:] == ("worksheet",):
        return Worksheet
    if shape == ("sessions", "#", "steps", "#") and isinstance(data, dict):
        return _STEP_MODELS.get(str(data.get("type")))
    if shape == ("sessions", "#", "steps", "#", "answer") and isinstance(data, dict):
        return _ANSWER_MODELS.get(str(data.get("kind")))
    return None


def _data_path(root: Any, loc: tuple[int | str, ...]) -> tuple[PathKey, PathKey]:
    """Split a pydantic ``loc`` into the part that exists in the data and the rest.

    Pydantic puts the discriminator's value into the location of a tagged union
    (``steps, 4, 'prompt', answer``); those parts are skipped.
    """
    current = root
    found: list[str | int] = []
    parts = list(loc)
    while parts:
        part = parts[0]
        in_mapping = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            current = current[part]
        elif isinstance(current, dict) and part in (current.get("type"), current.get("kind")):
            parts.pop(0)
            continue
        else:
            break
        found.append(part)
        parts.pop(0)
    return tuple(found), tuple(parts)


def _lookup(root: Any, path: PathKey) -> Any:
    current = root
    for part in path:
        current = current[part]
    return current


def _suggest(word: str, allowed: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(allowed), n=1, cutoff=0.6)
    return close[0] if close else None


def explain(
    errors: Iterable[ErrorDetails],
    data: dict[str, Any],
    marks: dict[PathKey, Where],
    refused: Iterable[PathKey] = (),
) -> list[Problem]:
    """Pydantic's errors for ``data`` as located, plain-language problems.

    Errors beneath a value in ``refused`` (reported already as a refused tag,
    alias or key) are left out.
    """
    refused = list(refused)
    problems = []
    for err in errors:
        existing, _ = _data_path(data, tuple(err["loc"]))
        if any(existing[: len(bad)] == bad for bad in refused):
            continue
        problem = _explain(err, data, marks)
        if problem is not None:
            problems.append(problem)
    return problems


_ABSENT_FIXES = {
    "steps_over_session": "shorten steps or add 'minutes: {total}' to the session",
}
"""Rules whose field may be absent from the file (taken from a default): the fix then
is to write it, and the problem names the field even though it is not there."""


def _rule(err: ErrorDetails, data: Any, marks: dict[PathKey, Where]) -> Problem:
    """A model-level rule, placed at the field its ``ctx["path"]`` names.

    The field is named when the file writes the value the rule read there; when
    the file holds nothing there (a default) or something the model converted
    (the text "10" read as the number 10), the mapping that holds it is named.
    """
    ctx = err.get("ctx", {})
    base, _ = _data_path(data, tuple(err["loc"]))
    target: PathKey = (*base, *ctx["path"])
    existing, rest = _data_path(data, target)
    message = err["msg"]
    if "first" in ctx:
        first = marks.get((*base, *ctx["first"]))
        if first is not None:
            what, _, fix = message.partition(" — ")
            message = f"{what} (first on line {first.value.line + 1}) — {fix}"
    written = not rest and ("value" not in ctx or type(_lookup(data, target)) is type(ctx["value"]))
    if rest and err["type"] in _ABSENT_FIXES:
        what, _, _ = message.partition(" — ")
        message = f"{what} — {_ABSENT_FIXES[err['type']].format(**ctx)}"
        field = target
    else:
        field = target if written else (existing[:-1] if not rest else existing)
    where = marks.get(field) or marks.get(existing)
    return at(where.value if where else None, field, message)


def _explain(err: ErrorDetails, data: Any, marks: dict[PathKey, Where]) -> Problem | None:
    """One pydantic error as a located, plain-language problem."""
    if isinstance(err.get("ctx", {}).get("path"), tuple):
        return _rule(err, data, marks)
    existing, rest = _data_path(data, tuple(err["loc"]))
    where = marks.get(existing)
    value_mark = where.value if where else None
    key_mark = (where.key or where.value) if where else None
    kind = err["type"]
    ctx = err.get("ctx", {})
    value = err.get("input")
    name = str(existing[-1]) if existing else ""
    if rest and kind not in ("missing", "union_tag_not_found", "union_tag_invalid"):
        # A value that is not in the file: a session's minutes taken from
        # session_minutes. The same problem is reported at session_minutes.
        return None

    if kind == "missing" and rest:
        missing = str(rest[0])
        return at(
            value_mark,
            (*existing, missing),
            f"'{missing}' is missing — add '{missing}: {_placeholder(missing)}'",
        )
    if kind == "extra_forbidden":
        model = _model_for(existing[:-1], _lookup(data, existing[:-1]))
        allowed = sorted(model.model_fields) if model else []
        close = _suggest(name, allowed)
        if close:
            hint = f"did you mean '{close}'?"
        elif allowed:
            hint = f"allowed keys here: {', '.join(allowed)}"
        else:
            hint = "remove it"
        return at(key_mark, existing, f"unknown key '{name}' — {hint}")
    if kind == "union_tag_not_found":
        tag = str(ctx.get("discriminator", "type")).strip("'")
        choices = (
            "slide, prompt, exercise or trend" if tag == "type" else "scale, choice, word or text"
        )
        return at(
            value_mark, (*existing, tag), f"'{tag}' is missing — add '{tag}: ' with {choices}"
        )
    if kind == "union_tag_invalid":
        tag = str(ctx.get("discriminator", "type")).strip("'")
        expected = [t.strip("' ") for t in str(ctx.get("expected_tags", "")).split(",")]
        close = _suggest(str(ctx.get("tag", "")), expected)
        hint = f"did you mean '{close}'?" if close else f"use one of: {', '.join(expected)}"
        where_tag = marks.get((*existing, tag))
        return at(
            where_tag.value if where_tag else value_mark,
            (*existing, tag),
            f"unknown {tag} '{ctx.get('tag')}' — {hint}",
        )
    if kind in ("model_attributes_type", "model_type", "dict_type"):
        return at(
            value_mark,
            existing,
            f"expected a mapping, got {_describe(value)} — write indented 'key: value' lines",
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return at(
            value_mark,
            existing,
            f"expected a whole number, got {_describe(value)} — write digits only, e.g. 10",
        )
    if kind in ("bool_parsing", "bool_type"):
        return at(
            value_mark, existing, f"expected true or false, got {_describe(value)} — write one"
        )
    if kind == "string_type":
        fix = (
            f" — put it in quotes: '{value}'"
            if isinstance(value, int | float)
            else " — write the text after the ':' on the same line"
        )
        return at(value_mark, existing, f"expected text, got {_describe(value)}{fix}")
    if kind == "list_type":
        return at(
            value_mark,
            existing,
            f"expected a list, got {_describe(value)} — write each item on its own line "
            "starting with '- '",
        )
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        have = ctx.get("actual_length", 0)
        return at(
            value_mark,
            existing,
            f"needs at least {need} item(s), has {have} — add {'them' if need > 1 else 'one'}",
        )
    if kind == "too_long":
        return at(
            value_mark,
            existing,
            f"has {ctx.get('actual_length')} items, at most {ctx.get('max_length')} allowed "
            "— remove some",
        )
    if kind == "string_too_short":
        return at(value_mark, existing, "is empty — write some text")
    if kind == "string_too_long":
        return at(
            value_mark,
            existing,
            f"is longer than {ctx.get('max_length')} characters — shorten it",
        )
    if kind == "string_pattern_mismatch":
        if name == "language":
            hint = "use a language code such as 'en' or 'en-GB'"
        else:
            hint = "use lower-case letters, digits and hyphens, e.g. 'check-in'"
        return at(value_mark, existing, f"{_describe(value)} is not a valid {name} — {hint}")
    if kind in ("greater_than_equal", "greater_than"):
        return at(
            value_mark,
            existing,
            f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {value} — raise it",
        )
    if kind in ("less_than_equal", "less_than"):
        return at(
            value_mark,
            existing,
            f"must be at most {ctx.get('le', ctx.get('lt'))}, got {value} — lower it",
        )
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = _suggest(str(value), expected)
        hint = f"did you mean '{close}'?" if close else f"use one of: {', '.join(expected)}"
        return at(value_mark, existing, f"{_describe(value)} is not allowed — {hint}")
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        text, _, fix = message.partition(": ")
        return at(value_mark, existing, f"{text} — {fix or 'correct this value'}")
    return at(value_mark, existing, f"{err['msg']} — check this value")
