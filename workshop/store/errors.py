"""The store's errors, and the one place where database errors become them.

Nothing above the store sees a SQLAlchemy or driver exception: every failure
leaves the store as a ``StoreError`` whose message a person can act on, so
callers catch one family without importing SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


class StoreError(Exception):
    """The database could not be opened or used; the message says what to do."""


class DuplicateKey(StoreError):
    """An insert hit a unique constraint (e.g. a join code already in use)."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or used right now.

    The server refused or cut the connection, the SQLite file stayed locked
    past the busy timeout, the disk is full: usually it passes, so trying
    again later is the advice.
    """


UNAVAILABLE = "cannot reach the database right now"


def reason(exc: sa.exc.SQLAlchemyError, password: str | None, *, quote_any: bool = False) -> str:
    """The driver's own first line for the error, password masked.

    Only errors about the connection itself are quoted unless ``quote_any``:
    an error about a statement may quote the values it carried (an answer's
    text), and those never belong in a message. Opening the store runs only
    the migrations, so it quotes every driver error.
    """
    about_connection = isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError)
    if isinstance(exc, sa.exc.DBAPIError) and (quote_any or about_connection):
        lines = str(exc.orig).strip().splitlines()
        text = lines[0] if lines else type(exc.orig).__name__
    else:
        text = type(exc).__name__
    if password:
        text = text.replace(password, "***")
    return text


@contextmanager
def translated(password: str | None = None) -> Iterator[None]:
    """Turn any SQLAlchemy error raised inside the block into a ``StoreError``.

    ``DuplicateKey`` is raised by the queries themselves where a clash is
    expected; any other integrity violation is a broken rule, not an outage.
    Everything else (refused or cut connections, locks held past the busy
    timeout, a full disk, an exhausted pool) is ``StoreUnavailable``. The
    original error is not chained: its text holds the statement's parameters.
    """
    try:
        yield
    except sa.exc.IntegrityError:
        raise StoreError("the database refused a change that breaks one of its rules") from None
    except sa.exc.SQLAlchemyError as exc:
        raise StoreUnavailable(f"{UNAVAILABLE}: {reason(exc, password)}") from None
