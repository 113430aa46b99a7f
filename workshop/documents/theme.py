"""The look every document shares: fonts, colours, paragraph and table styles.

Two faces from Noto, shipped in ``workshop/fonts/`` (SIL Open Font License,
licence beside them) and embedded as TrueType subsets: Noto Serif is the text
face (it reads well at 11 pt on a photocopy), Noto Sans the heading face
(titles, headings, labels, header and footer). Both cover Latin Extended-A
and B, so accented Latin (é, ß, ø, ł ...) prints. Code spans use Noto Sans
Mono. Everything is black, white and greys that survive a black-and-white copy.

Its own module, below both ``markdown`` and ``layout``: the Markdown reader
needs the fonts and colours, and the page layout needs the Markdown reader
(the disclaimer is organiser Markdown), so neither can hold them.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FAMILY = "NotoSerif"
"""The text face's family name: ``<b>`` and ``<i>`` in a paragraph pick its bold and italic."""
TEXT_FONT = "NotoSerif"
BOLD_FONT = "NotoSerif-Bold"
ITALIC_FONT = "NotoSerif-Italic"
HEADING_FONT = "NotoSans-Bold"
SANS_FONT = "NotoSans"
MONO_FONT = "NotoSansMono"
_FONT_FILES = {
    "NotoSerif": "NotoSerif-Regular.ttf",
    "NotoSerif-Bold": "NotoSerif-Bold.ttf",
    "NotoSerif-Italic": "NotoSerif-Italic.ttf",
    "NotoSerif-BoldItalic": "NotoSerif-BoldItalic.ttf",
    "NotoSans": "NotoSans-Regular.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "NotoSansMono": "NotoSansMono-Regular.ttf",
}

BODY_SIZE = 11.5
"""Body text in points: at least 11 so a handout reads well on a photocopy."""

INK = colors.black
RULE = colors.Color(0.55, 0.55, 0.55)
"""Grey for writing lines and boxes: visible on a black-and-white copy, quieter than text."""
SHADE = colors.Color(0.92, 0.92, 0.92)
"""Light grey behind the slide text in the guide and the support band: shows on a copy."""

BUILD_LOCK = threading.RLock()
"""reportlab keeps module-level state (font subsets, caches) and does not promise
thread safety; Streamlit serves pages from threads, so one build at a time."""


def register_fonts() -> str:
    """Register the shipped Noto faces once per process; return the body family name.

    Done on first use, not at import, so importing this module stays cheap.
    """
    with BUILD_LOCK:
        return _register_fonts()


@functools.cache
def _register_fonts() -> str:
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT_FAMILY,
        normal=TEXT_FONT,
        bold=BOLD_FONT,
        italic=ITALIC_FONT,
        boldItalic="NotoSerif-BoldItalic",
    )
    # The heading face has no italic of its own: emphasis in a heading stays upright.
    pdfmetrics.registerFontFamily(
        SANS_FONT, normal=SANS_FONT, bold=HEADING_FONT, italic=SANS_FONT, boldItalic=HEADING_FONT
    )
    # One mono face: a code span inside bold or italic text stays mono, upright.
    pdfmetrics.registerFontFamily(
        MONO_FONT, normal=MONO_FONT, bold=MONO_FONT, italic=MONO_FONT, boldItalic=MONO_FONT
    )
    return FONT_FAMILY


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of every document."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    kicker: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    label: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    box_title: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    time: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """The shared styles, built once (the fonts are registered first)."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=TEXT_FONT,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.38,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=5,
    )
    heading = ParagraphStyle(
        "heading", parent=body, fontName=HEADING_FONT, keepWithNext=1, spaceAfter=4
    )
    return Styles(
        title=ParagraphStyle("title", parent=heading, fontSize=21, leading=26, spaceAfter=6),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontName=SANS_FONT, fontSize=12, leading=16
        ),
        kicker=ParagraphStyle(
            "kicker",
            parent=heading,
            fontSize=10.5,
            leading=14,
            textColor=colors.Color(0.3, 0.3, 0.3),
        ),
        h1=ParagraphStyle(
            "h1", parent=heading, fontSize=14.5, leading=19, spaceBefore=14, spaceAfter=5
        ),
        h2=ParagraphStyle("h2", parent=heading, fontSize=12, leading=16, spaceBefore=9),
        label=ParagraphStyle(
            "label", parent=heading, fontSize=10, leading=13, spaceBefore=3, spaceAfter=1
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=10.5, leading=14),
        note=ParagraphStyle("note", parent=body, fontName=ITALIC_FONT, fontSize=11, leading=15),
        box_title=ParagraphStyle(
            "box_title", parent=heading, fontSize=11.5, leading=15, keepWithNext=0
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=10.5, leading=13.5, spaceAfter=0),
        cell_bold=ParagraphStyle(
            "cell_bold",
            parent=body,
            fontName=HEADING_FONT,
            fontSize=10,
            leading=13.5,
            spaceAfter=0,
        ),
        time=ParagraphStyle(
            "time", parent=body, fontName=SANS_FONT, fontSize=9.5, leading=12.5, spaceAfter=0
        ),
    )


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose default font is ours: reportlab's default is Helvetica, unembedded."""
    return TableStyle([("FONT", (0, 0), (-1, -1), TEXT_FONT, 10.5), *commands])
