"""The facilitator guide: overview, running clock, prompts and exercises."""

from __future__ import annotations

import io

import pytest
from helpers.documents import (
    AGREEMENTS,
    flat,
    pdf_text,
    programme,
    session_data,
    typeset,
)
from pypdf import PdfReader

from workshop.curriculum import Curriculum
from workshop.documents import (
    clock,
    facilitator_guide_pdf,
)

# --- Facilitator guide --------------------------------------------------------------------


def test_guide_overview_lists_sessions_minutes_and_goals(
    curriculum: Curriculum, guide: bytes
) -> None:
    reader = PdfReader(io.BytesIO(guide))
    overview = flat(reader.pages[0].extract_text() or "")
    assert "Facilitator guide" in overview
    for session in curriculum.sessions:
        assert session.title in overview
        assert f"{session.step_minutes} of {session.minutes} minutes planned" in overview
        for goal in session.goals:
            assert goal in overview
    # The steps start on the next page: the overview stands alone.
    assert "Note 1-A" not in overview


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_guide_overview_stays_one_page_for_a_long_programme(paper: str) -> None:
    # Eight sessions (the most CONTENT.md suggests), three goals of about ninety characters.
    long_goal = "Practise a long and carefully worded goal that wraps over two lines of the table"
    sessions = []
    for number in range(1, 9):
        session = session_data(number, f"A rather long session title number {number} for the test")
        session["goals"] = [f"{long_goal} ({number}.{g})" for g in range(1, 4)]
        sessions.append(session)
    curriculum = programme(sessions=sessions)
    reader = PdfReader(io.BytesIO(facilitator_guide_pdf(curriculum, paper)))
    overview = flat(reader.pages[0].extract_text() or "")
    for session in curriculum.sessions:
        assert session.title in overview
        assert f"({session.number}.3)" in overview
    assert "About this programme" in flat(reader.pages[1].extract_text() or "")


def test_guide_has_summary_disclaimer_agreements_and_support(
    curriculum: Curriculum, guide: bytes
) -> None:
    about = flat(PdfReader(io.BytesIO(guide)).pages[1].extract_text() or "")
    assert curriculum.summary in about
    assert curriculum.disclaimer in about
    for agreement in AGREEMENTS:
        assert typeset(agreement) in about
    assert "988" in about and "116 123" in about


def test_guide_holds_every_note_in_order_with_a_running_clock(
    curriculum: Curriculum, guide: bytes
) -> None:
    text = flat(pdf_text(guide))
    position = -1
    for session in curriculum.sessions:
        start = 0
        for step in session.steps:
            found = text.find(step.notes, position + 1)
            assert found > position, f"{session.id}/{step.id} notes missing or out of order"
            stamp = text.rfind(f"{clock(start)} · {step.minutes} min", 0, found)
            assert stamp > position, f"{session.id}/{step.id}: no clock before its notes"
            position = found
            start += step.minutes


def test_guide_shows_prompts_and_exercises(curriculum: Curriculum, guide: bytes) -> None:
    text = flat(pdf_text(guide))
    assert "How connected do you feel right now (session 2)?" in text
    assert "from 0 (not at all) to 10 (completely)" in text
    assert "Answer: one word: up to 2 words" in text
    assert "word(s)" not in text
    assert "Answer: choice, pick one:" in text
    for option in ["Talking", "Listening", "Waiting"]:
        assert f"• {option}" in text
    assert "Answer: short text: up to 200 characters" in text
    assert "Listening in pairs 3" in text
    assert "One man talks for three minutes; the other only listens." in text
    assert "Teaching 2" in text and "first point" in text


def test_clock_formats_hours_and_minutes() -> None:
    assert [clock(m) for m in (0, 10, 59, 60, 125)] == ["0:00", "0:10", "0:59", "1:00", "2:05"]


@pytest.mark.parametrize(("count", "words"), [(1, "1 session"), (3, "3 sessions")])
def test_guide_overview_counts_sessions_in_plain_english(count: int, words: str) -> None:
    sessions = [session_data(n, f"Session {n}") for n in range(1, count + 1)]
    guide = facilitator_guide_pdf(programme(sessions=sessions))
    overview = flat(PdfReader(io.BytesIO(guide)).pages[0].extract_text() or "")
    assert f"Version 1.2.3 · {words}" in overview
    assert "1 sessions" not in overview
