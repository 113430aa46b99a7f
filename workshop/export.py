"""Export a group's (or one room's) anonymous results as CSV, for funders.

What goes out: per prompt with at least ``k`` answers, the aggregates that
``results.summary_rows`` gives (scale points and mean, option counts, word
counts); open text and words only for prompts the facilitator revealed, never
hidden or flagged ones; and the group's check-in/check-out trend, session by
session, with a mean only where at least ``k`` phones answered. What never
goes out: any key (no token, phone or answer hash, no room or group id, no
join code or display key), passes, and anything of a prompt below ``k``.
Rows are labelled by the human names only: group, session number and title,
and the day the session met.

Like every other reader, it reads through ``workshop.rooms`` (``group_records``,
``room_record``): answers arrive without their keys, and no transaction or
store row is handled here.

Every text cell is cleaned of control, format and bidirectional characters
(``normalise.clean_cell``: NUL, zero-width, right-to-left overrides and
isolates), and a cell that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from workshop import rooms
from workshop.curriculum import PromptStep
from workshop.normalise import clean_cell
from workshop.results import EXPORT_COLUMNS, TrendRow, group_trend, summarize, summary_rows
from workshop.rooms import Group, RoomRecord
from workshop.store import Store

TREND_EXPORT_COLUMNS = ("check_in_mean", "check_in_n", "check_out_mean", "check_out_n")

COLUMNS: tuple[str, ...] = (
    "section",
    "group",
    "session",
    "session_title",
    "met_on",
    *EXPORT_COLUMNS,
    *TREND_EXPORT_COLUMNS,
)
"""CSV columns, in order. ``section`` is ``prompt`` or ``trend``."""

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """The export cannot run; the message says what to do."""


class ExportTargetNotFound(ExportError):
    """No group or room matches what was asked for."""


@dataclass(frozen=True)
class Export:
    """The CSV text and how many data rows it has."""

    csv: str
    rows: int
    group: str
    sessions: int


def _resolve(store: Store, target: str) -> tuple[Group, list[RoomRecord]]:
    wanted = " ".join(target.split())
    groups = rooms.list_groups(store)
    for group in groups:
        if group.id == wanted or group.name.casefold() == wanted.casefold():
            return group, rooms.group_records(store, group.id)
    try:
        # A room purged between these two reads is simply not found.
        record = rooms.room_record(store, rooms.find_room(store, wanted).id)
    except rooms.RoomNotFound:
        pass
    else:
        return rooms.get_group(store, record.room.group_id), [record]
    names = ", ".join(repr(g.name) for g in groups) or "none yet"
    raise ExportTargetNotFound(
        f"No group or room called {target!r}. Groups: {names}. "
        "Give a group's name (in quotes if it has spaces) or a room's join code."
    )


def _guard(value: object) -> object:
    if not isinstance(value, str):
        return value
    # Control and bidirectional characters first: a right-to-left override
    # can make a cell read backwards, and "\u200b=cmd()" must still be caught.
    value = clean_cell(value)
    if value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def export_rows(store: Store, target: str, k: int) -> tuple[Group, int, list[dict[str, object]]]:
    """The export's rows for a group (by name or id) or one room (id or join code)."""
    group, records = _resolve(store, target)
    rows: list[dict[str, object]] = []
    trend_input: list[TrendRow] = []
    ordered = sorted(records, key=lambda r: (r.room.session.number, r.room.opened_on))
    for record in ordered:
        session = record.room.session
        label = {
            "group": group.name,
            "session": session.number,
            "session_title": session.title,
            "met_on": record.room.opened_on.isoformat(),
        }
        for prompt in session.prompts():
            mine = [a for a in record.answers if a.prompt_id == prompt.id]
            values = [
                a.value
                for a in mine
                if a.value is not None and not (a.passed or a.hidden or a.flagged)
            ]
            passes = sum(1 for a in mine if a.passed)
            if prompt.role in ("check-in", "check-out") and prompt.kind == "scale":
                # A scale's stored values are whole numbers (``validate_answer``).
                scores = [v for v in values if isinstance(v, int)]
                trend_input.append((session.number, session.title, prompt.role, scores, passes))
            if not _may_export(prompt, record):
                continue
            summary = summarize(prompt, values, passes, k)
            for row in summary_rows(summary):
                rows.append({"section": "prompt", **label, **row})
    if trend_input:
        trend = group_trend(trend_input, k)
        met = {r.room.session.number: r.room.opened_on for r in ordered}
        for trend_row in trend.to_dict("records"):
            number = int(trend_row["session"])
            rows.append(
                {
                    "section": "trend",
                    "group": group.name,
                    "session": number,
                    "session_title": trend_row["title"],
                    "met_on": _day(met.get(number)),
                    **{c: _clean_number(trend_row[c]) for c in TREND_EXPORT_COLUMNS},
                }
            )
    return group, len(ordered), rows


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _clean_number(value: object) -> object:
    if isinstance(value, float):
        return None if pd.isna(value) else round(value, 2)
    return value


def _may_export(prompt: PromptStep, record: RoomRecord) -> bool:
    # Free input (words, text) goes out only once the room has seen it: the
    # facilitator previewed it and could hide anything before revealing.
    if prompt.kind in ("word", "text"):
        return prompt.id in record.revealed
    return True


def export_csv(store: Store, target: str, k: int) -> Export:
    """The export as CSV text (header row included)."""
    group, sessions, rows = export_rows(store, target, k)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _guard(row.get(column)) for column in COLUMNS})
    return Export(csv=buffer.getvalue(), rows=len(rows), group=group.name, sessions=sessions)
