"""Printable PDFs: a handout for every session and the facilitator's guide.

Built with reportlab platypus; every public builder returns the PDF as bytes
so pages, the command line and tests can each do what they need with it.

All documents share one look (``_Styles``), one frame with a header and a
footer (``_build``), the support-resources box and the "peer group, not
therapy" note. Later documents (group summary, personal takeaway) reuse those
pieces.

Text written by organisers (slide bodies, notes, instructions, key ideas) may
use a small Markdown subset: ``**bold**``, ``*italic*``, ``[text](url)``,
bullets (``-`` or ``*``), numbered lines (``1.``), ``#`` headings and pipe
tables (``| a | b |``). Every
other character is XML-escaped before it reaches reportlab's paragraph
markup, so ``<font>`` or ``&`` in a curriculum prints as written and can never
change the document.

The font is DejaVu Sans, shipped in ``workshop/fonts/`` and embedded as a
TrueType subset, so accented Latin (é, ß, ø, ł ...) prints correctly.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workshop.curriculum import (
    FORMAT_LABELS,
    AnyStep,
    ChoiceAnswer,
    Curriculum,
    ExerciseStep,
    PromptStep,
    ScaleAnswer,
    Session,
    SlideStep,
    TextAnswer,
    WordAnswer,
)

PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
"""Page sizes in points, by the name used on the command line."""

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVuSans"
_FONT_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}

BODY_SIZE = 11.5
"""Body text in points: at least 11 so a handout reads well on a photocopy."""

MARGIN = 18 * mm
TOP_MARGIN = 17 * mm
BOTTOM_MARGIN = 20 * mm
FRAME_PADDING = 6
"""reportlab's default padding inside a frame, on every side."""

INK = colors.black
RULE = colors.Color(0.55, 0.55, 0.55)
"""Grey for writing lines and boxes: visible on a black-and-white copy, quieter than text."""

AT_HOME = {
    "pairs": (
        "At home: do it with someone you trust (a partner, a friend, a brother), "
        "or write both sides yourself in your journal."
    ),
    "rounds": (
        "At home: answer each round in writing, one at a time, or talk it through with a friend."
    ),
    "solo": "At home: do it again on your own, somewhere quiet, without your phone.",
}
KIND_LABELS = {"scale": "scale", "choice": "choice", "word": "one word", "text": "short text"}


class HandoutError(Exception):
    """Base for every refusal while building or writing handouts."""


class PaperError(HandoutError):
    """The paper size is not one we print on."""

    def __init__(self, paper: str) -> None:
        super().__init__(
            f"unknown paper size {paper!r}: use one of {', '.join(sorted(PAPER_SIZES))}"
        )


class OutputFolderError(HandoutError):
    """The folder for the PDFs is missing its parent, is not a folder, or cannot be written."""


# --- Fonts and styles -----------------------------------------------------------


_BUILD_LOCK = threading.RLock()


def register_fonts() -> str:
    """Register the shipped DejaVu Sans faces once per process; return the family name.

    Done on first use, not at import, so importing this module stays cheap.
    """
    with _BUILD_LOCK:
        return _register_fonts()


@functools.cache
def _register_fonts() -> str:
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT_FAMILY,
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )
    return FONT_FAMILY


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    box_title: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


@functools.cache
def _styles() -> _Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName="DejaVuSans",
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.35,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
    )
    bold = "DejaVuSans-Bold"
    return _Styles(
        title=ParagraphStyle("title", parent=body, fontName=bold, fontSize=20, leading=25),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=12.5, leading=17),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=bold,
            fontSize=15,
            leading=19,
            spaceBefore=10,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=8,
            keepWithNext=1,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=11, leading=14.5),
        note=ParagraphStyle(
            "note", parent=body, fontName="DejaVuSans-Oblique", fontSize=11, leading=14.5
        ),
        box_title=ParagraphStyle("box_title", parent=body, fontName=bold, fontSize=12.5),
        cell=ParagraphStyle("cell", parent=body, fontSize=11, leading=14, spaceAfter=0),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=body, fontName=bold, fontSize=11, leading=14, spaceAfter=0
        ),
    )


# --- Organiser Markdown → safe paragraph markup -----------------------------------

_BOLD = re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*")
# Italic content may not hold a tag, so it can never straddle a <b>...</b> pair.
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*<>]+?)(?<=\S)\*(?![*\w])")
_LINK = re.compile(r"\[([^\]\[<>]+)\]\(([^()\s<>]+)\)")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$")


def inline_markup(text: str) -> str:
    """Turn one line of organiser Markdown into reportlab paragraph markup.

    The text is escaped first; only the fixed tags ``<b>`` and ``<i>`` are
    added afterwards, around text that is already escaped, so nothing an
    organiser writes can inject markup.
    """
    safe = escape(" ".join(text.split()))
    safe = _LINK.sub(r"\1 (\2)", safe)
    safe = _BOLD.sub(r"<b>\1</b>", safe)
    return _ITALIC.sub(r"<i>\1</i>", safe)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of organiser text with the inline Markdown subset applied."""
    try:
        return Paragraph(inline_markup(text), style)
    except ValueError:
        # Belt and braces: should the markup ever be rejected, print the text as written.
        return Paragraph(escape(" ".join(text.split())), style)


def _plain(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of text printed exactly as written: no Markdown at all."""
    return Paragraph(escape(" ".join(text.split())), style)


def _bullets(items: Iterable[Flowable | str], style: ParagraphStyle) -> ListFlowable:
    flowables = [_para(item, style) if isinstance(item, str) else item for item in items]
    return ListFlowable(
        [ListItem(flowable, leftIndent=14) for flowable in flowables],
        bulletType="bullet",
        start="•",
        bulletFontName="DejaVuSans",
        bulletFontSize=style.fontSize,
        leftIndent=14,
    )


def _markdown_table(rows: list[list[str]], style: ParagraphStyle) -> Table:
    """A pipe table: the first row is the header; columns sized by their longest cell."""
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    longest = [max(len(row[index]) for row in rows) or 1 for index in range(columns)]
    weights = [max(length, sum(longest) * 0.12) for length in longest]
    widths = [f"{100 * weight / sum(weights):.1f}%" for weight in weights]
    bold = ParagraphStyle("table_head", parent=style, fontName="DejaVuSans-Bold", spaceAfter=0)
    cell = ParagraphStyle("table_cell", parent=style, spaceAfter=0)
    data = [
        [_para(text, bold if number == 0 else cell) for text in row]
        for number, row in enumerate(rows)
    ]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", spaceBefore=4, spaceAfter=8)
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def markdown_flowables(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Turn a block of organiser Markdown into paragraphs, lists and tables (the subset above)."""
    blocks: list[Flowable] = []
    paragraph: list[str] = []
    items: list[str] = []
    table: list[list[str]] = []
    numbered = False

    def flush_table() -> None:
        if table:
            blocks.append(_markdown_table(list(table), style))
            table.clear()

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(_para(" ".join(paragraph), style))
            paragraph.clear()

    def flush_items() -> None:
        nonlocal numbered
        if not items:
            return
        if numbered:
            blocks.append(
                ListFlowable(
                    [ListItem(_para(item, style), leftIndent=18) for item in items],
                    bulletType="1",
                    bulletFormat="%s.",
                    bulletFontName="DejaVuSans",
                    bulletFontSize=style.fontSize,
                    leftIndent=18,
                )
            )
        else:
            blocks.append(_bullets(list(items), style))
        items.clear()

    for line in text.splitlines():
        if _TABLE_ROW.match(line):
            flush_paragraph()
            flush_items()
            if not _TABLE_RULE.match(line):
                table.append([cell.strip() for cell in line.strip()[1:-1].split("|")])
            continue
        flush_table()
        bullet = _BULLET.match(line)
        number = _NUMBERED.match(line)
        heading = _HEADING.match(line)
        if not line.strip():
            flush_paragraph()
            flush_items()
        elif item := bullet or number:
            flush_paragraph()
            is_numbered = bullet is None
            if items and is_numbered != numbered:
                flush_items()
            numbered = is_numbered
            items.append(item.group(1))
        elif heading:
            flush_paragraph()
            flush_items()
            blocks.append(_para(f"**{heading.group(1)}**", style))
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()  # a wrapped bullet line
        else:
            flush_items()
            paragraph.append(line.strip())
    flush_paragraph()
    flush_items()
    flush_table()
    return blocks


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


def _table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose default font is ours: reportlab's default is Helvetica, unembedded."""
    return TableStyle([("FONT", (0, 0), (-1, -1), "DejaVuSans", 11), *commands])


def support_box(curriculum: Curriculum) -> Flowable:
    """The bordered box of crisis and support resources printed on every handout."""
    styles = _styles()
    rows: list[list[Any]] = [
        [_plain("If you need support now, or are worried about someone", styles.box_title)],
        [
            _plain(
                "If anyone is in immediate danger, call your local emergency number. "
                "These services are free and confidential:",
                styles.small,
            )
        ],
    ]
    for resource in curriculum.support_resources:
        rows.append(
            [
                Paragraph(
                    f"<b>{escape(resource.region)}</b> · {escape(resource.service)}: "
                    f"{escape(resource.how)}",
                    styles.small,
                )
            ]
        )
    box = Table(rows, colWidths=["100%"], hAlign="LEFT")
    box.setStyle(
        _table_style(
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
    styles = _styles()
    note = Table([[_para(curriculum.disclaimer, styles.note)]], colWidths=["100%"])
    note.setStyle(
        _table_style(
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


def _build(
    story: list[Flowable],
    *,
    paper: str,
    title: str,
    footer: str,
    header: str = "",
    language: str = "en",
) -> bytes:
    """Lay the story out on A4 or Letter and return the PDF bytes."""
    _check_paper(paper)
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
    # reportlab keeps module-level state (font subsets, caches) and does not promise
    # thread safety; Streamlit serves pages from threads, so one build at a time.
    with _BUILD_LOCK:
        doc.build(story, canvasmaker=_numbered_canvas(footer, header))
    return buffer.getvalue()


def _check_paper(paper: str) -> None:
    if paper not in PAPER_SIZES:
        raise PaperError(paper)


def _frame_size(paper: str) -> tuple[float, float]:
    """Width and height that flowables get inside the page frame."""
    width, height = PAPER_SIZES[paper]
    return (
        width - 2 * MARGIN - 2 * FRAME_PADDING,
        height - TOP_MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING,
    )


def _height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """Height the flowables need one under the other (spacing included)."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, height)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


# --- Session handout --------------------------------------------------------------------


def _first_session_number(curriculum: Curriculum) -> int:
    return min(session.number for session in curriculum.sessions)


def _exercise_block(step: ExerciseStep) -> list[Flowable]:
    styles = _styles()
    block: list[Flowable] = [
        _para(step.title, styles.h2),
        _plain(
            f"In the group: {FORMAT_LABELS[step.format]}, about {step.minutes} minutes.",
            styles.small,
        ),
    ]
    block.extend(markdown_flowables(step.instructions, styles.body))
    block.append(_plain(AT_HOME[step.format], styles.note))
    return block


def _agreements_block(curriculum: Curriculum, session: Session) -> list[Flowable]:
    styles = _styles()
    first = _first_session_number(curriculum)
    if session.number == first:
        return [
            _plain("Our group agreements", styles.h1),
            _plain("We agreed on these together in our first session:", styles.body),
            _bullets(curriculum.agreements, styles.body),
        ]
    return [
        _plain("Our group agreements", styles.h2),
        _plain(
            f"Reminder: the agreements we made in session {first} still hold, "
            f"all {len(curriculum.agreements)} of them. Anyone may pass at any time. "
            f"The full list is on your session {first} handout.",
            styles.body,
        ),
    ]


def session_handout_story(
    curriculum: Curriculum, session: Session, extra: Sequence[Flowable] = ()
) -> list[Flowable]:
    """The flowables of one session's handout; ``extra`` goes before the agreements.

    The personal takeaway uses ``extra`` for the phone's own answers.
    """
    styles = _styles()
    handout = session.handout
    story: list[Flowable] = [
        _plain(curriculum.title, styles.subtitle),
        _plain(f"Session {session.number}: {session.title}", styles.title),
        Spacer(1, 4),
        disclaimer_note(curriculum),
        _plain("What this session is for", styles.h1),
        _bullets(session.goals, styles.body),
        _plain("Key ideas", styles.h1),
        _bullets(handout.key_ideas, styles.body),
    ]
    exercises = [step for step in session.steps if isinstance(step, ExerciseStep)]
    if exercises:
        heading = "The exercise" if len(exercises) == 1 else "The exercises"
        story.append(_plain(f"{heading}: to redo at home", styles.h1))
        for step in exercises:
            story.extend(_exercise_block(step))
    story.append(_plain("Practice for the week", styles.h1))
    story.extend(markdown_flowables(handout.practice, styles.body))
    story.append(_plain("Journal", styles.h1))
    story.append(
        _plain(
            "Write for a few minutes, when you have some quiet. No one will read this "
            "unless you choose to share it.",
            styles.small,
        )
    )
    for prompt in handout.journal_prompts:
        story.append(KeepTogether([_para(prompt, styles.h2), RuledLines(6)]))
    if handout.further_reading:
        story.append(_plain("Further reading", styles.h1))
        story.append(_bullets(handout.further_reading, styles.body))
    story.extend(extra)
    story.extend(_agreements_block(curriculum, session))
    story.append(support_box(curriculum))
    return story


def session_handout_pdf(curriculum: Curriculum, session: Session, paper: str = "a4") -> bytes:
    """One session's handout as PDF bytes (A4 by default, ``paper="letter"`` for US Letter)."""
    _check_paper(paper)
    return _build(
        session_handout_story(curriculum, session),
        paper=paper,
        title=f"{curriculum.title}: session {session.number}, {session.title}",
        footer=footer_text(curriculum),
        header=f"Session {session.number}: {session.title}",
        language=curriculum.language,
    )


# --- Facilitator guide ----------------------------------------------------------------


def clock(minutes: int) -> str:
    """Minutes since the session started as ``H:MM`` (``0:00``, ``0:10``, ``1:05``)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def _answer_lines(step: PromptStep) -> list[str]:
    answer = step.answer
    kind = f"Answer: {KIND_LABELS[answer.kind]}"
    if isinstance(answer, ScaleAnswer):
        return [
            f"{kind} from {answer.min} ({answer.min_label}) to {answer.max} ({answer.max_label})"
        ]
    if isinstance(answer, ChoiceAnswer):
        how = "pick any" if answer.multiple else "pick one"
        return [f"{kind}, {how}:", *(f"• {option}" for option in answer.options)]
    if isinstance(answer, WordAnswer):
        return [f"{kind}: up to {answer.max_words} word(s)"]
    if isinstance(answer, TextAnswer):
        return [f"{kind}: up to {answer.max_length} characters"]
    raise AssertionError(f"unhandled answer kind {answer!r}")  # pragma: no cover


def _step_heading(step: AnyStep) -> str:
    if isinstance(step, SlideStep):
        return f"Slide: {step.title}"
    if isinstance(step, PromptStep):
        return "Phone prompt"
    return f"Exercise ({FORMAT_LABELS[step.format]}): {step.title}"


def _guide_step(step: AnyStep, start: int) -> list[Flowable]:
    styles = _styles()
    role = f" · {step.role}" if step.role else ""
    heading = Paragraph(
        f"<b>{clock(start)}</b>  ·  {step.minutes} min{escape(role)}  ·  "
        f"{inline_markup(_step_heading(step))}",
        styles.h2,
    )
    body: list[Flowable] = []
    if isinstance(step, SlideStep) and step.body.strip():
        body.append(_plain("On the slide:", styles.cell_bold))
        body.extend(markdown_flowables(step.body, styles.small))
    elif isinstance(step, PromptStep):
        body.append(_para(f"**Question:** {step.question}", styles.body))
        body.extend(_plain(line, styles.small) for line in _answer_lines(step))
    elif isinstance(step, ExerciseStep):
        body.append(_plain("Instructions:", styles.cell_bold))
        body.extend(markdown_flowables(step.instructions, styles.small))
    body.append(_plain("Facilitator notes:", styles.cell_bold))
    body.extend(markdown_flowables(step.notes, styles.body))
    return [KeepTogether([heading, *body[:2]]), *body[2:], Spacer(1, 4)]


def _overview_table(curriculum: Curriculum, size: float) -> Table:
    styles = _styles()
    cell = ParagraphStyle("overview", parent=styles.cell, fontSize=size, leading=size * 1.27)
    bold = ParagraphStyle("overview_bold", parent=cell, fontName="DejaVuSans-Bold")
    rows: list[list[Any]] = [
        [_plain("No.", bold), _plain("Session and minutes", bold), _plain("Goals", bold)]
    ]
    for session in sorted(curriculum.sessions, key=lambda s: s.number):
        rows.append(
            [
                _plain(str(session.number), cell),
                [
                    _plain(session.title, bold),
                    _plain(f"{session.step_minutes} of {session.minutes} minutes planned", cell),
                ],
                [_para(f"• {goal}", cell) for goal in session.goals],
            ]
        )
    table = Table(rows, colWidths=["8%", "30%", "62%"], repeatRows=1)
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _overview(curriculum: Curriculum, paper: str) -> list[Flowable]:
    """Page 1 of the guide: sessions, minutes, goals; page 2: about the programme."""
    styles = _styles()
    heading: list[Flowable] = [
        _plain("Facilitator guide", styles.subtitle),
        _plain(curriculum.title, styles.title),
        _plain(
            f"Version {curriculum.version} · {len(curriculum.sessions)} sessions",
            styles.small,
        ),
        Spacer(1, 6),
    ]
    width, height = _frame_size(paper)
    room = height - _height(heading, width, height)
    # One page: with many sessions or long goals the table's text steps down, not below 8 pt.
    for size in (11, 10.5, 10, 9.5, 9, 8.5, 8):
        table = _overview_table(curriculum, size)
        if table.wrap(width, room)[1] <= room:
            break
    about: list[Flowable] = [
        PageBreak(),
        _plain("About this programme", styles.h1),
        _para(curriculum.summary, styles.body),
        _para(f"**For:** {curriculum.audience}", styles.body),
        disclaimer_note(curriculum),
        _plain("Group agreements", styles.h1),
        _bullets(curriculum.agreements, styles.body),
        support_box(curriculum),
    ]
    return [*heading, table, *about]


def facilitator_guide_pdf(curriculum: Curriculum, paper: str = "a4") -> bytes:
    """The whole programme's script as PDF bytes.

    A one-page overview (sessions, minutes, goals), then every session's steps
    in order, each with its minutes and a running clock from 0:00, the
    facilitator notes, the prompt (question, kind, options or scale labels)
    and the exercise instructions. Page 2 holds the summary, the disclaimer,
    the group agreements and the support box.
    """
    _check_paper(paper)
    styles = _styles()
    story = _overview(curriculum, paper)
    for session in sorted(curriculum.sessions, key=lambda s: s.number):
        story.append(PageBreak())
        story.append(_plain(f"Session {session.number}: {session.title}", styles.title))
        story.append(
            _plain(
                f"{session.minutes} minutes; the steps take {session.step_minutes}.",
                styles.small,
            )
        )
        story.append(_bullets(session.goals, styles.body))
        start = 0
        for step in session.steps:
            story.extend(_guide_step(step, start))
            start += step.minutes
        story.append(_plain(f"{clock(start)}  ·  end of session", styles.h2))
    return _build(
        story,
        paper=paper,
        title=f"{curriculum.title}: facilitator guide",
        footer=footer_text(curriculum),
        header=f"Facilitator guide · {curriculum.title}",
        language=curriculum.language,
    )


# --- Personal takeaway ---------------------------------------------------------------


def takeaway_pdf(
    curriculum: Curriculum,
    session: Session,
    answers: Sequence[tuple[str, str]],
    paper: str = "a4",
) -> bytes:
    """The session's handout plus one phone's own answers, built on demand.

    ``answers`` holds (question, answer text) pairs for this phone only, in
    prompt order; the caller writes a pass as it wants it shown. The answers
    are participant text and are printed exactly as written, never through
    Markdown. Nothing here is stored: the bytes go straight to the phone.
    """
    _check_paper(paper)
    styles = _styles()
    extra: list[Flowable] = [
        _plain("Your answers in this session", styles.h1),
        _plain(
            "Made on your phone when you asked for it; the server keeps no copy of this page.",
            styles.small,
        ),
    ]
    if not answers:
        extra.append(_plain("You did not answer any prompts in this session.", styles.body))
    for question, answer in answers:
        extra.append(
            KeepTogether(
                [
                    _plain(question, styles.h2),
                    _plain(answer, styles.body),
                ]
            )
        )
    return _build(
        session_handout_story(curriculum, session, extra),
        paper=paper,
        title=f"{curriculum.title}: session {session.number}, my answers",
        footer=footer_text(curriculum),
        header=f"Session {session.number}: {session.title}",
        language=curriculum.language,
    )


# --- Group summary -----------------------------------------------------------------------


class SummaryLike(Protocol):
    """What the group summary reads from ``workshop.results.PromptSummary``.

    A protocol, so this module depends on neither pandas nor the results
    module: ``distribution`` and ``words`` are anything with ``itertuples``.
    """

    @property
    def kind(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def responses(self) -> int: ...
    @property
    def shown(self) -> bool: ...
    @property
    def mean(self) -> float | None: ...
    @property
    def distribution(self) -> Any: ...
    @property
    def words(self) -> Any: ...
    @property
    def texts(self) -> Sequence[str]: ...


class _Bar(Flowable):  # type: ignore[misc]
    """A horizontal bar for a share of answers; grey fill, black outline, prints in B/W."""

    def __init__(self, fraction: float, height: float = 9) -> None:
        super().__init__()
        self.fraction = max(0.0, min(1.0, fraction))
        self.bar_height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.bar_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setFillColor(colors.Color(0.45, 0.45, 0.45))
        canvas.setLineWidth(0.5)
        if self.fraction > 0:
            canvas.rect(0, 0, self.width * self.fraction, self.bar_height, stroke=1, fill=1)
        canvas.restoreState()


def _counts_table(rows: list[tuple[str, int]]) -> Table:
    styles = _styles()
    top = max((count for _label, count in rows), default=0) or 1
    table = Table(
        [
            [_plain(label, styles.cell), _plain(str(count), styles.cell), _Bar(count / top)]
            for label, count in rows
        ],
        colWidths=["38%", "10%", "52%"],
        hAlign="LEFT",
    )
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _summary_block(summary: SummaryLike, min_group: int | None) -> list[Flowable]:
    styles = _styles()
    block: list[Flowable] = [_plain(summary.question, styles.h2)]
    if not summary.shown:
        # No figure at all, not even the number of responses: the small-number rule.
        rule = f" (fewer than {min_group} answers)" if min_group else ""
        block.append(
            _plain(f"Not shown: too few answers to keep them anonymous{rule}.", styles.note)
        )
        return block
    facts = f"{summary.responses} responses"
    if summary.kind == "scale" and summary.mean is not None:
        facts += f" · average {summary.mean:.1f}"
    block.append(_plain(facts, styles.small))
    if summary.kind in ("scale", "choice") and summary.distribution is not None:
        rows = [
            (str(label), int(count))
            for label, count in summary.distribution.itertuples(index=False)
        ]
        block.append(_counts_table(rows))
    elif summary.kind == "word" and summary.words is not None:
        rows = [(str(word), int(count)) for word, count in summary.words.itertuples(index=False)]
        block.append(_counts_table(rows[:15]))
    elif summary.kind == "text":
        block.append(_bullets([_plain(text, styles.small) for text in summary.texts], styles.small))
    return block


def group_summary_pdf(
    title: str,
    summaries: Sequence[SummaryLike],
    *,
    paper: str = "a4",
    min_group: int | None = None,
    footer: str = "Open Circle · anonymous group summary",
    language: str = "en",
) -> bytes:
    """One page (more if it must) of a room's revealed results, for records or a funder.

    Only what the results module already released is printed: a summary with
    ``shown`` false prints its question and no figure. Open texts are the
    ones left after hidden and flagged answers were removed, printed as
    written. ``min_group`` (the room's ``k``) is only used to say why a result
    is missing.
    """
    _check_paper(paper)
    styles = _styles()
    story: list[Flowable] = [
        _plain("Group summary", styles.subtitle),
        _plain(title, styles.title),
        _plain(
            "Anonymous answers from the phones in the room. With a small group these figures "
            "are conversation starters and rough feedback, not evidence that the programme "
            "works.",
            styles.small,
        ),
    ]
    if not summaries:
        story.append(_plain("No prompts were answered in this room.", styles.body))
    for summary in summaries:
        story.extend(_summary_block(summary, min_group))
    return _build(
        story, paper=paper, title=f"Group summary: {title}", footer=footer, language=language
    )


# --- Previews -----------------------------------------------------------------------------


def page_png(pdf: bytes, page_index: int = 0, *, scale: float = 1.0) -> bytes:
    """One page of a PDF as a PNG image (scale 1 = 72 dpi), for previews and the README.

    Rendered with pypdfium2, a pip-installed renderer: no system tool needed.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page_index].render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has (for the organiser page's preview)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


# --- Writing files (command line and organiser page) ------------------------------------


@dataclass(frozen=True)
class PlannedDocument:
    """One PDF to write: its file name, a label for progress, and how to build it."""

    filename: str
    label: str
    build: Callable[[], bytes]


def handout_filename(curriculum: Curriculum, session: Session) -> str:
    """``<curriculum>-session-01-<session>.pdf``: sorts in session order, ids are file-safe."""
    return f"{curriculum.id}-session-{session.number:02d}-{session.id}.pdf"


def guide_filename(curriculum: Curriculum) -> str:
    """``<curriculum>-facilitator-guide.pdf``."""
    return f"{curriculum.id}-facilitator-guide.pdf"


def plan_documents(
    curriculum: Curriculum, paper: str = "a4", *, guide: bool = False
) -> list[PlannedDocument]:
    """Every PDF of a programme, in session order, with the guide last when asked for."""
    _check_paper(paper)
    planned = [
        PlannedDocument(
            filename=handout_filename(curriculum, session),
            label=f"session {session.number}",
            build=functools.partial(session_handout_pdf, curriculum, session, paper),
        )
        for session in sorted(curriculum.sessions, key=lambda s: s.number)
    ]
    if guide:
        planned.append(
            PlannedDocument(
                filename=guide_filename(curriculum),
                label="facilitator guide",
                build=functools.partial(facilitator_guide_pdf, curriculum, paper),
            )
        )
    return planned


def zip_documents(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (file name, PDF bytes) pairs, for "download all" on the organiser page.

    Entries carry a fixed date, so the same PDFs give the same zip and the
    archive says nothing about when it was made.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for filename, data in files:
            info = zipfile.ZipInfo(filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def prepare_folder(folder: Path) -> Path:
    """Make sure ``folder`` exists and can be written; create it when only it is missing.

    Raises ``OutputFolderError`` when the parent is missing (a typo is more
    likely than a wish for a new tree), when the path is a file, or when the
    folder cannot be written.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputFolderError(f"{folder} is a file, not a folder: choose another --out folder")
    if not folder.exists():
        parent = folder.absolute().parent
        if not parent.is_dir():
            raise OutputFolderError(
                f"cannot create {folder}: its parent folder {parent} does not exist. "
                "Create it first or choose another --out folder"
            )
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputFolderError(
                f"cannot create {folder}: {exc.strerror}. Choose a folder you can write to"
            ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputFolderError(
            f"cannot write to {folder}: permission denied. Choose a folder you can write to"
        )
    return folder


def write_document(folder: Path, filename: str, data: bytes) -> Path:
    """Write one PDF into ``folder``; a half-written file never replaces a good one."""
    target = folder / filename
    partial = folder / f".{filename}.part"
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise OutputFolderError(
            f"cannot write {target}: {exc.strerror}. Choose a folder you can write to"
        ) from None
    return target
