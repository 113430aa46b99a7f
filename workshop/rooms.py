"""The live room: groups, rooms, joining, the step machine and answers.

Every function takes a ``Store`` and plain values and returns frozen
dataclasses; every refusal is its own subclass of ``RoomError`` whose message
is shown to a person as is and says what to do.

Privacy (see ``docs/privacy.md``): a phone's token is never stored. The phones
table keeps ``HMAC(secret, "phone", token)`` with the room id, written once at
join; each answer's primary key is ``HMAC(secret, "answer", token, room,
prompt)``. A phone that answers again replaces its answer, and a copy of the
database cannot join two answers of one phone. (The contract sketched the
phone key as HMAC of token and room; the room is a plain column instead,
because ``phone_view`` gets only the token and must find its room.)

Prompt states: a prompt step starts ``none`` (not asked yet), then
``open`` → ``closed`` → ``revealed``; a closed prompt may be opened again, a
revealed one may not (the room has seen its results). Moving away from an
open prompt closes it, so only the current step can ever be open.

Additions to the contract (all optional for callers): ``open_room`` takes
``today`` and ``curriculum_text`` (a newer snapshot than the group's);
``response_count`` gives the live number with one indexed count (the
projector's poll); ``phone_revision`` is the phone's cheap poll (one indexed
join instead of a whole ``phone_view``); ``find_room`` finds a room by id or
join code; ``get_group``; ``purge_room`` deletes one room at once; ``Notice``
also carries the prompt's question. ``prompt_results`` returns a summary with
``shown=False`` until the prompt is revealed, so a page cannot show results
early by mistake. For the handouts issue: ``my_session``/``my_answers`` (a
phone's own answers, for its takeaway; found by recomputing its answer keys),
``room_summaries`` (an ended room's revealed results, for the group summary)
and ``Room.opened_on`` (the day, for the summary's title).
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from workshop.codes import (
    is_join_code,
    looks_like_token,
    new_join_code,
    new_token,
    normalise_join_code,
)
from workshop.curriculum import (
    AnyStep,
    ChoiceAnswer,
    Curriculum,
    CurriculumError,
    PromptStep,
    ScaleAnswer,
    Session,
    SupportResource,
    TextAnswer,
    WordAnswer,
    parse_curriculum_text,
)
from workshop.results import AnswerValue, PromptSummary, summarize
from workshop.safety import screen
from workshop.store import AnswerRow, DuplicateKey, GroupRow, RoomRow, Store, Tx

PromptState = Literal["none", "open", "closed", "revealed"]

MAX_WORD_ANSWER_CHARS = 60
MAX_GROUP_NAME = 200
_LINK_NOT_VALID = (
    "This link is not valid any more. Scan the QR code on the projector to join again."
)


# --- Refusals --------------------------------------------------------------------


class RoomError(Exception):
    """Base of every refusal; the message is shown to a person as is."""


class InvalidCurriculum(RoomError):
    """The curriculum text given for a group does not validate."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "The curriculum has problems; fix them and try again: " + "; ".join(problems[:5])
        )


class CurriculumMismatch(RoomError):
    """The curriculum text is a different curriculum from the id given."""


class InvalidGroupName(RoomError):
    """A group name is empty or too long."""


class GroupNameTaken(RoomError):
    """Another group already has this name."""


class GroupNotFound(RoomError):
    """No group has this id."""


class SessionNotFound(RoomError):
    """The group's curriculum has no session with this id."""


class RoomNotFound(RoomError):
    """No room has this id or display key."""


class WrongJoinCode(RoomError):
    """No room has this join code."""


class RoomEnded(RoomError):
    """The room has ended: nothing can be changed or answered any more."""


class UnknownToken(RoomError):
    """The phone's link is not (or no longer) valid."""


class StaleRevision(RoomError):
    """Someone else changed the room first (compare-and-set lost)."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(
            "Someone else changed the room a moment ago (another facilitator screen?). "
            "The screen now shows the room as it is; press again if you still want to."
        )


class NoNextStep(RoomError):
    """``next_step`` on the last step."""


class NoPreviousStep(RoomError):
    """``previous_step`` on the first step."""


class StepOutOfRange(RoomError):
    """``jump_to`` a step the session does not have."""


class NotAPrompt(RoomError):
    """A prompt action on a step (or id) that is not a prompt."""


class PromptNotOpen(RoomError):
    """Answering, withdrawing or closing a prompt that is not open."""


class PromptAlreadyOpen(RoomError):
    """Opening a prompt that is already open."""


class PromptNotClosed(RoomError):
    """Revealing or previewing a prompt before it has been closed."""


class PromptAlreadyRevealed(RoomError):
    """Opening or revealing a prompt whose results the room has already seen."""


class InvalidAnswer(RoomError):
    """An answer value does not fit the prompt."""


class NotATextPrompt(RoomError):
    """Previewing or hiding answers of a prompt that has no free text."""


class AnswerNotFound(RoomError):
    """Hiding an answer that does not exist (withdrawn meanwhile?)."""


class RoomNotEnded(RoomError):
    """A group summary asked for while the room is still running."""


# --- Results ---------------------------------------------------------------------


@lru_cache(maxsize=64)
def parse_snapshot(text: str) -> Curriculum:
    """The curriculum of a room's snapshot text, parsed once and cached."""
    # Pydantic models are frozen, so one parsed snapshot can be shared by every
    # page and thread; parsing per phone per change would cost real CPU.
    return parse_curriculum_text(text, source="<room snapshot>")


