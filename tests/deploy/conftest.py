"""Fixtures for the deploy tests: an isolated PostgreSQL schema for a module.

Like ``tests/conftest.py``'s store fixture: the URL comes from
``WORKSHOP_TEST_DATABASE_URL``; without it (or when the server does not
answer) the tests skip with the reason, and fail under ``CI=true``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from helpers.ci import require_or_skip
from helpers.pg import isolated_schema

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
    with isolated_schema(url, "d_") as isolated:
        yield isolated
