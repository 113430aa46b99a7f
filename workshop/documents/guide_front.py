"""The guide's front pages: cover with contents, about the programme, safety protocol.

Page 1 is the cover and the contents in one: every session with its minutes,
goals and the page it starts on (a ``PageNumber``, filled in when the build ends),
stepped down in size until it fits one page. Page 2 holds the summary, the
"not therapy" note, the agreements and the support band. Page 3 is the
one-page safety and disclosure protocol: the steps, what to say, the numbers.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Spacer,
    Table,
)

from workshop.curriculum import Curriculum
from workshop.documents.labels import Labels
from workshop.documents.layout import (
    disclaimer_note,
    labels_of,
    plain,
    stacked_height,
    support_band,
)
from workshop.documents.markdown import bullets, markdown_paragraph
from workshop.documents.pages import PageNumber, SectionMark, frame_size
from workshop.documents.theme import HEADING_FONT, INK, RULE, styles, table_style

ABOUT_KEY = "about"
SAFETY_KEY = "safety"


def session_key(number: int) -> str:
    """The bookmark and contents key of a session."""
    return f"session-{number}"


def _contents_table(curriculum: Curriculum, size: float, words: Labels) -> Table:
    cell = ParagraphStyle(
        "overview", parent=styles().cell, fontSize=size, leading=size * (1.27 if size > 9 else 1.2)
    )
    bold = ParagraphStyle("overview_bold", parent=cell, fontName=HEADING_FONT)
    rows: list[list[Any]] = [
        [
            plain(words("col_number"), bold),
            plain(words("col_session"), bold),
            plain(words("col_goals"), bold),
            plain(words("col_page"), ParagraphStyle("page_head", parent=bold, alignment=2)),
        ]
    ]
    for session in sorted(curriculum.sessions, key=lambda s: s.number):
        planned = words("planned", steps=session.step_minutes, minutes=session.minutes)
        rows.append(
            [
                plain(str(session.number), bold),
                [plain(session.title, bold), plain(planned, cell)],
                [markdown_paragraph(f"• {goal}", cell) for goal in session.goals],
                PageNumber(session_key(session.number), size=size),
            ]
        )
    table = Table(rows, colWidths=["6%", "27%", "58%", "9%"], repeatRows=1)
    table.setStyle(
        table_style(
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


def _front_pages(words: Labels) -> Table:
    """One line: the about and safety pages with their numbers."""
    small = styles().small
    row: list[Any] = []
    for key in (ABOUT_KEY, SAFETY_KEY):
        row += [plain(words(key), small), PageNumber(key, size=small.fontSize)]
    table = Table([row], colWidths=["32%", "8%", "32%", "8%"], hAlign="LEFT")
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _cover_heading(curriculum: Curriculum, words: Labels, compact: bool) -> list[Flowable]:
    look = styles()
    size = 20 if compact else 25
    return [
        Spacer(1, 0 if compact else 6 * mm),
        plain(words("guide"), look.kicker),
        plain(
            curriculum.title,
            ParagraphStyle("cover", parent=look.title, fontSize=size, leading=size * 1.2),
        ),
        plain(
            words(
                "guide_facts",
                version=curriculum.version,
                sessions=words.sessions(len(curriculum.sessions)),
            ),
            look.subtitle,
        ),
        HRFlowable(
            width="100%",
            thickness=2.5,
            color=INK,
            spaceBefore=4 if compact else 8,
            spaceAfter=4 if compact else 10,
        ),
        plain(words("contents"), look.h2),
        _front_pages(words),
    ]


def cover(curriculum: Curriculum, paper: str) -> list[Flowable]:
    """Page 1: the cover and the contents, kept to one page."""
    words = labels_of(curriculum)
    width, height = frame_size(paper)
    # One page: with many sessions or long goals the heading tightens and the
    # table's text steps down, not below 8 pt.
    for compact in (False, True):
        heading = _cover_heading(curriculum, words, compact)
        room = height - stacked_height(heading, width, height) - 4
        for size in (10.5, 10, 9.5, 9, 8.5, 8):
            table = _contents_table(curriculum, size, words)
            if table.wrap(width, room)[1] <= room:
                return [*heading, table]
    return [*heading, table]


def about(curriculum: Curriculum) -> list[Flowable]:
    """Page 2: what the programme is, for whom, the note, the agreements, the support band."""
    look = styles()
    words = labels_of(curriculum)
    return [
        PageBreak(),
        SectionMark(ABOUT_KEY, words("about"), f"{words('guide')} · {curriculum.title}"),
        plain(words("about"), look.h1),
        markdown_paragraph(curriculum.summary, look.body),
        markdown_paragraph(f"**{words('for')}** {curriculum.audience}", look.body),
        disclaimer_note(curriculum),
        KeepTogether(
            [plain(words("group_agreements"), look.h1), bullets(curriculum.agreements, look.body)]
        ),
        support_band(curriculum),
    ]


def safety(curriculum: Curriculum) -> list[Flowable]:
    """Page 3: the disclosure protocol, what to say, and the crisis numbers."""
    look = styles()
    words = labels_of(curriculum)
    steps = [plain(line, look.body) for line in words("safety_steps").splitlines() if line]
    numbered = ListFlowable(
        [ListItem(step, leftIndent=18) for step in steps],
        bulletType="1",
        bulletFormat="%s.",
        bulletFontName=HEADING_FONT,
        bulletFontSize=look.body.fontSize,
        leftIndent=18,
    )
    return [
        PageBreak(),
        SectionMark(SAFETY_KEY, words("safety"), f"{words('guide')} · {words('safety')}"),
        plain(words("safety"), look.title),
        plain(words("safety_intro"), look.body),
        numbered,
        KeepTogether(
            [plain(words("safety_say"), look.h2), plain(words("safety_words"), look.note)]
        ),
        plain(words("safety_numbers"), look.h2),
        support_band(curriculum),
    ]
