"""The facilitator guide: a one-page overview, then every session's script with a clock."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from workshop.curriculum import (
    FORMAT_LABELS,
    AnyStep,
    ChoiceAnswer,
    Curriculum,
    ExerciseStep,
    PromptStep,
    ScaleAnswer,
    SlideStep,
    TextAnswer,
    WordAnswer,
    counted,
)
from workshop.documents.layout import (
    build,
    check_paper,
    disclaimer_note,
    footer_text,
    frame_size,
    plain,
    stacked_height,
    support_box,
)
from workshop.documents.markdown import (
    bullets,
    inline_markup,
    markdown_flowables,
    markdown_paragraph,
)
from workshop.documents.theme import BOLD_FONT, INK, RULE, styles, table_style

KIND_LABELS = {"scale": "scale", "choice": "choice", "word": "one word", "text": "short text"}


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
        return [f"{kind}: up to {counted(answer.max_words, 'word')}"]
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
    look = styles()
    role = f" · {step.role}" if step.role else ""
    heading = Paragraph(
        f"<b>{clock(start)}</b>  ·  {step.minutes} min{escape(role)}  ·  "
        f"{inline_markup(_step_heading(step))}",
        look.h2,
    )
    body: list[Flowable] = []
    if isinstance(step, SlideStep) and step.body.strip():
        body.append(plain("On the slide:", look.cell_bold))
        body.extend(markdown_flowables(step.body, look.small))
    elif isinstance(step, PromptStep):
        body.append(markdown_paragraph(f"**Question:** {step.question}", look.body))
        body.extend(plain(line, look.small) for line in _answer_lines(step))
    elif isinstance(step, ExerciseStep):
        body.append(plain("Instructions:", look.cell_bold))
        body.extend(markdown_flowables(step.instructions, look.small))
    body.append(plain("Facilitator notes:", look.cell_bold))
    body.extend(markdown_flowables(step.notes, look.body))
    return [KeepTogether([heading, *body[:2]]), *body[2:], Spacer(1, 4)]


def _overview_table(curriculum: Curriculum, size: float) -> Table:
    cell = ParagraphStyle("overview", parent=styles().cell, fontSize=size, leading=size * 1.27)
    bold = ParagraphStyle("overview_bold", parent=cell, fontName=BOLD_FONT)
    rows: list[list[Any]] = [
        [plain("No.", bold), plain("Session and minutes", bold), plain("Goals", bold)]
    ]
    for session in sorted(curriculum.sessions, key=lambda s: s.number):
        rows.append(
            [
                plain(str(session.number), cell),
                [
                    plain(session.title, bold),
                    plain(f"{session.step_minutes} of {session.minutes} minutes planned", cell),
                ],
                [markdown_paragraph(f"• {goal}", cell) for goal in session.goals],
            ]
        )
    table = Table(rows, colWidths=["8%", "30%", "62%"], repeatRows=1)
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


def _overview(curriculum: Curriculum, paper: str) -> list[Flowable]:
    """Page 1 of the guide: sessions, minutes, goals; page 2: about the programme."""
    look = styles()
    heading: list[Flowable] = [
        plain("Facilitator guide", look.subtitle),
        plain(curriculum.title, look.title),
        plain(
            f"Version {curriculum.version} · {counted(len(curriculum.sessions), 'session')}",
            look.small,
        ),
        Spacer(1, 6),
    ]
    width, height = frame_size(paper)
    room = height - stacked_height(heading, width, height)
    # One page: with many sessions or long goals the table's text steps down, not below 8 pt.
    for size in (11, 10.5, 10, 9.5, 9, 8.5, 8):
        table = _overview_table(curriculum, size)
        if table.wrap(width, room)[1] <= room:
            break
    about: list[Flowable] = [
        PageBreak(),
        plain("About this programme", look.h1),
        markdown_paragraph(curriculum.summary, look.body),
        markdown_paragraph(f"**For:** {curriculum.audience}", look.body),
        disclaimer_note(curriculum),
        plain("Group agreements", look.h1),
        bullets(curriculum.agreements, look.body),
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
    check_paper(paper)
    look = styles()
    story = _overview(curriculum, paper)
    for session in sorted(curriculum.sessions, key=lambda s: s.number):
        story.append(PageBreak())
        story.append(plain(f"Session {session.number}: {session.title}", look.title))
        story.append(
            plain(
                f"{session.minutes} minutes; the steps take {session.step_minutes}.",
                look.small,
            )
        )
        story.append(bullets(session.goals, look.body))
        start = 0
        for step in session.steps:
            story.extend(_guide_step(step, start))
            start += step.minutes
        story.append(plain(f"{clock(start)}  ·  end of session", look.h2))
    return build(
        story,
        paper=paper,
        title=f"{curriculum.title}: facilitator guide",
        footer=footer_text(curriculum),
        header=f"Facilitator guide · {curriculum.title}",
        language=curriculum.language,
    )
