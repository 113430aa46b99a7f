"""Handouts and the facilitator guide: real PDFs, read back with pypdf and pypdfium2."""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from workshop.cli import cli
from workshop.curriculum import Curriculum, ExerciseStep, load_curriculum
from workshop.documents import (
    OutputFolderError,
    PaperError,
    clock,
    facilitator_guide_pdf,
    group_summary_pdf,
    guide_filename,
    handout_filename,
    inline_markup,
    page_png,
    plan_documents,
    prepare_folder,
    session_handout_pdf,
    takeaway_pdf,
    zip_documents,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CURRICULUM = REPO / "curricula" / "men-and-intimacy.yaml"

AGREEMENTS = [
    "What is said here stays here.",
    "Speak for yourself: say I, not you or men.",
    "Anyone may pass at any time.",
    "No advice unless someone asks for it.",
    "Arrive on time and sober.",
    "Confidentiality has limits when someone's safety is at risk.",
]


def _session(number: int, title: str, *, extra_note: str = "") -> dict[str, Any]:
    sid = f"s{number}"
    return {
        "id": sid,
        "number": number,
        "title": title,
        "goals": [f"Goal one of session {number}", f"Goal two of session {number}"],
        "minutes": 90,
        "steps": [
            {
                "id": "check-in",
                "type": "prompt",
                "role": "check-in",
                "minutes": 10,
                "notes": f"Note {number}-A: welcome everyone and explain the right to pass.",
                "question": f"How connected do you feel right now (session {number})?",
                "answer": {
                    "kind": "scale",
                    "min": 0,
                    "max": 10,
                    "min_label": "not at all",
                    "max_label": "completely",
                },
            },
            {
                "id": "teaching",
                "type": "slide",
                "minutes": 15,
                "title": f"Teaching {number}",
                "body": "Some **bold** words and *quiet* ones.\n\n- first point\n- second point",
                "notes": f"Note {number}-B: keep the teaching short. {extra_note}".strip(),
            },
            {
                "id": "pairs",
                "type": "exercise",
                "minutes": 30,
                "title": f"Listening in pairs {number}",
                "format": "pairs",
                "instructions": "One man talks for **three minutes**; the other only listens.",
                "notes": f"Note {number}-C: watch the time and ring the bell.",
            },
            {
                "id": "word",
                "type": "prompt",
                "minutes": 10,
                "notes": f"Note {number}-D: read the words aloud without comment.",
                "question": "One word for how that felt?",
                "answer": {"kind": "word", "max_words": 2},
            },
            {
                "id": "choice",
                "type": "prompt",
                "minutes": 10,
                "notes": f"Note {number}-E: no need to discuss the result.",
                "question": "Which was hardest?",
                "answer": {"kind": "choice", "options": ["Talking", "Listening", "Waiting"]},
            },
            {
                "id": "check-out",
                "type": "prompt",
                "role": "check-out",
                "minutes": 10,
                "notes": f"Note {number}-F: thank the group and close on time.",
                "question": "One thing you take with you?",
                "answer": {"kind": "text", "max_length": 200},
            },
        ],
        "handout": {
            "key_ideas": [
                f"Key idea {number}.1: naming a feeling makes it smaller.",
                f"Key idea {number}.2: listening is a skill that can be practised.",
            ],
            "practice": f"Practice {number}: once a day, name one feeling out loud.",
            "journal_prompts": [
                f"Journal {number}.1: when did you last feel close to someone?",
                f"Journal {number}.2: what stops you from asking for a hug?",
            ],
        },
    }


def _data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test-programme",
        "title": "Test Programme",
        "version": "1.2.3",
        "summary": "A small programme used by the tests.",
        "audience": "Men in the tests",
        "agreements": AGREEMENTS,
        "disclaimer": "This is a peer education group, not therapy or medical care.",
        "sessions": [
            _session(1, "Arriving"),
            _session(2, "Feelings have names"),
            _session(3, "Touch and closeness"),
        ],
    }
    data.update(overrides)
    return data


