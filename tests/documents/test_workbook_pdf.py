"""The handout as a workbook and the guide as a script, read back from the real PDFs.

Built from the default programme (and the German sample) on A4 and US Letter,
once per test session; pages are read with pypdf and rendered with pypdfium2.
"""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from helpers.documents import DEFAULT_CURRICULUM, REPO, flat, pdf_text, programme_data, typeset
from helpers.markdown_samples import pdf_runs
from pypdf import PdfReader
from reportlab.platypus import PageBreak, Paragraph

from workshop.curriculum import Curriculum, ExerciseStep, load_curriculum
from workshop.documents import facilitator_guide_pdf, session_handout_pdf
from workshop.documents.guide_steps import split_notes
from workshop.documents.labels import ENGLISH, GERMAN, labels_for
from workshop.documents.pages import build
from workshop.documents.theme import styles

GERMAN_SAMPLE = REPO / "curricula" / "beispiel-naehe-de.yaml"
NUMBERS = ["988", "116 123", "85258", "9-8-8", "13 11 14", "findahelpline.com"]
PAPERS = ["a4", "letter"]


@pytest.fixture(scope="module")
def default() -> Curriculum:
    return load_curriculum(DEFAULT_CURRICULUM)


@pytest.fixture(scope="module", params=PAPERS)
def printed(request: pytest.FixtureRequest, default: Curriculum) -> dict[str, bytes]:
    """Every handout and the guide of the default programme on one paper size."""
    paper = str(request.param)
    pdfs = {f"s{s.number}": session_handout_pdf(default, s, paper) for s in default.sessions}
    pdfs["guide"] = facilitator_guide_pdf(default, paper)
    return pdfs


