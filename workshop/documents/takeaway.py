"""A phone's personal takeaway: the session's handout plus that phone's own answers."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether

from workshop.curriculum import Curriculum, Session
from workshop.documents.handout import session_handout_story
from workshop.documents.layout import build, check_paper, footer_text, plain
from workshop.documents.theme import styles


def takeaway_pdf(
    curriculum: Curriculum,
    session: Session,
    answers: Sequence[tuple[str, str]],
    paper: str = "a4",
) -> bytes:
    """The session's handout plus one phone's own answers, built on demand.

    ``answers`` holds (question, answer text) pairs for this phone only, in
    prompt order; the caller writes a pass as it wants it shown. The answers
    are participant text and are printed exactly as written, never through
    Markdown. Nothing here is stored: the bytes go straight to the phone.
    """
    check_paper(paper)
    look = styles()
    extra: list[Flowable] = [
        plain("Your answers in this session", look.h1),
        plain(
            "Made on your phone when you asked for it; the server keeps no copy of this page.",
            look.small,
        ),
    ]
    if not answers:
        extra.append(plain("You did not answer any prompts in this session.", look.body))
    for question, answer in answers:
        extra.append(KeepTogether([plain(question, look.h2), plain(answer, look.body)]))
    return build(
        session_handout_story(curriculum, session, extra),
        paper=paper,
        title=f"{curriculum.title}: session {session.number}, my answers",
        footer=footer_text(curriculum),
        header=f"Session {session.number}: {session.title}",
        language=curriculum.language,
    )