def _curriculum(**overrides: Any) -> Curriculum:
    return Curriculum.model_validate(_data(**overrides))


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces folded, for phrase checks."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return _curriculum()


@pytest.fixture(scope="module")
def handouts(curriculum: Curriculum) -> dict[int, bytes]:
    return {s.number: session_handout_pdf(curriculum, s) for s in curriculum.sessions}


@pytest.fixture(scope="module")
def guide(curriculum: Curriculum) -> bytes:
    return facilitator_guide_pdf(curriculum)


# --- Session handouts ------------------------------------------------------------------


def test_handout_holds_title_ideas_exercise_practice_and_journal(
    curriculum: Curriculum, handouts: dict[int, bytes]
) -> None:
    for session in curriculum.sessions:
        text = _flat(_text(handouts[session.number]))
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
        text = _flat(_text(pdf))
        for number in ["988", "116 123", "85258", "9-8-8", "13 11 14", "findahelpline.com"]:
            assert number in text
        assert curriculum.disclaimer in text


def test_agreements_in_full_in_session_one_and_a_reminder_after(
    handouts: dict[int, bytes],
) -> None:
    first = _flat(_text(handouts[1]))
    for agreement in AGREEMENTS:
        assert agreement in first
    assert "Reminder:" not in first
    for number in (2, 3):
        later = _flat(_text(handouts[number]))
        assert "Reminder: the agreements we made in session 1 still hold" in later
        assert AGREEMENTS[0] not in later
        assert AGREEMENTS[-1] not in later


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


def test_footer_names_programme_version_and_pages(handouts: dict[int, bytes]) -> None:
    reader = PdfReader(io.BytesIO(handouts[1]))
    total = len(reader.pages)
    assert total >= 2
    for index, page in enumerate(reader.pages, start=1):
        text = _flat(page.extract_text() or "")
        assert "Test Programme · version 1.2.3" in text
        assert f"Page {index} of {total}" in text


def test_long_programme_title_is_shortened_in_the_footer() -> None:
    title = "A programme with a very long title " * 4 + "END"
    curriculum = _curriculum(title=title.strip())
    reader = PdfReader(io.BytesIO(session_handout_pdf(curriculum, curriculum.sessions[0])))
    page = _flat(reader.pages[0].extract_text() or "")
    assert "… · version 1.2.3" in page
    assert "END · version" not in page
    # The title itself still prints in full at the top.
    assert title.strip() in _flat(_text(session_handout_pdf(curriculum, curriculum.sessions[0])))


def test_builds_from_several_threads_match_one_at_a_time(curriculum: Curriculum) -> None:
    sessions = curriculum.sessions * 3
    expected = [session_handout_pdf(curriculum, s) for s in sessions]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda s: session_handout_pdf(curriculum, s), sessions))
    assert results == expected


def test_a4_by_default_and_letter_by_option(curriculum: Curriculum) -> None:
    session = curriculum.sessions[0]
    a4 = PdfReader(io.BytesIO(session_handout_pdf(curriculum, session))).pages[0].mediabox
    letter = (
        PdfReader(io.BytesIO(session_handout_pdf(curriculum, session, paper="letter")))
        .pages[0]
        .mediabox
    )
    assert (float(a4.width), float(a4.height)) == pytest.approx(A4)
    assert (float(letter.width), float(letter.height)) == pytest.approx(LETTER)
    guide = PdfReader(io.BytesIO(facilitator_guide_pdf(curriculum, paper="letter")))
    assert float(guide.pages[0].mediabox.width) == pytest.approx(LETTER[0])


def test_unknown_paper_is_refused(curriculum: Curriculum) -> None:
    with pytest.raises(PaperError, match="a4, letter"):
        session_handout_pdf(curriculum, curriculum.sessions[0], paper="a5")


