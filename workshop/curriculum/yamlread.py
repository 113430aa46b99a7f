"""Read curriculum YAML text: plain data with marks, or the problems that stop reading.

``yamlwalk`` does the walking and refuses anchors, aliases, tags and merge keys;
here a whole file is read, and problems found before the YAML can be read at
all (syntax errors, tabs, control characters, bytes that are not UTF-8) are
turned into lines that name the field, read from a repaired throwaway copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.error import MarkedYAMLError
from yaml.reader import ReaderError

from workshop.curriculum.problems import PathKey, Problem, Where, at, field_name
from workshop.curriculum.yamlwalk import Stop, Walker, positions_in_bytes

MAX_BYTES = 1_048_576
"""Largest curriculum file accepted (1 MiB); checked before reading or parsing."""


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
    walker = Walker()
    try:
        walker.walk(text)
    except ReaderError as exc:
        raise YamlRefused([_bad_character(text, exc)]) from None
    except Stop as stop:
        raise YamlRefused([*walker.problems, stop.problem]) from None
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
    walker = Walker()
    try:
        walker.walk(text)
    except (yaml.YAMLError, Stop):
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
    if positions_in_bytes():
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
