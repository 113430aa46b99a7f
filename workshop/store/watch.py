"""What the live notifier asks of the database (the only SQL it needs).

- :func:`room_pulses`: for a set of rooms, in one query, each room's revision,
  whether it ended, and an activity number (answers plus safety notices) that
  changes whenever the live number or a private notice may have changed. The
  SQLite watcher runs it every 250 ms; nothing in it is an answer or a text.
- :func:`schema_version`: the migration the database is at (``/healthz``).
- :func:`after_local_writes`: call back after every committed write of this
  process (the connection is back in the pool, so the write is visible), so
  the notifier looks at once instead of at its next tick.
- :func:`listen_for_changes` / :func:`announce_change`: PostgreSQL
  ``LISTEN/NOTIFY`` between processes, on one dedicated connection per process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection

from workshop.schema import answers, notices, rooms
from workshop.store.database import Store
from workshop.store.errors import StoreUnavailable, translated

CHANNEL = "workshop_rooms"
"""The PostgreSQL notification channel every app process listens on."""

# Marks a connection whose commit must not count as a change (our own NOTIFY).
_QUIET = "workshop_quiet"
_WROTE = "workshop_wrote"


@dataclass(frozen=True)
class RoomPulse:
    """What the notifier compares between two looks at one room."""

    revision: int
    ended: bool
    activity: int
    """Answers plus notices of the room: a change means 'count changed', never what."""


def room_pulses(store: Store, room_ids: Iterable[str]) -> dict[str, RoomPulse]:
    """Each existing room's pulse, in one query; a purged room is simply absent."""
    wanted = sorted(set(room_ids))
    if not wanted:
        return {}
    answer_count = (
        sa.select(sa.func.count())
        .select_from(answers)
        .where(answers.c.room_id == rooms.c.id)
        .scalar_subquery()
    )
    notice_sum = (
        sa.select(sa.func.coalesce(sa.func.sum(notices.c.count), 0))
        .where(notices.c.room_id == rooms.c.id)
        .scalar_subquery()
    )
    query = sa.select(rooms.c.id, rooms.c.revision, rooms.c.ended, answer_count, notice_sum).where(
        rooms.c.id.in_(wanted)
    )
    with translated(store.engine.url.password), store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return {
        str(row[0]): RoomPulse(
            revision=int(row[1]), ended=bool(row[2]), activity=int(row[3]) + int(row[4])
        )
        for row in rows
    }


def schema_version(store: Store) -> str:
    """The migration the database is at (``/healthz``); ``StoreUnavailable`` when unreachable."""
    with translated(store.engine.url.password), store.engine.connect() as conn:
        value = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return str(value or "")


def after_local_writes(store: Store, callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback`` after each committed write of this process; returns an undo.

    The commit event marks the pooled connection, and the callback runs when
    the connection is checked back in, after the commit has finished: a
    reader woken by it sees the write.
    """
    engine = store.engine

    def on_commit(conn: Connection) -> None:
        if not conn.get_execution_options().get(_QUIET):
            conn.info[_WROTE] = True

    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.pop(_WROTE, False):
            callback()

    event.listen(engine, "commit", on_commit)
    event.listen(engine.pool, "checkin", on_checkin)

    def undo() -> None:
        event.remove(engine, "commit", on_commit)
        event.remove(engine.pool, "checkin", on_checkin)

    return undo


def announce_change(store: Store, payload: str) -> None:
    """PostgreSQL: tell every listening process that something changed (no-op on SQLite)."""
    if store.dialect != "postgresql":
        return
    with translated(store.engine.url.password), store.engine.connect() as conn:
        conn = conn.execution_options(**{_QUIET: True})
        conn.execute(sa.select(sa.func.pg_notify(CHANNEL, payload)))
        conn.commit()


def listen_for_changes(
    store: Store, on_notify: Callable[[str], None], stop: threading.Event, wait: float = 1.0
) -> None:
    """PostgreSQL: block, calling ``on_notify(payload)`` per notification, until ``stop``.

    One dedicated connection, taken out of the pool for good. Raises
    ``StoreUnavailable`` when it cannot connect or the connection drops; the
    caller tries again.
    """
    with translated(store.engine.url.password):
        proxied = store.engine.raw_connection()
    driver: Any = proxied.driver_connection
    try:
        proxied.detach()  # a listening connection must never serve a query
        driver.rollback()  # out of any transaction the pool's ping began
        driver.autocommit = True
        driver.execute(f"LISTEN {CHANNEL}")
        while not stop.is_set():
            for note in driver.notifies(timeout=wait):
                on_notify(str(note.payload))
    except (sa.exc.SQLAlchemyError, OSError, psycopg.Error) as exc:  # words only, never the DSN
        raise StoreUnavailable(
            f"the change listener lost the database: {type(exc).__name__}"
        ) from None
    finally:
        proxied.close()
