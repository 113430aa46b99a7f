"""Alembic environment: runs on the connection handed over in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from workshop.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError("run migrations through workshop.store.migrate(engine), not the alembic CLI")
_run(_connection)
