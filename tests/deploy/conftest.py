"""Fixtures for the deploy tests: an isolated PostgreSQL schema for a module.

Like ``tests/conftest.py``'s store fixture: the URL comes from
``WORKSHOP_TEST_DATABASE_URL``; without it (or when the server does not
answer) the tests skip with the reason, and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from helpers.ci import require_or_skip
from sqlalchemy.engine import make_url

PG_ENV = "WORKSHOP_TEST_DATABASE_URL"


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose ``search_path`` is a fresh schema (dropped afterwards)."""
    url = os.environ.get(PG_ENV) or None
    if url is None:
        require_or_skip(
            f"the deploy tests need PostgreSQL: set {PG_ENV}, "
            "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    schema = "d_" + secrets.token_hex(6)
    admin = sa.create_engine(url)
    unreachable: str | None = None
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError as exc:
        unreachable = str(exc.orig)
    if unreachable is not None:
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
