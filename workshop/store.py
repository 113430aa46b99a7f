"""The store: SQLAlchemy Core schema and every query the app runs (the only SQL).

One ``Store`` per process, built by ``open_store(settings)`` and shared by all
sessions (it is thread-safe: each call checks a connection out of the pool).

- SQLite by default, in ``settings.data_dir``: WAL so phones read while the
  facilitator writes, ``synchronous=FULL`` so an acknowledged answer survives a
  power cut, a busy timeout so short write bursts queue instead of failing,
  ``secure_delete`` so a withdrawn or purged answer is overwritten on disk, and
  write transactions that start with ``BEGIN IMMEDIATE`` so a read-then-write
  transaction never fails half-way on a stale snapshot.
- PostgreSQL (psycopg 3) when ``settings.database_url`` is set.
- The schema is created and upgraded by Alembic (``workshop/migrations``) when
  the store opens; the migration configuration lives in code, so it works from
  any working directory and on a clean clone.

Privacy rules that the schema itself enforces (see ``docs/privacy.md``):
answers and phones carry no autoincrement id and no time (their primary key is
a keyed hash, and on SQLite they are ``WITHOUT ROWID`` tables, so not even the
hidden rowid records arrival order); the phone's token is never stored.

Callers use named, typed methods: ``store.reading()`` / ``store.writing()``
yield a ``Tx`` whose methods are the queries, so a domain function composes
several of them in one transaction without writing SQL.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine

from workshop.config import Settings

metadata = sa.MetaData()

KEY_LENGTH = 64
"""Hex length of a keyed hash (HMAC-SHA256)."""

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("curriculum_id", sa.String(64), nullable=False),
    sa.Column("curriculum_title", sa.String(400), nullable=False),
    sa.Column("curriculum_text", sa.Text, nullable=False),
    sa.Column("created_on", sa.Date, nullable=False),
)

rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("group_id", sa.String(32), sa.ForeignKey("groups.id"), nullable=False),
    sa.Column("curriculum_id", sa.String(64), nullable=False),
    sa.Column("curriculum_text", sa.Text, nullable=False),
    sa.Column("session_id", sa.String(64), nullable=False),
    sa.Column("step_index", sa.Integer, nullable=False),
    sa.Column("prompt_states", sa.Text, nullable=False),
    sa.Column("paused", sa.Boolean, nullable=False),
    sa.Column("ended", sa.Boolean, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("join_code", sa.String(6), nullable=False, unique=True),
    sa.Column("display_key", sa.String(64), nullable=False, unique=True),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("expires_on", sa.Date, nullable=False),
    sa.Index("ix_rooms_group_id", "group_id"),
    sa.Index("ix_rooms_expires_on", "expires_on"),
)

phones = sa.Table(
    "phones",
    metadata,
    sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), nullable=False),
    sa.Index("ix_phones_room_id", "room_id"),
    sqlite_with_rowid=False,
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), nullable=False),
    sa.Column("prompt_id", sa.String(64), nullable=False),
    sa.Column("value", sa.Text, nullable=True),
    sa.Column("passed", sa.Boolean, nullable=False),
    sa.Column("hidden", sa.Boolean, nullable=False),
    sa.Column("flagged", sa.Boolean, nullable=False),
    sa.Index("ix_answers_room_prompt", "room_id", "prompt_id"),
    sqlite_with_rowid=False,
)

notices = sa.Table(
    "notices",
    metadata,
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), primary_key=True),
    sa.Column("prompt_id", sa.String(64), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)

settings_table = sa.Table(
    "settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

SECRET_SETTING = "server_secret"  # noqa: S105 (a setting name, not a secret)

PromptState = Literal["none", "open", "closed", "revealed"]


# --- Row types -------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    """A stored group (a cohort that meets weekly)."""

    id: str
    name: str
    curriculum_id: str
    curriculum_title: str
    curriculum_text: str
    created_on: date


@dataclass(frozen=True)
class RoomRow:
    """A stored room; ``prompt_states`` maps prompt step id to its state."""

    id: str
    group_id: str
    curriculum_id: str
    curriculum_text: str
    session_id: str
    step_index: int
    prompt_states: Mapping[str, PromptState]
    paused: bool
    ended: bool
    revision: int
    join_code: str
    display_key: str
    opened_on: date
    expires_on: date


@dataclass(frozen=True)
class AnswerRow:
    """A stored answer. ``value`` is the decoded JSON value (``None`` for a pass)."""

    key: str
    room_id: str
    prompt_id: str
    value: Any
    passed: bool
    hidden: bool
    flagged: bool


class StoreError(Exception):
    """The database could not be opened or used; the message says what to do."""


class DuplicateKey(StoreError):
    """An insert hit a unique constraint (e.g. a join code already in use)."""


def _room_row(row: sa.Row[Any]) -> RoomRow:
    m = row._mapping
    return RoomRow(
        id=m["id"],
        group_id=m["group_id"],
        curriculum_id=m["curriculum_id"],
        curriculum_text=m["curriculum_text"],
        session_id=m["session_id"],
        step_index=m["step_index"],
        prompt_states=json.loads(m["prompt_states"]),
        paused=bool(m["paused"]),
        ended=bool(m["ended"]),
        revision=m["revision"],
        join_code=m["join_code"],
        display_key=m["display_key"],
        opened_on=m["opened_on"],
        expires_on=m["expires_on"],
    )


def _group_row(row: sa.Row[Any]) -> GroupRow:
    m = row._mapping
    return GroupRow(
        id=m["id"],
        name=m["name"],
        curriculum_id=m["curriculum_id"],
        curriculum_title=m["curriculum_title"],
        curriculum_text=m["curriculum_text"],
        created_on=m["created_on"],
    )


def _answer_row(row: sa.Row[Any]) -> AnswerRow:
    m = row._mapping
    return AnswerRow(
        key=m["key"],
        room_id=m["room_id"],
        prompt_id=m["prompt_id"],
        value=None if m["value"] is None else json.loads(m["value"]),
        passed=bool(m["passed"]),
        hidden=bool(m["hidden"]),
        flagged=bool(m["flagged"]),
    )


def _room_values(room: RoomRow) -> dict[str, Any]:
    return {
        "id": room.id,
        "group_id": room.group_id,
        "curriculum_id": room.curriculum_id,
        "curriculum_text": room.curriculum_text,
        "session_id": room.session_id,
        "step_index": room.step_index,
        # Sorted keys: the stored text depends only on the states, not on the
        # order in which prompts were opened.
        "prompt_states": json.dumps(dict(room.prompt_states), sort_keys=True),
        "paused": room.paused,
        "ended": room.ended,
        "revision": room.revision,
        "join_code": room.join_code,
        "display_key": room.display_key,
        "opened_on": room.opened_on,
        "expires_on": room.expires_on,
    }


# --- Transactions ----------------------------------------------------------------


class Tx:
    """One open transaction. Every method is one named query."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._dialect = conn.dialect.name

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
        return None if row is None else _group_row(row)

    def group_by_name(self, name: str) -> GroupRow | None:
        """The group with this exact name, or ``None``."""
        row = self._conn.execute(sa.select(groups).where(groups.c.name == name)).first()
        return None if row is None else _group_row(row)

    def groups(self) -> list[GroupRow]:
        """Every group, by name."""
        rows = self._conn.execute(sa.select(groups).order_by(groups.c.name, groups.c.id))
        return [_group_row(row) for row in rows]

    # rooms
    def insert_room(self, room: RoomRow) -> None:
        """Add a room; ``DuplicateKey`` when its join code or display key is taken."""
        try:
            with self._conn.begin_nested():
                self._conn.execute(rooms.insert().values(**_room_values(room)))
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
        return None if row is None else _room_row(row)

    def room_by_display_key(self, display_key: str) -> RoomRow | None:
        """The room with this display key, or ``None``."""
        row = self._conn.execute(sa.select(rooms).where(rooms.c.display_key == display_key)).first()
        return None if row is None else _room_row(row)

    def room_by_join_code(self, join_code: str) -> RoomRow | None:
        """The room with this join code, or ``None``."""
        row = self._conn.execute(sa.select(rooms).where(rooms.c.join_code == join_code)).first()
        return None if row is None else _room_row(row)

    def rooms(self, group_id: str | None = None) -> list[RoomRow]:
        """Rooms (of one group, or all), oldest first."""
        query = sa.select(rooms).order_by(rooms.c.opened_on, rooms.c.id)
        if group_id is not None:
            query = query.where(rooms.c.group_id == group_id)
        return [_room_row(row) for row in self._conn.execute(query)]

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
        values = _room_values(room)
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

    def expired_room_ids(self, today: date) -> list[str]:
        """Ids of rooms whose expiry day has passed."""
        rows = self._conn.execute(sa.select(rooms.c.id).where(rooms.c.expires_on < today))
        return [row[0] for row in rows]

    def delete_room(self, room_id: str) -> bool:
        """Delete a room with its phones, answers and notices; ``False`` if absent."""
        self._conn.execute(answers.delete().where(answers.c.room_id == room_id))
        self._conn.execute(phones.delete().where(phones.c.room_id == room_id))
        self._conn.execute(notices.delete().where(notices.c.room_id == room_id))
        result = self._conn.execute(rooms.delete().where(rooms.c.id == room_id))
        return result.rowcount == 1

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

    def count_phones(self, room_id: str) -> int:
        """How many phones joined the room."""
        return int(
            self._conn.execute(
                sa.select(sa.func.count()).select_from(phones).where(phones.c.room_id == room_id)
            ).scalar_one()
        )

    # answers
    def upsert_answer(self, answer: AnswerRow) -> None:
        """Insert or replace the answer with this key (one row per phone and prompt)."""
        values = {
            "key": answer.key,
            "room_id": answer.room_id,
            "prompt_id": answer.prompt_id,
            "value": None if answer.value is None else json.dumps(answer.value),
            "passed": answer.passed,
            "hidden": answer.hidden,
            "flagged": answer.flagged,
        }
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
        """Rewrite a closed prompt's answers in key order (PostgreSQL only).

        PostgreSQL keeps rows in its heap roughly in insertion order, so an
        unordered dump would list a prompt's answers in arrival order. Once
        the prompt closes we delete and re-insert them sorted by key (a
        random order); SQLite needs nothing, as a WITHOUT ROWID table is
        stored in key order.
        """
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
            self._conn.execute(answers.insert().values(**row))

    def answer(self, key: str) -> AnswerRow | None:
        """The answer with this key, or ``None``."""
        row = self._conn.execute(sa.select(answers).where(answers.c.key == key)).first()
        return None if row is None else _answer_row(row)

    def delete_answer(self, key: str) -> bool:
        """Delete one answer; ``False`` when there was none."""
        return self._conn.execute(answers.delete().where(answers.c.key == key)).rowcount == 1

    def answers(self, room_id: str, prompt_id: str | None = None) -> list[AnswerRow]:
        """A room's answers (to one prompt, or all), ordered by key: a random order."""
        query = sa.select(answers).where(answers.c.room_id == room_id).order_by(answers.c.key)
        if prompt_id is not None:
            query = query.where(answers.c.prompt_id == prompt_id)
        return [_answer_row(row) for row in self._conn.execute(query)]

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

    # notices
    def add_notice(self, room_id: str, prompt_id: str) -> None:
        """Count one more flagged answer for this prompt (no text, no key)."""
        values = {"room_id": room_id, "prompt_id": prompt_id, "count": 1}
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

    def notices(self, room_id: str) -> list[tuple[str, int]]:
        """(prompt id, count) of the room's notices."""
        rows = self._conn.execute(
            sa.select(notices.c.prompt_id, notices.c.count)
            .where(notices.c.room_id == room_id)
            .order_by(notices.c.prompt_id)
        )
        return [(row[0], int(row[1])) for row in rows]

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


