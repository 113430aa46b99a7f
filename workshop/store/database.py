"""``Store`` and ``open_store``: the database behind the app, opened and migrated.

One ``Store`` per process, built by ``open_store(settings)`` and shared by all
sessions (it is thread-safe: each call checks a connection out of the pool).
Every database error leaves it as a ``StoreError`` (``StoreUnavailable`` when
the database cannot be reached or used right now).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from workshop import migrations
from workshop.config import Settings
from workshop.schema import rooms
from workshop.store.engine import lock_for_migrations, make_engine, write_transaction
from workshop.store.errors import StoreError, reason, translated
from workshop.store.forget import forget
from workshop.store.tx import Tx

SECRET_SETTING = "server_secret"  # noqa: S105 (a setting name, not a secret)

# Built once: every phone's redraw asks for a revision, and building the
# statement each time was a twentieth of that redraw's server time (py-spy).
_REVISION = sa.select(rooms.c.revision).where(rooms.c.id == sa.bindparam("room_id"))


class Store:
    """The database behind the app: an Engine plus the server secret."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._secret: bytes | None = None
        # Masked out of error messages: a driver may quote the URL it was given.
        self._password = engine.url.password

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        """A read-only transaction (a consistent snapshot).

        ``StoreUnavailable`` when the database cannot be reached.
        """
        # The connection begins on first use and rolls back when closed: nothing
        # was written, so there is nothing to commit.
        with translated(self._password), self.engine.connect() as conn:
            yield Tx(conn)

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        """A write transaction, committed when the block ends without an error.

        ``StoreUnavailable`` when the database cannot be reached, stays locked
        past the busy timeout or cannot take the write; nothing is written then.

        Once committed, what the transaction deleted or rewrote is cleaned out
        of the files (``forget``: checkpoint, vacuum), outside the transaction.
        """
        with translated(self._password), write_transaction(self.engine) as conn:
            tx = Tx(conn)
            yield tx
        forget(self.engine, tx.forgetting, self._password)

    def revision(self, room_id: str) -> int | None:
        """The room's revision (one indexed lookup, no transaction bookkeeping)."""
        with translated(self._password), self.engine.connect() as conn:
            value = conn.execute(_REVISION, {"room_id": room_id}).scalar_one_or_none()
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


def migrate(engine: Engine, target: str = "head") -> None:
    """Create or upgrade the schema to ``target`` (a revision id or ``head``).

    One write transaction: SQLite's ``BEGIN IMMEDIATE`` and PostgreSQL's
    advisory lock keep two processes starting at once from migrating twice.
    Raises SQLAlchemy's errors as they come (``open_store`` words them).
    """
    with write_transaction(engine) as conn:
        lock_for_migrations(conn)
        migrations.upgrade(conn, target)


def open_store(settings: Settings) -> Store:
    """Open (and create or upgrade) the database the settings point at.

    A ``StoreError`` that names the setting to check when the folder cannot be
    made or the database cannot be opened.
    """
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
        migrate(engine)
    except sa.exc.SQLAlchemyError as exc:
        # Unreachable server, unwritable folder, or a file that is not a
        # database: one message that names the settings to check. A plain
        # StoreError, not StoreUnavailable: whoever starts the app must fix a
        # setting, where a page that loses the database mid-meeting only waits.
        engine.dispose()
        raise StoreError(
            f"cannot open the database: {reason(exc, engine.url.password, quote_any=True)}; "
            "check WORKSHOP_DATABASE_URL or WORKSHOP_DATA_DIR"
        ) from None
    store = Store(engine)
    try:
        store.load_secret()
    except BaseException:
        store.dispose()
        raise
    return store
