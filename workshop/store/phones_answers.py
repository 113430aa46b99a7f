"""Queries on phones and answers (part of ``Tx``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection

from workshop.schema import answers, phones, rooms
from workshop.store.forget import Forgetting
from workshop.store.rows import AnswerRow, answer_row, answer_values


class PhoneAnswerQueries:
    """Phones (by keyed hash) and their answers."""

    _conn: Connection
    _dialect: str
    forgetting: Forgetting

    # phones
    def insert_phone(self, key: str, room_id: str) -> None:
        """Record a joined phone by its keyed hash (written once, never updated)."""
        self._conn.execute(phones.insert().values(key=key, room_id=room_id))

    def phone_room_id(self, key: str) -> str | None:
        """The room a phone joined, or ``None`` for an unknown phone."""
        value = self._conn.execute(
            sa.select(phones.c.room_id).where(phones.c.key == key)
        ).scalar_one_or_none()
        return None if value is None else str(value)

    def phone_revision(self, key: str) -> int | None:
        """The revision of the room a phone joined (one indexed join), or ``None``."""
        value = self._conn.execute(
            sa.select(rooms.c.revision)
            .select_from(phones.join(rooms, phones.c.room_id == rooms.c.id))
            .where(phones.c.key == key)
        ).scalar_one_or_none()
        return None if value is None else int(value)

    def settle_phones(self, room_id: str) -> None:
        """Forget the order in which an ended room's phones joined.

        Phones rows stay (an ended room's phone still gets its goodbye page),
        but not in join order: on PostgreSQL they are rewritten sorted by key
        and the table is vacuumed after commit; on SQLite the file is
        vacuumed after commit, which rebuilds every page in key order.
        """
        self.forgetting.tables.add("phones")
        if self._dialect != "postgresql":
            return
        where = phones.c.room_id == room_id
        rows = [
            dict(row._mapping)
            for row in self._conn.execute(sa.select(phones).where(where).order_by(phones.c.key))
        ]
        if rows:
            self._conn.execute(phones.delete().where(where))
            self._conn.execute(phones.insert(), rows)

    def count_phones(self, room_id: str) -> int:
        """How many phones joined the room."""
        return int(
            self._conn.execute(
                sa.select(sa.func.count()).select_from(phones).where(phones.c.room_id == room_id)
            ).scalar_one()
        )

    # answers
    def upsert_answer(self, answer: AnswerRow) -> None:
        """Insert or replace the answer with this key (one row per phone and prompt).

        A replaced answer's old text may still sit in SQLite's write-ahead
        log: the log is truncated after commit.
        """
        values = answer_values(answer)
        if self._dialect != "postgresql" and self.answer(answer.key) is not None:
            self.forgetting.log = True
        changed = {k: values[k] for k in ("value", "passed", "hidden", "flagged")}
        if self._dialect == "postgresql":
            pg_stmt = pg_dialect.insert(answers).values(**values)
            self._conn.execute(
                pg_stmt.on_conflict_do_update(index_elements=[answers.c.key], set_=changed)
            )
        else:
            lite_stmt = sqlite_dialect.insert(answers).values(**values)
            self._conn.execute(
                lite_stmt.on_conflict_do_update(index_elements=[answers.c.key], set_=changed)
            )

    def settle_answers(self, room_id: str, prompt_id: str) -> None:
        """Rewrite a closed prompt's answers in key order, and forget the old layout.

        PostgreSQL keeps rows in its heap roughly in insertion order, so an
        unordered dump would list a prompt's answers in arrival order. Once
        the prompt closes we delete and re-insert them sorted by key (a
        random order), and vacuum the table after commit. On SQLite a WITHOUT
        ROWID table keeps its pointers in key order but each cell's bytes
        where there was room when it arrived, so arrival order shows in the
        page: the file is vacuumed after commit, which rebuilds every page
        in key order (and the write-ahead log is truncated).
        """
        self.forgetting.tables.add("answers")
        if self._dialect != "postgresql":
            return
        where = (answers.c.room_id == room_id, answers.c.prompt_id == prompt_id)
        rows = [
            dict(row._mapping)
            for row in self._conn.execute(sa.select(answers).where(*where).order_by(answers.c.key))
        ]
        if not rows:
            return
        self._conn.execute(answers.delete().where(*where))
        for row in rows:
            # One statement per row, in key order: the heap receives them in that order.
            self._conn.execute(answers.insert().values(**row))

    def answer(self, key: str) -> AnswerRow | None:
        """The answer with this key, or ``None``."""
        row = self._conn.execute(sa.select(answers).where(answers.c.key == key)).first()
        return None if row is None else answer_row(row)

    def delete_answer(self, key: str) -> bool:
        """Delete one answer; ``False`` when there was none.

        The deleted text may still sit in SQLite's write-ahead log: the log
        is truncated after commit.
        """
        deleted = self._conn.execute(answers.delete().where(answers.c.key == key)).rowcount == 1
        if deleted:
            self.forgetting.log = True
        return deleted

    def answers(self, room_id: str, prompt_id: str | None = None) -> list[AnswerRow]:
        """A room's answers (to one prompt, or all), ordered by key: a random order."""
        query = sa.select(answers).where(answers.c.room_id == room_id).order_by(answers.c.key)
        if prompt_id is not None:
            query = query.where(answers.c.prompt_id == prompt_id)
        return [answer_row(row) for row in self._conn.execute(query)]

    def count_answers(self, room_id: str, prompt_id: str) -> int:
        """How many answers and passes a prompt has (one indexed count)."""
        return int(
            self._conn.execute(
                sa.select(sa.func.count())
                .select_from(answers)
                .where(answers.c.room_id == room_id, answers.c.prompt_id == prompt_id)
            ).scalar_one()
        )

    def set_hidden(self, key: str, hidden: bool) -> bool:
        """Hide or show one answer; ``False`` when there is none."""
        result = self._conn.execute(
            answers.update().where(answers.c.key == key).values(hidden=hidden)
        )
        return result.rowcount == 1