@dataclass(frozen=True)
class Group:
    """A cohort that meets weekly and follows one curriculum."""

    id: str
    name: str
    curriculum_id: str
    curriculum_title: str
    created_on: date


@dataclass(frozen=True)
class Room:
    """The facilitator's full view of one meeting (never sent to phones)."""

    id: str
    group_id: str
    session_id: str
    curriculum: Curriculum
    step_index: int
    revision: int
    prompt_state: PromptState
    paused: bool
    ended: bool
    join_code: str
    display_key: str
    expires_on: date
    opened_on: date

    @property
    def session(self) -> Session:
        """The session this room runs."""
        return self.curriculum.session(self.session_id)

    @property
    def step(self) -> AnyStep:
        """The current step."""
        return self.session.steps[self.step_index]

    @property
    def prompt(self) -> PromptStep | None:
        """The current step if it is a prompt."""
        step = self.step
        return step if isinstance(step, PromptStep) else None


@dataclass(frozen=True)
class Joined:
    """A phone that joined: its token goes into the phone's URL, nowhere else."""

    token: str
    room_id: str


@dataclass(frozen=True)
class MyAnswer:
    """This phone's own answer: a value, or a pass (``value`` None)."""

    value: AnswerValue | None
    passed: bool


@dataclass(frozen=True)
class PhoneView:
    """What a phone may know about its room."""

    revision: int
    ended: bool
    paused: bool
    curriculum_title: str
    session_title: str
    step: AnyStep
    prompt_state: PromptState
    my_answer: MyAnswer | None
    support_resources: list[SupportResource]
    retention_days: int


@dataclass(frozen=True)
class MySession:
    """A phone's own session, for its personal takeaway: never stored.

    ``answers`` holds this phone's answers (or passes) to the session's
    prompts in session order; prompts it did not answer are left out. Steps
    are as the phone sees them (no facilitator notes).
    """

    curriculum: Curriculum
    session: Session
    answers: list[tuple[PromptStep, MyAnswer]]


@dataclass(frozen=True)
class SubmitResult:
    """A saved answer; ``flagged`` tells the phone to show support resources now."""

    saved: MyAnswer
    flagged: bool


@dataclass(frozen=True)
class PrivateText:
    """One open-text answer in the facilitator's private preview.

    ``ref`` identifies it for ``hide_answer``; it is derived from the answer's
    key with the server secret and is not the key itself.
    """

    ref: str
    text: str
    hidden: bool


@dataclass(frozen=True)
class Notice:
    """A private safety notice: this many answers to this prompt were flagged."""

    prompt_id: str
    question: str
    count: int


# --- Conversions -----------------------------------------------------------------


def _state_of(row: RoomRow, curriculum: Curriculum) -> PromptState:
    step = curriculum.session(row.session_id).steps[row.step_index]
    if not isinstance(step, PromptStep):
        return "none"
    return row.prompt_states.get(step.id, "none")


def _room(row: RoomRow) -> Room:
    curriculum = parse_snapshot(row.curriculum_text)
    return Room(
        id=row.id,
        group_id=row.group_id,
        session_id=row.session_id,
        curriculum=curriculum,
        step_index=row.step_index,
        revision=row.revision,
        prompt_state=_state_of(row, curriculum),
        paused=row.paused,
        ended=row.ended,
        join_code=row.join_code,
        display_key=row.display_key,
        expires_on=row.expires_on,
        opened_on=row.opened_on,
    )


def _group(row: GroupRow) -> Group:
    return Group(
        id=row.id,
        name=row.name,
        curriculum_id=row.curriculum_id,
        curriculum_title=row.curriculum_title,
        created_on=row.created_on,
    )


# --- Groups ----------------------------------------------------------------------


