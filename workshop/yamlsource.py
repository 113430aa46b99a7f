"""Read curriculum YAML safely and turn every failure into a ``CurriculumError``.

The file comes from an organiser, so it is untrusted input. We never let
PyYAML build Python objects: a safe loader composes a node tree (which keeps
the line and column of every key and value), and our own walk turns nodes into
plain dicts, lists, strings and numbers. Size, alias, node and depth limits
trip before anything is expanded, so a small file cannot blow up into a huge
one. Every problem found becomes one line a person can act on::

    FILE:LINE:COL: FIELD.PATH: what is wrong — what to do
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.error import Mark, MarkedYAMLError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from workshop.curriculum import (
    ChoiceAnswer,
    Curriculum,
    CurriculumError,
    ExerciseStep,
    Handout,
    PromptStep,
    ScaleAnswer,
    Session,
    SlideStep,
    SupportResource,
    TextAnswer,
    WordAnswer,
)

MAX_BYTES = 1_048_576
"""Largest curriculum file accepted (1 MiB); checked before reading or parsing."""

MAX_ALIASES = 100
"""Most ``*alias`` references one file may use."""

MAX_NODES = 100_000
"""Most YAML nodes the document may hold once every alias is counted as expanded."""

MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted (a curriculum needs about 8)."""

PathKey = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_<-]+$")
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_PLAIN_TAGS |= {f"{_TAG}timestamp", f"{_TAG}value"}  # read back as the text written
_CONTAINER_TAGS = {f"{_TAG}seq", f"{_TAG}map"}


# --- Limits enforced while composing ---------------------------------------------


class _LimitExceeded(MarkedYAMLError):
    """The document is larger or deeper than a curriculum can sensibly be."""


class _CountingComposer(Composer):
    """PyYAML's composer, measuring the document as it goes and stopping at a limit.

    PyYAML shares one node for every alias of an anchor, so composing is cheap;
    the blow-up happens later, when the tree is walked. We therefore keep, for
    every node, the size it WOULD have once expanded (an alias costs the size
    of its anchor) and refuse the document as soon as that passes
    ``MAX_NODES`` — before any expansion takes place. The path stack tells an
    error where in the document it happened.

    Mixed with a parser (libyaml's when present, else PyYAML's pure-Python
    one) and the SAFE resolver; nothing here constructs Python objects.
    """

    def _start_counting(self) -> None:
        Composer.__init__(self)
        Resolver.__init__(cast(Resolver, self))
        self.alias_count = 0
        self.expanded_sizes: dict[int, int] = {}
        self.path: list[str | int] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """Compose one node, counting aliases, expanded size and depth."""
        if isinstance(parent, MappingNode) and isinstance(index, ScalarNode):
            self.path.append(index.value)
        elif isinstance(parent, SequenceNode) and isinstance(index, int):
            self.path.append(index)
        else:
            self.path.append("")  # a mapping key, or the document root
        event = self.peek_event()  # type: ignore[attr-defined]
        if len(self.path) > MAX_DEPTH:
            raise _LimitExceeded(
                None,
                None,
                f"nested more than {MAX_DEPTH} levels deep — flatten the structure",
                cast(Mark, event.start_mark),
            )
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None and id(target) not in self.expanded_sizes:
                # The anchor is still being composed: the alias sits inside it.
                raise _LimitExceeded(
                    None,
                    None,
                    f"the alias *{event.anchor} refers to a value that contains it, which "
                    "never ends — remove the alias",
                    cast(Mark, event.start_mark),
                )
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise _LimitExceeded(
                    None,
                    None,
                    f"more than {MAX_ALIASES} aliases (*name) — write the values out instead",
                    cast(Mark, event.start_mark),
                )
        node = cast(Node, super().compose_node(parent, index))
        if isinstance(event, AliasEvent):
            size = self.expanded_sizes.get(id(node), 1)
        elif isinstance(node, SequenceNode):
            size = 1 + sum(self.expanded_sizes.get(id(item), 1) for item in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(
                self.expanded_sizes.get(id(key), 1) + self.expanded_sizes.get(id(value), 1)
                for key, value in node.value
            )
        else:
            size = 1
        if size > MAX_NODES:
            raise _LimitExceeded(
                None,
                None,
                f"the document would expand to more than {MAX_NODES} values "
                "(aliases referring to aliases?) — write the values out instead",
                node.start_mark,
            )
        self.expanded_sizes[id(node)] = size
        self.path.pop()
        return node


class _PyNodeLoader(Reader, Scanner, Parser, _CountingComposer, Resolver):
    """The pure-Python parser with the counting composer."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._start_counting()


def _new_loader(text: str) -> _CountingComposer:
    """A counting composer fed by libyaml's parser when available (about ten times
    faster), else by PyYAML's own. ``Composer`` comes first so that its Python
    ``get_single_node`` (which calls our counting ``compose_node``) wins over
    libyaml's C one."""
    if _CNodeLoader is not None:
        return _CNodeLoader(text)
    return _PyNodeLoader(text)


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    _CNodeLoader: Callable[[str], _CountingComposer] | None = None
else:

    class _CLoader(_CountingComposer, CParser, Resolver):
        """libyaml's parser with the counting composer."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._start_counting()

    _CNodeLoader = _CLoader


# --- Problems and where they are ---------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """Marks for one value: its key (when in a mapping) and the value itself."""

    key: Mark | None
    value: Mark


@dataclass(frozen=True)
class _Problem:
    line: int
    column: int
    field: str
    message: str


def _field(path: Sequence[str | int]) -> str:
    """``("sessions", 2, "steps")`` -> ``sessions[2].steps``; the root is ``(top level)``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.match(part):
            text += f"[{part!r}]"  # an odd key, e.g. with spaces: keep the path readable
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


