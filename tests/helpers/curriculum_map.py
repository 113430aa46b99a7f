"""Check a curriculum map: every idea of a source text lands somewhere real.

A curriculum map is a Markdown file with a table whose header has an ``idea``
column and a ``lands in`` column (a ``section`` column is optional). Each row
names one idea of the source the programme was built on, and its landings:
``session-id/step-id`` for a slide, prompt or exercise, or
``session-id/handout`` for a session's handout, separated by commas (backticks
around a landing are allowed).

A ``keyword`` column (optional, but the repository's map has one) holds a word
or word stem that carries the idea; every landing's text must contain it
(case-insensitive), so a row cannot claim a step that never mentions the idea.
A step's text is everything written on it (title, body, question, options,
instructions, the home version, notes); a handout's is its key ideas,
practice, journal prompts, further reading and sections.

The checker reports, with the map's line number, every idea without a landing,
every landing that is malformed or names a session or step the curriculum does
not have, every landing whose text lacks the row's keyword, and every idea
listed twice. It never raises for a bad row: a map with many mistakes gets one
problem per mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workshop.curriculum import Curriculum

HANDOUT = "handout"
"""The landing name for a session's handout: ``session-id/handout``."""

_IDEA_COLUMN = "idea"
_LANDS_COLUMN = "lands in"
_SECTION_COLUMN = "section"
_KEYWORD_COLUMN = "keyword"
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")


class CurriculumMapError(Exception):
    """A map file cannot be read as a map at all (no table, unreadable file)."""


@dataclass(frozen=True)
class MapEntry:
    """One row of the map: an idea of the source and where it lands."""

    line: int
    section: str
    idea: str
    landings: tuple[str, ...]
    keyword: str | None = None
    """The row's keyword; ``None`` when the map has no keyword column."""


@dataclass(frozen=True)
class MapProblem:
    """One thing wrong with a map row, with what to do about it."""

    line: int
    idea: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.idea!r}: {self.message}"


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row, stripped (escaped pipes are not supported)."""
    body = line.strip()
    body = body.removeprefix("|")
    body = body.removesuffix("|")
    return [cell.strip() for cell in body.split("|")]


def _is_row(line: str) -> bool:
    return line.strip().startswith("|")


def parse_curriculum_map(text: str) -> list[MapEntry]:
    """Read the map table from Markdown text.

    The first table whose header has ``idea`` and ``lands in`` columns is the
    map; rows after it up to the first non-table line are its entries. Raises
    ``CurriculumMapError`` when there is no such table.
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not _is_row(line):
            continue
        header = [cell.casefold() for cell in _cells(line)]
        if _IDEA_COLUMN not in header or _LANDS_COLUMN not in header:
            continue
        idea_at = header.index(_IDEA_COLUMN)
        lands_at = header.index(_LANDS_COLUMN)
        section_at = header.index(_SECTION_COLUMN) if _SECTION_COLUMN in header else None
        keyword_at = header.index(_KEYWORD_COLUMN) if _KEYWORD_COLUMN in header else None
        entries: list[MapEntry] = []
        for number, row in enumerate(lines[index + 1 :], start=index + 2):
            if not _is_row(row):
                break
            cells = _cells(row)
            if all(_SEPARATOR_CELL.match(cell) for cell in cells if cell):
                continue
            # A short row is kept, with empty cells, so the checker can report it.
            cells += [""] * (len(header) - len(cells))
            landings = tuple(
                part.strip().strip("`").strip()
                for part in cells[lands_at].replace("<br>", ",").split(",")
                if part.strip().strip("`").strip()
            )
            entries.append(
                MapEntry(
                    line=number,
                    section=cells[section_at] if section_at is not None else "",
                    idea=cells[idea_at],
                    landings=landings,
                    keyword=cells[keyword_at].strip("`").strip()
                    if keyword_at is not None
                    else None,
                )
            )
        return entries
    raise CurriculumMapError(
        "no map table found: add a Markdown table with the columns "
        f"'| {_IDEA_COLUMN} | {_LANDS_COLUMN} |'"
    )


