"""A phone's personal takeaway: the session's handout plus that phone's own answers."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether

from workshop.curriculum import Curriculum, Session
from workshop.documents.handout import session_handout_story
from workshop.documents.layout import footer_text, labels_of, plain, verbatim
from workshop.documents.pages import build, check_paper
from workshop.documents.theme import styles
from workshop.documents.typography import quotes_for


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
    Markdown. The server builds it when the phone asks and stores nothing: the bytes
    go straight to the phone, and the page says so.
    """
    check_paper(paper)
    look = styles()
    words = labels_of(curriculum)
    with quotes_for(words("quotes")):
        extra: list[Flowable] = [
            plain(words("your_answers"), look.h1),
            plain(words("takeaway_note"), look.small),
        ]
        if not answers:
            extra.append(plain(words("no_answers"), look.body))
        for question, answer in answers:
            # Participant text: escaped and printed as typed, no typography either.
            extra.append(KeepTogether([plain(question, look.h2), verbatim(answer, look.body)]))
        story = session_handout_story(curriculum, session, extra, paper=paper)
        session_name = words("session", number=session.number)
        return build(
            story,
            paper=paper,
            title=f"{curriculum.title}: {session_name}, {words('your_answers')}",
            footer=footer_text(curriculum),
            header=f"{session_name} · {session.title}",
            labels=words,
        )
