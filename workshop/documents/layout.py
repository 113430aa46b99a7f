"""Pages every document shares: paper, margins, header and footer, shared pieces.

One frame with a header and a footer ("page N of M", drawn once the count is
known) by :func:`build`, the support-resources box, the "peer group, not
therapy" note and the ruled writing lines. Fonts, colours and paragraph
styles are in ``theme``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from workshop.curriculum import Curriculum
from workshop.documents.markdown import markdown_paragraph
from workshop.documents.theme import (
    BODY_SIZE,
    BUILD_LOCK,
    INK,
    RULE,
    register_fonts,
    styles,
    table_style,
)

PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
"""Page sizes in points, by the name used on the command line."""

MARGIN = 18 * mm
TOP_MARGIN = 17 * mm
BOTTOM_MARGIN = 20 * mm
FRAME_PADDING = 6
"""reportlab's default padding inside a frame, on every side."""


class HandoutError(Exception):
    """Base for every refusal while building or writing handouts."""


class PaperError(HandoutError):
    """The paper size is not one we print on."""

    def __init__(self, paper: str) -> None:
        super().__init__(
            f"unknown paper size {paper!r}: use one of {', '.join(sorted(PAPER_SIZES))}"
        )


def check_paper(paper: str) -> None:
    """Raise ``PaperError`` unless ``paper`` is one of ``PAPER_SIZES``."""
    if paper not in PAPER_SIZES:
        raise PaperError(paper)


def plain(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of text printed exactly as written: no Markdown at all."""
    return Paragraph(escape(" ".join(text.split())), style)


# --- Shared pieces ------------------------------------------------------------------


class RuledLines(Flowable):  # type: ignore[misc]
    """Writing space: grey lines across the frame, for a pen."""

    def __init__(self, lines: int = 6, spacing: float = 9 * mm) -> None:
        super().__init__()
        self.lines = lines
        self.spacing = spacing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.lines * self.spacing

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        for index in range(1, self.lines + 1):
            y = self.lines * self.spacing - index * self.spacing
            canvas.line(0, y, self.width, y)
        canvas.restoreState()


def support_box(curriculum: Curriculum) -> Flowable:
    """The bordered box of crisis and support resources printed on every handout."""
    look = styles()
    rows: list[list[Any]] = [
        [plain("If you need support now, or are worried about someone", look.box_title)],
        [
            plain(
                "If anyone is in immediate danger, call your local emergency number. "
                "These services are free and confidential:",
                look.small,
            )
        ],
    ]
    for resource in curriculum.support_resources:
        rows.append(
            [
                Paragraph(
                    f"<b>{escape(resource.region)}</b> · {escape(resource.service)}: "
                    f"{escape(resource.how)}",
                    look.small,
                )
            ]
        )
    box = Table(rows, colWidths=["100%"], hAlign="LEFT")
    box.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ]
        )
    )
    return KeepTogether([Spacer(1, 10), box])


def disclaimer_note(curriculum: Curriculum) -> Flowable:
    """The "peer group, not therapy" note, framed so it is not missed."""
    note = Table([[markdown_paragraph(curriculum.disclaimer, styles().note)]], colWidths=["100%"])
    note.setStyle(
        table_style(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 3, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return note


def footer_text(curriculum: Curriculum) -> str:
    """What the footer says on every page: the programme and its version."""
    return f"{curriculum.title} · version {curriculum.version}"


# --- Pages --------------------------------------------------------------------------


def _fit(text: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points in the body font.

    What follows the last " · " (the version, in the footer) is kept whole.
    """
    if pdfmetrics.stringWidth(text, "DejaVuSans", size) <= width:
        return text
    head, dot, tail = text.rpartition(" · ")
    if not dot:
        head, tail = text, ""
    tail = f" · {tail}" if dot else ""
    while head and pdfmetrics.stringWidth(f"{head}…{tail}", "DejaVuSans", size) > width:
        head = head[:-1]
    return f"{head.rstrip()}…{tail}"


def _numbered_canvas(footer: str, header: str) -> type[Canvas]:
    """A canvas class that draws header, footer and "page N of M" once the count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            margin = MARGIN + FRAME_PADDING  # line up with the text, not the frame edge
            line_width = width - 2 * margin
            page = f"Page {self._pageNumber} of {total}"
            self.saveState()
            self.setFillColor(INK)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(margin, 15 * mm, width - margin, 15 * mm)
            self.setFont("DejaVuSans", 9)
            self.drawRightString(width - margin, 10.5 * mm, page)
            room = line_width - pdfmetrics.stringWidth(page, "DejaVuSans", 9) - 12
            self.drawString(margin, 10.5 * mm, _fit(footer, 9, room))
            if header and self._pageNumber > 1:
                self.drawString(margin, height - 11 * mm, _fit(header, 9, line_width))
            self.restoreState()

    return NumberedCanvas


def build(
    story: list[Flowable],
    *,
    paper: str,
    title: str,
    footer: str,
    header: str = "",
    language: str = "en",
) -> bytes:
    """Lay the story out on A4 or Letter and return the PDF bytes."""
    check_paper(paper)
    register_fonts()
    buffer = io.BytesIO()
    pagesize = PAPER_SIZES[paper]
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author="",
        creator="Open Circle",
        lang=language,
        # Otherwise the canvas starts in Helvetica, a font we neither ship nor embed.
        initialFontName="DejaVuSans",
        initialFontSize=BODY_SIZE,
        # Same input, same bytes: no creation time or random id in the file.
        invariant=True,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    with BUILD_LOCK:  # reportlab is not thread-safe; see theme.BUILD_LOCK
        doc.build(story, canvasmaker=_numbered_canvas(footer, header))
    return buffer.getvalue()


def frame_size(paper: str) -> tuple[float, float]:
    """Width and height that flowables get inside the page frame."""
    width, height = PAPER_SIZES[paper]
    return (
        width - 2 * MARGIN - 2 * FRAME_PADDING,
        height - TOP_MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING,
    )


def stacked_height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """Height the flowables need one under the other (spacing included)."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, height)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total
