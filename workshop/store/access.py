"""Queries on who may come in (part of ``Tx``): facilitator sign-ins, rooms' join limits."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workshop.schema import rooms, signins


@dataclass(frozen=True)
class JoinLimits:
    """A room's cap on phones (``None``: the process default) and its join bucket.

    ``tokens``/``refilled`` are ``None`` before the first join: the bucket is full.
    """

    max_phones: int | None
    tokens: float | None
    refilled: float | None


class AccessQueries:
    """Sign-in records and the rooms' join limits."""

    _conn: Connection

    # sign-ins
    def insert_signin(self, key: str, expires_at: int) -> None:
        """Record a sign-in by the keyed hash of its id, valid until ``expires_at``."""
        self._conn.execute(signins.insert().values(key=key, expires_at=expires_at))

    def signin_expiry(self, key: str) -> int | None:
        """When the sign-in with this key stops working, or ``None`` when there is none."""
        value = self._conn.execute(
            sa.select(signins.c.expires_at).where(signins.c.key == key)
        ).scalar_one_or_none()
        return None if value is None else int(value)

    def delete_signin(self, key: str) -> bool:
        """Revoke one sign-in; ``False`` when there was none."""
        return self._conn.execute(signins.delete().where(signins.c.key == key)).rowcount == 1

    def delete_signins(self, *, expired_before: int | None = None) -> int:
        """Revoke every sign-in (or only those expired before ``expired_before``)."""
        query = signins.delete()
        if expired_before is not None:
            query = query.where(signins.c.expires_at <= expired_before)
        return int(self._conn.execute(query).rowcount)

    # joining
    def join_limits(self, room_id: str) -> JoinLimits | None:
        """The room's cap and join bucket, or ``None`` for no such room."""
        row = self._conn.execute(
            sa.select(rooms.c.max_phones, rooms.c.join_tokens, rooms.c.join_refilled).where(
                rooms.c.id == room_id
            )
        ).first()
        if row is None:
            return None
        return JoinLimits(
            max_phones=None if row[0] is None else int(row[0]),
            tokens=None if row[1] is None else float(row[1]),
            refilled=None if row[2] is None else float(row[2]),
        )

    def put_join_bucket(self, room_id: str, tokens: float, refilled: float) -> None:
        """Store the room's join bucket after a join drew from it."""
        self._conn.execute(
            rooms.update()
            .where(rooms.c.id == room_id)
            .values(join_tokens=tokens, join_refilled=refilled)
        )

    def set_max_phones(self, room_id: str, max_phones: int) -> bool:
        """Set the room's cap on phones; ``False`` for no such room."""
        result = self._conn.execute(
            rooms.update().where(rooms.c.id == room_id).values(max_phones=max_phones)
        )
        return result.rowcount == 1