def test_accented_latin_prints_and_the_font_is_embedded() -> None:
    words = "Gefühle für Straße, kærlighed og nærhed, przyjaźń i miłość, café"
    data = _data(title="Nähe und Gefühl: ß ø ł é")
    data["sessions"][0]["title"] = "Første møde: Straße"
    data["sessions"][0]["handout"]["key_ideas"] = [words]
    curriculum = Curriculum.model_validate(data)
    pdf = session_handout_pdf(curriculum, curriculum.sessions[0])
    text = _flat(_text(pdf))
    assert words in text
    assert "Nähe und Gefühl: ß ø ł é" in text
    assert "Første møde: Straße" in text
    for char in "éßøł":
        assert char in text

    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        names.append(str(font["/BaseFont"]))
        for descendant in font.get("/DescendantFonts", []):
            descriptor = descendant.get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor
        if "/FontDescriptor" in font:
            assert "/FontFile2" in font["/FontDescriptor"]
    assert names
    assert all("DejaVuSans" in name for name in names), names


def test_markdown_subset_is_converted_and_everything_else_escaped() -> None:
    assert inline_markup("a **b** *c*") == "a <b>b</b> <i>c</i>"
    assert inline_markup("<font size=80>x</font> & y") == (
        "&lt;font size=80&gt;x&lt;/font&gt; &amp; y"
    )
    assert inline_markup("**a *b** c*") == "<b>a *b</b> c*"
    assert inline_markup("**very *much* so**") == "<b>very <i>much</i> so</b>"
    assert inline_markup("see [the site](https://example.org)") == (
        "see the site (https://example.org)"
    )
    assert inline_markup("2 * 3 * 4") == "2 * 3 * 4"


def test_markup_in_curriculum_text_prints_as_written() -> None:
    hostile = '<font size="60">big</font> & <b>not bold</b> **bold**'
    data = _data()
    data["sessions"][0]["handout"]["key_ideas"] = [hostile]
    data["sessions"][0]["steps"][1]["notes"] = "<para>broken & <unclosed"
    curriculum = Curriculum.model_validate(data)
    text = _flat(_text(session_handout_pdf(curriculum, curriculum.sessions[0])))
    assert '<font size="60">big</font> & <b>not bold</b> bold' in text
    guide = _flat(_text(facilitator_guide_pdf(curriculum)))
    assert "<para>broken & <unclosed" in guide


def test_first_page_has_a_plausible_share_of_ink(handouts: dict[int, bytes]) -> None:
    document = pdfium.PdfDocument(handouts[1])
    try:
        image = document[0].render(scale=1).to_pil().convert("L")
    finally:
        document.close()
    assert image.size == pytest.approx(A4, abs=1)
    histogram = image.histogram()
    dark = sum(histogram[:128])
    share = dark / (image.width * image.height)
    assert 0.01 < share < 0.40, share


def test_page_png_is_the_rendered_page(handouts: dict[int, bytes]) -> None:
    png = page_png(handouts[1], 0, scale=2)
    assert png.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == pytest.approx((A4[0] * 2, A4[1] * 2), abs=1)
    dark = sum(image.histogram()[:128]) / (image.width * image.height)
    assert 0.01 < dark < 0.40
    second = Image.open(io.BytesIO(page_png(handouts[1], 1)))
    assert second.size == pytest.approx(A4, abs=1)


def test_further_reading_and_markdown_blocks_print(curriculum: Curriculum) -> None:
    data = _data()
    data["sessions"][0]["handout"]["further_reading"] = ["Real, *I Don't Want to Talk About It*"]
    data["sessions"][0]["handout"]["practice"] = (
        "# This week\n\n1. Notice a feeling\n2. Name it\n\n- alone\n- with **someone**"
    )
    curriculum = Curriculum.model_validate(data)
    text = _flat(_text(session_handout_pdf(curriculum, curriculum.sessions[0])))
    assert "Further reading" in text
    assert "Real, I Don't Want to Talk About It" in text
    assert "This week 1 Notice a feeling 2 Name it • alone • with someone" in text.replace(
        "1.", "1"
    ).replace("2.", "2")


