"""A whole group's record: one PDF for the organiser's files or a funder.

Per session (oldest first), a heading with the two labelled dates, then the
results the disclosure gate released on ``record`` (``summary.summary_block``:
a withheld result prints its question and no figure); prompts that repeat in
every session carry their step ("check-in, start of session"). Then the
check-in/check-out trend, session by session, where a withheld cell reads
"not shown" and carries no count. Everything printed is handed in already
released and formatted (``workshop.programme_record``): this module decides
nothing about what may be shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Table

from workshop.documents.labels import labels_for
from workshop.documents.layout import plain, verbatim
from workshop.documents.pages import build, check_paper
from workshop.documents.summary import SummaryLike, WithheldLike, summary_block
from workshop.documents.theme import styles, table_style


@dataclass(frozen=True)
class RecordPrompt:
    """One released result and, for a repeated prompt, its step label."""

    step: str | None
    summary: SummaryLike | WithheldLike


@dataclass(frozen=True)
class RecordSession:
    """One ended session: its heading, its labelled dates, its released results."""

    heading: str
    dates: tuple[str, ...]
    prompts: tuple[RecordPrompt, ...]


@dataclass(frozen=True)
class TrendLine:
    """One session's trend cells, formatted ("6.2 (5 answers)" or "not shown")."""

    session: str
    check_in: str
    check_out: str


def _trend_table(lines: Sequence[TrendLine], check_in: str, check_out: str) -> Table:
    look = styles()
    rows = [[plain("Session", look.cell), plain(check_in, look.cell), plain(check_out, look.cell)]]
    rows += [
        [
            verbatim(line.session, look.cell),
            plain(line.check_in, look.cell),
            plain(line.check_out, look.cell),
        ]
        for line in lines
    ]
    table = Table(rows, colWidths=["46%", "27%", "27%"], hAlign="LEFT", repeatRows=1)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def group_record_pdf(
    title: str,
    sessions: Sequence[RecordSession],
    trend: Sequence[TrendLine],
    *,
    notes: Sequence[str] = (),
    paper: str = "a4",
    min_group: int | None = None,
    footer: str = "Open Circle · anonymous group record",
    language: str = "en",
) -> bytes:
    """The group record as PDF bytes: sessions, then the trend, then ``notes``."""
    check_paper(paper)
    look = styles()
    labels = labels_for(language)
    story: list[Flowable] = [
        plain("Group record", look.subtitle),
        plain(title, look.title),
        plain(
            "Anonymous answers from the phones in the room: only results the room saw "
            f"revealed, and only where at least {min_group or 'enough'} phones answered. "
            "With a small group these figures are conversation starters and rough "
            "feedback, not evidence that the programme works.",
            look.small,
        ),
    ]
    if not sessions:
        story.append(plain("No session of this group has ended yet.", look.body))
    for session in sessions:
        story.append(verbatim(session.heading, look.h1))
        story.extend(plain(line, look.small) for line in session.dates)
        if not session.prompts:
            story.append(plain("The room saw no results in this session.", look.note))
        for prompt in session.prompts:
            if prompt.step:
                story.append(plain(prompt.step.capitalize(), look.small))
            story.extend(summary_block(prompt.summary, min_group))
    if trend:
        story.append(plain("Check-in and check-out, session by session", look.h1))
        story.append(
            _trend_table(
                trend, labels("step_check_in").capitalize(), labels("step_check_out").capitalize()
            )
        )
    story.extend(plain(note, look.note) for note in notes)
    return build(
        story,
        paper=paper,
        title=f"Group record: {title}",
        footer=footer,
        header="",
        labels=labels,
    )
