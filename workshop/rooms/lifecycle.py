"""Groups, rooms and joining: creating them and finding them again.

A group follows one curriculum, given as YAML text; a room is one meeting of
a group and snapshots that text, so editing a file later never changes the
meaning of stored answers. Joining hands a phone a fresh random token once,
while the room has room: at most its cap of phones (the process default
``WORKSHOP_MAX_PHONES``, raised per room by the facilitator), drawn from a
join bucket kept in the room's row (a burst up to the cap, then
``JOIN_RATE`` a second), so every app process limits from the same numbers.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import date, timedelta

from workshop.codes import is_join_code, new_join_code, new_token, normalise_join_code
from workshop.curriculum import CurriculumError, parse_curriculum_text
from workshop.normalise import has_visible, normalise_text
from workshop.rooms.errors import (
    CurriculumMismatch,
    GroupNameTaken,
    GroupNotFound,
    InvalidCurriculum,
    InvalidGroupName,
    InvalidPhoneCap,
    JoinsTooFast,
    RoomEnded,
    RoomFull,
    RoomNotFound,
    SessionNotFound,
    WrongJoinCode,
)
from workshop.rooms.models import Group, Joined, Room, group_of, parse_snapshot, room_of
from workshop.rooms.tokens import phone_key
from workshop.store import DuplicateKey, GroupRow, JoinLimits, RoomRow, Store

MAX_GROUP_NAME = 200

DEFAULT_MAX_PHONES = 60
"""The cap when the caller gives none (``Settings.max_phones`` has the same default)."""
MAX_PHONES_LIMIT = 1000
"""The highest cap a facilitator can set for one room."""
JOIN_RATE = 2.0
"""Joins a second a room admits once its burst (as many as its cap) is used up."""


# --- Groups ----------------------------------------------------------------------


def create_group(store: Store, name: str, curriculum_id: str, curriculum_text: str) -> Group:
    """Create a group following the curriculum given as YAML text.

    Refusals: ``InvalidGroupName``, ``InvalidCurriculum``, ``CurriculumMismatch``,
    ``GroupNameTaken``.
    """
    clean_name = normalise_text(name)
    if not has_visible(clean_name) or len(clean_name) > MAX_GROUP_NAME:
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
    return group_of(row)


def list_groups(store: Store) -> list[Group]:
    """Every group, by name."""
    with store.reading() as tx:
        return [group_of(row) for row in tx.groups()]


def get_group(store: Store, group_id: str) -> Group:
    """One group; ``GroupNotFound`` when there is none."""
    with store.reading() as tx:
        row = tx.group(group_id)
    if row is None:
        raise GroupNotFound()
    return group_of(row)


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
    ``today`` (or the group's own shorter period, ``set_group_retention``);
    ``purge_expired`` then deletes it with its answers.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    today = today or date.today()
    with store.reading() as tx:
        group = tx.group(group_id)
    if group is None:
        raise GroupNotFound()
    if group.retention_days is not None:
        # The organiser chose a shorter period for this group (never a longer one).
        retention_days = max(1, min(retention_days, group.retention_days))
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
            step_started=time.time(),
        )
        try:
            with store.writing() as tx:
                tx.insert_room(row)
        except DuplicateKey:
            continue  # a join code already in use: draw another
        return room_of(row)
    raise RuntimeError("could not draw an unused join code in 20 attempts")


def list_rooms(store: Store, group_id: str | None = None) -> list[Room]:
    """Rooms of one group (or all), oldest first."""
    with store.reading() as tx:
        rows = tx.rooms(group_id)
    return [room_of(row) for row in rows]


def get_room(store: Store, room_id: str) -> Room:
    """One room; ``RoomNotFound`` when there is none."""
    with store.reading() as tx:
        row = tx.room(room_id)
    if row is None:
        raise RoomNotFound(RoomNotFound.OPEN_A_NEW_ONE)
    return room_of(row)


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
    return room_of(row)


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
    return room_of(row)


def revision(store: Store, room_id: str) -> int:
    """The room's revision number: one primary-key lookup, for polling."""
    value = store.revision(room_id)
    if value is None:
        raise RoomNotFound(RoomNotFound.OPEN_A_NEW_ONE)
    return value


# --- Joining ---------------------------------------------------------------------


def _draw_join(limits: JoinLimits, cap: int, now: float) -> float | None:
    """Tokens left after one join, or ``None`` when the bucket is empty.

    A clock that went back (another process's) refills nothing, never negative.
    """
    if limits.tokens is None or limits.refilled is None:
        tokens = float(cap)
    else:
        elapsed = max(0.0, now - limits.refilled)
        tokens = min(float(cap), limits.tokens + elapsed * JOIN_RATE)
    if tokens < 1.0:
        return None
    return tokens - 1.0


def join(
    store: Store,
    join_code: str,
    *,
    max_phones: int = DEFAULT_MAX_PHONES,
    now: float | None = None,
) -> Joined:
    """Join the room with this code; returns a fresh random token.

    The token is returned once and never stored; only its keyed hash is.
    ``max_phones`` is the cap for a room whose facilitator set none; ``now``
    (Unix seconds) is injectable for tests of the join bucket.
    Refusals: ``WrongJoinCode``, ``RoomEnded``, ``RoomFull``, ``JoinsTooFast``.
    """
    code = normalise_join_code(join_code)
    wrong = WrongJoinCode(
        f"No room has the code {code[:12]!r}. Check the six characters on the projector "
        "and try again."
    )
    if not is_join_code(code):
        raise wrong
    token = new_token()
    clock = time.time() if now is None else now
    with store.writing() as tx:
        row = tx.room_by_join_code(code)
        if row is None:
            raise wrong
        if row.ended:
            raise RoomEnded("That session has ended. Thank you for taking part.")
        limits = tx.join_limits(row.id)
        assert limits is not None  # the row was just read in this transaction
        cap = limits.max_phones or max_phones
        if tx.count_phones(row.id) >= cap:
            raise RoomFull()
        left = _draw_join(limits, cap, clock)
        if left is None:
            raise JoinsTooFast()
        tx.put_join_bucket(row.id, left, clock)
        tx.insert_phone(phone_key(store, token), row.id)
    return Joined(token=token, room_id=row.id)


@dataclass(frozen=True)
class PhoneCount:
    """How many phones joined a room, and how many it lets in."""

    joined: int
    cap: int


def phone_count(store: Store, room_id: str, *, max_phones: int = DEFAULT_MAX_PHONES) -> PhoneCount:
    """Phones joined and the room's cap (``max_phones`` when the facilitator set none)."""
    with store.reading() as tx:
        limits = tx.join_limits(room_id)
        if limits is None:
            raise RoomNotFound(RoomNotFound.OPEN_A_NEW_ONE)
        return PhoneCount(joined=tx.count_phones(room_id), cap=limits.max_phones or max_phones)


def set_max_phones(store: Store, room_id: str, max_phones: int) -> None:
    """Let up to ``max_phones`` phones into the room (the facilitator's choice).

    Refusals: ``InvalidPhoneCap`` outside 2..``MAX_PHONES_LIMIT``, ``RoomNotFound``.
    """
    if not 2 <= max_phones <= MAX_PHONES_LIMIT:
        raise InvalidPhoneCap(f"Give a number of phones between 2 and {MAX_PHONES_LIMIT}.")
    with store.writing() as tx:
        if not tx.set_max_phones(room_id, max_phones):
            raise RoomNotFound(RoomNotFound.OPEN_A_NEW_ONE)