# --- The store -------------------------------------------------------------------


class Store:
    """The database behind the app: an Engine plus the server secret."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._secret: bytes | None = None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        """A read-only transaction (a consistent snapshot)."""
        # The connection begins on first use and rolls back when closed: nothing
        # was written, so there is nothing to commit.
        with self.engine.connect() as conn:
            yield Tx(conn)

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        """A write transaction, committed when the block ends without an error."""
        with self.engine.connect() as conn:
            conn.execution_options(workshop_write=True)
            with conn.begin():
                yield Tx(conn)

    def revision(self, room_id: str) -> int | None:
        """The room's revision (one indexed lookup, no transaction bookkeeping)."""
        with self.engine.connect() as conn:
            value = conn.execute(
                sa.select(rooms.c.revision).where(rooms.c.id == room_id)
            ).scalar_one_or_none()
        return None if value is None else int(value)

    def keyed_hash(self, *parts: str) -> str:
        """HMAC-SHA256 under the server secret of the parts (hex).

        Parts are joined with a separator that cannot occur in tokens or ids,
        so ("ab", "c") and ("a", "bc") never collide.
        """
        if self._secret is None:
            raise StoreError("the store has no server secret yet: open it with open_store()")
        message = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def load_secret(self) -> None:
        """Load the server secret, making one on first start (safe under races)."""
        with self.writing() as tx:
            tx.add_setting(SECRET_SETTING, secrets.token_hex(32))
            stored = tx.setting(SECRET_SETTING)
        assert stored is not None
        self._secret = bytes.fromhex(stored)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _normalise_url(url: str) -> str:
    # "postgresql://" would pick psycopg2, which is not installed: use psycopg 3.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


