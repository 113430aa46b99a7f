"""One problem in a curriculum file, where it is, and how it is printed.

Every problem becomes one line a person can act on::

    FILE:LINE:COL: FIELD.PATH: what is wrong — what to do
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

PathKey = tuple[str | int, ...]
"""Where a value sits in the data: ``("sessions", 2, "steps", 4, "id")``."""

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_<-]+$")


class Mark(Protocol):
    """A position in the file as PyYAML (or libyaml) reports it, counted from 0."""

    line: int
    column: int


@dataclass(frozen=True)
class Where:
    """Marks for one value: its key (when in a mapping) and the value itself."""

    key: Mark | None
    value: Mark


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a 1-based line and column, under a printed field path."""

    line: int
    column: int
    field: str
    message: str


def field_name(path: Sequence[str | int]) -> str:
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


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes.

    A message quotes what the file holds (a key, a value); a key with a line
    break in it must not split the problem over two lines of the report.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def at(mark: Mark | None, path: Sequence[str | int], message: str) -> Problem:
    """A problem at ``mark`` (line 1, column 1 when there is none) for the field ``path``."""
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(line, column, one_line(field_name(path)), one_line(message))


def render(source: Path, problems: Iterable[Problem]) -> list[str]:
    """The problems as printed lines, in file order, each reported once."""
    unique = sorted(set(problems), key=lambda p: (p.line, p.column, p.field, p.message))
    return [f"{source}:{p.line}:{p.column}: {p.field}: {p.message}" for p in unique]
