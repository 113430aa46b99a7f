"""The group record (issue 15): one CSV and one PDF for a whole group, read back.

Labelled repeated prompts, nothing under k, nothing of a prompt never revealed,
nothing hidden or flagged, nothing of a running room, and no two figures about
the same prompt that differ by fewer than k men.
"""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

import pytest
from pypdf import PdfReader

from workshop import rooms
from workshop.dates import format_day
from workshop.disclosure import Gate, Policy
from workshop.programme_record import RECORD_COLUMNS, record_csv, record_pdf
from workshop.rooms import Room
from workshop.store import Store

K = 3
HIDDEN = "Hidden pineapple confession"
FLAGGED = "I want to end my life"
SHOWN_TEXTS = ["Grateful for the quiet", "Glad I came back", "Listening was hard"]
UNREVEALED_WORDS = ["alpha", "bravo", "charlie", "delta"]
RUNNING_TEXT = "quokka-running-room-text"
CHECK_IN = "check-in, start of session"
CHECK_OUT = "check-out, end of session"


def _ask(store: Store, room: Room, step_id: str, answers: list[Any], reveal: bool) -> None:
    """Open ``step_id``, answer it from fresh phones, close it (and reveal it)."""
    current = rooms.get_room(store, room.id)
    index = [s.id for s in current.session.steps].index(step_id)
    current = rooms.jump_to(store, room.id, current.revision, index)
    current = rooms.open_prompt(store, room.id, current.revision)
    phones = [rooms.join(store, room.join_code).token for _ in answers]
    for token, value in zip(phones, answers, strict=True):
        if value is None:
            rooms.pass_prompt(store, token, step_id)
        else:
            rooms.submit_answer(store, token, step_id, value)
    current = rooms.close_prompt(store, room.id, current.revision)
    if reveal:
        rooms.reveal_prompt(store, room.id, current.revision)


@pytest.fixture
def programme(store: Store, curriculum_text: str) -> rooms.Group:
    group = rooms.create_group(store, "Tuesday", "test-circle", curriculum_text)
    first = rooms.open_room(store, group.id, "session-1", retention_days=30)
    _ask(store, first, "check-in", [4, 6, 8, 5, None], reveal=True)
    _ask(store, first, "choice-one", ["Family", "Health"], reveal=True)  # under k
    _ask(store, first, "one-word", UNREVEALED_WORDS, reveal=False)  # never revealed
    current = rooms.get_room(store, first.id)
    index = [s.id for s in current.session.steps].index("open-text")
    current = rooms.jump_to(store, first.id, current.revision, index)
    current = rooms.open_prompt(store, first.id, current.revision)
    for text in [*SHOWN_TEXTS, HIDDEN, FLAGGED]:
        rooms.submit_answer(store, rooms.join(store, first.join_code).token, "open-text", text)
    current = rooms.close_prompt(store, first.id, current.revision)
    [ref] = [t.ref for t in rooms.private_texts(store, first.id, "open-text") if t.text == HIDDEN]
    rooms.hide_answer(store, first.id, "open-text", ref)
    rooms.reveal_prompt(store, first.id, rooms.get_room(store, first.id).revision)
    _ask(store, first, "check-out", [7, 7, 9, 2], reveal=True)
    rooms.end_room(store, first.id)
    # Session 1 met again with two men: its pooled check-in must stay withheld.
    again = rooms.open_room(store, group.id, "session-1", retention_days=30)
    _ask(store, again, "check-in", [1, 2], reveal=True)
    rooms.end_room(store, again.id)
    second = rooms.open_room(store, group.id, "session-2", retention_days=30)
    _ask(store, second, "check-in", [3, 3, 3, 3], reveal=True)
    _ask(store, second, "check-out", [8, 8, 8], reveal=False)  # closed, never revealed
    rooms.end_room(store, second.id)
    running = rooms.open_room(store, group.id, "session-2", retention_days=30)
    _ask(store, running, "open-text", [RUNNING_TEXT] * 4, reveal=True)
    return group


