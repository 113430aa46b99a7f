"""Queries on groups and rooms (part of ``Tx``)."""

from __future__ import annotations

from datetime import date
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workshop.schema import answers, groups, notices, phones, rooms
from workshop.store.errors import DuplicateKey
from workshop.store.forget import Forgetting
from workshop.store.rows import GroupRow, RoomRow, group_row, room_row, room_values


class GroupRoomQueries:
    """Groups and rooms: insert, look up, compare-and-set, delete."""

    _conn: Connection
    _dialect: str
    forgetting: Forgetting

    # groups
    def insert_group(self, group: GroupRow) -> None:
        """Add a group; ``DuplicateKey`` when the name is taken."""
        try:
            with self._conn.begin_nested():
                self._conn.execute(
                    groups.insert().values(
                        id=group.id,
                        name=group.name,
                        curriculum_id=group.curriculum_id,
                        curriculum_title=group.curriculum_title,
                        curriculum_text=group.curriculum_text,
                        created_on=group.created_on,
                    )
                )
        except sa.exc.IntegrityError as exc:
            raise DuplicateKey(str(exc.orig)) from None

    def group(self, group_id: str) -> GroupRow | None:
        """The group with this id, or ``None``."""
        row = self._conn.execute(sa.select(groups).where(groups.c.id == group_id)).first()
        return None if row is None else group_row(row)

    def group_by_name(self, name: str) -> GroupRow | None:
        """The group with this exact name, or ``None``."""
        row = self._conn.execute(sa.select(groups).where(groups.c.name == name)).first()
        return None if row is None else group_row(row)

    def set_group_retention(self, group_id: str, days: int | None) -> bool:
        """Set a group's own retention in days (``None``: the setting); ``False`` if absent."""
        result = self._conn.execute(
            groups.update().where(groups.c.id == group_id).values(retention_days=days)
        )
        return result.rowcount == 1

    def groups(self) -> list[GroupRow]:
        """Every group, by name."""
        rows = self._conn.execute(sa.select(groups).order_by(groups.c.name, groups.c.id))
        return [group_row(row) for row in rows]

    # rooms
    def insert_room(self, room: RoomRow) -> None:
        """Add a room; ``DuplicateKey`` when its join code or display key is taken."""
        try:
            with self._conn.begin_nested():
                self._conn.execute(rooms.insert().values(**room_values(room)))
        except sa.exc.IntegrityError as exc:
            raise DuplicateKey(str(exc.orig)) from None

    def room(
        self, room_id: str, *, lock: Literal["share", "update"] | None = None
    ) -> RoomRow | None:
        """The room with this id, or ``None``.

        ``lock`` takes a row lock on PostgreSQL until the transaction ends
        (``share`` lets other readers in, ``update`` does not); SQLite write
        transactions are already exclusive.
        """
        query = sa.select(rooms).where(rooms.c.id == room_id)
        if lock is not None:
            query = query.with_for_update(read=lock == "share")
        row = self._conn.execute(query).first()
        return None if row is None else room_row(row)

    def room_by_display_key(self, display_key: str) -> RoomRow | None:
        """The room with this display key, or ``None``."""
        row = self._conn.execute(sa.select(rooms).where(rooms.c.display_key == display_key)).first()
        return None if row is None else room_row(row)

    def room_by_join_code(self, join_code: str) -> RoomRow | None:
        """The room with this join code, or ``None``."""
        row = self._conn.execute(sa.select(rooms).where(rooms.c.join_code == join_code)).first()
        return None if row is None else room_row(row)

    def rooms(self, group_id: str | None = None) -> list[RoomRow]:
        """Rooms (of one group, or all), oldest first."""
        query = sa.select(rooms).order_by(rooms.c.opened_on, rooms.c.id)
        if group_id is not None:
            query = query.where(rooms.c.group_id == group_id)
        return [room_row(row) for row in self._conn.execute(query)]

    def revision(self, room_id: str) -> int | None:
        """The room's revision number (one primary-key lookup), or ``None``."""
        value = self._conn.execute(
            sa.select(rooms.c.revision).where(rooms.c.id == room_id)
        ).scalar_one_or_none()
        return None if value is None else int(value)

    def update_room(self, room: RoomRow, *, expected_revision: int) -> bool:
        """Write ``room`` if the stored revision is still ``expected_revision``.

        The compare-and-set: the ``WHERE revision = :expected`` makes two
        racing writers move the room one step, not two. ``False`` when someone
        else changed the room first.
        """
        values = room_values(room)
        del values["id"]
        result = self._conn.execute(
            rooms.update()
            .where(rooms.c.id == room.id, rooms.c.revision == expected_revision)
            .values(**values)
        )
        return result.rowcount == 1

    def bump_revision(self, room_id: str) -> None:
        """Add one to the room's revision so every screen redraws."""
        self._conn.execute(
            rooms.update().where(rooms.c.id == room_id).values(revision=rooms.c.revision + 1)
        )

    def set_room_expiry(self, room_id: str, expires_on: date) -> None:
        """Move a room's expiry day, and bump its revision so its phones redraw the date."""
        self._conn.execute(
            rooms.update()
            .where(rooms.c.id == room_id)
            .values(expires_on=expires_on, revision=rooms.c.revision + 1)
        )

    def expired_room_ids(self, today: date) -> list[str]:
        """Ids of rooms whose expiry day has passed."""
        rows = self._conn.execute(sa.select(rooms.c.id).where(rooms.c.expires_on < today))
        return [row[0] for row in rows]

    def delete_room(self, room_id: str) -> bool:
        """Delete a room with its phones, answers and notices; ``False`` if absent.

        After commit the tables are vacuumed (on SQLite the whole file, and
        its write-ahead log truncated), so no copy of the files keeps them.
        """
        self.forgetting.tables.update(("answers", "phones", "notices", "rooms"))
        self._conn.execute(answers.delete().where(answers.c.room_id == room_id))
        self._conn.execute(phones.delete().where(phones.c.room_id == room_id))
        self._conn.execute(notices.delete().where(notices.c.room_id == room_id))
        result = self._conn.execute(rooms.delete().where(rooms.c.id == room_id))
        return result.rowcount == 1

    def delete_group(self, group_id: str) -> bool:
        """Delete a group with all its rooms (and their phones, answers and
        notices); ``False`` if absent. Vacuumed after commit like ``delete_room``."""
        room_ids = self._conn.execute(sa.select(rooms.c.id).where(rooms.c.group_id == group_id))
        for (room_id,) in list(room_ids):
            self.delete_room(room_id)
        self.forgetting.tables.update(("rooms", "groups"))
        result = self._conn.execute(groups.delete().where(groups.c.id == group_id))
        return result.rowcount == 1

    def count_room_answers(self, room_id: str) -> int:
        """How many answers and passes a room holds, all prompts together."""
        return int(
            self._conn.execute(
                sa.select(sa.func.count()).select_from(answers).where(answers.c.room_id == room_id)
            ).scalar_one()
        )
