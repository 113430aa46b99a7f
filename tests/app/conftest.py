"""Fixtures of the AppTest suites: a live store and room in tmp_path, and the
media managers AppTest makes, kept so a test can read what a download carries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit.testing.v1.app_test as app_test_module
from helpers.apptest import LIVE_DATA, PASSCODE
from streamlit.runtime.media_file_manager import MediaFileManager

from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store
from workshop.ui import live_components


@pytest.fixture(autouse=True)
def accept_test_cookie(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the sign-in gate read ``helpers.apptest.unlock``'s cookie from session state.

    Only here: AppTest has no browser to send a cookie. The value is still
    checked against the store's sign-in record like a browser's.
    """
    monkeypatch.setattr(live_components, "ACCEPT_TEST_COOKIE", True)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The app's own store (SQLite in tmp_path), with the live test curricula."""
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSCODE", PASSCODE)
    monkeypatch.setenv("WORKSHOP_CURRICULA_DIR", str(LIVE_DATA))
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", "http://192.168.1.20:8501")
    monkeypatch.setenv("WORKSHOP_MIN_GROUP", "3")
    opened = open_store(Settings.from_env())
    yield opened
    opened.dispose()


@pytest.fixture
def room(store: Store) -> rooms.Room:
    """A room open on the first session of the mini programme, for group "Tuesday men"."""
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Tuesday men", "mini", text)
    return rooms.open_room(store, group.id, "first", retention_days=30)


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MediaFileManager]:
    """Streamlit's media managers of every AppTest run, kept so tests can read the files.

    AppTest makes a fresh ``MediaFileManager`` per run and drops it when the
    run ends; a subclass that remembers each one is the only way to reach the
    files afterwards (Streamlit's own manager does the work; nothing is faked).
    """
    made: list[MediaFileManager] = []

    class Keeping(MediaFileManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Keeping)
    return made
