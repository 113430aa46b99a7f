"""Alembic migrations, configured in code (no alembic.ini).

``upgrade_to_head(engine)`` runs at every start: it creates the schema on a new
database and upgrades an older one. The configuration points Alembic at this
folder by absolute path, so it works from any working directory and on a clean
clone. To write a new revision, add a file to ``versions/`` by hand (copy the
shape of the first one): the revision's DDL is frozen there, never imported
from ``workshop.store``, so old migrations keep meaning what they meant.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from workshop.store import lock_for_migrations

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


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade the database to ``target`` (a revision id or ``head``).

    One write transaction: SQLite's ``BEGIN IMMEDIATE`` and PostgreSQL's
    advisory lock keep two processes starting at once from migrating twice.
    """
    with engine.connect() as conn:
        conn.execution_options(workshop_write=True)
        with conn.begin():
            lock_for_migrations(conn)
            command.upgrade(alembic_config(conn), target)


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision."""
    upgrade(engine, "head")
