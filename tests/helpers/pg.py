"""A PostgreSQL schema of its own for one test or module, dropped afterwards."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from helpers.ci import require_or_skip

PG_ENV = "WORKSHOP_TEST_DATABASE_URL"


@contextmanager
def isolated_schema(url: str, prefix: str) -> Iterator[str]:
    """``url`` with its ``search_path`` set to a fresh schema; skipped (failed in CI)
    with the server's own words when PostgreSQL is unreachable."""
    schema = prefix + secrets.token_hex(6)
    admin = sa.create_engine(url)
    unreachable: str | None = None
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError as exc:
        unreachable = str(exc.orig)
    if unreachable is not None:
        # Outside the except block, so the report is this one line, not a chain.
        admin.dispose()
        where = make_url(url).render_as_string(hide_password=True)
        require_or_skip(f"PostgreSQL at {PG_ENV}={where} is unreachable: {unreachable}")
    isolated = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield isolated.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
