"""Migrations: data written at the first revision survives the upgrade to head,
the head schema is exactly what ``workshop.schema`` declares, and the app
upgrades on start."""

from __future__ import annotations

import threading
from datetime import date

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from workshop import rooms
from workshop.config import Settings
from workshop.disclosure import Gate, Policy
from workshop.migrations import revisions
from workshop.schema import metadata
from workshop.store import make_engine, migrate, open_store

SECRET = "ab" * 32


def first_revision_rows(curriculum_text: str) -> dict[str, list[dict[str, object]]]:
    """Rows in the shape of the first revision's schema (frozen here on purpose)."""
    return {
        "groups": [
            {
                "id": "g1",
                "name": "Old group",
                "curriculum_id": "test-circle",
                "curriculum_title": "Test Circle",
                "curriculum_text": curriculum_text,
                "created_on": date(2026, 1, 5),
            }
        ],
        "rooms": [
            {
                "id": "r1",
                "group_id": "g1",
                "curriculum_id": "test-circle",
                "curriculum_text": curriculum_text,
                "session_id": "session-1",
                "step_index": 1,
                "prompt_states": '{"check-in": "revealed"}',
                "paused": False,
                "ended": False,
                "revision": 7,
                "join_code": "ABCDEF",
                "display_key": "d" * 32,
                "opened_on": date(2026, 1, 5),
                "expires_on": date(2099, 1, 1),
            }
        ],
        "phones": [{"key": "p" * 64, "room_id": "r1"}],
        "answers": [
            {
                "key": f"{n}" * 64,
                "room_id": "r1",
                "prompt_id": "check-in",
                "value": str(n),
                "passed": False,
                "hidden": False,
                "flagged": False,
            }
            for n in range(1, 4)
        ]
        + [
            {
                "key": "9" * 64,
                "room_id": "r1",
                "prompt_id": "check-in",
                "value": None,
                "passed": True,
                "hidden": False,
                "flagged": False,
            }
        ],
        "notices": [{"room_id": "r1", "prompt_id": "open-text", "count": 2}],
        "settings": [{"name": "server_secret", "value": SECRET}],
    }


def test_there_is_a_linear_history() -> None:
    history = revisions()
    assert history[0] == "0001"
    assert len(history) == len(set(history))


def test_data_from_the_first_revision_survives_the_upgrade_to_head(
    store_settings: Settings, curriculum_text: str
) -> None:
    engine = make_engine(store_settings.sqlalchemy_url)
    if store_settings.database_url == "":
        store_settings.data_dir.mkdir(parents=True, exist_ok=True)
    history = revisions()
    migrate(engine, history[0])
    rows = first_revision_rows(curriculum_text)
    with engine.begin() as conn:
        for name, table_rows in rows.items():
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            conn.execute(table.insert(), table_rows)
    engine.dispose()

    # The app's own start upgrades to head and reads everything back.
    store = open_store(store_settings)
    try:
        with store.engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            # Head, reached from the first revision with data in it, is exactly
            # the schema the store declares.
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
        assert version == history[-1]
        assert differences == []
        for name, table_rows in rows.items():
            with store.reading() as tx:
                stored = tx.raw_rows(name)
            key_columns = [c.name for c in metadata.tables[name].primary_key.columns]

            def key(row: dict[str, object], cols: list[str] = key_columns) -> tuple[str, ...]:
                return tuple(str(row[c]) for c in cols)

            by_key = {key(row): row for row in stored}
            for expected in table_rows:
                got = by_key[key(expected)]
                for column, value in expected.items():
                    if column in got:
                        assert got[column] == value, (name, column)
        room = rooms.get_room(store, "r1")
        assert room.revision == 7 and room.prompt_state == "revealed"
        assert room.step.id == "check-in"
        assert store.keyed_hash("x") == make_reference_hash("x")
        assert rooms.response_count(store, "r1", "check-in") == 4
        assert [n.count for n in Gate(store, Policy(3)).notices("r1")] == [2]
    finally:
        store.dispose()


def make_reference_hash(text: str) -> str:
    import hashlib
    import hmac

    return hmac.new(bytes.fromhex(SECRET), text.encode(), hashlib.sha256).hexdigest()


def test_head_schema_matches_the_store_tables(store_settings: Settings) -> None:
    store = open_store(store_settings)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn)
            differences = compare_metadata(context, metadata)
        assert differences == []
    finally:
        store.dispose()


def test_opening_twice_is_harmless(store_settings: Settings) -> None:
    first = open_store(store_settings)
    secret = first.keyed_hash("y")
    first.dispose()
    second = open_store(store_settings)
    try:
        assert second.keyed_hash("y") == secret
        with second.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
    finally:
        second.dispose()


def test_processes_starting_at_once_migrate_once(store_settings: Settings) -> None:
    starters = 4
    barrier = threading.Barrier(starters)
    secrets_seen: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def start() -> None:
        barrier.wait()
        try:
            store = open_store(store_settings)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            with lock:
                errors.append(exc)
            return
        with lock:
            secrets_seen.append(store.keyed_hash("z"))
        store.dispose()

    threads = [threading.Thread(target=start) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(secrets_seen) == starters and len(set(secrets_seen)) == 1