def _at(mark: Mark | None, path: Sequence[str | int], message: str) -> _Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return _Problem(line, column, _field(path), message)


def _render(source: Path, problems: Iterable[_Problem]) -> list[str]:
    unique = sorted(set(problems), key=lambda p: (p.line, p.column, p.field, p.message))
    return [f"{source}:{p.line}:{p.column}: {p.field}: {p.message}" for p in unique]


def _short_tag(tag: str) -> str:
    """A tag as written in the file: ``!!python/object:x`` rather than its long form."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


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


# --- From nodes to plain data -----------------------------------------------------


class _Converter:
    """Walks a composed node tree into plain data, noting marks and YAML-level problems."""

    def __init__(self) -> None:
        self.constructor = SafeConstructor()
        self.marks: dict[PathKey, _Where] = {}
        self.problems: list[_Problem] = []
        self.refused: list[PathKey] = []

    def convert(self, node: Node, path: PathKey, key_mark: Mark | None) -> Any:
        self.marks[path] = _Where(key_mark, node.start_mark)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if node.tag not in _CONTAINER_TAGS:
            return self._refuse(node, path)
        if isinstance(node, SequenceNode):
            return [
                self.convert(item, (*path, index), None) for index, item in enumerate(node.value)
            ]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        first_seen: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<":
                self.problems.append(
                    _at(
                        key_node.start_mark,
                        (*path, "<<"),
                        "merge keys ('<<') are not supported — write the keys out in full",
                    )
                )
                self.refused.append(path)
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.problems.append(
                    _at(
                        key_node.start_mark,
                        path,
                        "a key must be a plain word — write 'name: value'",
                    )
                )
                self.refused.append(path)
                continue
            key = key_node.value
            child = (*path, key)
            if key in first_seen:
                self.problems.append(
                    _at(
                        key_node.start_mark,
                        child,
                        f"duplicate key '{key}' (first on line {first_seen[key].line + 1}) — "
                        "YAML would silently keep only the last one; remove or rename one",
                    )
                )
            else:
                first_seen[key] = key_node.start_mark
            result[key] = self.convert(value_node, child, key_node.start_mark)
        return result

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            return self._refuse(node, path)
        if tag in (f"{_TAG}str", f"{_TAG}timestamp", f"{_TAG}value"):
            return node.value
        try:
            if tag == f"{_TAG}int":
                return self.constructor.construct_yaml_int(node)
            if tag == f"{_TAG}float":
                return self.constructor.construct_yaml_float(node)
            if tag == f"{_TAG}bool":
                return self.constructor.construct_yaml_bool(node)
        except ValueError:
            # e.g. an integer with more digits than Python converts by default
            self.problems.append(_at(node.start_mark, path, "this number is too long — shorten it"))
            self.refused.append(path)
            return None
        return None  # null

    def _refuse(self, node: Node, path: PathKey) -> None:
        self.problems.append(
            _at(
                node.start_mark,
                path,
                f"the YAML tag '{_short_tag(node.tag)}' is not allowed — remove it: "
                "curriculum files hold only text, numbers, true/false, lists and mappings",
            )
        )
        self.refused.append(path)
        return None


# --- Pydantic errors as instructions ----------------------------------------------

_STEP_MODELS: dict[str, type[BaseModel]] = {
    "slide": SlideStep,
    "prompt": PromptStep,
    "exercise": ExerciseStep,
}
_ANSWER_MODELS: dict[str, type[BaseModel]] = {
    "scale": ScaleAnswer,
    "choice": ChoiceAnswer,
    "word": WordAnswer,
    "text": TextAnswer,
}

_NUMBER_FIELDS = {"minutes", "number", "min", "max", "max_words", "max_length", "session_minutes"}
_LIST_FIELDS = {
    "goals",
    "agreements",
    "key_ideas",
    "journal_prompts",
    "further_reading",
    "options",
    "sessions",
    "steps",
    "support_resources",
}
_PLACEHOLDERS = {
    "id": "<id, e.g. check-in>",
    "type": "slide|prompt|exercise",
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


# Model validator messages we re-check ourselves (with better locations).
_OWN_CHECKS = (
    "step ids must be unique",
    "steps add up to",
    "scale min (",
    "session ids must be unique",
    "session numbers must be unique",
)


def _explain(
    err: ErrorDetails, data: Any, marks: dict[PathKey, _Where], reported: list[_Problem]
) -> _Problem | None:
    """One pydantic error as a located, plain-language problem.

    ``reported`` holds the problems our own cross-field checks found, so the
    same problem is not reported twice.
    """
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
        return _at(
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
        return _at(key_mark, existing, f"unknown key '{name}' — {hint}")
    if kind == "union_tag_not_found":
        tag = str(ctx.get("discriminator", "type")).strip("'")
        choices = "slide, prompt or exercise" if tag == "type" else "scale, choice, word or text"
        return _at(
            value_mark, (*existing, tag), f"'{tag}' is missing — add '{tag}: ' with {choices}"
        )
    if kind == "union_tag_invalid":
        tag = str(ctx.get("discriminator", "type")).strip("'")
        expected = [t.strip("' ") for t in str(ctx.get("expected_tags", "")).split(",")]
        close = _suggest(str(ctx.get("tag", "")), expected)
        hint = f"did you mean '{close}'?" if close else f"use one of: {', '.join(expected)}"
        where_tag = marks.get((*existing, tag))
        return _at(
            where_tag.value if where_tag else value_mark,
            (*existing, tag),
            f"unknown {tag} '{ctx.get('tag')}' — {hint}",
        )
    if kind in ("model_attributes_type", "model_type", "dict_type"):
        return _at(
            value_mark,
            existing,
            f"expected a mapping, got {_describe(value)} — write indented 'key: value' lines",
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _at(
            value_mark,
            existing,
            f"expected a whole number, got {_describe(value)} — write digits only, e.g. 10",
        )
    if kind in ("bool_parsing", "bool_type"):
        return _at(
            value_mark, existing, f"expected true or false, got {_describe(value)} — write one"
        )
    if kind == "string_type":
        fix = (
            f" — put it in quotes: '{value}'"
            if isinstance(value, int | float)
            else " — write the text after the ':' on the same line"
        )
        return _at(value_mark, existing, f"expected text, got {_describe(value)}{fix}")
    if kind == "list_type":
        return _at(
            value_mark,
            existing,
            f"expected a list, got {_describe(value)} — write each item on its own line "
            "starting with '- '",
        )
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        have = ctx.get("actual_length", 0)
        return _at(
            value_mark,
            existing,
            f"needs at least {need} item(s), has {have} — add {'them' if need > 1 else 'one'}",
        )
    if kind == "too_long":
        return _at(
            value_mark,
            existing,
            f"has {ctx.get('actual_length')} items, at most {ctx.get('max_length')} allowed "
            "— remove some",
        )
    if kind == "string_too_short":
        return _at(value_mark, existing, "is empty — write some text")
    if kind == "string_too_long":
        return _at(
            value_mark,
            existing,
            f"is longer than {ctx.get('max_length')} characters — shorten it",
        )
    if kind == "string_pattern_mismatch":
        if name == "language":
            hint = "use a language code such as 'en' or 'en-GB'"
        else:
            hint = "use lower-case letters, digits and hyphens, e.g. 'check-in'"
        return _at(value_mark, existing, f"{_describe(value)} is not a valid {name} — {hint}")
    if kind in ("greater_than_equal", "greater_than"):
        return _at(
            value_mark,
            existing,
            f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {value} — raise it",
        )
    if kind in ("less_than_equal", "less_than"):
        return _at(
            value_mark,
            existing,
            f"must be at most {ctx.get('le', ctx.get('lt'))}, got {value} — lower it",
        )
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = _suggest(str(value), expected)
        hint = f"did you mean '{close}'?" if close else f"use one of: {', '.join(expected)}"
        return _at(value_mark, existing, f"{_describe(value)} is not allowed — {hint}")
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        prefix = _field(existing) if existing else ""
        if message.startswith(_OWN_CHECKS) and any(
            problem.field.startswith(prefix) for problem in reported
        ):
            return None  # reported by _cross_checks with a precise location
        if message.startswith("options must differ"):
            options = marks.get((*existing, "options"))
            return _at(
                options.value if options else value_mark,
                (*existing, "options"),
                f"{message} — make each option different",
            )
        text, _, fix = message.partition(": ")
        return _at(value_mark, existing, f"{text} — {fix or 'correct this value'}")
    return _at(value_mark, existing, f"{err['msg']} — check this value")


# --- Checks across fields (ids, minutes, scales) ----------------------------------


def _cross_checks(data: dict[str, Any], marks: dict[PathKey, _Where]) -> list[_Problem]:
    """Checks the models also make, repeated here so that each problem is reported
    at the exact key, and even when other fields of the same session are wrong."""
    problems: list[_Problem] = []

    def repeated(items: list[tuple[PathKey, Any]], what: str) -> None:
        first: dict[str, PathKey] = {}
        for path, value in items:
            if not isinstance(value, str | int) or isinstance(value, bool):
                continue
            text = str(value).strip()
            if text in first:
                first_line = marks[first[text]].value.line + 1
                problems.append(
                    _at(
                        marks[path].value,
                        path,
                        f"{what} '{text}' is used twice (first on line {first_line}) — "
                        "give each one its own",
                    )
                )
            else:
                first[text] = path

    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        return problems
    default_minutes = data.get("session_minutes", 120)
    session_items = [(i, s) for i, s in enumerate(sessions) if isinstance(s, dict)]
    repeated(
        [(("sessions", i, "id"), s["id"]) for i, s in session_items if "id" in s], "session id"
    )
    repeated(
        [(("sessions", i, "number"), s["number"]) for i, s in session_items if "number" in s],
        "session number",
    )
    for i, session in session_items:
        steps = session.get("steps")
        if not isinstance(steps, list):
            continue
        step_items = [(j, s) for j, s in enumerate(steps) if isinstance(s, dict)]
        repeated(
            [(("sessions", i, "steps", j, "id"), s["id"]) for j, s in step_items if "id" in s],
            "step id",
        )
        for j, step in step_items:
            answer = step.get("answer")
            if (
                isinstance(answer, dict)
                and answer.get("kind") == "scale"
                and type(answer.get("min", 0)) is int
                and type(answer.get("max", 10)) is int
                and answer.get("min", 0) >= answer.get("max", 10)
            ):
                path: PathKey = ("sessions", i, "steps", j, "answer")
                at = (*path, "min") if (*path, "min") in marks else path
                problems.append(
                    _at(
                        marks[at].value,
                        at,
                        f"scale min ({answer.get('min', 0)}) must be less than max "
                        f"({answer.get('max', 10)}) — swap them or widen the range",
                    )
                )
        minutes = [s.get("minutes") for _, s in step_items]
        session_minutes = session.get("minutes", default_minutes)
        if all(type(m) is int for m in minutes) and type(session_minutes) is int:
            total = sum(m for m in minutes if isinstance(m, int))
            if total > session_minutes:
                at_path: PathKey = ("sessions", i, "minutes")
                if at_path not in marks:
                    at_path = ("sessions", i)
                fix = (
                    "shorten steps or lengthen the session"
                    if "minutes" in session
                    else f"shorten steps or add 'minutes: {total}' to the session"
                )
                problems.append(
                    _at(
                        marks[at_path].value,
                        ("sessions", i, "minutes"),
                        f"steps add up to {total} minutes, more than the session's "
                        f"{session_minutes} — {fix}",
                    )
                )
    return problems


# --- YAML-level failures ------------------------------------------------------------


_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "a ':' where YAML does not expect one — put text "
        "that contains ': ' in quotes, or check the indentation",
    ),
    ("could not find expected ':'", "expected 'key: value' — check the indentation and the ':'"),
    (
        "did not find expected key",
        "a line is indented wrongly — line up keys of the same "
        "mapping, and start list items with '- '",
    ),
    ("did not find expected '-'", "a list item is indented wrongly — line up the '- ' items"),
    ("found unexpected end of stream", "a quote or bracket is never closed — close it"),
    ("found undefined alias", "this *alias has no &anchor — define the anchor first"),
    (
        "expected a single document",
        "the file holds more than one YAML document ('---') — keep only one",
    ),
    (
        "cannot start any token",
        "a character that cannot begin a value here (a tab, '@' or '`') — put the text in "
        "quotes, and use spaces instead of tabs",
    ),
    ("found duplicate anchor", "an &anchor name is used twice — give each anchor its own name"),
    (
        "found unknown escape character",
        "a backslash escape is not valid YAML — use single quotes or write the backslash twice",
    ),
)


def _syntax_message(exc: MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if exc.context_mark is not None and "found duplicate anchor" in context:
        problem = f"{context.split(';')[0]}, first on line {exc.context_mark.line + 1}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem or needle in (exc.context or ""):
            what, _, fix = hint.partition(" — ")
            return f"YAML syntax error, {what} ({problem}) — {fix}"
    return f"YAML syntax error ({problem}) — check indentation, quotes and colons near here"


def _tab_lines(text: str) -> list[tuple[int, int]]:
    """(line, column) of every tab used to indent a line, 1-based."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = re.match(r"[ \t]*(?:-[ \t]+)*", line)
        if indent and "\t" in indent.group(0):
            found.append((number, indent.group(0).index("\t") + 1))
    return found


