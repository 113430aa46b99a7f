"""The personal takeaway: the handout plus exactly one phone's answers."""

from __future__ import annotations

from helpers.documents import (
    flat,
    pdf_text,
)

from workshop.curriculum import Curriculum
from workshop.documents import (
    takeaway_pdf,
)

# --- Personal takeaway --------------------------------------------------------------------


def test_takeaway_holds_the_handout_and_exactly_this_phones_answers(
    curriculum: Curriculum,
) -> None:
    session = curriculum.sessions[1]
    mine = [
        ("How connected do you feel right now (session 2)?", "7"),
        ("One word for how that felt?", "Zärtlichkeit"),
        ("One thing you take with you?", "**not bold** <b>as typed</b> & more"),
    ]
    theirs = [
        ("How connected do you feel right now (session 2)?", "2"),
        ("One word for how that felt?", "lonely-other-phone"),
        ("One thing you take with you?", "another man's sentence"),
    ]
    text = flat(pdf_text(takeaway_pdf(curriculum, session, mine)))
    other = flat(pdf_text(takeaway_pdf(curriculum, session, theirs)))
    assert session.title in text
    assert session.handout.key_ideas[0] in text
    assert "988" in text and curriculum.disclaimer in text
    assert "Your answers in this session" in text
    for question, answer in mine:
        assert f"{question} {answer}" in text
    # Participant text is printed as typed: no Markdown, no markup.
    assert "**not bold** <b>as typed</b> & more" in text
    for question, answer in theirs:
        assert f"{question} {answer}" not in text
    assert "another man's sentence" not in text and "lonely-other-phone" not in text
    assert "lonely-other-phone" in other and "Zärtlichkeit" not in other


def test_takeaway_without_answers_says_so(curriculum: Curriculum) -> None:
    text = flat(pdf_text(takeaway_pdf(curriculum, curriculum.sessions[0], [])))
    assert "You did not answer any prompts in this session." in text


def test_takeaway_says_the_server_built_it_and_kept_nothing(curriculum: Curriculum) -> None:
    text = flat(pdf_text(takeaway_pdf(curriculum, curriculum.sessions[0], [("Q?", "A")])))
    assert "Built by the server when you asked for it; the server kept no copy" in text
    assert "Made on your phone" not in text
