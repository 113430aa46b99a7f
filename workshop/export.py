"""Export a group's (or one room's) anonymous results as CSV, for funders.

What goes out is what the disclosure gate (``workshop.disclosure``) releases
to the ``export`` audience, laid out as rows: per prompt, the aggregates that
``results.summary_rows`` gives (scale points and mean, option counts, word
counts, open texts), and the group's check-in/check-out trend session by
session. The gate releases nothing of an open prompt, nothing below ``k``,
a scale or choice only once revealed or once its room ended (so it can never
change again), words and text only once revealed, never hidden or flagged
answers, and a pooled trend figure only when every room and prompt in it
meets ``k`` on its own. What never goes out: any key (no token, phone or
answer hash, no room or group id, no join code or display key), passes.
Rows are labelled by the human names only: group, session number and title,
the day the session met and the day its data is deleted by itself
(``met_on``, ``data_deleted_on``: ISO days, so a spreadsheet sorts them).

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
from workshop.disclosure import ExportRelease, Gate
from workshop.normalise import clean_cell
from workshop.results import EXPORT_COLUMNS, summary_rows
from workshop.rooms import Group

TREND_EXPORT_COLUMNS = ("check_in_mean", "check_in_n", "check_out_mean", "check_out_n")

COLUMNS: tuple[str, ...] = (
    "section",
    "group",
    "session",
    "session_title",
    "met_on",
    "data_deleted_on",
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


def _resolve(gate: Gate, target: str) -> tuple[Group, ExportRelease]:
    store = gate.store
    wanted = " ".join(target.split())
    groups = rooms.list_groups(store)
    for group in groups:
        if group.id == wanted or group.name.casefold() == wanted.casefold():
            return group, gate.export(group_id=group.id)
    try:
        # A room purged between these two reads is simply not found.
        room = rooms.find_room(store, wanted)
        released = gate.export(room_id=room.id)
    except rooms.RoomNotFound:
        pass
    else:
        return rooms.get_group(store, room.group_id), released
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


def export_rows(gate: Gate, target: str) -> tuple[Group, int, list[dict[str, object]]]:
    """The export's rows for a group (by name or id) or one room (id or join code).

    Only what ``gate`` releases to the ``export`` audience (``workshop.disclosure``).
    """
    group, released = _resolve(gate, target)
    rows: list[dict[str, object]] = []
    for release in released.rooms:
        session = release.room.session
        label = {
            "group": group.name,
            "session": session.number,
            "session_title": session.title,
            "met_on": release.room.opened_on.isoformat(),
            "data_deleted_on": release.room.expires_on.isoformat(),
        }
        for summary in release.summaries:
            for row in summary_rows(summary):
                rows.append({"section": "prompt", **label, **row})
    if released.trend is not None:
        met = {r.room.session.number: r.room.opened_on for r in released.rooms}
        deleted = {r.room.session.number: r.room.expires_on for r in released.rooms}
        for trend_row in released.trend.to_dict("records"):
            number = int(trend_row["session"])
            rows.append(
                {
                    "section": "trend",
                    "group": group.name,
                    "session": number,
                    "session_title": trend_row["title"],
                    "met_on": _day(met.get(number)),
                    "data_deleted_on": _day(deleted.get(number)),
                    **{c: _clean_number(trend_row[c]) for c in TREND_EXPORT_COLUMNS},
                }
            )
    return group, len(released.rooms), rows


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def guard_cell(value: object) -> object:
    """A CSV cell made safe to open in a spreadsheet (see the module): for other CSVs."""
    return _guard(value)


def _clean_number(value: object) -> object:
    if value is pd.NA:
        return None
    if isinstance(value, float):
        return None if pd.isna(value) else round(value, 2)
    return value


def export_csv(gate: Gate, target: str) -> Export:
    """The export as CSV text (header row included), through the disclosure ``gate``."""
    group, sessions, rows = export_rows(gate, target)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _guard(row.get(column)) for column in COLUMNS})
    return Export(csv=buffer.getvalue(), rows=len(rows), group=group.name, sessions=sessions)
