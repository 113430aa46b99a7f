"""One session's handout, laid out as a workbook a man keeps.

Page 1: the session's number and title, the "not therapy" note, what the
session is for, the key ideas and the support band (so the crisis numbers are
always on the first page). Then the exercises as he can do them at home (an
in-group-only round is left out, a solo version printed where the curriculum
gives one), each with the writing space it asks for; the curriculum's own
sections (word lists, where to find help); the week's practice with a 7-day
log; further reading; the group agreements as a section of their own; and last
the journal prompts with ruled lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Spacer

from workshop.curriculum import Curriculum, ExerciseStep, HandoutSection, Session
from workshop.documents.labels import Labels
from workshop.documents.layout import (
    RuledLines,
    disclaimer_note,
    footer_text,
    keep_together,
    labels_of,
    plain,
    stacked_height,
    support_band,
)
from workshop.documents.markdown import bullets, markdown_flowables, markdown_paragraph
from workshop.documents.pages import build, check_paper, frame_size
from workshop.documents.theme import RULE, styles
from workshop.documents.typography import quotes_for
from workshop.documents.worksheets import practice_log, worksheet_flowables


def _first_session_number(curriculum: Curriculum) -> int:
    return min(session.number for session in curriculum.sessions)


def _exercise_block(step: ExerciseStep, words: Labels) -> list[Flowable]:
    """The exercise as a man does it at home; empty for an in-group-only round."""
    look = styles()
    if step.at_home == "skip":
        return []
    block: list[Flowable] = [markdown_paragraph(step.title, look.h2)]
    if step.at_home == "solo" and step.home is not None:
        block.extend(markdown_flowables(step.home, look.body))
    else:
        block.append(
            plain(
                words("in_group", format=words(f"format_{step.format}"), minutes=step.minutes),
                look.small,
            )
        )
        block.extend(markdown_flowables(step.instructions, look.body))
        if step.format != "solo" or step.worksheet is None:
            block.append(plain(words(f"home_{step.format}"), look.note))
    if step.worksheet is not None:
        block.extend(worksheet_flowables(step.worksheet))
    return [keep_together([*block, Spacer(1, 4)])]


def _section_block(section: HandoutSection) -> list[Flowable]:
    """A curriculum's own section: its heading kept with the first paragraph, its
    worksheet with the last, so a long section may flow over a page break."""
    look = styles()
    body = markdown_flowables(section.body, look.body)
    sheet = worksheet_flowables(section.worksheet) if section.worksheet is not None else []
    heading = markdown_paragraph(section.title, look.h1)
    if len(body) < 2:
        return [keep_together([heading, *body, *sheet])]
    return [
        keep_together([heading, body[0]]),
        *body[1:-1],
        keep_together([body[-1], *sheet]),
    ]


def _agreements_block(curriculum: Curriculum, session: Session, words: Labels) -> list[Flowable]:
    look = styles()
    first = _first_session_number(curriculum)
    heading: list[Flowable] = [
        CondPageBreak(50),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=10, spaceAfter=0),
        plain(words("agreements"), look.h1),
    ]
    if session.number == first:
        return [
            KeepTogether(
                [
                    *heading,
                    plain(words("agreements_intro"), look.body),
                    bullets(curriculum.agreements, look.body),
                ]
            )
        ]
    reminder = words("agreements_reminder", first=first, count=len(curriculum.agreements))
    return [KeepTogether([*heading, plain(reminder, look.body)])]


def _first_page(curriculum: Curriculum, session: Session, paper: str) -> list[Flowable]:
    """Title, note, purpose, key ideas and the support band, all on page 1.

    When purpose and key ideas are too long to leave room for the band, the
    band moves up under the note: the numbers stay on page 1 either way.
    """
    look = styles()
    words = labels_of(curriculum)
    top: list[Flowable] = [
        plain(f"{curriculum.title} · {words('session', number=session.number)}", look.kicker),
        plain(session.title, look.title),
        disclaimer_note(curriculum),
    ]
    middle: list[Flowable] = [
        plain(words("purpose"), look.h1),
        bullets(session.goals, look.body),
        plain(words("key_ideas"), look.h1),
        bullets(session.handout.key_ideas, look.body),
    ]
    band = support_band(curriculum)
    width, height = frame_size(paper)
    if stacked_height([*top, *middle, band], width, height) <= height:
        return [*top, *middle, band]
    return [*top, band, *middle]


def session_handout_story(
    curriculum: Curriculum, session: Session, extra: Sequence[Flowable] = (), paper: str = "a4"
) -> list[Flowable]:
    """The flowables of one session's handout; ``extra`` goes before the agreements.

    The personal takeaway uses ``extra`` for the phone's own answers.
    """
    look = styles()
    words = labels_of(curriculum)
    handout = session.handout
    story = _first_page(curriculum, session, paper)
    exercises = [
        block
        for step in session.steps
        if isinstance(step, ExerciseStep)
        for block in _exercise_block(step, words)
    ]
    if exercises:
        # The heading goes inside the first exercise's group: never alone at a page foot.
        story.append(keep_together([plain(words("at_home"), look.h1), exercises[0]]))
        story.extend(exercises[1:])
    for section in handout.sections:
        story.extend(_section_block(section))
    practice = [plain(words("practice"), look.h1), *markdown_flowables(handout.practice, look.body)]
    story.append(keep_together([*practice, Spacer(1, 4), practice_log(words)]))
    if handout.further_reading:
        story.append(
            keep_together(
                [
                    plain(words("further_reading"), look.h1),
                    bullets(handout.further_reading, look.body),
                ]
            )
        )
    story.extend(extra)
    story.extend(_agreements_block(curriculum, session, words))
    # The journal comes last: its ruled lines fill the last page, which is then
    # writing space rather than a page left nearly empty by a short tail.
    journal: list[Flowable] = [
        plain(words("journal"), look.h1),
        plain(words("journal_intro"), look.small),
    ]
    for index, prompt in enumerate(handout.journal_prompts):
        block = [markdown_paragraph(prompt, look.h2), RuledLines(6)]
        story.append(keep_together([*journal, *block] if index == 0 else block))
    return story


def session_handout_pdf(curriculum: Curriculum, session: Session, paper: str = "a4") -> bytes:
    """One session's handout as PDF bytes (A4 by default, ``paper="letter"`` for US Letter)."""
    check_paper(paper)
    words = labels_of(curriculum)
    with quotes_for(words("quotes")):
        story = session_handout_story(curriculum, session, paper=paper)
        return build(
            story,
            paper=paper,
            title=f"{curriculum.title}: {words('session', number=session.number)}, {session.title}",
            footer=footer_text(curriculum),
            header=f"{words('session', number=session.number)} · {session.title}",
            labels=words,
        )