def test_markdown_pipe_table_prints_as_a_table_in_the_guide() -> None:
    data = _data()
    data["sessions"][0]["steps"][1]["body"] = (
        "Numbers:\n\n| where | service | how |\n| --- | --- | --- |\n"
        "| Norge | Mental Helse | ring 116 123 |\n| Polska | Telefon Zaufania | 116 123 |\n\nAfter."
    )
    curriculum = Curriculum.model_validate(data)
    guide = facilitator_guide_pdf(curriculum)
    text = _flat(_text(guide))
    assert "where service how Norge Mental Helse ring 116 123 Polska Telefon Zaufania 116 123" in (
        text
    )
    assert "| ---" not in text and "| Norge" not in text
    assert text.index("Numbers:") < text.index("Norge") < text.index("After.")


def test_same_input_gives_the_same_bytes(curriculum: Curriculum) -> None:
    session = curriculum.sessions[1]
    assert session_handout_pdf(curriculum, session) == session_handout_pdf(curriculum, session)


# --- Facilitator guide --------------------------------------------------------------------


def test_guide_overview_lists_sessions_minutes_and_goals(
    curriculum: Curriculum, guide: bytes
) -> None:
    reader = PdfReader(io.BytesIO(guide))
    overview = _flat(reader.pages[0].extract_text() or "")
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
        session = _session(number, f"A rather long session title number {number} for the test")
        session["goals"] = [f"{long_goal} ({number}.{g})" for g in range(1, 4)]
        sessions.append(session)
    curriculum = _curriculum(sessions=sessions)
    reader = PdfReader(io.BytesIO(facilitator_guide_pdf(curriculum, paper)))
    overview = _flat(reader.pages[0].extract_text() or "")
    for session in curriculum.sessions:
        assert session.title in overview
        assert f"({session.number}.3)" in overview
    assert "About this programme" in _flat(reader.pages[1].extract_text() or "")


def test_guide_has_summary_disclaimer_agreements_and_support(
    curriculum: Curriculum, guide: bytes
) -> None:
    about = _flat(PdfReader(io.BytesIO(guide)).pages[1].extract_text() or "")
    assert curriculum.summary in about
    assert curriculum.disclaimer in about
    for agreement in AGREEMENTS:
        assert agreement in about
    assert "988" in about and "116 123" in about


def test_guide_holds_every_note_in_order_with_a_running_clock(
    curriculum: Curriculum, guide: bytes
) -> None:
    text = _flat(_text(guide))
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
    text = _flat(_text(guide))
    assert "How connected do you feel right now (session 2)?" in text
    assert "from 0 (not at all) to 10 (completely)" in text
    assert "Answer: one word: up to 2 word(s)" in text
    assert "Answer: choice, pick one:" in text
    for option in ["Talking", "Listening", "Waiting"]:
        assert f"• {option}" in text
    assert "Answer: short text: up to 200 characters" in text
    assert "Listening in pairs 3" in text
    assert "One man talks for three minutes; the other only listens." in text
    assert "Teaching 2" in text and "first point" in text


def test_clock_formats_hours_and_minutes() -> None:
    assert [clock(m) for m in (0, 10, 59, 60, 125)] == ["0:00", "0:10", "0:59", "1:00", "2:05"]


# --- Personal takeaway --------------------------------------------------------------------


def test_takeaway_holds_the_handout_and_exactly_this_phones_answers(
    curriculum: Curriculum,
) -> None:
    session = curriculum.sessions[1]
    mine = [
        ("How connected do you feel right now (session 2)?", "7"),
        ("One word for how that felt?", "Zärtlichkeit"),
        ("One thing you take with you?", "**not bold** <b>as typed</b> & more"),
    ]
    theirs = [
        ("How connected do you feel right now (session 2)?", "2"),
        ("One word for how that felt?", "lonely-other-phone"),
        ("One thing you take with you?", "another man's sentence"),
    ]
    text = _flat(_text(takeaway_pdf(curriculum, session, mine)))
    other = _flat(_text(takeaway_pdf(curriculum, session, theirs)))
    assert session.title in text
    assert session.handout.key_ideas[0] in text
    assert "988" in text and curriculum.disclaimer in text
    assert "Your answers in this session" in text
    for question, answer in mine:
        assert f"{question} {answer}" in text
    # Participant text is printed as typed: no Markdown, no markup.
    assert "**not bold** <b>as typed</b> & more" in text
    for question, answer in theirs:
        assert f"{question} {answer}" not in text
    assert "another man's sentence" not in text and "lonely-other-phone" not in text
    assert "lonely-other-phone" in other and "Zärtlichkeit" not in other


