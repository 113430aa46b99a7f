"""One session's handout: what it is for, key ideas, exercises to redo at home, journal."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Spacer

from workshop.curriculum import FORMAT_LABELS, Curriculum, ExerciseStep, Session
from workshop.documents.layout import (
    RuledLines,
    build,
    check_paper,
    disclaimer_note,
    footer_text,
    plain,
    support_box,
)
from workshop.documents.markdown import bullets, markdown_flowables, markdown_paragraph
from workshop.documents.theme import styles

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


def _first_session_number(curriculum: Curriculum) -> int:
    return min(session.number for session in curriculum.sessions)


def _exercise_block(step: ExerciseStep) -> list[Flowable]:
    look = styles()
    block: list[Flowable] = [
        markdown_paragraph(step.title, look.h2),
        plain(
            f"In the group: {FORMAT_LABELS[step.format]}, about {step.minutes} minutes.",
            look.small,
        ),
    ]
    block.extend(markdown_flowables(step.instructions, look.body))
    block.append(plain(AT_HOME[step.format], look.note))
    return block


def _agreements_block(curriculum: Curriculum, session: Session) -> list[Flowable]:
    look = styles()
    first = _first_session_number(curriculum)
    if session.number == first:
        return [
            plain("Our group agreements", look.h1),
            plain("We agreed on these together in our first session:", look.body),
            bullets(curriculum.agreements, look.body),
        ]
    return [
        plain("Our group agreements", look.h2),
        plain(
            f"Reminder: the agreements we made in session {first} still hold, "
            f"all {len(curriculum.agreements)} of them. Anyone may pass at any time. "
            f"The full list is on your session {first} handout.",
            look.body,
        ),
    ]


def session_handout_story(
    curriculum: Curriculum, session: Session, extra: Sequence[Flowable] = ()
) -> list[Flowable]:
    """The flowables of one session's handout; ``extra`` goes before the agreements.

    The personal takeaway uses ``extra`` for the phone's own answers.
    """
    look = styles()
    handout = session.handout
    story: list[Flowable] = [
        plain(curriculum.title, look.subtitle),
        plain(f"Session {session.number}: {session.title}", look.title),
        Spacer(1, 4),
        disclaimer_note(curriculum),
        plain("What this session is for", look.h1),
        bullets(session.goals, look.body),
        plain("Key ideas", look.h1),
        bullets(handout.key_ideas, look.body),
    ]
    exercises = [step for step in session.steps if isinstance(step, ExerciseStep)]
    if exercises:
        heading = "The exercise" if len(exercises) == 1 else "The exercises"
        story.append(plain(f"{heading}: to redo at home", look.h1))
        for step in exercises:
            story.extend(_exercise_block(step))
    story.append(plain("Practice for the week", look.h1))
    story.extend(markdown_flowables(handout.practice, look.body))
    story.append(plain("Journal", look.h1))
    story.append(
        plain(
            "Write for a few minutes, when you have some quiet. No one will read this "
            "unless you choose to share it.",
            look.small,
        )
    )
    for prompt in handout.journal_prompts:
        story.append(KeepTogether([markdown_paragraph(prompt, look.h2), RuledLines(6)]))
    if handout.further_reading:
        story.append(plain("Further reading", look.h1))
        story.append(bullets(handout.further_reading, look.body))
    story.extend(extra)
    story.extend(_agreements_block(curriculum, session))
    story.append(support_box(curriculum))
    return story


def session_handout_pdf(curriculum: Curriculum, session: Session, paper: str = "a4") -> bytes:
    """One session's handout as PDF bytes (A4 by default, ``paper="letter"`` for US Letter)."""
    check_paper(paper)
    return build(
        session_handout_story(curriculum, session),
        paper=paper,
        title=f"{curriculum.title}: session {session.number}, {session.title}",
        footer=footer_text(curriculum),
        header=f"Session {session.number}: {session.title}",
        language=curriculum.language,
    )
