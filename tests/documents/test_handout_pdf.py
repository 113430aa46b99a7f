"""Session handouts: real PDFs, read back with pypdf and pypdfium2."""

from __future__ import annotations

import html
import re

import pypdfium2 as pdfium
import pytest
from helpers.documents import (
    AGREEMENTS,
    DEFAULT_CURRICULUM,
    flat,
    pdf_text,
    programme_data,
    typeset,
)

from workshop.curriculum import Curriculum, ExerciseStep, load_curriculum
from workshop.documents import (
    facilitator_guide_pdf,
    inline_markup,
    session_handout_pdf,
)

# --- Session handouts ------------------------------------------------------------------


def test_handout_holds_title_ideas_exercise_practice_and_journal(
    curriculum: Curriculum, handouts: dict[int, bytes]
) -> None:
    for session in curriculum.sessions:
        text = flat(pdf_text(handouts[session.number]))
        assert session.title in text
        assert curriculum.title in text
        for goal in session.goals:
            assert goal in text
        for idea in session.handout.key_ideas:
            assert idea in text
        for prompt in session.handout.journal_prompts:
            assert prompt in text
        assert session.handout.practice in text
        exercise = next(s for s in session.steps if isinstance(s, ExerciseStep))
        assert exercise.title in text
        assert "One man talks for three minutes; the other only listens." in text
        assert "At home:" in text
        # Other sessions' content stays out.
        for other in curriculum.sessions:
            if other.number != session.number:
                assert other.handout.key_ideas[0] not in text


def test_every_handout_has_support_numbers_and_disclaimer(
    curriculum: Curriculum, handouts: dict[int, bytes]
) -> None:
    for pdf in handouts.values():
        text = flat(pdf_text(pdf))
        for number in ["988", "116 123", "85258", "9-8-8", "13 11 14", "findahelpline.com"]:
            assert number in text
        assert curriculum.disclaimer in text


def test_agreements_in_full_in_session_one_and_a_reminder_after(
    handouts: dict[int, bytes],
) -> None:
    first = flat(pdf_text(handouts[1]))
    for agreement in AGREEMENTS:
        assert typeset(agreement) in first
    assert "Reminder:" not in first
    for number in (2, 3):
        later = flat(pdf_text(handouts[number]))
        assert "Reminder: the agreements we made in session 1 still hold" in later
        assert typeset(AGREEMENTS[0]) not in later
        assert typeset(AGREEMENTS[-1]) not in later


def _lines_below(pdf: bytes, text: str, depth: float = 200) -> int:
    """Full-width horizontal lines within ``depth`` points under ``text`` on the page.

    Finds the text with pdfium, renders the page and counts bands of pixel rows
    that are dark across 90 % of the text width: writing lines, not letters.
    """
    scale = 2
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            found = page.get_textpage().search(text[:24]).get_next()
            if not found:
                continue
            _left, bottom, _right, _top = page.get_textpage().get_charbox(found[0])
            width, height = page.get_size()
            image = page.render(scale=scale).to_pil().convert("L")
            x0, x1 = int(60 * scale), int((width - 60) * scale)
            y0 = int((height - bottom) * scale) + 4
            bands, previous = 0, -10
            for y in range(y0, min(image.height, y0 + int(depth * scale))):
                dark = sum(image.crop((x0, y, x1, y + 1)).histogram()[:200])
                if dark > 0.9 * (x1 - x0):
                    if y - previous > 1:
                        bands += 1
                    previous = y
            return bands
    finally:
        document.close()
    raise AssertionError(f"{text!r} not found in the PDF")


def test_journal_prompts_are_followed_by_ruled_lines(
    curriculum: Curriculum, handouts: dict[int, bytes]
) -> None:
    for session in curriculum.sessions:
        for prompt in session.handout.journal_prompts:
            assert _lines_below(handouts[session.number], prompt) >= 6, prompt
    # The key ideas have no writing space under them.
    first = curriculum.sessions[0]
    assert _lines_below(handouts[1], first.handout.key_ideas[0], depth=60) == 0


def test_further_reading_and_markdown_blocks_print(curriculum: Curriculum) -> None:
    data = programme_data()
    data["sessions"][0]["handout"]["further_reading"] = ["Real, *I Don't Want to Talk About It*"]
    data["sessions"][0]["handout"]["practice"] = (
        "# This week\n\n1. Notice a feeling\n2. Name it\n\n- alone\n- with **someone**"
    )
    curriculum = Curriculum.model_validate(data)
    text = flat(pdf_text(session_handout_pdf(curriculum, curriculum.sessions[0])))
    assert "Further reading" in text
    assert "Real, I Don’t Want to Talk About It" in text
    assert "This week 1 Notice a feeling 2 Name it • alone • with someone" in text.replace(
        "1.", "1"
    ).replace("2.", "2")


def test_same_input_gives_the_same_bytes(curriculum: Curriculum) -> None:
    session = curriculum.sessions[1]
    assert session_handout_pdf(curriculum, session) == session_handout_pdf(curriculum, session)


# --- The default programme, when it is in the repository ----------------------------------


def _printed(text: str) -> str:
    """What organiser Markdown looks like once printed: the markup gone, the text kept."""
    return flat(html.unescape(re.sub(r"<[^>]+>", "", inline_markup(text))))


@pytest.mark.skipif(not DEFAULT_CURRICULUM.exists(), reason="default programme not merged yet")
def test_default_programme_prints_every_handout_and_the_guide() -> None:
    curriculum = load_curriculum(DEFAULT_CURRICULUM)
    for session in curriculum.sessions:
        text = flat(pdf_text(session_handout_pdf(curriculum, session)))
        assert flat(session.title) in text
        for idea in session.handout.key_ideas:
            assert _printed(idea) in text
        for prompt in session.handout.journal_prompts:
            assert _printed(prompt) in text
        assert "988" in text and "116 123" in text
    guide = flat(pdf_text(facilitator_guide_pdf(curriculum)))
    for session in curriculum.sessions:
        assert flat(session.title) in guide