def test_takeaway_without_answers_says_so(curriculum: Curriculum) -> None:
    text = _flat(_text(takeaway_pdf(curriculum, curriculum.sessions[0], [])))
    assert "You did not answer any prompts in this session." in text


# --- Group summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The PromptSummary contract of ROOMS_API.md, as the results module returns it."""

    prompt_id: str
    kind: str
    question: str
    responses: int
    answered: int
    shown: bool
    mean: float | None = None
    distribution: pd.DataFrame | None = None
    words: pd.DataFrame | None = None
    texts: tuple[str, ...] = ()


def _summaries() -> list[Summary]:
    return [
        Summary(
            "check-in",
            "scale",
            "How connected do you feel?",
            responses=6,
            answered=5,
            shown=True,
            mean=6.4,
            distribution=pd.DataFrame(
                {"value": list(range(11)), "count": [0, 0, 0, 0, 1, 0, 1, 2, 0, 1, 0]}
            ),
        ),
        Summary(
            "hardest",
            "choice",
            "Which was hardest?",
            responses=6,
            answered=6,
            shown=True,
            distribution=pd.DataFrame(
                {"option": ["Talking", "Listening", "Waiting"], "count": [4, 1, 1]}
            ),
        ),
        Summary(
            "feeling",
            "word",
            "One word for how that felt?",
            responses=5,
            answered=5,
            shown=True,
            words=pd.DataFrame({"word": ["relieved", "tired"], "count": [3, 2]}),
        ),
        Summary(
            "secret", "text", "Something you never said?", responses=2, answered=2, shown=False
        ),
        Summary(
            "take",
            "text",
            "One thing you take with you?",
            responses=4,
            answered=3,
            shown=True,
            texts=("listening is hard", "I am not alone <really>"),
        ),
    ]


def test_group_summary_prints_revealed_results_and_nothing_under_k() -> None:
    pdf = group_summary_pdf("Tuesday group · session 2", _summaries(), min_group=3)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = _flat(_text(pdf))
    assert "Tuesday group · session 2" in text
    assert "6 responses · average 6.4" in text
    assert "Talking 4" in text and "Listening 1" in text
    assert "relieved 3" in text and "tired 2" in text
    assert "listening is hard" in text and "I am not alone <really>" in text
    # The prompt under k: its question, the reason, and no figure at all.
    start = text.index("Something you never said?")
    end = text.index("One thing you take with you?")
    hidden = text[start + len("Something you never said?") : end]
    assert "Not shown: too few answers to keep them anonymous (fewer than 3 answers)." in hidden
    assert not re.search(r"\b2\b", hidden.replace("(fewer than 3 answers)", "")), hidden
    assert "responses" not in hidden


def test_zip_holds_every_planned_pdf_and_is_repeatable(curriculum: Curriculum) -> None:
    planned = plan_documents(curriculum, "letter", guide=True)
    files = [(document.filename, document.build()) for document in planned]
    data = zip_documents(files)
    assert data == zip_documents(files)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [name for name, _ in files]
        for name, pdf in files:
            assert archive.read(name) == pdf
    assert [d.label for d in planned][-1] == "facilitator guide"
    assert plan_documents(curriculum)[0].filename == "test-programme-session-01-s1.pdf"


# --- Output folder ------------------------------------------------------------------------


def test_prepare_folder_creates_only_the_last_level(tmp_path: Path) -> None:
    assert prepare_folder(tmp_path / "out").is_dir()
    with pytest.raises(OutputFolderError, match="does not exist"):
        prepare_folder(tmp_path / "missing" / "out")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputFolderError, match="is a file"):
        prepare_folder(tmp_path / "file")


# --- Command line ----------------------------------------------------------------------


def _write_curriculum(path: Path, data: dict[str, Any] | None = None) -> Path:
    path.write_text(yaml.safe_dump(data or _data(), allow_unicode=True), encoding="utf-8")
    return path