def _landing_problem(landing: str, curriculum: Curriculum) -> str | None:
    """Why a landing does not exist in the curriculum, or None when it does."""
    session_id, slash, step_id = landing.partition("/")
    if not slash or not session_id or not step_id or "/" in step_id:
        return (
            f"landing {landing!r} is not 'session-id/step-id' or 'session-id/{HANDOUT}': "
            "fix its form"
        )
    try:
        session = curriculum.session(session_id)
    except KeyError:
        known = ", ".join(session.id for session in curriculum.sessions)
        return f"landing {landing!r}: no session {session_id!r} in the curriculum (known: {known})"
    if step_id == HANDOUT:
        return None
    try:
        session.step(step_id)
    except KeyError:
        return (
            f"landing {landing!r}: session {session_id!r} has no step {step_id!r}: "
            "use one of its step ids or 'handout'"
        )
    return None


def _strings(value: object) -> list[str]:
    """Every string inside a model dump (nested mappings and lists included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def landing_text(landing: str, curriculum: Curriculum) -> str:
    """All text written at an existing landing, folded to lower case."""
    session_id, _, step_id = landing.partition("/")
    session = curriculum.session(session_id)
    if step_id == HANDOUT:
        dumped: object = session.handout.model_dump()
    else:
        dumped = session.step(step_id).model_dump(exclude={"id", "type", "role"})
    return " ".join(" ".join(_strings(dumped)).split()).casefold()


def check_curriculum_map(entries: Iterable[MapEntry], curriculum: Curriculum) -> list[MapProblem]:
    """Every problem with the map's rows against this curriculum; empty when all is well."""
    problems: list[MapProblem] = []
    seen: dict[str, int] = {}
    for entry in entries:
        if not entry.idea:
            problems.append(MapProblem(entry.line, entry.idea, "the idea cell is empty: name it"))
        else:
            key = entry.idea.casefold()
            if key in seen:
                problems.append(
                    MapProblem(
                        entry.line,
                        entry.idea,
                        f"listed twice (first on line {seen[key]}): merge the rows",
                    )
                )
            else:
                seen[key] = entry.line
        if not entry.landings:
            problems.append(
                MapProblem(
                    entry.line,
                    entry.idea,
                    "no landing place: add 'session-id/step-id' or "
                    f"'session-id/{HANDOUT}' where the programme covers it",
                )
            )
        if entry.keyword is not None and not entry.keyword:
            problems.append(
                MapProblem(
                    entry.line,
                    entry.idea,
                    "the keyword cell is empty: write a word the landings use for this idea",
                )
            )
        for landing in entry.landings:
            problem = _landing_problem(landing, curriculum)
            if problem is not None:
                problems.append(MapProblem(entry.line, entry.idea, problem))
            elif entry.keyword and entry.keyword.casefold() not in landing_text(
                landing, curriculum
            ):
                problems.append(
                    MapProblem(
                        entry.line,
                        entry.idea,
                        f"landing {landing!r} never says {entry.keyword!r}: it does not carry "
                        "this idea; remove the landing, or pick a keyword every landing uses",
                    )
                )
    return problems


def check_map_file(map_path: Path | str, curriculum: Curriculum) -> list[MapProblem]:
    """Read a map file and check it against a loaded curriculum.

    Raises ``CurriculumMapError`` when the file cannot be read or holds no map table.
    """
    path = Path(map_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurriculumMapError(f"{path}: cannot read the map: {exc}") from None
    try:
        entries = parse_curriculum_map(text)
    except CurriculumMapError as exc:
        raise CurriculumMapError(f"{path}: {exc}") from None
    return check_curriculum_map(entries, curriculum)


def missing_ideas(entries: Iterable[MapEntry], ideas: Iterable[str]) -> list[str]:
    """The ideas (matched case-insensitively as part of a row's idea) no row names."""
    names = [entry.idea.casefold() for entry in entries]
    return [idea for idea in ideas if not any(idea.casefold() in name for name in names)]
