"""Dates that say what they are (issue 15): labelled, in the curriculum's language."""

from __future__ import annotations

import csv
import io
from datetime import date

from workshop import rooms
from workshop.dates import deleted_on, format_day, met_on
from workshop.disclosure import Gate, Policy
from workshop.export import export_csv
from workshop.store import Store


def test_days_read_as_people_write_them_whatever_the_server_locale() -> None:
    assert format_day(date(2026, 12, 2)) == "2 December 2026"
    assert format_day(date(2027, 3, 1), "de") == "1. März 2027"
    assert format_day(date(2027, 3, 1), "de-AT") == "1. März 2027"
    assert format_day(date(2027, 5, 9), "fr") == "9 May 2027"  # no catalogue: English


def test_each_date_carries_its_own_label() -> None:
    assert met_on(date(2026, 12, 2)) == "met on 2 December 2026"
    assert deleted_on(date(2027, 1, 1)) == "data deleted on 1 January 2027"
    assert deleted_on(date(2027, 1, 1), "de") == "Daten gelöscht am 1. Januar 2027"


def test_the_csv_has_both_dates_in_their_own_columns(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "Tuesday", "test-circle", curriculum_text)
    room = rooms.open_room(
        store, group.id, "session-1", retention_days=30, today=date(2026, 11, 26)
    )
    rooms.end_room(store, room.id)
    for target in ("Tuesday", room.join_code):
        rows = list(csv.DictReader(io.StringIO(export_csv(Gate(store, Policy(3)), target).csv)))
        assert rows, target
        assert {(r["met_on"], r["data_deleted_on"]) for r in rows} == {("2026-11-26", "2026-12-26")}