def test_cli_writes_one_pdf_per_session_and_the_guide(tmp_path: Path) -> None:
    source = _write_curriculum(tmp_path / "programme.yaml")
    out = tmp_path / "handouts"
    result = CliRunner().invoke(
        cli, ["handouts", str(source), "--out", str(out), "--paper", "letter", "--guide"]
    )
    assert result.exit_code == 0, result.output
    curriculum = _curriculum()
    expected = [handout_filename(curriculum, s) for s in curriculum.sessions]
    expected.append(guide_filename(curriculum))
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for session in curriculum.sessions:
        pdf = (out / handout_filename(curriculum, session)).read_bytes()
        assert session.title in _flat(_text(pdf))
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        assert float(page.mediabox.height) == pytest.approx(LETTER[1])
    assert "Note 3-F" in _flat(_text((out / guide_filename(curriculum)).read_bytes()))
    assert "Wrote 4 PDFs" in result.output


def test_cli_defaults_to_handouts_folder_and_a4(tmp_path: Path) -> None:
    source = _write_curriculum(tmp_path / "programme.yaml")
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(cli, ["handouts", str(source)])
        assert result.exit_code == 0, result.output
        pdfs = sorted(Path("handouts").glob("*.pdf"))
        assert len(pdfs) == 3
        width = PdfReader(io.BytesIO(pdfs[0].read_bytes())).pages[0].mediabox.width
        assert float(width) == pytest.approx(A4[0])


def test_cli_bad_curriculum_lists_problems(tmp_path: Path) -> None:
    data = _data()
    del data["disclaimer"]
    data["sessions"][0]["minutes"] = 20
    source = _write_curriculum(tmp_path / "bad.yaml", data)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "disclaimer" in result.output
    assert "more than the session's 20" in result.output
    assert not out.exists()


def test_cli_missing_curriculum_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["handouts", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "nope.yaml" in result.output


def test_cli_refuses_a_folder_whose_parent_is_missing(tmp_path: Path) -> None:
    source = _write_curriculum(tmp_path / "programme.yaml")
    out = tmp_path / "no" / "such" / "folder"
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_cli_refuses_a_file_as_folder(tmp_path: Path) -> None:
    source = _write_curriculum(tmp_path / "programme.yaml")
    (tmp_path / "taken").write_text("not a folder")
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(tmp_path / "taken")])
    assert result.exit_code == 1
    assert "is a file, not a folder" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_cli_refuses_an_unwritable_folder(tmp_path: Path) -> None:
    source = _write_curriculum(tmp_path / "programme.yaml")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(locked)])
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1
    assert "cannot write" in result.output


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_cli_refuses_an_unwritable_place_even_as_root(tmp_path: Path) -> None:
    source = _write_curriculum(tmp_path / "programme.yaml")
    # /proc refuses new folders even to root: the "cannot create" branch.
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", "/proc/open-circle"])
    assert result.exit_code == 1
    assert "cannot create /proc/open-circle" in result.output


# --- The default programme, when it is in the repository ----------------------------------


def _printed(text: str) -> str:
    """What organiser Markdown looks like once printed: the markup gone, the text kept."""
    return _flat(html.unescape(re.sub(r"<[^>]+>", "", inline_markup(text))))


@pytest.mark.skipif(not DEFAULT_CURRICULUM.exists(), reason="default programme not merged yet")
def test_default_programme_prints_every_handout_and_the_guide() -> None:
    curriculum = load_curriculum(DEFAULT_CURRICULUM)
    for session in curriculum.sessions:
        text = _flat(_text(session_handout_pdf(curriculum, session)))
        assert _flat(session.title) in text
        for idea in session.handout.key_ideas:
            assert _printed(idea) in text
        for prompt in session.handout.journal_prompts:
            assert _printed(prompt) in text
        assert "988" in text and "116 123" in text
    guide = _flat(_text(facilitator_guide_pdf(curriculum)))
    for session in curriculum.sessions:
        assert _flat(session.title) in guide
