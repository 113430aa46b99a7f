"""Engines: URL normalisation, SQLite's per-connection settings, write transactions.

- SQLite: WAL so phones read while the facilitator writes, ``synchronous=FULL``
  so an acknowledged answer survives a power cut, a busy timeout so short
  write bursts queue instead of failing, ``secure_delete`` so a withdrawn or
  purged answer is overwritten in its page (``forget`` then truncates the
  write-ahead log that still holds it), temporary tables and sorts (and the
  copy ``VACUUM`` builds) in memory rather than in a file outside the data
  folder, and write transactions that start
  with ``BEGIN IMMEDIATE`` so a read-then-write transaction never fails
  half-way on a stale snapshot.
- PostgreSQL (psycopg 3) for ``postgresql://`` and ``postgres://`` URLs.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

BUSY_TIMEOUT_SECONDS = 15.0
"""How long a SQLite write waits for another writer before giving up."""

SQLITE_PRAGMAS: Sequence[str] = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp_store=MEMORY",
)
"""Set on every SQLite connection, after its busy timeout."""

# Any fixed number: every process that starts on the same PostgreSQL database
# takes this lock, so only one of them runs the migrations at a time.
_PG_MIGRATION_LOCK_ID = 704_211_923

# The execution option that makes a SQLite transaction begin IMMEDIATE.
_WRITE_OPTION = "workshop_write"


def _normalise_url(url: str) -> str:
    # "postgresql://" would pick psycopg2, which is not installed: use psycopg 3.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def lock_for_migrations(conn: Connection) -> None:
    """Inside a write transaction: keep other starters out until it ends.

    SQLite's ``BEGIN IMMEDIATE`` already does; PostgreSQL needs an advisory lock.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK_ID})")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction, committed when the block ends cleanly."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE_OPTION: True})
        with conn.begin():
            yield conn


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


def make_engine(url: str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Engine:
    """An Engine for the URL with our SQLite settings applied to every connection.

    ``busy_timeout`` (seconds) is how long a SQLite statement waits for a lock
    another connection holds; PostgreSQL ignores it.
    """
    url = _normalise_url(url)
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": busy_timeout},
        pool_size=10,
        max_overflow=20,
    )
    # The busy timeout first: switching a new file to WAL needs a lock that a
    # second process starting at the same moment may hold.
    pragmas = (f"PRAGMA busy_timeout={round(busy_timeout * 1000)}", *SQLITE_PRAGMAS)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own BEGIN is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            _execute_pragma(cursor, pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction takes the write lock at once; a deferred one that
        # reads first could fail with SQLITE_BUSY when it later tries to write.
        if conn.get_execution_options().get(_WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine
