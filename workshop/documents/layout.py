"""Pieces every document shares: plain text, the support band, the disclaimer, writing lines.

Paper, page frame, header, footer and the build itself are in ``pages``;
fonts, colours and paragraph styles in ``theme``; the fixed words in ``labels``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from workshop.curriculum import DEFAULT_SUPPORT_RESOURCES, Curriculum, SupportResource
from workshop.documents.labels import Labels, labels_for
from workshop.documents.markdown import markdown_paragraph
from workshop.documents.theme import INK, RULE, SHADE, styles, table_style
from workshop.documents.typography import typographic

_CONTACT = re.compile(
    r"(?<![\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|de|at|ch|uk|ie|ca|au)\b"
    r"|(?<![\w/])\d(?:[\d -]*\d)?(?![\w+/])",
    re.IGNORECASE,
)
"""A web address, or a run of digits (spaces and hyphens inside): what a man has to dial."""


class Kept(KeepTogether):  # type: ignore[misc]
    """``KeepTogether`` that measures itself at the indented width.

    reportlab's frame asks a flowable to split at the frame's full width, not
    the width left after an ``Indenter``; a group measured too wide looks
    shorter than it prints, "fits", and then breaks mid-paragraph.
    """

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None:
            available_width = min(available_width, frame._getAvailableWidth())
        parts: list[Flowable] = super().split(available_width, available_height)
        return parts


def keep_together(flowables: Sequence[Flowable]) -> KeepTogether:
    """One ``KeepTogether`` of ``flowables``, any kept-together group inside opened up.

    reportlab measures a nested ``KeepTogether`` as infinitely tall, so a group
    inside a group always starts a new page; flattening keeps the intent.
    """
    flat: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            flat.extend(flowable._content)
        else:
            flat.append(flowable)
    return Kept(flat)


def plain(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of text printed as written (no Markdown), with typographic quotes."""
    return Paragraph(escape(typographic(" ".join(text.split()))), style)


def verbatim(text: str, style: ParagraphStyle) -> Paragraph:
    """A participant's text exactly as typed: escaped, spaces folded, quotes left alone."""
    return Paragraph(escape(" ".join(text.split())), style)


def labels_of(curriculum: Curriculum) -> Labels:
    """The fixed words in the curriculum's language."""
    return labels_for(curriculum.language)


def footer_text(curriculum: Curriculum) -> str:
    """What the footer says on every page: the programme and its version."""
    version = labels_of(curriculum)("version", version=curriculum.version)
    return f"{curriculum.title} · {version}"


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


def contacts_in_bold(text: str) -> str:
    """``text`` as paragraph markup, every number and web address in bold."""
    out: list[str] = []
    position = 0
    for found in _CONTACT.finditer(text):
        digits = sum(char.isdigit() for char in found.group())
        if found.group()[0].isdigit() and digits < 3:
            continue  # "24/7" or "2 minutes" is not something to dial
        out.append(escape(text[position : found.start()]))
        out.append(f"<b>{escape(found.group())}</b>")
        position = found.end()
    out.append(escape(text[position:]))
    return "".join(out)


def _resource(resource: SupportResource, style: ParagraphStyle) -> Paragraph:
    return Paragraph(
        f"<b>{escape(resource.region)}</b> · {escape(typographic(resource.service))}: "
        f"{contacts_in_bold(typographic(resource.how))}",
        style,
    )


def support_band(curriculum: Curriculum, *, columns: int = 2) -> Flowable:
    """The framed band of crisis and support services: every number in bold, kept whole.

    The default list is free and confidential, and the band says so; a
    curriculum's own list prints only its own words.
    """
    look = styles()
    words = labels_of(curriculum)
    cell = ParagraphStyle("band", parent=look.small, fontSize=10, leading=13, spaceAfter=0)
    intro = words("support_danger")
    if list(curriculum.support_resources) == list(DEFAULT_SUPPORT_RESOURCES):
        intro = f"{intro} {words('support_free')}"
    resources = [_resource(r, cell) for r in curriculum.support_resources]
    per_column = -(-len(resources) // columns)
    grid: list[list[Any]] = []
    for row in range(per_column):
        grid.append(
            [
                resources[column * per_column + row]
                if column * per_column + row < len(resources)
                else ""
                for column in range(columns)
            ]
        )
    rows: list[list[Any]] = [
        [plain(words("support_title"), look.box_title)] + [""] * (columns - 1),
        [plain(intro, cell)] + [""] * (columns - 1),
        *grid,
    ]
    band = Table(rows, colWidths=[f"{100 / columns:.1f}%"] * columns, hAlign="LEFT")
    band.setStyle(
        table_style(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (0, 1), (-1, 1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 1.2, INK),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 3),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8), band, Spacer(1, 4)])


support_box = support_band
"""The old name of :func:`support_band`, kept for callers outside this package."""


def disclaimer_note(curriculum: Curriculum) -> Flowable:
    """The "peer group, not therapy" note, framed so it is not missed."""
    note = Table([[markdown_paragraph(curriculum.disclaimer, styles().note)]], colWidths=["100%"])
    note.setStyle(
        table_style(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 3, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return note


def stacked_height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """Height the flowables need one under the other (spacing included)."""
    # Lists and kept-together groups measure their parts on a canvas: a scratch one will do.
    canvas = Canvas(io.BytesIO())
    total = 0.0
    for flowable in flowables:
        total += flowable.wrapOn(canvas, width, height)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total
