"""Retention and deletion: rooms and groups are deleted with everything stored for them.

A room expires ``retention_days`` after it opened (``open_room``);
``purge_expired`` deletes every expired room, ``purge_room`` one room at once.
The organiser deletes a room or a whole group now with ``delete_room`` /
``delete_group``: first ``room_deletion`` / ``group_deletion`` say what would
go, and the deletion itself needs the group's name typed again
(``ConfirmationMismatch`` deletes nothing). A room still running is ended
first, so its phones and consoles see it stop before it disappears. After the
commit the store vacuums the files (``workshop.store.forget``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta

from workshop.rooms.errors import GroupNotFound, RoomError, RoomNotFound
from workshop.rooms.facilitation import end_room
from workshop.rooms.models import Group, Room, group_of, room_of
from workshop.store import Store

GROUP_DELETED = "This group was deleted (perhaps from another tab): nothing is left to delete."
ROOM_DELETED = "This room was deleted (perhaps from another tab): nothing is left to delete."


class ConfirmationMismatch(RoomError):
    """The typed confirmation is not the group's name: nothing was deleted."""

    message = "Nothing was deleted: type the group's name exactly as shown to confirm."


@dataclass(frozen=True)
class Deletion:
    """What a deletion takes (before) or took (after): one group's rooms, or one room."""

    group_name: str
    whole_group: bool
    rooms: tuple[Room, ...]
    answers: int

    @property
    def running(self) -> int:
        """How many of the rooms are still running (they are ended first)."""
        return sum(1 for room in self.rooms if not room.ended)


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


def group_deletion(store: Store, group_id: str) -> Deletion:
    """What deleting the group ``group_id`` would take; ``GroupNotFound`` once it is gone."""
    with store.reading() as tx:
        group = tx.group(group_id)
        if group is None:
            raise GroupNotFound(GROUP_DELETED)
        rows = tx.rooms(group_id)
        answers = sum(tx.count_room_answers(row.id) for row in rows)
    return Deletion(group.name, True, tuple(room_of(row) for row in rows), answers)


def room_deletion(store: Store, room_id: str) -> Deletion:
    """What deleting the room ``room_id`` would take; ``RoomNotFound`` once it is gone."""
    with store.reading() as tx:
        row = tx.room(room_id)
        group = None if row is None else tx.group(row.group_id)
        if row is None or group is None:
            raise RoomNotFound(ROOM_DELETED)
        answers = tx.count_room_answers(room_id)
    return Deletion(group.name, False, (room_of(row),), answers)


def _confirm(name: str, typed: str) -> None:
    if typed.strip() != name:
        shown = typed.strip() or "nothing"
        raise ConfirmationMismatch(
            f"Nothing was deleted: the confirmation reads {shown!r}, and the group's name "
            f"is {name!r}. Type the name exactly as shown to confirm."
        )


def _end_running(store: Store, plan: Deletion) -> None:
    for room in plan.rooms:
        if not room.ended:
            # Deleted meanwhile (another tab): nothing to end.
            with contextlib.suppress(RoomNotFound):
                end_room(store, room.id)


def delete_group(store: Store, group_id: str, typed_name: str) -> Deletion:
    """Delete a group with all its rooms now, if ``typed_name`` is its name.

    Running rooms are ended first. Returns what was deleted; a mistyped name
    raises ``ConfirmationMismatch`` and deletes nothing.
    """
    plan = group_deletion(store, group_id)
    _confirm(plan.group_name, typed_name)
    _end_running(store, plan)
    with store.writing() as tx:
        # Counted again inside the deleting transaction: answers may have come in.
        rows = tx.rooms(group_id)
        answers = sum(tx.count_room_answers(row.id) for row in rows)
        tx.delete_group_signins(group_id)  # its facilitators reach nothing any more
        if not tx.delete_group(group_id):
            raise GroupNotFound(GROUP_DELETED)
    return Deletion(plan.group_name, True, tuple(room_of(row) for row in rows), answers)


def delete_room(store: Store, room_id: str, typed_name: str) -> Deletion:
    """Delete one room now, if ``typed_name`` is its group's name.

    A running room is ended first. Returns what was deleted; a mistyped name
    raises ``ConfirmationMismatch`` and deletes nothing.
    """
    plan = room_deletion(store, room_id)
    _confirm(plan.group_name, typed_name)
    _end_running(store, plan)
    with store.writing() as tx:
        row = tx.room(room_id)
        if row is None:
            raise RoomNotFound(ROOM_DELETED)
        answers = tx.count_room_answers(room_id)
        tx.delete_room(room_id)
    return Deletion(plan.group_name, False, (room_of(row),), answers)


def find_group(store: Store, name: str) -> str:
    """The id of the group called ``name`` (exactly); ``GroupNotFound`` when none is."""
    with store.reading() as tx:
        row = tx.group_by_name(name)
    if row is None:
        raise GroupNotFound(f"No group is called {name!r}: nothing was deleted.")
    return group_of(row).id


@dataclass(frozen=True)
class ProgrammeEnd:
    """A group whose last session has ended: what comes next, and when data goes by itself."""

    last_session: int
    deletes_on: date


def programme_end(store: Store, group_id: str) -> ProgrammeEnd | None:
    """``ProgrammeEnd`` once the group's last session has met and ended with no
    room still running; ``None`` before. ``deletes_on`` is the day the last of
    its rooms is deleted by itself (each room's own expiry day)."""
    with store.reading() as tx:
        rows = tx.rooms(group_id)
    room_list = [room_of(row) for row in rows]
    if not room_list or any(not room.ended for room in room_list):
        return None
    last = max(session.number for session in room_list[-1].curriculum.sessions)
    if not any(room.session.number == last for room in room_list):
        return None
    return ProgrammeEnd(last, max(room.expires_on for room in room_list))


class InvalidRetention(RoomError):
    """A group's retention outside 1 .. the configured maximum."""

    message = "Give a number of days between 1 and the server's retention period."


@dataclass(frozen=True)
class Retention:
    """A group's retention after a change: its days, and how many rooms now go sooner."""

    days: int
    shortened_rooms: int


def group_retention_days(group: Group, maximum: int) -> int:
    """The days a room of ``group`` keeps its data: its own choice, never past ``maximum``."""
    if group.retention_days is None:
        return maximum
    return max(1, min(group.retention_days, maximum))


def set_group_retention(store: Store, group_id: str, days: int, maximum: int) -> Retention:
    """Keep the group's data ``days`` days after each meeting (1 .. ``maximum``).

    ``maximum`` is the configured retention (``WORKSHOP_RETENTION_DAYS``):
    a larger number is refused (``InvalidRetention``), never stored. Rooms of
    the group already open move their expiry earlier when the new period ends
    sooner (never later: the phones were told a date, and it is only ever kept
    or brought forward); each moved room's phones redraw the new date.
    """
    if not 1 <= days <= maximum:
        raise InvalidRetention(
            f"Keep the data between 1 and {maximum} days: {days} is not possible "
            f"({maximum} days is the most this server keeps anything, "
            "WORKSHOP_RETENTION_DAYS). Nothing was changed."
        )
    with store.writing() as tx:
        if not tx.set_group_retention(group_id, days):
            raise GroupNotFound(GROUP_DELETED)
        moved = 0
        for row in tx.rooms(group_id):
            sooner = row.opened_on + timedelta(days=days)
            if sooner < row.expires_on:
                tx.set_room_expiry(row.id, sooner)
                moved += 1
    return Retention(days, moved)
