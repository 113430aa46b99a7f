"""The store: settings, schema rules and what is (not) written to disk."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from workshop import rooms
from workshop.config import Settings
from workshop.schema import metadata
from workshop.store import Store, StoreError, make_engine, open_store
from workshop.store.engine import _normalise_url

PRIVATE_TABLES = ("phones", "answers")


def test_sqlite_pragmas_on_every_connection(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path / "nested" / "data"))
    try:
        assert (tmp_path / "nested" / "data" / "workshop.sqlite3").exists()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
    finally:
        store.dispose()


def test_sqlite_answers_and_phones_are_without_rowid(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path))
    store.dispose()
    raw = sqlite3.connect(tmp_path / "workshop.sqlite3")
    try:
        for table in ("answers", "phones", "notices"):
            (sql,) = raw.execute(
                "SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)
            ).fetchone()
            assert "WITHOUT ROWID" in sql.upper(), table
            assert "AUTOINCREMENT" not in sql.upper()
            with pytest.raises(sqlite3.OperationalError):
                raw.execute(f"SELECT rowid FROM {table}")
    finally:
        raw.close()


def test_private_tables_have_no_time_and_no_counter_columns() -> None:
    for name in PRIVATE_TABLES:
        table = metadata.tables[name]
        for column in table.columns:
            assert not isinstance(column.type, sa.DateTime | sa.Time | sa.Date), column
            assert not isinstance(column.type, sa.Integer), column  # no serial ids, no order
        [key] = table.primary_key.columns
        assert key.name == "key" and isinstance(key.type, sa.String)


def test_open_store_works_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    store = open_store(Settings(data_dir=tmp_path / "d"))
    secret_hash = store.keyed_hash("x")
    store.dispose()
    again = open_store(Settings(data_dir=tmp_path / "d"))
    try:
        assert again.keyed_hash("x") == secret_hash  # the secret persists
    finally:
        again.dispose()


def test_unwritable_data_dir_says_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="WORKSHOP_DATA_DIR"):
        open_store(Settings(data_dir=blocker / "data"))


def test_a_file_that_is_not_a_database_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "workshop.sqlite3").write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match="WORKSHOP_DATA_DIR"):
        open_store(Settings(data_dir=tmp_path))


def test_unreachable_database_says_what_to_do() -> None:
    with pytest.raises(StoreError, match="WORKSHOP_DATABASE_URL"):
        open_store(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))


def test_postgres_urls_use_psycopg3() -> None:
    assert _normalise_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert _normalise_url("postgres://h/db") == "postgresql+psycopg://h/db"
    assert _normalise_url("sqlite:///x") == "sqlite:///x"
    assert make_engine("postgresql://u@127.0.0.1/db").dialect.driver == "psycopg"


def test_keyed_hash_separates_parts(store: Store) -> None:
    assert store.keyed_hash("ab", "c") != store.keyed_hash("a", "bc")
    assert len(store.keyed_hash("a")) == 64


def _all_rows(store: Store) -> dict[str, list[dict[str, object]]]:
    with store.reading() as tx:
        return {name: tx.raw_rows(name) for name in metadata.tables}


def test_two_answers_of_one_phone_share_nothing_that_links_them(
    store: Store, curriculum_text: str
) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    room = rooms.open_room(store, group.id, "session-1", retention_days=30)
    me, other = (rooms.join(store, room.join_code).token for _ in range(2))

    def ask(room: rooms.Room, step_id: str) -> rooms.Room:
        index = [s.id for s in room.session.steps].index(step_id)
        room = rooms.jump_to(store, room.id, room.revision, index)
        return rooms.open_prompt(store, room.id, room.revision)

    room = ask(room, "check-in")
    rooms.submit_answer(store, me, "check-in", 3)
    rooms.submit_answer(store, other, "check-in", 8)
    room = ask(room, "one-word")
    rooms.submit_answer(store, me, "one-word", "calm")
    rooms.submit_answer(store, other, "one-word", "restless")

    rows = _all_rows(store)
    dump = repr(rows)
    for token in (me, other):
        assert token not in dump  # the token is never stored, in any table

    answers = rows["answers"]
    assert len(answers) == 4
    mine = [a for a in answers if a["value"] in ("3", '"calm"')]
    theirs = [a for a in answers if a not in mine]
    assert len(mine) == 2 and len(theirs) == 2
    shared = {k for k in mine[0] if mine[0][k] == mine[1][k]}
    # Everything my two answers have in common, every answer in the room has:
    # it cannot single out my pair.
    for column in shared:
        assert all(a[column] == mine[0][column] for a in answers), column
    assert shared <= {"room_id", "passed", "hidden", "flagged"}

    # No value of my answers appears in the phones table except the room id,
    # and no value of the phones table appears in any answer except the room id.
    phone_values = {v for row in rows["phones"] for k, v in row.items() if k != "room_id"}
    answer_values = {v for row in answers for k, v in row.items() if k != "room_id"}
    assert not phone_values & answer_values
    for row in rows["phones"]:
        assert row["key"] not in dump.replace(repr(row["key"]), "", 1)
    # Nothing else in the database mentions an answer's key.
    for name, table_rows in rows.items():
        if name == "answers":
            continue
        for answer in answers:
            assert str(answer["key"]) not in repr(table_rows), name


def test_the_stored_keys_are_the_hmacs_of_the_token_and_nothing_else(
    store: Store, curriculum_text: str
) -> None:
    """docs/privacy.md, "Keyed hashes": a 192-bit token, HMAC-SHA256 of it under the secret."""
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    room = rooms.open_room(store, group.id, "session-1", retention_days=30)
    room = rooms.jump_to(store, room.id, room.revision, 1)
    room = rooms.open_prompt(store, room.id, room.revision)
    token = rooms.join(store, room.join_code).token
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) == 24  # 192 bits
    rows = _all_rows(store)
    [secret] = [r["value"] for r in rows["settings"] if r["name"] == "server_secret"]

    def hmac_of(*parts: str) -> str:
        message = "\x1f".join(parts).encode()
        return hmac.new(bytes.fromhex(str(secret)), message, hashlib.sha256).hexdigest()

    assert rows["phones"] == [{"key": hmac_of("phone", token), "room_id": room.id}]
    rooms.submit_answer(store, token, "check-in", 3)
    rooms.submit_answer(store, token, "check-in", 5)  # the same key: replaces
    [answer] = _all_rows(store)["answers"]
    assert answer["key"] == hmac_of("answer", token, room.id, "check-in")
    assert answer["value"] == "5"
    assert _all_rows(store)["phones"] == rows["phones"]  # written once, at join


def test_answer_order_is_not_arrival_order(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    room = rooms.open_room(store, group.id, "session-1", retention_days=30)
    room = rooms.jump_to(store, room.id, room.revision, 1)
    room = rooms.open_prompt(store, room.id, room.revision)
    arrivals = []
    for value in range(11):
        token = rooms.join(store, room.join_code).token
        rooms.submit_answer(store, token, "check-in", value)
        arrivals.append(str(value))
    room = rooms.close_prompt(store, room.id, room.revision)
    stored = [row["value"] for row in _all_rows(store)["answers"]]
    # Once the prompt is closed an unordered read (what a dump does) returns
    # the rows in key (hash) order; 11 arrivals in order by chance
    # would be a 1 in 39,916,800 event.
    assert sorted(stored, key=int) == arrivals
    assert stored != arrivals


def test_withdrawn_answer_leaves_no_trace_in_the_sqlite_file(
    tmp_path: Path, curriculum_text: str
) -> None:
    store = open_store(Settings(data_dir=tmp_path))
    try:
        group = rooms.create_group(store, "G", "test-circle", curriculum_text)
        room = rooms.open_room(store, group.id, "session-1", retention_days=30)
        room = rooms.jump_to(store, room.id, room.revision, 5)
        room = rooms.open_prompt(store, room.id, room.revision)
        token = rooms.join(store, room.join_code).token
        secret_text = "zebra-unique-sentence-to-forget"
        rooms.submit_answer(store, token, "open-text", secret_text)
        rooms.withdraw_answer(store, token, "open-text")
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.dispose()
    for path in tmp_path.iterdir():
        if path.is_file():
            assert secret_text.encode() not in path.read_bytes(), path.name
    assert os.path.getsize(tmp_path / "workshop.sqlite3") > 0
