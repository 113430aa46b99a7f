"""Writing space on a handout: ruled lines, a form, a grid, a timeline strip, the practice log.

Each is drawn in grey lines that show on a black-and-white copy and leave
room for a pen; column and row names print in the heading face, so a man
sees at a glance what goes where.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from workshop.curriculum import Worksheet
from workshop.documents.labels import Labels
from workshop.documents.layout import RuledLines, plain
from workshop.documents.theme import INK, RULE, SANS_FONT, styles, table_style

ROW_HEIGHT = 11 * mm
"""A handwritten line needs about a centimetre."""


def _blank_table(header: list[str], rows: list[str], heights: float, first: str) -> Table:
    """A table with a header row, row names in the first column (if any) and empty cells."""
    look = styles()
    named = any(rows)
    columns = len(header)
    head: list[Any] = [plain(name, look.cell_bold) for name in header]
    body: list[list[Any]] = [
        [plain(name, look.cell_bold) if named and index == 0 else "" for index in range(columns)]
        for name in rows
    ]
    widths: list[str] = (
        [first, *[f"{(100 - float(first[:-1])) / (columns - 1):.1f}%"] * (columns - 1)]
        if named
        else [f"{100 / columns:.1f}%"] * columns
    )
    table = Table([head, *body], colWidths=widths, rowHeights=[None, *[heights] * len(rows)])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
                ("GRID", (0, 1), (-1, -1), 0.6, RULE),
                ("BOX", (0, 0), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
            ]
        )
    )
    return table


class TimelineStrip(Flowable):  # type: ignore[misc]
    """A line with a tick every eighth and its two ends named: room to mark events on."""

    def __init__(self, start: str, end: str) -> None:
        super().__init__()
        self.start = start
        self.end = end

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 30 * mm

    def draw(self) -> None:
        canvas = self.canv
        y = 12 * mm
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.4)
        canvas.line(0, y, self.width, y)
        canvas.setLineWidth(0.6)
        for index in range(9):
            x = self.width * index / 8
            canvas.line(x, y - 2.5 * mm, x, y + 2.5 * mm)
        canvas.setStrokeColor(RULE)
        for index in range(8):  # space above the line for a word per mark
            x = self.width * (index + 0.5) / 8
            canvas.line(x - 8 * mm, y + 10 * mm, x + 8 * mm, y + 10 * mm)
        canvas.setFillColor(INK)
        canvas.setFont(SANS_FONT, 9.5)
        canvas.drawString(0, y - 7 * mm, self.start)
        canvas.drawRightString(self.width, y - 7 * mm, self.end)
        canvas.restoreState()


def worksheet_flowables(sheet: Worksheet) -> list[Flowable]:
    """The writing space a curriculum asked for, under its exercise or section."""
    if sheet.kind == "lines":
        return [RuledLines(sheet.lines or 6)]
    if sheet.kind == "form":
        columns = list(sheet.columns or [])
        rows = [""] * (sheet.lines or 4)
        return [Spacer(1, 3), _blank_table(columns, rows, ROW_HEIGHT, "")]
    if sheet.kind == "grid":
        columns = ["", *(sheet.columns or [])]
        rows = list(sheet.rows or [])
        height = 18 * mm if len(columns) <= 3 else 15 * mm
        return [Spacer(1, 3), _blank_table(columns, rows, height, "24%")]
    start, end = sheet.ends or ["", ""]
    return [TimelineStrip(start, end), RuledLines(sheet.lines or 4)]


def practice_log(words: Labels) -> Flowable:
    """Seven rows, one a day: what I did, what I noticed. Kept on one page."""
    look = styles()
    rows = [words("day", number=day) for day in range(1, 8)]
    table = _blank_table(["", words("log_did"), words("log_noticed")], rows, 10.5 * mm, "13%")
    return KeepTogether([plain(words("practice_log"), look.label), Spacer(1, 2), table])
