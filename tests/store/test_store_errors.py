"""Database failures leave the store as StoreError, in words without secrets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workshop.config import Settings
from workshop.store import (
    DuplicateKey,
    Store,
    StoreError,
    StoreUnavailable,
    make_engine,
    open_store,
)

PASSWORD = "pw-Sekrit-9041"  # made up: the messages must never show it
UNREACHABLE = f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:1/test"


def test_unreachable_postgres_raises_store_unavailable_without_the_password() -> None:
    store = Store(make_engine(UNREACHABLE))
    try:
        with pytest.raises(StoreUnavailable) as reading, store.reading() as tx:
            tx.groups()
        with pytest.raises(StoreUnavailable) as writing, store.writing() as tx:
            tx.put_setting("x", "y")
        with pytest.raises(StoreUnavailable) as revision:
            store.revision("r1")
    finally:
        store.dispose()
    for caught in (reading, writing, revision):
        assert isinstance(caught.value, StoreError)
        message = str(caught.value)
        assert message.startswith("cannot reach the database"), message
        assert PASSWORD not in message
        assert caught.value.__suppress_context__  # the driver's text is not shown


def test_opening_an_unreachable_postgres_names_the_setting_not_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store(Settings(database_url=UNREACHABLE))
    assert "WORKSHOP_DATABASE_URL" in str(caught.value)
    assert PASSWORD not in str(caught.value)


def test_a_sqlite_file_locked_past_the_busy_timeout_raises_store_unavailable(
    tmp_path: Path,
) -> None:
    open_store(Settings(data_dir=tmp_path)).dispose()
    store = Store(make_engine(f"sqlite:///{tmp_path / 'workshop.sqlite3'}", busy_timeout=0.2))
    holder = sqlite3.connect(tmp_path / "workshop.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holding the write lock
        with pytest.raises(StoreUnavailable, match="locked"), store.writing() as tx:
            tx.put_setting("x", "y")
        holder.execute("ROLLBACK")
        with store.writing() as tx:  # the lock is gone: writing works again
            tx.put_setting("x", "y")
        with store.reading() as tx:
            assert tx.setting("x") == "y"
    finally:
        holder.close()
        store.dispose()


def test_a_clash_is_duplicate_key_and_any_other_broken_rule_a_store_error(store: Store) -> None:
    with store.writing() as tx:
        tx.add_setting("name", "first")
    # A second phone row with the same key breaks the primary key and the
    # foreign key: not an outage, but still a StoreError and no SQLAlchemy type.
    with pytest.raises(StoreError) as caught, store.writing() as tx:
        tx.insert_phone("k" * 64, "no-such-room")
    assert not isinstance(caught.value, StoreUnavailable | DuplicateKey)
    assert "no-such-room" not in str(caught.value)
