"""What the files of a database still hold: raw bytes of SQLite's files, dead
row versions on PostgreSQL. Shared by the disk tests (`tests/store/test_disk_forgets.py`
and the deletion tests)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from helpers.ci import require_or_skip
from workshop.store import Store


def traces(folder: Path, texts: tuple[str, ...]) -> list[tuple[str, str]]:
    """(file name, text) for every text found in the raw bytes of any file in ``folder``."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            data = path.read_bytes()
            found += [(path.name, t) for t in texts if t.encode("utf-8") in data]
    return found


def dead_tuples(store: Store, table: str) -> int:
    """Dead row versions in ``table`` on PostgreSQL, counted exactly by pgstattuple."""
    with store.engine.connect() as conn:
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public")
        except sa.exc.DBAPIError as exc:
            require_or_skip(f"the pgstattuple extension is not available: {exc.orig}")
        where = conn.exec_driver_sql(
            "SELECT extnamespace::regnamespace::text FROM pg_extension "
            "WHERE extname = 'pgstattuple'"
        ).scalar_one()
        count = conn.exec_driver_sql(
            f"SELECT dead_tuple_count FROM {where}.pgstattuple(%(t)s::regclass)",
            {"t": f'"{schema}".{table}'},
        ).scalar_one()
        conn.commit()
    return int(count)
