"""Retention: rooms are deleted with everything stored for them.

A room expires ``retention_days`` after it opened (``open_room``);
``purge_expired`` deletes every expired room, ``purge_room`` one room at once.
"""

from __future__ import annotations

from datetime import date

from workshop.rooms.errors import RoomNotFound
from workshop.store import Store


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
