"""Queries on notices and settings, and raw rows for the privacy tests (part of ``Tx``)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection

from workshop.schema import answers, metadata, notices, settings_table


class NoticeSettingQueries:
    """Notices (counts of flagged answers), settings, and raw rows."""

    _conn: Connection
    _dialect: str

    # notices
    def add_notice(self, room_id: str, prompt_id: str) -> None:
        """Count one more flagged answer for this prompt (no text, no key).

        Also kept, until the prompt closes (``release_notice_holds``): how
        many answers the prompt had when this one was flagged, so the console
        can hold the notice until enough further answers arrived that it no
        longer points at the phone that just sent it.
        """
        values = {"room_id": room_id, "prompt_id": prompt_id, "count": 1, "held": "[]"}
        bump = {"count": notices.c.count + 1}
        if self._dialect == "postgresql":
            pg_stmt = pg_dialect.insert(notices).values(**values)
            self._conn.execute(
                pg_stmt.on_conflict_do_update(
                    index_elements=[notices.c.room_id, notices.c.prompt_id], set_=bump
                )
            )
        else:
            lite_stmt = sqlite_dialect.insert(notices).values(**values)
            self._conn.execute(
                lite_stmt.on_conflict_do_update(
                    index_elements=[notices.c.room_id, notices.c.prompt_id], set_=bump
                )
            )
        # The upsert holds the row's lock until commit, so this read-modify-write
        # cannot interleave with another flag on the same prompt.
        where = (notices.c.room_id == room_id, notices.c.prompt_id == prompt_id)
        arrived = self._conn.execute(
            sa.select(sa.func.count())
            .select_from(answers)
            .where(answers.c.room_id == room_id, answers.c.prompt_id == prompt_id)
        ).scalar_one()
        held = json.loads(self._conn.execute(sa.select(notices.c.held).where(*where)).scalar_one())
        self._conn.execute(
            notices.update().where(*where).values(held=json.dumps([*held, int(arrived)]))
        )

    def release_notice_holds(self, room_id: str, prompt_id: str) -> None:
        """Forget when a closed prompt's flags arrived: a closed prompt's notices all show."""
        self._conn.execute(
            notices.update()
            .where(notices.c.room_id == room_id, notices.c.prompt_id == prompt_id)
            .values(held="[]")
        )

    def notices(self, room_id: str) -> list[tuple[str, int, list[int]]]:
        """(prompt id, count, answers counted when each still-held flag arrived)."""
        rows = self._conn.execute(
            sa.select(notices.c.prompt_id, notices.c.count, notices.c.held)
            .where(notices.c.room_id == room_id)
            .order_by(notices.c.prompt_id)
        )
        return [(row[0], int(row[1]), [int(n) for n in json.loads(row[2] or "[]")]) for row in rows]

    # settings
    def setting(self, name: str) -> str | None:
        """A stored setting, or ``None``."""
        value = self._conn.execute(
            sa.select(settings_table.c.value).where(settings_table.c.name == name)
        ).scalar_one_or_none()
        return None if value is None else str(value)

    def put_setting(self, name: str, value: str) -> None:
        """Store a setting, replacing any earlier value."""
        updated = self._conn.execute(
            settings_table.update().where(settings_table.c.name == name).values(value=value)
        )
        if updated.rowcount == 0:
            self._conn.execute(settings_table.insert().values(name=name, value=value))

    def add_setting(self, name: str, value: str) -> bool:
        """Store a setting only if absent; ``True`` when this call stored it."""
        try:
            with self._conn.begin_nested():
                self._conn.execute(settings_table.insert().values(name=name, value=value))
        except sa.exc.IntegrityError:
            return False
        return True

    # raw access for tests and the privacy audit
    def raw_rows(self, table_name: str) -> list[dict[str, Any]]:
        """Every row of a table exactly as stored (for privacy tests)."""
        table = metadata.tables[table_name]
        return [dict(row._mapping) for row in self._conn.execute(sa.select(table))]
