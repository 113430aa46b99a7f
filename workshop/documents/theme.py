"""The look every document shares: fonts, colours, paragraph and table styles.

The font is DejaVu Sans, shipped in ``workshop/fonts/`` and embedded as a
TrueType subset, so accented Latin (é, ß, ø, ł ...) prints correctly; code
spans use DejaVu Sans Mono from the same folder.

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
FONT_FAMILY = "DejaVuSans"
BOLD_FONT = "DejaVuSans-Bold"
ITALIC_FONT = "DejaVuSans-Oblique"
MONO_FONT = "DejaVuSansMono"
_FONT_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
}

BODY_SIZE = 11.5
"""Body text in points: at least 11 so a handout reads well on a photocopy."""

INK = colors.black
RULE = colors.Color(0.55, 0.55, 0.55)
"""Grey for writing lines and boxes: visible on a black-and-white copy, quieter than text."""

BUILD_LOCK = threading.RLock()
"""reportlab keeps module-level state (font subsets, caches) and does not promise
thread safety; Streamlit serves pages from threads, so one build at a time."""


def register_fonts() -> str:
    """Register the shipped DejaVu faces once per process; return the body family name.

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
        normal="DejaVuSans",
        bold=BOLD_FONT,
        italic=ITALIC_FONT,
        boldItalic="DejaVuSans-BoldOblique",
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
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    box_title: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """The shared styles, built once (the fonts are registered first)."""
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
    bold = BOLD_FONT
    return Styles(
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
        note=ParagraphStyle("note", parent=body, fontName=ITALIC_FONT, fontSize=11, leading=14.5),
        box_title=ParagraphStyle("box_title", parent=body, fontName=bold, fontSize=12.5),
        cell=ParagraphStyle("cell", parent=body, fontSize=11, leading=14, spaceAfter=0),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=body, fontName=bold, fontSize=11, leading=14, spaceAfter=0
        ),
    )


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose default font is ours: reportlab's default is Helvetica, unembedded."""
    return TableStyle([("FONT", (0, 0), (-1, -1), "DejaVuSans", 11), *commands])