def _pages(pdf: bytes) -> list[str]:
    return [flat(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


# --- Handouts ---------------------------------------------------------------------------


def test_page_one_of_every_handout_holds_the_crisis_numbers(
    default: Curriculum, printed: dict[str, bytes]
) -> None:
    for session in default.sessions:
        first = _pages(printed[f"s{session.number}"])[0]
        for number in NUMBERS:
            assert number in first, (session.number, number)
        assert session.title in first


def test_no_page_holds_only_the_support_band(
    default: Curriculum, printed: dict[str, bytes]
) -> None:
    words = labels_for("en")
    band = " ".join(
        [words("support_title"), words("support_danger"), words("support_free")]
        + [f"{r.region} · {r.service}: {r.how}" for r in default.support_resources]
    )
    furniture = set(re.findall(r"\w+", band + " " + default.title + " version 1.0 Page of"))
    for name, pdf in printed.items():
        for index, text in enumerate(_pages(pdf), start=1):
            if words("support_title") not in text:
                continue
            rest = [w for w in re.findall(r"\w+", text) if w not in furniture]
            assert len(rest) > 25, (name, index, rest)


def test_a_support_band_is_never_split_across_pages(printed: dict[str, bytes]) -> None:
    for name, pdf in printed.items():
        for index, text in enumerate(_pages(pdf), start=1):
            if "If you need support now" in text:
                assert "findahelpline.com" in text, (name, index)


def test_every_number_in_the_band_is_bold(printed: dict[str, bytes]) -> None:
    runs = pdf_runs(printed["s1"])
    for number in ["988", "116 123", "85258", "9-8-8", "13 11 14", "911", "000"]:
        fonts = {font for font, text in runs if text.strip() == number}
        assert fonts and all("Bold" in font for font in fonts), (number, fonts)


def test_the_practice_log_is_on_every_handout(
    default: Curriculum, printed: dict[str, bytes]
) -> None:
    for session in default.sessions:
        text = flat(pdf_text(printed[f"s{session.number}"]))
        assert "Your practice log What I did What I noticed Day 1" in text
        for day in range(1, 8):
            assert f"Day {day}" in text


def test_in_group_rounds_stay_off_the_handout_and_solo_versions_print(
    default: Curriculum, printed: dict[str, bytes]
) -> None:
    for session in default.sessions:
        text = flat(pdf_text(printed[f"s{session.number}"]))
        for step in session.steps:
            if not isinstance(step, ExerciseStep):
                continue
            if step.at_home == "skip":
                assert f"{step.title} In the group" not in text, step.id
                assert step.instructions.split()[0:4] != text.split()[0:4]
            if step.at_home == "solo":
                assert step.home is not None
                assert flat(step.home)[:40].replace('"', "“") in text.replace("”", "“"), step.id
        assert "At home: answer each round in writing" not in text


def _stroked_lines(pdf: bytes, page_index: int) -> int:
    """Straight lines the page strokes (``x y m x y l S``): rules, grids, writing lines."""
    content = PdfReader(io.BytesIO(pdf)).pages[page_index].get_contents()
    data = content.get_data().decode("latin-1") if content is not None else ""
    return len(re.findall(r" l\s", data))


def test_worksheets_have_their_form(default: Curriculum, printed: dict[str, bytes]) -> None:
    pages = _pages(printed["s5"])
    columns = ["Who", "What I will say", "When", "If something stops me"]
    where = [i for i, text in enumerate(pages) if all(c in text for c in columns)]
    assert where, "the step plan has no form"
    # A form of four columns and two blank rows: at least the grid's lines are drawn.
    assert _stroked_lines(printed["s5"], where[0]) >= 8
    six = flat(pdf_text(printed["s6"]))
    for row in ["Emotional", "Intellectual", "Physical (non-sexual)", "Spiritual"]:
        assert f"{row}" in six
    assert "Who I share it with now" in six
    three = _pages(printed["s3"])
    timeline = [i for i, text in enumerate(three) if "Now Childhood" in text]
    assert timeline and _stroked_lines(printed["s3"], timeline[0]) >= 9  # line and ticks


def test_session_four_prints_the_word_lists_and_seven_how_to_find_help(
    printed: dict[str, bytes],
) -> None:
    four = flat(pdf_text(printed["s4"]))
    assert "Words for feelings" in four
    for word in ["mad", "peaceful", "frustrated", "out of my depth", "settled"]:
        assert word in four
    assert "the word lists on this handout" in four
    seven = flat(pdf_text(printed["s7"]))
    assert "How to find help" in seven
    assert "Service Phone number or address Notes" in seven


def test_not_therapy_is_said_once_on_page_one(printed: dict[str, bytes]) -> None:
    first = _pages(printed["s1"])[0]
    assert first.count("not therapy") == 1


def _ink(page: pdfium.PdfPage) -> float:
    image = page.render(scale=0.75).to_pil().convert("L")
    return sum(image.histogram()[:128]) / (image.width * image.height)


def _writing_markers(curriculum: Curriculum) -> list[str]:
    """Text that shows a page holds writing space: journal, log, worksheet headings."""
    words = labels_for(curriculum.language)
    markers = [words("journal"), words("practice_log")]
    for session in curriculum.sessions:
        markers += [flat(p)[:30] for p in session.handout.journal_prompts]
        for step in session.steps:
            if isinstance(step, ExerciseStep) and step.worksheet is not None:
                markers.append(step.title)
        markers += [s.title for s in session.handout.sections if s.worksheet is not None]
    return markers


def near_empty_pages(pdf: bytes, markers: list[str]) -> list[int]:
    """Pages (from 1) with under 1 % ink that hold no writing space (no marker text)."""
    texts = _pages(pdf)
    found = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index, page in enumerate(document):
            if _ink(page) < 0.01 and not any(m in texts[index] for m in markers):
                found.append(index + 1)
    finally:
        document.close()
    return found


def test_no_page_is_near_empty_by_accident(default: Curriculum, printed: dict[str, bytes]) -> None:
    markers = _writing_markers(default)
    for name, pdf in printed.items():
        assert near_empty_pages(pdf, markers) == [], name


def test_the_ink_check_catches_a_near_empty_page() -> None:
    def pdf_ending_with(tail: str) -> bytes:
        look = styles()
        story = [
            Paragraph("A full page. " * 200, look.body),
            PageBreak(),
            Paragraph(tail, look.body),
        ]
        return build(story, paper="a4", title="t", footer="f", header="h", labels=labels_for("en"))

    assert near_empty_pages(pdf_ending_with("Tail."), ["Journal"]) == [2]
    # The same page holding a journal block is writing space, not an accident.
    assert near_empty_pages(pdf_ending_with("Journal"), ["Journal"]) == []


# --- The guide --------------------------------------------------------------------------


def test_guide_has_one_bookmark_per_session(default: Curriculum, printed: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(printed["guide"]))
    titles = [str(entry.title) for entry in reader.outline if not isinstance(entry, list)]
    for session in default.sessions:
        mine = [t for t in titles if t.startswith(f"Session {session.number}: ")]
        assert mine == [f"Session {session.number}: {session.title}"], titles


def test_guide_header_names_the_session_on_every_page(
    default: Curriculum, printed: dict[str, bytes]
) -> None:
    reader = PdfReader(io.BytesIO(printed["guide"]))
    starts = {}
    for entry in reader.outline:
        match = re.match(r"Session (\d+): ", str(entry.title))
        if match:
            starts[int(match[1])] = reader.get_destination_page_number(entry)
    assert sorted(starts) == [s.number for s in default.sessions]
    pages = _pages(printed["guide"])
    bounds = [*sorted(starts.values()), len(pages)]
    for (number, first), end in zip(sorted(starts.items()), bounds[1:], strict=True):
        session = next(s for s in default.sessions if s.number == number)
        for index in range(first, end):
            assert f"Session {number} · {session.title}" in pages[index], (number, index + 1)


def test_guide_contents_give_the_page_each_session_starts_on(
    default: Curriculum, printed: dict[str, bytes]
) -> None:
    reader = PdfReader(io.BytesIO(printed["guide"]))
    cover = _pages(printed["guide"])[0]
    assert "Contents" in cover
    for entry in reader.outline:
        match = re.match(r"Session (\d+): ", str(entry.title))
        if match:
            page = reader.get_destination_page_number(entry) + 1
            planned = next(s for s in default.sessions if s.number == int(match[1]))
            assert re.search(
                rf"{planned.step_minutes} of {planned.minutes} minutes planned .*? {page}\b",
                cover,
            )


def test_guide_has_a_safety_page_at_the_front(printed: dict[str, bytes]) -> None:
    pages = _pages(printed["guide"])
    safety = next(i for i, text in enumerate(pages) if text.startswith("Safety and disclosure"))
    assert safety <= 3
    text = pages[safety]
    must = ["Ask directly", "do not leave him alone", "emergency services", "What you can say"]
    for phrase in must:
        assert phrase in text
    for number in NUMBERS:
        assert number in text


def test_guide_says_and_watches_in_separate_labelled_blocks(printed: dict[str, bytes]) -> None:
    runs = pdf_runs(printed["guide"])
    labels = [text.strip() for font, text in runs if "NotoSans-Bold" in font]
    assert labels.count("Say") > 50 and labels.count("Watch for") > 50
    text = flat(pdf_text(printed["guide"]))
    assert "Say: " not in text and "Watch for: " not in text


def test_quotes_and_dashes_are_typographic(printed: dict[str, bytes]) -> None:
    text = pdf_text(printed["s1"]) + pdf_text(printed["guide"])
    assert '"' not in text
    assert "“" in text and "’" in text


# --- Labels in the curriculum's language ---------------------------------------------------


def _english_pieces() -> list[str]:
    """The fixed parts of every English label long enough to be unmistakable."""
    pieces = []
    for key, template in ENGLISH.items():
        if key in {"quotes", "safety_words", "safety_steps"}:
            continue
        for piece in re.split(r"\{[^}]*\}", template):
            if piece.strip() in GERMAN.get(key, ""):
                continue  # the same word in both languages ("Version")
            if len(piece.strip(" .:,·()")) >= 5:
                pieces.append(piece.strip(" "))
    return pieces


def test_the_german_sample_prints_no_english_labels() -> None:
    curriculum = load_curriculum(GERMAN_SAMPLE)
    assert curriculum.language == "de"
    session = curriculum.sessions[0]
    handout = flat(pdf_text(session_handout_pdf(curriculum, session)))
    guide = flat(pdf_text(facilitator_guide_pdf(curriculum)))
    for piece in _english_pieces():
        assert piece not in handout, piece
        assert piece not in guide, piece
    assert "Seite 1 von" in handout and "Tag 7" in handout and "Das Wichtigste" in handout
    assert "Treffen 1 · Der Code, den wir gelernt haben" in guide
    assert "„" in handout


def test_the_german_sample_lists_only_services_as_content_gives_them() -> None:
    curriculum = load_curriculum(GERMAN_SAMPLE)
    text = flat(pdf_text(session_handout_pdf(curriculum, curriculum.sessions[0])))
    for must in ["0800 111 0 111", "0800 111 0 222", "116 123", "telefonseelsorge.de", "142"]:
        assert must in text
    assert "Die Dargebotene Hand: 143" in text
    assert "112" in text and "144" in text and "findahelpline.com" in text
    # A curriculum's own list prints its own words: no fixed "free and confidential" line.
    assert "kostenlos und vertraulich:" not in text
    assert "2026-12-02" in GERMAN_SAMPLE.read_text(encoding="utf-8")


def test_a_custom_english_list_has_no_free_and_confidential_line() -> None:
    data = programme_data(
        support_resources=[{"region": "Here", "service": "Local line", "how": "call 0123 456"}]
    )
    curriculum = Curriculum.model_validate(data)
    text = flat(pdf_text(session_handout_pdf(curriculum, curriculum.sessions[0])))
    assert "Here · Local line: call 0123 456" in text
    assert "free and confidential" not in text
    default = Curriculum.model_validate(programme_data())
    assert "free and confidential" in flat(
        pdf_text(session_handout_pdf(default, default.sessions[0]))
    )


def test_a_language_without_a_catalogue_prints_english() -> None:
    curriculum = Curriculum.model_validate(programme_data(language="pl"))
    text = flat(pdf_text(session_handout_pdf(curriculum, curriculum.sessions[0])))
    assert "Key ideas" in text and "Page 1 of" in text


def test_guide_notes_never_break_mid_paragraph(
    default: Curriculum, printed: dict[str, bytes]
) -> None:
    pages = _pages(printed["guide"])
    words = labels_for("en")
    checked = 0
    for session in default.sessions:
        for step in session.steps:
            for _label, text in split_notes(step.notes, words):
                for paragraph in text.split("\n\n"):
                    printed_text = typeset(flat(paragraph))
                    if len(printed_text) < 80:
                        continue
                    head, tail = printed_text[:40], printed_text[-40:]
                    # Some page holds the paragraph whole (a paragraph may recur in sessions).
                    assert any(head in page and tail in page for page in pages), (
                        session.id,
                        step.id,
                        head,
                    )
                    checked += 1
    assert checked > 100
