"""The facilitator guide, for running a session from paper.

Front pages (``guide_front``): cover with contents and page numbers, about
the programme, the safety and disclosure protocol. Then each session on a new
page: a PDF bookmark, a running header naming it, its goals and every step
with a time column (``guide_steps``). Built in one pass; the contents' page
numbers are filled in when the last page is done (``pages.PageNumber``).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from workshop.curriculum import Curriculum, Session
from workshop.documents.guide_front import about, cover, safety, session_key
from workshop.documents.guide_steps import clock, guide_step
from workshop.documents.labels import Labels
from workshop.documents.layout import footer_text, labels_of, plain
from workshop.documents.markdown import bullets
from workshop.documents.pages import SectionMark, build_marked, check_paper
from workshop.documents.theme import styles
from workshop.documents.typography import quotes_for

__all__ = ["clock", "facilitator_guide_pdf"]


def _session(session: Session, words: Labels) -> list[Flowable]:
    look = styles()
    name = words("session", number=session.number)
    story: list[Flowable] = [
        PageBreak(),
        SectionMark(
            session_key(session.number),
            f"{name}: {session.title}",
            f"{name} · {session.title}",
        ),
        plain(name, look.kicker),
        plain(session.title, look.title),
        plain(
            words("session_minutes", minutes=session.minutes, steps=session.step_minutes),
            look.small,
        ),
        bullets(session.goals, look.body),
    ]
    start = 0
    for step in session.steps:
        story.extend(guide_step(step, start, words))
        start += step.minutes
    story.append(plain(f"{clock(start)} · {words('end')}", look.h2))
    return story


def facilitator_guide_pdf(curriculum: Curriculum, paper: str = "a4") -> bytes:
    """The whole programme's script as PDF bytes.

    Cover and contents, about the programme, the safety protocol, then every
    session's steps in order, each with its minutes and a running clock from
    0:00, the slide text, the prompt (question, kind, options or scale
    labels), the exercise instructions and the facilitator notes.
    """
    check_paper(paper)
    words = labels_of(curriculum)
    sessions = sorted(curriculum.sessions, key=lambda s: s.number)

    with quotes_for(words("quotes")):
        story = [*cover(curriculum, paper), *about(curriculum), *safety(curriculum)]
        for session in sessions:
            story.extend(_session(session, words))
    return build_marked(
        story,
        paper=paper,
        title=f"{curriculum.title}: {words('guide')}",
        footer=footer_text(curriculum),
        header=f"{words('guide')} · {curriculum.title}",
        labels=words,
    )
