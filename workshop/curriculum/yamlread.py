"""Read curriculum YAML safely: plain data, where every value was written, and problems.

The file comes from an organiser, so it is untrusted input. PyYAML never builds
Python objects here, nor even a node tree: we walk the events of its safe
parser (libyaml's when PyYAML has it) and build plain dicts, lists, strings and
numbers ourselves, noting the line and column of every key and value.

A curriculum needs no anchors, aliases, tags or merge keys, so each one is
refused where it is written; an alias is never expanded, so a small file cannot
blow up into a huge one. The walk stops at the node and depth limits as soon
as one is passed. Keys written twice in one mapping are reported, not silently
dropped as YAML would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import MarkedYAMLError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from workshop.curriculum.problems import Mark, PathKey, Problem, Where, at, field_name

MAX_BYTES = 1_048_576
"""Largest curriculum file accepted (1 MiB); checked before reading or parsing."""

MAX_NODES = 100_000
"""Most YAML values (keys included) one file may hold."""

MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted (a curriculum needs about 8)."""

ANCHORS_REFUSED = "anchors and aliases are not allowed in a curriculum"
"""The sentence every ``&anchor`` and ``*alias`` is refused with."""

_C_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)

LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _C_LOADER or yaml.SafeLoader
"""The parser: libyaml's when PyYAML was built with it (about ten times faster)."""

_TAG = "tag:yaml.org,2002:"
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_CONVERT = {
    f"{_TAG}int": _CONSTRUCTOR.construct_yaml_int,
    f"{_TAG}float": _CONSTRUCTOR.construct_yaml_float,
    f"{_TAG}bool": _CONSTRUCTOR.construct_yaml_bool,
}


@dataclass
class YamlRead:
    """A file read as plain data, with its marks and the problems that did not stop reading.

    ``refused`` lists the paths of values that were refused (a tag, an alias, a
    bad key): errors the models find beneath them are not worth reporting.
    """

    data: dict[str, Any]
    marks: dict[PathKey, Where]
    problems: list[Problem] = field(default_factory=list)
    refused: list[PathKey] = field(default_factory=list)


class YamlRefused(Exception):
    """The file cannot be read as curriculum data at all; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


class _Stop(Exception):
    """The walk met a problem after which nothing more can be read."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.message)


