"""PDFs made from a live room's answers: a phone's takeaway and a room's group summary.

The glue between ``workshop.rooms`` (what may be read, and by whom) and
``workshop.documents`` (how it is printed). Both builders return bytes and
store nothing: the takeaway goes straight to the phone that asked for it, the
summary to the organiser's browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop import rooms
from workshop.curriculum import ChoiceAnswer, PromptStep, ScaleAnswer
from workshop.dates import deleted_on, met_on
from workshop.disclosure import Gate, own_answers
from workshop.documents import footer_text, group_summary_pdf, takeaway_pdf
from workshop.store import Store

PASSED = "passed"
NOT_KEPT = "answered (what you wrote is not kept)"
"""How a pass reads in the takeaway."""


@dataclass(frozen=True)
class Pdf:
    """A built document: the file name to offer and its bytes."""

    filename: str
    data: bytes


def answer_text(prompt: PromptStep, mine: rooms.MyAnswer) -> str:
    """One answer as the takeaway prints it.

    A scale reads "7 of 0–10 (0 = not at all, 10 = completely)", choices are
    joined with commas, a pass reads "passed", words and text as typed; a
    flagged answer, whose words were never kept, reads as answered.
    """
    if mine.flagged:
        return NOT_KEPT
    if mine.passed or mine.value is None:
        return PASSED
    spec = prompt.answer
    value = mine.value
    if isinstance(spec, ScaleAnswer):
        return (
            f"{value} of {spec.min}–{spec.max} "
            f"({spec.min} = {spec.min_label}, {spec.max} = {spec.max_label})"
        )
    if isinstance(spec, ChoiceAnswer) and isinstance(value, list):
        return ", ".join(str(option) for option in value)
    return str(value)


def takeaway_filename(mine: rooms.MySession) -> str:
    """``<curriculum>-session-01-my-answers.pdf``: ids are file-safe; no date, no token."""
    return f"{mine.curriculum.id}-session-{mine.session.number:02d}-my-answers.pdf"


def takeaway_document(store: Store, token: str, paper: str = "a4") -> Pdf:
    """The phone's "save my answers" PDF: the session's handout plus its own answers.

    Built on demand from the phone's token; nothing of it is stored.
    Read through the disclosure gate's ``self`` audience (``own_answers``).
    Refusals come from ``rooms.my_session`` (``UnknownToken``, ``RoomEnded``).
    """
    mine = own_answers(store, token)
    pairs = [(prompt.question, answer_text(prompt, answer)) for prompt, answer in mine.answers]
    return Pdf(takeaway_filename(mine), takeaway_pdf(mine.curriculum, mine.session, pairs, paper))


def takeaway_for(store: Store, token: str, paper: str = "a4") -> bytes:
    """Just the bytes of ``takeaway_document``."""
    return takeaway_document(store, token, paper).data


def summary_filename(room: rooms.Room) -> str:
    """``<curriculum>-session-01-2026-11-26-group-summary.pdf`` (no group name: it is typed)."""
    return (
        f"{room.curriculum.id}-session-{room.session.number:02d}-"
        f"{room.opened_on.isoformat()}-group-summary.pdf"
    )


def group_summary_for(gate: Gate, room_id: str, paper: str = "a4") -> Pdf:
    """An ended room's group summary PDF: what ``gate`` releases on ``record``.

    Refusals: ``RoomNotFound``, ``RoomNotEnded`` (from ``Gate.room_summaries``).
    """
    store = gate.store
    summaries = gate.room_summaries(room_id)
    room = rooms.get_room(store, room_id)
    group = rooms.get_group(store, room.group_id)
    title = f"{group.name}: session {room.session.number}, {room.session.title}"
    language = room.curriculum.language
    pdf = group_summary_pdf(
        title,
        summaries,
        paper=paper,
        min_group=gate.k,
        footer=f"Anonymous group summary · {footer_text(room.curriculum)}",
        language=language,
        dates=(met_on(room.opened_on, language), deleted_on(room.expires_on, language)),
    )
    return Pdf(summary_filename(room), pdf)
