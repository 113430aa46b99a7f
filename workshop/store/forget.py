"""Making the disk forget what the screens forget, once a write has committed.

A deleted or replaced answer is gone from the tables, but not yet from the
files: SQLite's write-ahead log keeps every page image written since the last
checkpoint (withdrawn, replaced and purged text, and the order answers came
in), a b-tree page lays its cells out in the order they were inserted, and
PostgreSQL keeps dead row versions until a vacuum. A write transaction notes
what it left behind in its ``Forgetting``; after it commits, ``forget`` cleans
up:

- SQLite: ``VACUUM`` when a prompt closed, a room ended or a room was purged
  (every page is rebuilt in key order, so a closed prompt's answers and an
  ended room's phones no longer lie in arrival order), then a
  ``wal_checkpoint(TRUNCATE)`` (also after a withdraw or a replace), retried
  while a reader still holds a snapshot that needs the log.
- PostgreSQL: ``VACUUM`` of the tables that lost rows (outside a transaction,
  as it must be). Its own WAL and backups are the operator's
  (``docs/privacy.md``).

Cleaning up never undoes the write: a failure is logged (no participant data)
and the next clean-up catches up.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from workshop.store.errors import reason

log = logging.getLogger(__name__)

CHECKPOINT_PATIENCE_SECONDS = 3.0
"""How long a checkpoint keeps trying while readers hold the log."""

CHECKPOINT_PAUSE_SECONDS = 0.005
"""Pause between two checkpoint attempts: writers and readers get in between."""

CHECKPOINT_BUSY_MS = 20
"""Busy timeout of one attempt. A TRUNCATE checkpoint holds the write lock
while it waits for readers, so a long wait would hold up every answer."""


@dataclass
class Forgetting:
    """What one write transaction left behind that the files may still hold.

    ``log``: truncate SQLite's write-ahead log (a withdraw or a replace);
    ``tables``: the tables to vacuum (a prompt closed, a room ended or was
    purged; on SQLite any of them means ``VACUUM`` of the whole file).
    """

    log: bool = False
    tables: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return self.log or bool(self.tables)


def checkpoint(engine: Engine, patience: float = CHECKPOINT_PATIENCE_SECONDS) -> bool:
    """Copy SQLite's write-ahead log into the database file and truncate it to zero.

    ``wal_checkpoint(TRUNCATE)`` answers busy (first column 1) while another
    connection reads from a snapshot that needs the log; then it tries again
    after a short pause, for at most ``patience`` seconds. ``True`` when the
    log was truncated. Run outside any transaction.
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        (usual,) = cursor.execute("PRAGMA busy_timeout").fetchone()
        cursor.execute(f"PRAGMA busy_timeout={CHECKPOINT_BUSY_MS}")
        deadline = time.monotonic() + patience
        try:
            while True:
                try:
                    busy, _frames, _copied = cursor.execute(
                        "PRAGMA wal_checkpoint(TRUNCATE)"
                    ).fetchone()
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    busy = 1
                if busy == 0:
                    return True
                if time.monotonic() >= deadline:
                    return False
                time.sleep(CHECKPOINT_PAUSE_SECONDS)
        finally:
            cursor.execute(f"PRAGMA busy_timeout={int(usual)}")
            cursor.close()
    finally:
        raw.close()


def _vacuum_sqlite(engine: Engine) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        # The copy VACUUM builds is a temporary database: kept in memory
        # (temp_store=MEMORY on every connection), never in a file outside data/.
        cursor.execute("VACUUM")
        cursor.close()
    finally:
        raw.close()


def _vacuum_postgresql(engine: Engine, tables: set[str]) -> None:
    with engine.connect() as conn:
        # VACUUM cannot run inside a transaction block.
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        quote = conn.dialect.identifier_preparer.quote
        for table in sorted(tables):
            # Unqualified: found through the search_path like every other query.
            conn.exec_driver_sql(f"VACUUM {quote(table)}")


def forget(engine: Engine, what: Forgetting, password: str | None = None) -> bool:
    """Clean up after a committed write (see the module); ``True`` when done.

    Never raises for a database error: the write itself has committed, so its
    caller must not be told it failed. A failure is logged with the
    database's reason (no statement, no values).
    """
    if not what:
        return True
    try:
        if engine.dialect.name == "postgresql":
            if what.tables:
                _vacuum_postgresql(engine, what.tables)
            return True
        if what.tables:
            _vacuum_sqlite(engine)
        done = checkpoint(engine)
    except sa.exc.SQLAlchemyError as exc:
        log.warning("could not clean up after a write: %s", reason(exc, password))
        return False
    except sqlite3.Error as exc:
        log.warning("could not clean up after a write: %s", type(exc).__name__ + f": {exc}")
        return False
    if not done:
        log.warning(
            "the SQLite write-ahead log is still in use by a reader after %.0f s: "
            "it is truncated at the next checkpoint",
            CHECKPOINT_PATIENCE_SECONDS,
        )
    return done
