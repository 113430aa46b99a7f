"""What every document shares: footer, paper, fonts, thread safety, rendered pages."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pypdfium2 as pdfium
import pytest
from helpers.documents import (
    flat,
    pdf_text,
    programme,
    programme_data,
)
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from workshop.curriculum import Curriculum
from workshop.documents import (
    PaperError,
    facilitator_guide_pdf,
    page_png,
    session_handout_pdf,
)


def test_footer_names_programme_version_and_pages(handouts: dict[int, bytes]) -> None:
    reader = PdfReader(io.BytesIO(handouts[1]))
    total = len(reader.pages)
    assert total >= 2
    for index, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text() or "")
        assert "Test Programme · version 1.2.3" in text
        assert f"Page {index} of {total}" in text


def test_long_programme_title_is_shortened_in_the_footer() -> None:
    title = "A programme with a very long title " * 4 + "END"
    curriculum = programme(title=title.strip())
    reader = PdfReader(io.BytesIO(session_handout_pdf(curriculum, curriculum.sessions[0])))
    page = flat(reader.pages[0].extract_text() or "")
    assert "… · version 1.2.3" in page
    assert "END · version" not in page
    # The title itself still prints in full at the top.
    assert title.strip() in flat(pdf_text(session_handout_pdf(curriculum, curriculum.sessions[0])))


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
    data = programme_data(title="Nähe und Gefühl: ß ø ł é")
    data["sessions"][0]["title"] = "Første møde: Straße"
    data["sessions"][0]["handout"]["key_ideas"] = [words]
    curriculum = Curriculum.model_validate(data)
    pdf = session_handout_pdf(curriculum, curriculum.sessions[0])
    text = flat(pdf_text(pdf))
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
    # Only the shipped faces: Noto Serif for text, Noto Sans for headings.
    assert all("+NotoSerif" in name or "+NotoSans" in name for name in names), names


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