def _short_tag(tag: str) -> str:
    """A tag as written in the file: ``!!python/object:x`` rather than its long form."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


@dataclass
class _Frame:
    """A list or mapping being read."""

    path: PathKey
    value: list[Any] | dict[str, Any]
    start: Mark | None
    discard: bool  # inside something refused: read to the end, keep nothing
    is_key: bool  # a list or mapping used as a mapping key (refused when complete)
    refused: bool = False
    expect_key: bool = True
    key: str | None = None
    key_mark: Mark | None = None
    skip_value: bool = False
    first_seen: dict[str, Mark | None] = field(default_factory=dict)


class _Walker:
    """Turns parser events into plain data, noting marks and YAML-level problems."""

    def __init__(self) -> None:
        self.marks: dict[PathKey, Where] = {}
        self.problems: list[Problem] = []
        self.refused: list[PathKey] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.nodes = 0

    def error_path(self) -> PathKey:
        """Where the parser was when it failed: the open list or mapping, or the key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, dict) and not top.expect_key and top.key is not None:
            return (*top.path, top.key)
        return top.path

    def walk(self, text: str) -> None:
        """Read every event of ``text``; raises PyYAML's errors and ``_Stop``."""
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _Stop(
                        at(
                            event.start_mark,
                            (),
                            "the file holds more than one YAML document ('---') — keep only one",
                        )
                    )
            elif isinstance(event, NodeEvent):
                self._node(event)
            elif isinstance(event, CollectionEndEvent):
                frame = self.stack.pop()
                value = None if frame.refused else frame.value
                self._complete(value, frame.start, frame.is_key, refused=frame.refused)

    def _place(self) -> tuple[PathKey, bool, Mark | None, bool]:
        """Path of the value that starts now, whether it is a key, its key's mark, discard."""
        if not self.stack:
            return (), False, None, False
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value)), False, None, top.discard
        if top.expect_key:
            return top.path, True, None, top.discard
        assert top.key is not None or top.skip_value
        return (*top.path, top.key or ""), False, top.key_mark, top.discard or top.skip_value

    def _node(self, event: NodeEvent) -> None:
        path, is_key, key_mark, discard = self._place()
        mark = event.start_mark
        self.nodes += 1
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(at(mark, path, f"nested more than {MAX_DEPTH} levels deep — flatten it"))
        if self.nodes > MAX_NODES:
            raise _Stop(
                at(mark, path, f"more than {MAX_NODES} values — split the programme into files")
            )
        if not discard and not is_key and mark is not None:
            self.marks[path] = Where(key_mark, mark)
        refused = False
        if event.anchor is not None and not isinstance(event, AliasEvent):
            self._problem(mark, path, f"{ANCHORS_REFUSED} — remove '&{event.anchor}'")
        if isinstance(event, AliasEvent):
            self._problem(mark, path, f"{ANCHORS_REFUSED} — write the value out in full")
            refused = True
        elif isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            self._problem(
                mark,
                path,
                f"the YAML tag '{_short_tag(event.tag)}' is not allowed — remove it: "
                "a curriculum holds only text, numbers, true/false, lists and mappings",
            )
            refused = True
        if refused and not is_key:
            self.refused.append(path)
        if isinstance(event, CollectionStartEvent):
            container: list[Any] | dict[str, Any] = (
                {} if isinstance(event, MappingStartEvent) else []
            )
            self.stack.append(
                _Frame(path, container, mark, discard or is_key or refused, is_key, refused)
            )
        elif isinstance(event, ScalarEvent) and is_key and not refused:
            self._key(event.value, mark)
        elif isinstance(event, ScalarEvent) and not refused:
            self._complete(self._scalar(event, path), mark, is_key)
        else:
            self._complete(None, mark, is_key, refused=refused)

    def _problem(self, mark: Mark | None, path: PathKey, message: str) -> None:
        if not any(frame.discard for frame in self.stack[-1:]):
            self.problems.append(at(mark, path, message))

    def _scalar(self, event: ScalarEvent, path: PathKey) -> Any:
        # PyYAML's stubs leave ``resolve`` unannotated; it returns the tag as text.
        tag: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, event.value, event.implicit
        )
        if tag == f"{_TAG}null":
            return None
        convert = _CONVERT.get(tag)
        if convert is None:
            return event.value  # text; dates and the like too, read back as written
        try:
            return convert(yaml.ScalarNode(tag, event.value))
        except ValueError:
            # e.g. an integer with more digits than Python converts by default
            self._problem(event.start_mark, path, "this number is too long — shorten it")
            self.refused.append(path)
            return None

    def _key(self, key: str, mark: Mark | None) -> None:
        """A plain key read in the mapping on top of the stack."""
        top = self.stack[-1]
        assert isinstance(top.value, dict)
        top.expect_key = False
        top.key, top.key_mark, top.skip_value = key, mark, False
        if key == "<<":
            self._problem(
                mark,
                (*top.path, "<<"),
                "merge keys ('<<') are not allowed in a curriculum — write the keys out in full",
            )
            self._refuse_key(top)
        elif key in top.first_seen:
            first = top.first_seen[key]
            line = f" (first on line {first.line + 1})" if first is not None else ""
            self._problem(
                mark,
                (*top.path, key),
                f"duplicate key '{key}'{line} — YAML would silently keep only the last one; "
                "remove or rename one",
            )
        else:
            top.first_seen[key] = mark

    def _refuse_key(self, top: _Frame) -> None:
        top.skip_value = True
        if not top.discard:
            self.refused.append(top.path)

    def _complete(
        self, value: Any, mark: Mark | None, is_key: bool, *, refused: bool = False
    ) -> None:
        """A whole value has been read: put it where it belongs."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif is_key:
            top.expect_key = False
            if not refused:  # a refused key (an alias, a tag) is reported already
                self._problem(mark, top.path, "a key must be a plain word — write 'name: value'")
            self._refuse_key(top)
        else:
            if not top.skip_value and top.key is not None:
                top.value[top.key] = value
            top.expect_key, top.key, top.skip_value = True, None, False


# --- Reading a whole file -------------------------------------------------------------


def read_yaml(text: str) -> YamlRead:
    """Read curriculum YAML text (already decoded) into plain data with marks.

    Raises ``YamlRefused`` when the text cannot be read as a mapping at all.
    """
    if not text.strip():
        raise YamlRefused(
            [
                Problem(
                    1,
                    1,
                    "(top level)",
                    "the file is empty — start with 'id:', 'title:' and 'sessions:' "
                    "(see docs/curriculum-format.md)",
                )
            ]
        )
    walker = _Walker()
    try:
        walker.walk(text)
    except ReaderError as exc:
        raise YamlRefused([_bad_character(text, exc)]) from None
    except _Stop as stop:
        raise YamlRefused([stop.problem]) from None
    except MarkedYAMLError as exc:
        raise YamlRefused(_syntax_failure(text, exc, walker.error_path())) from None
    except yaml.YAMLError as exc:  # a YAML error without a position
        raise YamlRefused([Problem(1, 1, "(top level)", f"cannot read the YAML: {exc}")]) from None
    root = walker.root
    if isinstance(root, dict):
        return YamlRead(root, walker.marks, walker.problems, walker.refused)
    if () in walker.refused:
        raise YamlRefused(walker.problems)
    if walker.documents == 0:
        raise YamlRefused(
            [
                Problem(
                    1,
                    1,
                    "(top level)",
                    "the file holds only comments — add 'id:', 'title:' and 'sessions:'",
                )
            ]
        )
    what = "a list" if isinstance(root, list) else "a single value"
    where = walker.marks.get(())
    raise YamlRefused(
        [
            at(
                where.value if where else None,
                (),
                f"the file is {what}, not a mapping — start with 'id: ...' lines, "
                "not '- ' items or bare text",
            )
        ]
    )


# --- Problems found before the YAML can be read ---------------------------------------


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
    (
        "cannot start any token",
        "a character that cannot begin a value here (a tab, '@' or '`') — put the text in "
        "quotes, and use spaces instead of tabs",
    ),
    (
        "found unknown escape character",
        "a backslash escape is not valid YAML — use single quotes or write the backslash twice",
    ),
)


def _syntax_message(exc: MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem or needle in (exc.context or ""):
            what, _, fix = hint.partition(" — ")
            return f"YAML syntax error, {what} ({problem}) — {fix}"
    return f"YAML syntax error ({problem}) — check indentation, quotes and colons near here"


def _syntax_failure(text: str, exc: MarkedYAMLError, path: PathKey) -> list[Problem]:
    tabs = _tab_lines(text)
    if tabs:
        repaired = text.replace("\t", "    ")
        return [
            Problem(
                line,
                column,
                path_on_line(repaired, line),
                "tab character in the indentation — replace tabs with spaces "
                "(YAML indents with spaces only)",
            )
            for line, column in tabs
        ]
    return [at(exc.problem_mark, path, _syntax_message(exc))]


def _tab_lines(text: str) -> list[tuple[int, int]]:
    """(line, column) of every tab used to indent a line, 1-based."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = re.match(r"[ \t]*(?:-[ \t]+)*", line)
        if indent and "\t" in indent.group(0):
            found.append((number, indent.group(0).index("\t") + 1))
    return found


