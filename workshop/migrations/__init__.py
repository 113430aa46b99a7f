"""Alembic migrations, configured in code (no alembic.ini).

The store runs ``upgrade(connection)`` at every start, inside a write
transaction in which it holds the lock that keeps other starters out: it
creates the schema on a new database and upgrades an older one. The
configuration points Alembic at this folder by absolute path, so it works from
any working directory and on a clean clone. This package imports only
``workshop.schema`` (for the autogenerate comparison), never the store.

To write a new revision, add a file to ``versions/`` by hand (copy the shape
of the first one): the revision's DDL is frozen there, never imported from
``workshop.schema``, so old migrations keep meaning what they meant.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for this folder, optionally bound to a connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def revisions() -> list[str]:
    """Every revision id from the first to head, in upgrade order."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database to ``target`` (a revision id or ``head``).

    Runs inside the caller's transaction on ``connection``; the caller holds
    whatever lock keeps a second process from migrating at the same moment
    (the store's ``migrate`` does).
    """
    command.upgrade(alembic_config(connection), target)
