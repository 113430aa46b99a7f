"""What a room has on record, read for the funders' export.

One read gives the rooms and their stored answers together, so an export
sees one consistent moment even while phones are still answering. Answers
come without their keys (``RecordedAnswer``): what leaves the database
cannot be joined back to a phone. Which of them may leave is decided by
``workshop.disclosure`` (the only caller), not here.
"""

from __future__ import annotations

from workshop.rooms.errors import RoomNotFound
from workshop.rooms.models import RoomRecord, recorded_of, room_of
from workshop.store import RoomRow, Store, Tx


def _record(tx: Tx, row: RoomRow) -> RoomRecord:
    return RoomRecord(
        room=room_of(row),
        revealed=frozenset(pid for pid, state in row.prompt_states.items() if state == "revealed"),
        answers=tuple(recorded_of(answer) for answer in tx.answers(row.id)),
        states=dict(row.prompt_states),
    )


def group_records(store: Store, group_id: str) -> list[RoomRecord]:
    """Every room of one group with its answers, oldest room first."""
    with store.reading() as tx:
        return [_record(tx, row) for row in tx.rooms(group_id)]


def room_record(store: Store, room_id: str) -> RoomRecord:
    """One room with its answers; ``RoomNotFound`` when there is none."""
    with store.reading() as tx:
        row = tx.room(room_id)
        if row is None:
            raise RoomNotFound()
        return _record(tx, row)