def create_group(store: Store, name: str, curriculum_id: str, curriculum_text: str) -> Group:
    """Create a group following the curriculum given as YAML text.

    Refusals: ``InvalidGroupName``, ``InvalidCurriculum``, ``CurriculumMismatch``,
    ``GroupNameTaken``.
    """
    clean_name = " ".join(name.split())
    if not clean_name or len(clean_name) > MAX_GROUP_NAME:
        raise InvalidGroupName(
            f"Give the group a name of 1 to {MAX_GROUP_NAME} characters, e.g. 'Tuesday group'."
        )
    try:
        curriculum = parse_curriculum_text(curriculum_text)
    except CurriculumError as exc:
        raise InvalidCurriculum(exc.problems) from None
    if curriculum.id != curriculum_id:
        raise CurriculumMismatch(
            f"The curriculum text is {curriculum.id!r}, not {curriculum_id!r}: "
            "pick the matching curriculum file."
        )
    row = GroupRow(
        id=secrets.token_hex(8),
        name=clean_name,
        curriculum_id=curriculum.id,
        curriculum_title=curriculum.title,
        curriculum_text=curriculum_text,
        created_on=date.today(),
    )
    try:
        with store.writing() as tx:
            # Names differing only in case would be ambiguous on the export's
            # command line, which matches names case-insensitively.
            if any(g.name.casefold() == clean_name.casefold() for g in tx.groups()):
                raise DuplicateKey(clean_name)
            tx.insert_group(row)
    except DuplicateKey:
        raise GroupNameTaken(
            f"There is already a group called {clean_name!r}: choose another name."
        ) from None
    return _group(row)


def list_groups(store: Store) -> list[Group]:
    """Every group, by name."""
    with store.reading() as tx:
        return [_group(row) for row in tx.groups()]


def get_group(store: Store, group_id: str) -> Group:
    """One group; ``GroupNotFound`` when there is none."""
    with store.reading() as tx:
        row = tx.group(group_id)
    if row is None:
        raise GroupNotFound("That group does not exist (deleted?): pick one from the list.")
    return _group(row)


# --- Rooms -----------------------------------------------------------------------


