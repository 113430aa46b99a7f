"""A whole group's record, for the organiser's files or a funder: one CSV, one PDF.

Everything comes through the disclosure gate's ``record`` audience
(``disclosure.group_record``): per ended session, the results the room saw
revealed, under the small-number rule (a withheld one has no figure and no
count, in the CSV no row at all); never a prompt that was not revealed, never
hidden or flagged text; and the check-in/check-out trend, whose pooled cells
are released only when every constituent meets ``k`` on its own, so no
figure minus another gives a withheld one away. A session still running is
left out whole (its figures could still change) and the record says so.

Prompts asked in every session are told apart by their step: "check-in,
start of session" and "check-out, end of session" (``documents.labels``).
The two dates of a session are labelled apart: "met on" and "data deleted
on" (``workshop.dates``); the CSV keeps them as ISO days. No key of any kind
(token, hash, room or group id, join code) is in either file.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import pandas as pd

from workshop import rooms
from workshop.dates import deleted_on, met_on
from workshop.disclosure import Gate, GroupRecord, Release, group_record
from workshop.documents import (
    RecordPrompt,
    RecordSession,
    TrendLine,
    footer_text,
    group_record_pdf,
    labels_for,
)
from workshop.export import TREND_EXPORT_COLUMNS, guard_cell
from workshop.results import EXPORT_COLUMNS, PromptSummary, summary_rows
from workshop.takeaway import Pdf

RECORD_COLUMNS: tuple[str, ...] = (
    "section",
    "group",
    "session",
    "session_title",
    "met_on",
    "data_deleted_on",
    "step",
    *EXPORT_COLUMNS,
    *TREND_EXPORT_COLUMNS,
)
"""The record CSV's columns, in order. ``section`` is ``prompt`` or ``trend``;
``step`` labels a repeated prompt ("check-in, start of session")."""

_STEP_LABELS = {"check-in": "step_check_in", "check-out": "step_check_out"}


@dataclass(frozen=True)
class RecordCsv:
    """The record CSV: the file name to offer, its text and how many data rows."""

    filename: str
    csv: str
    rows: int


def step_label(room: rooms.Room, prompt_id: str) -> str | None:
    """The step of a prompt asked in every session ("check-in, start of session"), or ``None``."""
    role = getattr(room.session.step(prompt_id), "role", None)
    key = _STEP_LABELS.get(str(role))
    return None if key is None else labels_for(room.curriculum.language)(key)


def _filename(group: rooms.Group, extension: str) -> str:
    # No group name: it is typed by a person and may say more than a file name should.
    return f"open-circle-{group.curriculum_id}-group-record.{extension}"


def _number(value: object) -> object:
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return round(value, 2)
    return value


def record_rows(record: GroupRecord, group: rooms.Group) -> list[dict[str, object]]:
    """The record's CSV rows (column names as in ``RECORD_COLUMNS``)."""
    rows: list[dict[str, object]] = []
    dates: dict[int, tuple[str, str]] = {}
    for recorded in record.rooms:
        room = recorded.room
        met, deleted = room.opened_on.isoformat(), room.expires_on.isoformat()
        label = {
            "group": group.name,
            "session": room.session.number,
            "session_title": room.session.title,
            "met_on": met,
            "data_deleted_on": deleted,
        }
        dates.setdefault(room.session.number, (met, deleted))
        for release in recorded.releases:
            if not isinstance(release, PromptSummary):
                continue  # withheld: no row, so no count beside it either
            step = step_label(room, release.prompt_id)
            for row in summary_rows(release):
                rows.append({"section": "prompt", **label, "step": step, **row})
    if record.trend is not None:
        for trend_row in record.trend.to_dict("records"):
            number = int(trend_row["session"])
            met_day, deleted_day = dates.get(number, (None, None))
            rows.append(
                {
                    "section": "trend",
                    "group": group.name,
                    "session": number,
                    "session_title": trend_row["title"],
                    "met_on": met_day,
                    "data_deleted_on": deleted_day,
                    **{c: _number(trend_row[c]) for c in TREND_EXPORT_COLUMNS},
                }
            )
    return rows


def record_csv(gate: Gate, group_id: str) -> RecordCsv:
    """The group's record as CSV (header row included); ``GroupNotFound`` once it is gone."""
    group = rooms.get_group(gate.store, group_id)
    rows = record_rows(group_record(gate, group_id), group)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(RECORD_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: guard_cell(row.get(column)) for column in RECORD_COLUMNS})
    return RecordCsv(_filename(group, "csv"), buffer.getvalue(), len(rows))


def _cell(mean: object, n: object) -> str:
    if n is pd.NA or mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "not asked" if n == 0 else "not shown"
    return f"{float(str(mean)):.1f} ({n} answers)"


def _prompts(room: rooms.Room, releases: tuple[Release, ...]) -> tuple[RecordPrompt, ...]:
    return tuple(RecordPrompt(step_label(room, r.prompt_id), r) for r in releases)


def record_pdf(gate: Gate, group_id: str, paper: str = "a4") -> Pdf:
    """The group's record as PDF; ``GroupNotFound`` once it is gone."""
    group = rooms.get_group(gate.store, group_id)
    record = group_record(gate, group_id)
    language = record.rooms[0].room.curriculum.language if record.rooms else "en"
    sessions = [
        RecordSession(
            heading=f"Session {r.room.session.number}: {r.room.session.title}",
            dates=(met_on(r.room.opened_on, language), deleted_on(r.room.expires_on, language)),
            prompts=_prompts(r.room, r.releases),
        )
        for r in record.rooms
    ]
    trend: list[TrendLine] = []
    if record.trend is not None:
        for row in record.trend.to_dict("records"):
            trend.append(
                TrendLine(
                    f"{row['session']}. {row['title']}",
                    _cell(row["check_in_mean"], row["check_in_n"]),
                    _cell(row["check_out_mean"], row["check_out_n"]),
                )
            )
    notes = [
        f"Session {room.session.number}, {room.session.title} "
        f"({met_on(room.opened_on, language)}) is still running: "
        "it is not in this record."
        for room in record.running
    ]
    footer = "Anonymous group record"
    if record.rooms:
        footer += f" · {footer_text(record.rooms[0].room.curriculum)}"
    data = group_record_pdf(
        f"{group.name}: {group.curriculum_title}",
        sessions,
        trend,
        notes=notes,
        paper=paper,
        min_group=gate.k,
        footer=footer,
        language=language,
    )
    return Pdf(_filename(group, "pdf"), data)
