"""Paper, page frame, running header and footer, and the one- or two-pass build.

:func:`build` lays a story out; its canvas holds every page back until the
count is known, then draws "page N of M". :func:`build_marked` is for a
document with a table of contents and bookmarks (the guide): a canvas that
holds pages back cannot make bookmarks (they would all point at page 1), so
pages go out as they are finished and what is not known yet ("of M", the page
a :class:`SectionMark` lands on, shown by a :class:`PageNumber`) is drawn as a
PDF form that is defined once the last page is done. One pass either way.

A ``SectionMark`` also sets the running header from its page on, so the
guide's header names the session being run.
"""

from __future__ import annotations

import io
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
    # total 0: not known yet, so "page N of M" is a form filled in at the end (build_marked).
    page = labels("page", page=number, total=total or 999)
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(margin, 15 * mm, width - margin, 15 * mm)
    canvas.setFont(SANS_FONT, 8.5)
    if total:
        canvas.drawRightString(width - margin, 10.5 * mm, page)
    else:
        canvas.saveState()
        canvas.translate(width - margin, 10.5 * mm)
        canvas.doForm(f"footer-{number}")
        canvas.restoreState()
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


def _doc(
    buffer: io.BytesIO,
    paper: str,
    title: str,
    language: str,
    *,
    doc_class: type[_Doc] = _Doc,
    **extra: Any,
) -> _Doc:
    check_paper(paper)
    register_fonts()
    doc = doc_class(
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


def _page_form(canvas: Canvas, name: str, text: str) -> None:
    """Define the form ``name``: ``text`` right-aligned on x = 0, in the footer's face."""
    canvas.beginForm(name, lowerx=-200, lowery=-5, upperx=5, uppery=20)
    canvas.setFillColor(INK)
    canvas.setFont(SANS_FONT, 8.5)
    canvas.drawRightString(0, 0, text)
    canvas.endForm()


class PageNumber(Flowable):  # type: ignore[misc]
    """The page a ``SectionMark`` lands on, right-aligned, known only when the build ends.

    It draws a PDF form by name; the form is defined after the last page
    (a PDF may use a form before it is defined), so one pass is enough.
    """

    def __init__(self, key: str, width: float = 24, size: float = 10) -> None:
        super().__init__()
        self.key = key
        self.number_width = width
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.size * 1.25

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate(self.width, 2)
        canvas.scale(self.size / 8.5, self.size / 8.5)
        canvas.doForm(f"mark-{self.key}")
        canvas.restoreState()
        canvas._page_refs = {*getattr(canvas, "_page_refs", set()), self.key}


class _MarkedDoc(_Doc):
    """One pass: footers and page numbers drawn as forms, defined once the count is known."""

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()
        canvas = self.canv
        total = self.page
        for number in range(1, total + 1):
            _page_form(canvas, f"footer-{number}", self.labels("page", page=number, total=total))
        for key in getattr(canvas, "_page_refs", set()):
            _page_form(canvas, f"mark-{key}", str(self.marks.get(key, "")))
        canvas.save()


def build_marked(
    story: list[Flowable],
    *,
    paper: str,
    title: str,
    footer: str,
    header: str,
    labels: Labels,
) -> bytes:
    """One pass with PDF bookmarks, a running header and ``PageNumber`` references.

    A plain canvas (pages go out as they are finished, so bookmarks point at
    the right page); "page N of M" and each ``PageNumber`` are PDF forms
    filled in after the last page.
    """
    buffer = io.BytesIO()
    doc = _doc(buffer, paper, title, labels.language, bookmarks=True, doc_class=_MarkedDoc)
    doc.labels = labels

    def start(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if not hasattr(canvas, "_running_header"):
            canvas._running_header = header

    def end(canvas: Canvas, doc: BaseDocTemplate) -> None:
        _decorate(canvas, doc.page, 0, footer, labels)

    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=start, onPageEnd=end)])
    with BUILD_LOCK:
        doc.build(story, canvasmaker=Canvas)
    return buffer.getvalue()