SQLITE_PRAGMAS: Sequence[str] = (
    # The busy timeout first: switching a new file to WAL needs a lock that a
    # second process starting at the same moment may hold.
    "PRAGMA busy_timeout=15000",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",
)


# Any fixed number: every process that starts on the same PostgreSQL database
# takes this lock, so only one of them runs the migrations at a time.
_PG_MIGRATION_LOCK_ID = 704_211_923


def lock_for_migrations(conn: Connection) -> None:
    """Inside a write transaction: keep other starters out until it ends.

    SQLite's ``BEGIN IMMEDIATE`` already does; PostgreSQL needs an advisory lock.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK_ID})")


def _execute_pragma(cursor: Any, pragma: str, attempts: int = 100) -> None:
    # Switching a brand-new file to WAL needs the database to itself, and
    # SQLite answers "database is locked" at once, without its busy timeout,
    # when another process opens the same new file at that moment (seen 1 in
    # 40 with four starters racing). Try again briefly: at most about 5 s.
    for attempt in range(attempts):
        try:
            cursor.execute(pragma)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def make_engine(url: str) -> Engine:
    """An Engine for the URL with our SQLite settings applied to every connection."""
    url = _normalise_url(url)
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 15},
        pool_size=10,
        max_overflow=20,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own BEGIN is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            _execute_pragma(cursor, pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction takes the write lock at once; a deferred one that
        # reads first could fail with SQLITE_BUSY when it later tries to write.
        if conn.get_execution_options().get("workshop_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def open_store(settings: Settings) -> Store:
    """Open (and create or upgrade) the database the settings point at."""
    from workshop.migrations import upgrade_to_head

    if not settings.database_url:
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data folder {settings.data_dir}: {exc.strerror}; "
                "set WORKSHOP_DATA_DIR to a folder you can write to"
            ) from None
    engine = make_engine(settings.sqlalchemy_url)
    try:
        upgrade_to_head(engine)
    except sa.exc.DBAPIError as exc:
        # Unreachable server, unwritable folder, or a file that is not a
        # database: one message that names the settings to check.
        engine.dispose()
        raise StoreError(
            f"cannot open the database: {exc.orig}; check WORKSHOP_DATABASE_URL "
            "or WORKSHOP_DATA_DIR"
        ) from None
    store = Store(engine)
    store.load_secret()
    return store