def open_room(
    store: Store,
    group_id: str,
    session_id: str,
    *,
    retention_days: int,
    today: date | None = None,
    curriculum_text: str | None = None,
) -> Room:
    """Open a room for one session of a group's curriculum.

    The curriculum text is snapshotted into the room (the group's, or the
    newer ``curriculum_text`` given), so editing a file later never changes
    the meaning of stored answers. The room expires ``retention_days`` after
    ``today``; ``purge_expired`` then deletes it with its answers.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    today = today or date.today()
    with store.reading() as tx:
        group = tx.group(group_id)
    if group is None:
        raise GroupNotFound("That group does not exist (deleted?): pick one from the list.")
    text = group.curriculum_text if curriculum_text is None else curriculum_text
    try:
        curriculum = parse_snapshot(text)
    except CurriculumError as exc:
        raise InvalidCurriculum(exc.problems) from None
    if curriculum.id != group.curriculum_id:
        raise CurriculumMismatch(
            f"This group follows {group.curriculum_id!r}, not {curriculum.id!r}."
        )
    try:
        curriculum.session(session_id)
    except KeyError:
        raise SessionNotFound(
            f"{curriculum.title!r} has no session {session_id!r}: pick one from the list."
        ) from None
    for _attempt in range(20):
        row = RoomRow(
            id=secrets.token_hex(8),
            group_id=group_id,
            curriculum_id=curriculum.id,
            curriculum_text=text,
            session_id=session_id,
            step_index=0,
            prompt_states={},
            paused=False,
            ended=False,
            revision=1,
            join_code=new_join_code(),
            display_key=new_token(),
            opened_on=today,
            expires_on=today + timedelta(days=retention_days),
        )
        try:
            with store.writing() as tx:
                tx.insert_room(row)
        except DuplicateKey:
            continue  # a join code already in use: draw another
        return _room(row)
    raise RuntimeError("could not draw an unused join code in 20 attempts")


def list_rooms(store: Store, group_id: str | None = None) -> list[Room]:
    """Rooms of one group (or all), oldest first."""
    with store.reading() as tx:
        rows = tx.rooms(group_id)
    return [_room(row) for row in rows]


def get_room(store: Store, room_id: str) -> Room:
    """One room; ``RoomNotFound`` when there is none."""
    with store.reading() as tx:
        row = tx.room(room_id)
    if row is None:
        raise RoomNotFound("That room does not exist (ended and deleted?): open a new one.")
    return _room(row)


def find_room(store: Store, room_id_or_join_code: str) -> Room:
    """A room by its id or its join code (for organisers' commands)."""
    with store.reading() as tx:
        row = tx.room(room_id_or_join_code.strip()) or tx.room_by_join_code(
            normalise_join_code(room_id_or_join_code)
        )
    if row is None:
        raise RoomNotFound(
            f"No room has the id or join code {room_id_or_join_code!r}: check it and try again."
        )
    return _room(row)


def room_for_display(store: Store, display_key: str) -> Room:
    """The room a projector link points at; ``RoomNotFound`` for a wrong key."""
    row = None
    if 20 <= len(display_key) <= 64:
        with store.reading() as tx:
            row = tx.room_by_display_key(display_key)
    if row is None:
        raise RoomNotFound(
            "This projector link is not valid: open the projector view again from the console."
        )
    return _room(row)


def revision(store: Store, room_id: str) -> int:
    """The room's revision number: one primary-key lookup, for polling."""
    value = store.revision(room_id)
    if value is None:
        raise RoomNotFound("That room does not exist (ended and deleted?): open a new one.")
    return value


# --- Phones ----------------------------------------------------------------------


def join(store: Store, join_code: str) -> Joined:
    """Join the room with this code; returns a fresh random token.

    The token is returned once and never stored; only its keyed hash is.
    Refusals: ``WrongJoinCode``, ``RoomEnded``.
    """
    code = normalise_join_code(join_code)
    wrong = WrongJoinCode(
        f"No room has the code {code[:12]!r}. Check the six characters on the projector "
        "and try again."
    )
    if not is_join_code(code):
        raise wrong
    token = new_token()
    with store.writing() as tx:
        row = tx.room_by_join_code(code)
        if row is None:
            raise wrong
        if row.ended:
            raise RoomEnded("That session has ended. Thank you for taking part.")
        tx.insert_phone(store.keyed_hash("phone", token), row.id)
    return Joined(token=token, room_id=row.id)


def _phone_room(store: Store, tx: Tx, token: str) -> str:
    unknown = UnknownToken(_LINK_NOT_VALID)
    if not looks_like_token(token):
        raise unknown
    room_id = tx.phone_room_id(store.keyed_hash("phone", token))
    if room_id is None:
        raise unknown
    return room_id


def phone_revision(store: Store, token: str) -> int:
    """The revision of the phone's room: one indexed query, for the phone's poll.

    ``UnknownToken`` for a tampered token or a purged room (an ended room
    still answers, so the phone can redraw and say goodbye).
    """
    if not looks_like_token(token):
        raise UnknownToken(_LINK_NOT_VALID)
    with store.reading() as tx:
        value = tx.phone_revision(store.keyed_hash("phone", token))
    if value is None:
        raise UnknownToken(_LINK_NOT_VALID)
    return value


def _answer_key(store: Store, token: str, room_id: str, prompt_id: str) -> str:
    return store.keyed_hash("answer", token, room_id, prompt_id)


def _my_answer(row: AnswerRow | None) -> MyAnswer | None:
    if row is None:
        return None
    return MyAnswer(value=row.value, passed=row.passed)


def _for_phone(step: AnyStep) -> AnyStep:
    # The facilitator's notes never leave the console.
    return step.model_copy(update={"notes": ""})


def phone_view(store: Store, token: str) -> PhoneView:
    """What the phone with this token may see now.

    An ended room still answers (``ended=True``, no answer shown) so the phone
    can say goodbye; a purged room or a tampered token raises ``UnknownToken``.
    """
    with store.reading() as tx:
        room_id = _phone_room(store, tx, token)
        row = tx.room(room_id)
        if row is None:
            raise UnknownToken("This session's data has been deleted. Thank you for taking part.")
        curriculum = parse_snapshot(row.curriculum_text)
        session = curriculum.session(row.session_id)
        step = session.steps[row.step_index]
        state = _state_of(row, curriculum)
        mine = None
        if isinstance(step, PromptStep) and not row.ended:
            mine = _my_answer(tx.answer(_answer_key(store, token, room_id, step.id)))
    return PhoneView(
        revision=row.revision,
        ended=row.ended,
        paused=row.paused,
        curriculum_title=curriculum.title,
        session_title=session.title,
        step=_for_phone(step),
        prompt_state="none" if row.ended else state,
        my_answer=mine,
        support_resources=list(curriculum.support_resources),
        retention_days=max(0, (row.expires_on - row.opened_on).days),
    )


def my_session(store: Store, token: str) -> MySession:
    """This phone's own answers to the current session, with its curriculum.

    The answers are found only by recomputing this token's answer keys (one
    per prompt of the session): nothing in the database links them, and
    nothing here is written. Refusals: ``UnknownToken`` for a tampered token
    or a purged room, ``RoomEnded`` once the room has ended (its tokens stop
    working).
    """
    with store.reading() as tx:
        room_id = _phone_room(store, tx, token)
        row = tx.room(room_id)
        if row is None:
            raise UnknownToken("This session's data has been deleted. Thank you for taking part.")
        if row.ended:
            raise RoomEnded(
                "This session has ended, so its answers can no longer be saved from this "
                "phone. Save them while the room is open next time."
            )
        curriculum = parse_snapshot(row.curriculum_text)
        session = curriculum.session(row.session_id)
        answers: list[tuple[PromptStep, MyAnswer]] = []
        for prompt in session.prompts():
            mine = _my_answer(tx.answer(_answer_key(store, token, room_id, prompt.id)))
            if mine is not None:
                phone_step = _for_phone(prompt)
                assert isinstance(phone_step, PromptStep)
                answers.append((phone_step, mine))
    return MySession(curriculum=curriculum, session=session, answers=answers)


def my_answers(store: Store, token: str) -> list[tuple[PromptStep, MyAnswer]]:
    """This phone's own answers (or passes) to the current session's prompts, in order.

    See ``my_session`` for how they are found and what is refused.
    """
    return my_session(store, token).answers


# --- The step machine (compare-and-set) -------------------------------------------


def _change(
    store: Store,
    room_id: str,
    expected_revision: int | None,
    change: Callable[[RoomRow, Curriculum], RoomRow],
) -> Room:
    """Apply ``change(row, curriculum) -> RoomRow`` if the revision still matches."""
    with store.writing() as tx:
        row = tx.room(room_id, lock="update")
        if row is None:
            raise RoomNotFound("That room does not exist (ended and deleted?): open a new one.")
        if expected_revision is not None and row.revision != expected_revision:
            raise StaleRevision(row.revision)
        if row.ended:
            raise RoomEnded("This room has ended; open a new room to run the session again.")
        curriculum = parse_snapshot(row.curriculum_text)
        new = change(row, curriculum)
        new = dataclasses.replace(new, revision=row.revision + 1)
        if not tx.update_room(new, expected_revision=row.revision):
            raise StaleRevision(row.revision)
        _settle_closed(tx, row, new)
    return _room(new)


def _settle_closed(tx: Tx, before: RoomRow, after: RoomRow) -> None:
    """Let the store reorder the answers of prompts that just closed."""
    for prompt_id, state in before.prompt_states.items():
        if state == "open" and after.prompt_states.get(prompt_id) != "open":
            tx.settle_answers(after.id, prompt_id)


def _move(row: RoomRow, curriculum: Curriculum, index: int) -> RoomRow:
    states = dict(row.prompt_states)
    here = curriculum.session(row.session_id).steps[row.step_index]
    # Leaving an open prompt closes it: only the current step can be open.
    if isinstance(here, PromptStep) and states.get(here.id) == "open" and index != row.step_index:
        states[here.id] = "closed"
    return dataclasses.replace(row, step_index=index, prompt_states=states)


def next_step(store: Store, room_id: str, expected_revision: int) -> Room:
    """Move to the next step (compare-and-set on the revision)."""

    def change(row: RoomRow, curriculum: Curriculum) -> RoomRow:
        steps = curriculum.session(row.session_id).steps
        if row.step_index + 1 >= len(steps):
            raise NoNextStep("This is the last step of the session; end the room when done.")
        return _move(row, curriculum, row.step_index + 1)

    return _change(store, room_id, expected_revision, change)


def previous_step(store: Store, room_id: str, expected_revision: int) -> Room:
    """Move back one step (compare-and-set on the revision)."""

    def change(row: RoomRow, curriculum: Curriculum) -> RoomRow:
        if row.step_index == 0:
            raise NoPreviousStep("This is the first step of the session.")
        return _move(row, curriculum, row.step_index - 1)

    return _change(store, room_id, expected_revision, change)


def jump_to(store: Store, room_id: str, expected_revision: int, step_index: int) -> Room:
    """Go to any step by its index (compare-and-set on the revision)."""

    def change(row: RoomRow, curriculum: Curriculum) -> RoomRow:
        count = len(curriculum.session(row.session_id).steps)
        if not 0 <= step_index < count:
            raise StepOutOfRange(
                f"This session has steps 1 to {count}; step {step_index + 1} does not exist."
            )
        return _move(row, curriculum, step_index)

    return _change(store, room_id, expected_revision, change)


def _current_prompt(row: RoomRow, curriculum: Curriculum) -> PromptStep:
    step = curriculum.session(row.session_id).steps[row.step_index]
    if not isinstance(step, PromptStep):
        raise NotAPrompt("The current step is not a question: go to a prompt step first.")
    return step


def _with_state(row: RoomRow, prompt_id: str, state: PromptState) -> RoomRow:
    return dataclasses.replace(row, prompt_states={**row.prompt_states, prompt_id: state})


def open_prompt(store: Store, room_id: str, expected_revision: int) -> Room:
    """Open the current prompt for answers (again, if it was closed)."""

    def change(row: RoomRow, curriculum: Curriculum) -> RoomRow:
        prompt = _current_prompt(row, curriculum)
        state = row.prompt_states.get(prompt.id, "none")
        if state == "open":
            raise PromptAlreadyOpen("This question is already open for answers.")
        if state == "revealed":
            raise PromptAlreadyRevealed(
                "The room has seen this question's results, so it cannot be reopened."
            )
        return _with_state(row, prompt.id, "open")

    return _change(store, room_id, expected_revision, change)


def close_prompt(store: Store, room_id: str, expected_revision: int) -> Room:
    """Close the current prompt: no more answers, changes or withdrawals."""

    def change(row: RoomRow, curriculum: Curriculum) -> RoomRow:
        prompt = _current_prompt(row, curriculum)
        if row.prompt_states.get(prompt.id, "none") != "open":
            raise PromptNotOpen("This question is not open, so there is nothing to close.")
        return _with_state(row, prompt.id, "closed")

    return _change(store, room_id, expected_revision, change)


def reveal_prompt(store: Store, room_id: str, expected_revision: int) -> Room:
    """Reveal the current (closed) prompt's results to the room."""

    def change(row: RoomRow, curriculum: Curriculum) -> RoomRow:
        prompt = _current_prompt(row, curriculum)
        state = row.prompt_states.get(prompt.id, "none")
        if state == "revealed":
            raise PromptAlreadyRevealed("The results of this question are already shown.")
        if state != "closed":
            # Revealing while answers still arrive would let the room match a
            # moving bar to the man who just tapped.
            raise PromptNotClosed("Close the question first, then reveal its results.")
        return _with_state(row, prompt.id, "revealed")

    return _change(store, room_id, expected_revision, change)


def set_paused(store: Store, room_id: str, expected_revision: int, paused: bool) -> Room:
    """Pause or resume the room's screens (answers are not affected)."""

    def change(row: RoomRow, _curriculum: Curriculum) -> RoomRow:
        return dataclasses.replace(row, paused=paused)

    return _change(store, room_id, expected_revision, change)


def end_room(store: Store, room_id: str) -> Room:
    """End the room: open prompts close and phone tokens stop working.

    Not compare-and-set: ending must always work. Ending an ended room
    returns it unchanged.
    """
    with store.writing() as tx:
        row = tx.room(room_id, lock="update")
        if row is None:
            raise RoomNotFound("That room does not exist (ended and deleted?).")
        if row.ended:
            return _room(row)
        states: dict[str, PromptState] = {
            pid: ("closed" if state == "open" else state)
            for pid, state in row.prompt_states.items()
        }
        new = dataclasses.replace(
            row, ended=True, paused=False, prompt_states=states, revision=row.revision + 1
        )
        tx.update_room(new, expected_revision=row.revision)
        _settle_closed(tx, row, new)
    return _room(new)


# --- Answers ---------------------------------------------------------------------


def validate_answer(prompt: PromptStep, value: object) -> AnswerValue:
    """Check a value against the prompt and return it in stored form.

    Scale: a whole number in range. Choice: a list of existing options (one
    when not ``multiple``), stored in the prompt's option order. Word: one to
    ``max_words`` words, spaces collapsed. Text: stripped, 1..max_length.
    """
    spec = prompt.answer
    if isinstance(spec, ScaleAnswer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidAnswer(f"Pick a whole number from {spec.min} to {spec.max}.")
        if not spec.min <= value <= spec.max:
            raise InvalidAnswer(f"Pick a number from {spec.min} to {spec.max}.")
        return value
    if isinstance(spec, ChoiceAnswer):
        picked = [value] if isinstance(value, str) else value
        if not isinstance(picked, list | tuple) or not all(isinstance(v, str) for v in picked):
            raise InvalidAnswer("Pick one of the options.")
        unknown = [v for v in picked if v not in spec.options]
        if unknown:
            raise InvalidAnswer("That option is not on the list: pick one of the options shown.")
        if not picked:
            raise InvalidAnswer("Pick at least one option, or pass.")
        if len(set(picked)) != len(picked):
            raise InvalidAnswer("Each option can be picked once.")
        if not spec.multiple and len(picked) != 1:
            raise InvalidAnswer("Pick just one option.")
        # Stored in the prompt's order: the stored value says nothing about tap order.
        return [option for option in spec.options if option in picked]
    if isinstance(spec, WordAnswer):
        if not isinstance(value, str):
            raise InvalidAnswer("Type a word.")
        words = value.split()
        if not words:
            raise InvalidAnswer("Type a word, or pass.")
        if len(words) > spec.max_words:
            limit = "one word" if spec.max_words == 1 else f"up to {spec.max_words} words"
            raise InvalidAnswer(f"Use {limit}.")
        joined = " ".join(words)
        if len(joined) > MAX_WORD_ANSWER_CHARS:
            raise InvalidAnswer(f"Keep it under {MAX_WORD_ANSWER_CHARS} characters.")
        return joined
    assert isinstance(spec, TextAnswer)
    if not isinstance(value, str):
        raise InvalidAnswer("Type a short answer.")
    text = value.strip()
    if not text:
        raise InvalidAnswer("Type something, or pass.")
    if len(text) > spec.max_length:
        raise InvalidAnswer(
            f"Keep it to {spec.max_length} characters (this is {len(text)}); shorten it."
        )
    return text


def _screen_flags(text: str) -> bool:
    return screen(text).flagged


def _open_prompt_for(store: Store, tx: Tx, token: str, prompt_id: str) -> tuple[str, PromptStep]:
    """The phone's room id and the prompt, refusing unless it is open now."""
    room_id = _phone_room(store, tx, token)
    # FOR SHARE on PostgreSQL: a facilitator closing the prompt waits for this
    # answer to land (or this answer sees the prompt closed), never in between.
    row = tx.room(room_id, lock="share")
    if row is None:
        raise UnknownToken("This session's data has been deleted. Thank you for taking part.")
    if row.ended:
        raise RoomEnded("This session has ended; answers can no longer change.")
    curriculum = parse_snapshot(row.curriculum_text)
    step = curriculum.session(row.session_id).steps[row.step_index]
    if (
        not isinstance(step, PromptStep)
        or step.id != prompt_id
        or row.prompt_states.get(step.id) != "open"
    ):
        raise PromptNotOpen("This question is not open for answers now.")
    return room_id, step


def submit_answer(store: Store, token: str, prompt_id: str, value: object) -> SubmitResult:
    """Save (or replace) this phone's answer to the open prompt.

    Text and word answers are screened for signs of risk: a flagged answer is
    stored flagged (never shown or exported), the room gets a private notice
    (prompt and count only), and ``flagged=True`` tells the phone to show
    support resources. Refusals: ``UnknownToken``, ``RoomEnded``,
    ``PromptNotOpen``, ``InvalidAnswer``.
    """
    with store.writing() as tx:
        room_id, prompt = _open_prompt_for(store, tx, token, prompt_id)
        clean = validate_answer(prompt, value)
        flagged = (
            isinstance(clean, str) and prompt.kind in ("word", "text") and _screen_flags(clean)
        )
        tx.upsert_answer(
            AnswerRow(
                key=_answer_key(store, token, room_id, prompt_id),
                room_id=room_id,
                prompt_id=prompt_id,
                value=clean,
                passed=False,
                hidden=False,
                flagged=flagged,
            )
        )
        if flagged:
            tx.add_notice(room_id, prompt_id)
    return SubmitResult(saved=MyAnswer(value=clean, passed=False), flagged=flagged)


def pass_prompt(store: Store, token: str, prompt_id: str) -> SubmitResult:
    """Pass on the open prompt (replacing any answer). A pass counts in the live
    number, never in the results."""
    with store.writing() as tx:
        room_id, _prompt = _open_prompt_for(store, tx, token, prompt_id)
        tx.upsert_answer(
            AnswerRow(
                key=_answer_key(store, token, room_id, prompt_id),
                room_id=room_id,
                prompt_id=prompt_id,
                value=None,
                passed=True,
                hidden=False,
                flagged=False,
            )
        )
    return SubmitResult(saved=MyAnswer(value=None, passed=True), flagged=False)


def withdraw_answer(store: Store, token: str, prompt_id: str) -> None:
    """Delete this phone's answer (or pass) to the open prompt; no answer is fine."""
    with store.writing() as tx:
        room_id, _prompt = _open_prompt_for(store, tx, token, prompt_id)
        tx.delete_answer(_answer_key(store, token, room_id, prompt_id))


def _room_prompt(tx: Tx, room_id: str, prompt_id: str) -> tuple[RoomRow, PromptStep]:
    row = tx.room(room_id)
    if row is None:
        raise RoomNotFound("That room does not exist (ended and deleted?).")
    curriculum = parse_snapshot(row.curriculum_text)
    try:
        step = curriculum.session(row.session_id).step(prompt_id)
    except KeyError:
        raise NotAPrompt(f"This session has no question {prompt_id!r}.") from None
    if not isinstance(step, PromptStep):
        raise NotAPrompt(f"Step {prompt_id!r} is not a question.")
    return row, step


def _ref(store: Store, key: str) -> str:
    return store.keyed_hash("ref", key)[:24]


def private_texts(store: Store, room_id: str, prompt_id: str) -> list[PrivateText]:
    """The facilitator's private preview of a word or text prompt's answers.

    Only once the prompt is closed (while it is open, a text appearing could be
    matched to the man who just typed). Flagged answers are left out (they are
    counted in ``notices``); hidden ones are included, marked hidden. The
    order is by ``ref``: stable across reruns and unrelated to arrival.
    """
    with store.reading() as tx:
        row, prompt = _room_prompt(tx, room_id, prompt_id)
        if prompt.kind not in ("word", "text"):
            raise NotATextPrompt("Only word and text questions have answers to preview.")
        if row.prompt_states.get(prompt_id, "none") in ("none", "open"):
            raise PromptNotClosed("Close the question first; then its answers can be previewed.")
        items = [
            PrivateText(ref=_ref(store, answer.key), text=str(answer.value), hidden=answer.hidden)
            for answer in tx.answers(room_id, prompt_id)
            if not answer.passed and not answer.flagged
        ]
    return sorted(items, key=lambda item: item.ref)


def hide_answer(store: Store, room_id: str, prompt_id: str, ref: str, hidden: bool = True) -> None:
    """Hide (or show again) one word or text answer, found by its preview ``ref``.

    Bumps the room's revision so the projector redraws without it.
    """
    with store.writing() as tx:
        _row, prompt = _room_prompt(tx, room_id, prompt_id)
        if prompt.kind not in ("word", "text"):
            raise NotATextPrompt("Only word and text answers can be hidden.")
        target = next(
            (a for a in tx.answers(room_id, prompt_id) if _ref(store, a.key) == ref), None
        )
        if target is None:
            raise AnswerNotFound("That answer is gone (withdrawn?): refresh the preview.")
        tx.set_hidden(target.key, hidden)
        tx.bump_revision(room_id)


def notices(store: Store, room_id: str) -> list[Notice]:
    """Private safety notices for the console: prompt and count, no text."""
    with store.reading() as tx:
        row = tx.room(room_id)
        if row is None:
            raise RoomNotFound("That room does not exist (ended and deleted?).")
        counts = tx.notices(room_id)
    session = parse_snapshot(row.curriculum_text).session(row.session_id)
    questions = {prompt.id: prompt.question for prompt in session.prompts()}
    return [
        Notice(prompt_id=pid, question=questions.get(pid, pid), count=count)
        for pid, count in counts
    ]


def response_count(store: Store, room_id: str, prompt_id: str) -> int:
    """The live number: answers and passes together (hidden and flagged included,
    so hiding never makes the number drop)."""
    with store.reading() as tx:
        return tx.count_answers(room_id, prompt_id)


def prompt_results(store: Store, room_id: str, prompt_id: str, k: int) -> PromptSummary:
    """The prompt's summary under the small-number rule (via ``workshop.results``).

    Hidden and flagged answers are left out of the values; passes count in
    ``responses`` only. Until the prompt is revealed the summary is returned
    with ``shown=False`` and no content.
    """
    with store.reading() as tx:
        row, prompt = _room_prompt(tx, room_id, prompt_id)
        rows = tx.answers(room_id, prompt_id)
    values = [a.value for a in rows if not a.passed and not a.hidden and not a.flagged]
    passes = sum(1 for a in rows if a.passed)
    withheld = sum(1 for a in rows if not a.passed and (a.hidden or a.flagged))
    summary = summarize(prompt, values, passes, k, withheld=withheld)
    if row.prompt_states.get(prompt_id, "none") != "revealed":
        summary = dataclasses.replace(
            summary, shown=False, mean=None, distribution=None, words=None, texts=()
        )
    return summary


def room_summaries(store: Store, room_id: str, k: int) -> list[PromptSummary]:
    """The revealed results of an ended room, prompt by prompt in session order.

    For the group summary PDF. Only prompts the room saw revealed are included
    (what the room never saw is not put on record either); each comes from
    ``prompt_results``, so the small-number rule holds and hidden and flagged
    answers are left out. ``RoomNotEnded`` while the room is still running:
    answers could still change.
    """
    with store.reading() as tx:
        row = tx.room(room_id)
    if row is None:
        raise RoomNotFound("That room does not exist (ended and deleted?).")
    if not row.ended:
        raise RoomNotEnded(
            "This room is still running: end it from the console first, then make its "
            "group summary."
        )
    session = parse_snapshot(row.curriculum_text).session(row.session_id)
    return [
        prompt_results(store, room_id, prompt.id, k)
        for prompt in session.prompts()
        if row.prompt_states.get(prompt.id) == "revealed"
    ]


# --- Retention -------------------------------------------------------------------


def purge_expired(store: Store, today: date | None = None) -> int:
    """Delete every room past its expiry day, with its phones, answers and
    notices. Returns how many rooms were deleted."""
    today = today or date.today()
    with store.writing() as tx:
        expired = tx.expired_room_ids(today)
        for room_id in expired:
            tx.delete_room(room_id)
    return len(expired)


def purge_room(store: Store, room_id: str) -> None:
    """Delete one room and everything stored for it, now."""
    with store.writing() as tx:
        if not tx.delete_room(room_id):
            raise RoomNotFound(f"No room has the id {room_id!r}: nothing was deleted.")