def path_on_line(text: str, line: int) -> str:
    """The field path of the deepest value on ``line`` (1-based), best effort.

    Used for problems found before the YAML can be read (tabs, bad bytes): the
    caller repairs the text in a throwaway copy, read here just to name the field.
    """
    walker = _Walker()
    try:
        walker.walk(text)
    except (yaml.YAMLError, _Stop):
        return "(unknown field)"
    if walker.documents == 0:
        return "(top level)"
    best: PathKey | None = None
    for path, where in walker.marks.items():
        mark = where.key or where.value
        if mark.line + 1 == line and (best is None or len(path) > len(best)):
            best = path
    return field_name(best) if best is not None else "(unknown field)"


def _bad_character(text: str, exc: ReaderError) -> Problem:
    position = max(exc.position, 0)
    if LOADER is _C_LOADER:  # libyaml counts UTF-8 bytes, PyYAML characters
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    position = min(position, len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    repaired = re.sub(
        r"[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]", " ", text
    )
    return Problem(
        line,
        column,
        path_on_line(repaired, line),
        f"control character U+{code:04X} is not allowed in YAML — delete it",
    )


def bad_bytes(data: bytes, exc: UnicodeDecodeError) -> Problem:
    """The first byte that is not UTF-8, with its line, offset and field."""
    offset = exc.start
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    repaired = data.decode("utf-8", errors="replace")
    return Problem(
        line,
        column,
        path_on_line(repaired, line),
        f"byte 0x{data[offset]:02X} at byte offset {offset} is not valid UTF-8 "
        "— save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
    )


__all__ = [
    "ANCHORS_REFUSED",
    "LOADER",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "YamlRead",
    "YamlRefused",
    "bad_bytes",
    "path_on_line",
    "read_yaml",
]
