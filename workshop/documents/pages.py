"""Paper, page frame, running header and footer, and the one- or two-pass build.

:func:`build` lays a story out in one pass; its canvas holds every page back
until the count is known, then draws "page N of M". :func:`build_marked`
makes two passes for documents with a table of contents and bookmarks (the
guide): the first learns on which page each :class:`SectionMark` lands and how
many pages there are, the second prints the contents with those numbers,
the footer directly and a PDF bookmark per mark (a canvas that holds pages
back cannot make bookmarks: they would all point at page 1).

A ``SectionMark`` also sets the running header from its page on, so the
guide's header names the session being run.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from workshop.documents.labels import Labels
from workshop.documents.theme import (
    BODY_SIZE,
    BUILD_LOCK,
    INK,
    RULE,
    SANS_FONT,
    TEXT_FONT,
    register_fonts,
)

PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
"""Page sizes in points, by the name used on the command line."""

MARGIN = 18 * mm
TOP_MARGIN = 19 * mm
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


def frame_size(paper: str) -> tuple[float, float]:
    """Width and height that flowables get inside the page frame."""
    width, height = PAPER_SIZES[paper]
    return (
        width - 2 * MARGIN - 2 * FRAME_PADDING,
        height - TOP_MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING,
    )


class SectionMark(Flowable):  # type: ignore[misc]
    """An invisible mark: a bookmark target, a contents entry and a new running header."""

    def __init__(self, key: str, title: str, header: str) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.header = header

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._running_header = self.header


def _fit(text: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points in the heading face.

    What follows the last " · " (the version, in the footer) is kept whole.
    """
    if pdfmetrics.stringWidth(text, SANS_FONT, size) <= width:
        return text
    head, dot, tail = text.rpartition(" · ")
    if not dot:
        head, tail = text, ""
    tail = f" · {tail}" if dot else ""
    while head and pdfmetrics.stringWidth(f"{head}…{tail}", SANS_FONT, size) > width:
        head = head[:-1]
    return f"{head.rstrip()}…{tail}"


def _decorate(canvas: Canvas, number: int, total: int, footer: str, labels: Labels) -> None:
    """Header (from page 2 on), a rule and the footer with "page N of M"."""
    width, height = canvas._pagesize
    margin = MARGIN + FRAME_PADDING  # line up with the text, not the frame edge
    line_width = width - 2 * margin
    page = labels("page", page=number, total=total)
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(margin, 15 * mm, width - margin, 15 * mm)
    canvas.setFont(SANS_FONT, 8.5)
    canvas.drawRightString(width - margin, 10.5 * mm, page)
    room = line_width - pdfmetrics.stringWidth(page, SANS_FONT, 8.5) - 12
    canvas.drawString(margin, 10.5 * mm, _fit(footer, 8.5, room))
    header = getattr(canvas, "_running_header", "")
    if header and number > 1:
        canvas.setFont(SANS_FONT, 9)
        canvas.drawString(margin, height - 11 * mm, _fit(header, 9, line_width))
        canvas.line(margin, height - 13 * mm, width - margin, height - 13 * mm)
    canvas.restoreState()


def _numbered_canvas(footer: str, header: str, labels: Labels) -> type[Canvas]:
    """A canvas class that draws header, footer and "page N of M" once the count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._running_header = header

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _decorate(self, self._pageNumber, total, footer, labels)
                super().showPage()
            super().save()

    return NumberedCanvas


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """Records where each ``SectionMark`` lands; bookmarks it when asked."""

    def __init__(self, *args: Any, bookmarks: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks: dict[str, int] = {}
        self.bookmarks = bookmarks

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionMark):
            self.marks[flowable.key] = self.page
            if self.bookmarks:
                self.canv.bookmarkPage(flowable.key)
                self.canv.addOutlineEntry(flowable.title, flowable.key, level=0)


def _doc(buffer: io.BytesIO, paper: str, title: str, language: str, **extra: Any) -> _Doc:
    check_paper(paper)
    register_fonts()
    doc = _Doc(
        buffer,
        pagesize=PAPER_SIZES[paper],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author="",
        creator="Open Circle",
        lang=language,
        # Otherwise the canvas starts in Helvetica, a font we neither ship nor embed.
        initialFontName=TEXT_FONT,
        initialFontSize=BODY_SIZE,
        # Same input, same bytes: no creation time or random id in the file.
        invariant=True,
        **extra,
    )
    return doc


def build(
    story: list[Flowable],
    *,
    paper: str,
    title: str,
    footer: str,
    header: str,
    labels: Labels,
) -> bytes:
    """Lay the story out on A4 or Letter in one pass and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = _doc(buffer, paper, title, labels.language)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    with BUILD_LOCK:  # reportlab is not thread-safe; see theme.BUILD_LOCK
        doc.build(story, canvasmaker=_numbered_canvas(footer, header, labels))
    return buffer.getvalue()


def build_marked(
    make_story: Callable[[dict[str, int]], list[Flowable]],
    *,
    paper: str,
    title: str,
    footer: str,
    header: str,
    labels: Labels,
) -> bytes:
    """Two passes: the story from ``make_story(pages of each mark)``, with bookmarks.

    The first pass gets an empty mapping (contents show no page numbers yet)
    and learns the pages; the second prints them. The contents must not change
    length with its numbers, so two passes are enough.
    """
    marks: dict[str, int] = {}
    total = 0
    result = b""
    for final in (False, True):
        buffer = io.BytesIO()
        doc = _doc(buffer, paper, title, labels.language, bookmarks=final)
        pages = total

        def start(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            if not hasattr(canvas, "_running_header"):
                canvas._running_header = header

        def end(canvas: Canvas, doc: BaseDocTemplate, pages: int = pages) -> None:
            _decorate(canvas, doc.page, pages, footer, labels)

        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=start, onPageEnd=end)])
        with BUILD_LOCK:
            doc.build(make_story(marks), canvasmaker=Canvas)
        marks, total, result = doc.marks, doc.page, buffer.getvalue()
    return result
