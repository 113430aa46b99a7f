"""Refusals of the live room: each a subclass of ``RoomError``.

A refusal's message is shown to a person as is and says what to do. Each
class carries its usual sentence as ``message``, so a raise site writes
``raise RoomEnded()``; a site that adds detail (a name, a number) or speaks
to someone else (a phone rather than the facilitator) passes its own.
"""

from __future__ import annotations

from typing import ClassVar


class RoomError(Exception):
    """Base of every refusal; the message is shown to a person as is."""

    message: ClassVar[str] = "The room cannot do that now."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(self.message if message is None else message)


class InvalidCurriculum(RoomError):
    """The curriculum text given for a group does not validate."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "The curriculum has problems; fix them and try again: " + "; ".join(problems[:5])
        )


class CurriculumMismatch(RoomError):
    """The curriculum text is a different curriculum from the id given."""

    message = "The curriculum text is a different curriculum: pick the matching curriculum file."


class InvalidGroupName(RoomError):
    """A group name is empty or too long."""

    message = "Give the group a name, e.g. 'Tuesday group'."


class GroupNameTaken(RoomError):
    """Another group already has this name."""

    message = "There is already a group with this name: choose another name."


class GroupNotFound(RoomError):
    """No group has this id."""

    message = "That group does not exist (deleted?): pick one from the list."


class SessionNotFound(RoomError):
    """The group's curriculum has no session with this id."""

    message = "The curriculum has no such session: pick one from the list."


class RoomNotFound(RoomError):
    """No room has this id or display key."""

    message = "That room does not exist (ended and deleted?)."
    OPEN_A_NEW_ONE: ClassVar[str] = "This room was deleted, or never existed: open a new one."
    """The console's wording: a facilitator's next move is a new room."""


class WrongJoinCode(RoomError):
    """No room has this join code."""

    message = "No room has this code. Check the six characters on the projector and try again."


class RoomEnded(RoomError):
    """The room has ended: nothing can be changed or answered any more."""

    message = "This room has ended; open a new room to run the session again."


class RoomFull(RoomError):
    """The room has as many phones as its cap allows."""

    message = (
        "This room is full: no more phones can join. Ask the facilitator, who can let more in."
    )


class JoinsTooFast(RoomError):
    """More joins arrived than the room's join bucket allows right now."""

    message = "Many phones are joining at this moment. Wait a few seconds and try again."


class InvalidPhoneCap(RoomError):
    """A cap on phones outside what a room allows."""

    message = "Give a number of phones between 2 and 1000."


class UnknownToken(RoomError):
    """The phone's link is not (or no longer) valid."""

    message = "This link is not valid any more. Scan the QR code on the projector to join again."


class RoomDeleted(UnknownToken):
    """The phone's token was good but its room has been purged meanwhile."""

    message = "This session's data has been deleted. Thank you for taking part."


class StaleRevision(RoomError):
    """Someone else changed the room first (compare-and-set lost)."""

    message = (
        "Someone else changed the room a moment ago (another facilitator screen?). "
        "The screen now shows the room as it is; press again if you still want to."
    )

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__()


class NoNextStep(RoomError):
    """``next_step`` on the last step."""

    message = "This is the last step of the session; end the room when done."


class NoPreviousStep(RoomError):
    """``previous_step`` on the first step."""

    message = "This is the first step of the session."


class StepOutOfRange(RoomError):
    """``jump_to`` a step the session does not have."""

    message = "The session has no such step."


class NotAPrompt(RoomError):
    """A prompt action on a step (or id) that is not a prompt."""

    message = "The current step is not a question: go to a prompt step first."


class PromptNotOpen(RoomError):
    """Answering, withdrawing or closing a prompt that is not open."""

    message = "This question is not open for answers now."


class PromptAlreadyOpen(RoomError):
    """Opening a prompt that is already open."""

    message = "This question is already open for answers."


class PromptNotClosed(RoomError):
    """Revealing or previewing a prompt before it has been closed."""

    message = "Close the question first, then reveal its results."


class PromptNotRevealed(RoomError):
    """Paging a question's answer cards before the room has seen them."""

    message = "Reveal the results first: the room pages through the answers after that."


class PromptAlreadyRevealed(RoomError):
    """Opening or revealing a prompt whose results the room has already seen."""

    message = "The results of this question are already shown."


class PromptAlreadyShown(RoomError):
    """Reopening a word or text prompt whose answers the facilitator has previewed."""

    message = (
        "Its answers were shown in your private preview, so it cannot be reopened: "
        "a second round is a new question."
    )


class InvalidAnswer(RoomError):
    """An answer value does not fit the prompt."""

    message = "That answer does not fit the question."


class NotATextPrompt(RoomError):
    """Previewing or hiding answers of a prompt that has no free text."""

    message = "Only word and text questions have answers to preview."


class AnswerNotFound(RoomError):
    """Hiding an answer that does not exist (withdrawn meanwhile?)."""

    message = "That answer is gone (withdrawn?): refresh the preview."


class RoomNotEnded(RoomError):
    """A group summary asked for while the room is still running."""

    message = (
        "This room is still running: end it from the console first, then make its group summary."
    )
