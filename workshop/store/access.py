"""Queries on who may come in (part of ``Tx``): facilitator sign-ins and their
scopes, groups' facilitator passcode hashes, rooms' join limits."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workshop.schema import group_access, groups, rooms, signins


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
    def insert_signin(self, key: str, expires_at: int, group_id: str | None = None) -> None:
        """Record a sign-in by the keyed hash of its id, valid until ``expires_at``.

        ``group_id`` is its scope: ``None`` for the organiser, else the one group.
        """
        self._conn.execute(
            signins.insert().values(key=key, expires_at=expires_at, group_id=group_id)
        )

    def signin_expiry(self, key: str) -> int | None:
        """When the sign-in with this key stops working, or ``None`` when there is none."""
        found = self.signin_scope(key)
        return None if found is None else found[0]

    def signin_scope(self, key: str) -> tuple[int, str | None] | None:
        """(expiry, group id or ``None`` for the organiser) of a sign-in, or ``None``."""
        row = self._conn.execute(
            sa.select(signins.c.expires_at, signins.c.group_id).where(signins.c.key == key)
        ).first()
        if row is None:
            return None
        return int(row[0]), None if row[1] is None else str(row[1])

    def delete_signin(self, key: str) -> bool:
        """Revoke one sign-in; ``False`` when there was none."""
        return self._conn.execute(signins.delete().where(signins.c.key == key)).rowcount == 1

    def delete_signins(self, *, expired_before: int | None = None) -> int:
        """Revoke every sign-in (or only those expired before ``expired_before``)."""
        query = signins.delete()
        if expired_before is not None:
            query = query.where(signins.c.expires_at <= expired_before)
        return int(self._conn.execute(query).rowcount)

    def delete_group_signins(self, group_id: str) -> int:
        """Revoke every sign-in scoped to one group (the organiser's stay)."""
        return int(
            self._conn.execute(signins.delete().where(signins.c.group_id == group_id)).rowcount
        )

    # groups' facilitator passcodes
    def group_passcode_hashes(self) -> dict[str, str]:
        """Every group's facilitator passcode hash, by group id."""
        rows = self._conn.execute(sa.select(group_access.c.group_id, group_access.c.passcode_hash))
        return {str(row[0]): str(row[1]) for row in rows}

    def put_group_passcode_hash(self, group_id: str, passcode_hash: str) -> bool:
        """Store (or replace) a group's passcode hash; ``False`` for no such group."""
        exists = self._conn.execute(sa.select(groups.c.id).where(groups.c.id == group_id)).first()
        if exists is None:
            return False
        updated = self._conn.execute(
            group_access.update()
            .where(group_access.c.group_id == group_id)
            .values(passcode_hash=passcode_hash)
        )
        if updated.rowcount == 0:
            self._conn.execute(
                group_access.insert().values(group_id=group_id, passcode_hash=passcode_hash)
            )
        return True

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

    def forget_join_bucket(self, room_id: str) -> None:
        """Empty the room's join bucket (an ended room lets no one in): its last second goes."""
        self._conn.execute(
            rooms.update().where(rooms.c.id == room_id).values(join_tokens=None, join_refilled=None)
        )

    def set_max_phones(self, room_id: str, max_phones: int) -> bool:
        """Set the room's cap on phones; ``False`` for no such room."""
        result = self._conn.execute(
            rooms.update().where(rooms.c.id == room_id).values(max_phones=max_phones)
        )
        return result.rowcount == 1