def _csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == RECORD_COLUMNS
    return list(reader)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_record_csv_holds_what_the_room_saw_and_nothing_else(
    store: Store, programme: rooms.Group
) -> None:
    made = record_csv(Gate(store, Policy(K)), programme.id)
    assert made.filename == "open-circle-test-circle-group-record.csv"
    rows = _csv_rows(made.csv)
    prompts = [r for r in rows if r["section"] == "prompt"]
    # Only revealed prompts with k answers: never the choice (2), the unrevealed
    # words or check-out, the second meeting's check-in (2), or the running room.
    assert {(r["session"], r["prompt_id"]) for r in prompts} == {
        ("1", "check-in"),
        ("1", "open-text"),
        ("1", "check-out"),
        ("2", "check-in"),
    }
    everything = made.csv
    for absent in [HIDDEN, FLAGGED, RUNNING_TEXT, "Family", "Health", *UNREVEALED_WORDS]:
        assert absent not in everything
    assert "One word for today?" not in everything
    assert sorted(r["text"] for r in prompts if r["text"]) == sorted(SHOWN_TEXTS)
    assert all(int(r["answered"]) >= K for r in prompts)
    # Repeated prompts carry their step; the others none.
    steps = {r["prompt_id"]: r["step"] for r in prompts}
    assert steps == {"check-in": CHECK_IN, "check-out": CHECK_OUT, "open-text": ""}
    # Both dates, in their own columns.
    assert {(r["met_on"], r["data_deleted_on"]) for r in rows} == {
        (programme.created_on.isoformat(), rooms.list_rooms(store)[0].expires_on.isoformat())
    }
    trend = {r["session"]: r for r in rows if r["section"] == "trend"}
    assert (trend["1"]["check_in_mean"], trend["1"]["check_in_n"]) == ("", "")  # 4 and 2 pooled
    assert (trend["1"]["check_out_mean"], trend["1"]["check_out_n"]) == ("6.25", "4")
    assert (trend["2"]["check_in_mean"], trend["2"]["check_in_n"]) == ("3.0", "4")
    assert (trend["2"]["check_out_mean"], trend["2"]["check_out_n"]) == ("", "")  # not revealed
    # No two figures about one prompt of one session differ by fewer than k men.
    figures: dict[tuple[str, str], set[int]] = {}
    for r in prompts:
        figures.setdefault((r["session"], r["prompt_id"]), set()).add(int(r["answered"]))
    for number, r in trend.items():
        for role, prefix in (("check-in", "check_in"), ("check-out", "check_out")):
            if r[f"{prefix}_n"]:
                figures.setdefault((number, role), set()).add(int(r[f"{prefix}_n"]))
    for seen in figures.values():
        for a, b in itertools.combinations(seen, 2):
            assert abs(a - b) >= K, (a, b)


def test_the_record_pdf_labels_repeated_prompts_and_leaves_out_what_was_not_released(
    store: Store, programme: rooms.Group
) -> None:
    made = record_pdf(Gate(store, Policy(K)), programme.id)
    assert made.filename == "open-circle-test-circle-group-record.pdf"
    text = _pdf_text(made.data)
    first = text.index("Session 1: Session 1")
    assert text.index("Check-in, start of session", first) < text.index(
        "How are you arriving, 0 to 10?", first
    )
    assert text.index("Check-out, end of session", first) < text.index(
        "How are you leaving, 0 to 10?", first
    )
    day = rooms.list_rooms(store)[0]
    assert f"met on {format_day(day.opened_on)}" in text
    assert f"data deleted on {format_day(day.expires_on)}" in text
    for text_shown in SHOWN_TEXTS:
        assert text_shown in text
    for absent in [HIDDEN, FLAGGED, RUNNING_TEXT, "Family", "Health", *UNREVEALED_WORDS]:
        assert absent not in text
    assert "One word for today?" not in text
    # The choice was revealed to the room with two answers: its question, no figure.
    start = text.index("Which matters most this week?")
    assert text[start:].split("Not shown: too few answers", 1)[0].count("answers") == 0
    assert "4 answers · average 5.8" in text  # the first meeting's check-in (5.75)
    assert "2 answers" not in text
    assert "still running: it is not in this record" in text
    assert "not shown" in text  # the withheld trend cells
    assert "6.2 (4 answers)" in text and "3.0 (4 answers)" in text


def test_a_group_without_ended_sessions_has_an_empty_record(
    store: Store, curriculum_text: str
) -> None:
    group = rooms.create_group(store, "Quiet", "test-circle", curriculum_text)
    made = record_csv(Gate(store, Policy(K)), group.id)
    assert _csv_rows(made.csv) == [] and made.rows == 0
    assert "No session of this group has ended yet." in _pdf_text(
        record_pdf(Gate(store, Policy(K)), group.id).data
    )


def test_a_deleted_group_has_no_record(store: Store, programme: rooms.Group) -> None:
    rooms.delete_group(store, programme.id, "Tuesday")
    with pytest.raises(rooms.GroupNotFound):
        record_csv(Gate(store, Policy(K)), programme.id)