def _path_on_line(text: str, line: int) -> str:
    """The field path of the deepest value on ``line`` (1-based), best effort.

    Used for problems found before the YAML can be read (tabs, bad bytes): the
    text is repaired in a throwaway copy and read again just to name the field.
    """
    try:
        node = _new_loader(text).get_single_node()
    except yaml.YAMLError:
        return "(unknown field)"
    if node is None:
        return "(top level)"
    converter = _Converter()
    converter.convert(node, (), None)
    best: PathKey | None = None
    for path, where in converter.marks.items():
        mark = where.key or where.value
        if mark.line + 1 == line and (best is None or len(path) > len(best)):
            best = path
    return _field(best) if best is not None else "(unknown field)"


# --- Entry points ---------------------------------------------------------------------


def parse_curriculum_bytes(data: bytes, path: Path) -> Curriculum:
    """Validate curriculum YAML bytes; ``path`` only names the source in messages.

    Raises ``CurriculumError`` listing every problem found, and nothing else.
    """
    if len(data) > MAX_BYTES:
        raise CurriculumError(path, [_too_big(path, len(data))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CurriculumError(path, _render(path, [_bad_bytes(data, exc)])) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CurriculumError(
            path,
            _render(
                path,
                [
                    _Problem(
                        1,
                        1,
                        "(top level)",
                        "the file is empty — start with 'id:', 'title:' and 'sessions:' "
                        "(see docs/curriculum-format.md)",
                    )
                ],
            ),
        )
    try:
        loader = _new_loader(text)
    except ReaderError as exc:
        raise CurriculumError(path, _render(path, [_bad_character(text, exc)])) from None
    try:
        root = loader.get_single_node()
    except ReaderError as exc:
        raise CurriculumError(path, _render(path, [_bad_character(text, exc)])) from None
    except MarkedYAMLError as exc:
        raise CurriculumError(path, _render(path, _yaml_failure(text, exc, loader))) from None
    except yaml.YAMLError as exc:  # a YAML error without a position
        raise CurriculumError(
            path, _render(path, [_Problem(1, 1, "(top level)", f"cannot read the YAML: {exc}")])
        ) from None
    if root is None:
        raise CurriculumError(
            path,
            _render(
                path,
                [
                    _Problem(
                        1,
                        1,
                        "(top level)",
                        "the file holds only comments — add 'id:', 'title:' and 'sessions:'",
                    )
                ],
            ),
        )
    if not isinstance(root, MappingNode) or root.tag != f"{_TAG}map":
        if root.tag in _PLAIN_TAGS | _CONTAINER_TAGS:
            what = "a list" if isinstance(root, SequenceNode) else "a single value"
            problem = _at(
                root.start_mark,
                (),
                f"the file is {what}, not a mapping — start with 'id: ...' lines, "
                "not '- ' items or bare text",
            )
        else:
            problem = _at(
                root.start_mark,
                (),
                f"the YAML tag '{_short_tag(root.tag)}' is not allowed — remove it",
            )
        raise CurriculumError(path, _render(path, [problem]))

    converter = _Converter()
    raw = converter.convert(root, (), None)
    problems = list(converter.problems)
    cross = _cross_checks(raw, converter.marks)
    problems += cross
    try:
        curriculum = Curriculum.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            existing, _ = _data_path(raw, tuple(err["loc"]))
            if any(existing[: len(bad)] == bad for bad in converter.refused):
                continue  # already reported as a refused tag or key
            explained = _explain(err, raw, converter.marks, cross)
            if explained is not None:
                problems.append(explained)
        curriculum = None
    if problems or curriculum is None:
        if not problems:  # a model check we skipped above but nothing of ours found
            problems.append(
                _Problem(
                    1, 1, "(top level)", "the curriculum is not valid — check it against the guide"
                )
            )
        raise CurriculumError(path, _render(path, problems))
    return curriculum


def _too_big(path: Path, size: int) -> str:
    return (
        f"{path}:1:1: (file): the file is {size} bytes, more than the limit of {MAX_BYTES} "
        "— split the programme into several files or shorten it"
    )


def _bad_bytes(data: bytes, exc: UnicodeDecodeError) -> _Problem:
    offset = exc.start
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    repaired = data.decode("utf-8", errors="replace")
    return _Problem(
        line,
        column,
        _path_on_line(repaired, line),
        f"byte 0x{data[offset]:02X} at byte offset {offset} is not valid UTF-8 "
        "— save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
    )


def _bad_character(text: str, exc: ReaderError) -> _Problem:
    position = max(exc.position, 0)
    if _CNodeLoader is not None:  # libyaml counts UTF-8 bytes, PyYAML characters
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    position = min(position, len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    repaired = re.sub(
        r"[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]", " ", text
    )
    return _Problem(
        line,
        column,
        _path_on_line(repaired, line),
        f"control character U+{code:04X} is not allowed in YAML — delete it",
    )


def _yaml_failure(text: str, exc: MarkedYAMLError, loader: _CountingComposer) -> list[_Problem]:
    tabs = _tab_lines(text)
    if tabs and not isinstance(exc, _LimitExceeded):
        repaired = text.replace("\t", "    ")
        return [
            _Problem(
                line,
                column,
                _path_on_line(repaired, line),
                "tab character in the indentation — replace tabs with spaces "
                "(YAML indents with spaces only)",
            )
            for line, column in tabs
        ]
    path = [part for part in loader.path if part != ""]
    message = str(exc.problem) if isinstance(exc, _LimitExceeded) else _syntax_message(exc)
    return [_at(exc.problem_mark, path, message)]


def parse_curriculum_file(path: Path) -> Curriculum:
    """Read a curriculum file and validate it.

    The size is checked twice before parsing: by ``stat`` (a huge file is never
    read) and by the bytes actually read (a pipe, a device, or a file that grows
    while we read it, reports a size that cannot be trusted).
    """
    try:
        if not path.exists():
            raise CurriculumError(
                path, [f"{path}:1:1: (file): no such file — check the path and its spelling"]
            )
        if path.is_dir():
            raise CurriculumError(
                path,
                [f"{path}:1:1: (file): this is a folder — give the path of a .yaml file in it"],
            )
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CurriculumError(path, [_too_big(path, size)])
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CurriculumError(
            path,
            [f"{path}:1:1: (file): cannot read the file: {exc.strerror} — check its permissions"],
        ) from None
    if len(data) > MAX_BYTES:
        raise CurriculumError(path, [_too_big(path, len(data))])
    return parse_curriculum_bytes(data, path)
