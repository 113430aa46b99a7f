"""A press the database cannot take (issue 11, finding 10): the SQLite file is
locked by another writer past the busy timeout, as a long write or a stuck
process would leave it. Every press says one plain sentence (never the driver's
words, never Streamlit's error box), the typed text stays in the box, and
nothing acknowledged is lost: the answer saved before is still the one saved."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers.apptest import click, messages, move_to, open_current, page, unlock

from workshop import rooms
from workshop.store import Store, make_engine
from workshop.ui import routes
from workshop.ui.context import app_context
from workshop.ui.live_components import PRESS_TROUBLE
from workshop.ui.phone import AWAY

JOIN = routes.JOIN.script
CONSOLE = routes.CONSOLE.script
BOX = "phone.answer.open-words"


@contextmanager
def locked(store: Store) -> Iterator[None]:
    """Another writer holds the database's write lock (readers go on, in WAL)."""
    path = store.engine.url.database
    assert path
    holder = sqlite3.connect(path, isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@contextmanager
def app_engine(url: str | None = None, **options: float) -> Iterator[None]:
    """The running app's store on another engine for a while: its own database
    with ``options`` (a short busy timeout), or ``url`` (one that cannot open)."""
    runtime_store = app_context().store
    kept = runtime_store.engine
    runtime_store.engine = make_engine(url or str(kept.url), **options)
    try:
        yield
    finally:
        runtime_store.engine.dispose()
        runtime_store.engine = kept


def _away(tmp_path: Path) -> str:
    """A database file that cannot be opened at all: neither reads nor writes work."""
    return f"sqlite:///{tmp_path / 'missing' / 'gone.db'}"


def _saved(store: Store, token: str) -> object:
    [(_prompt, mine)] = rooms.my_answers(store, token)
    return mine.value


def test_phone_presses_keep_the_text_and_lose_nothing(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "open-words")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    token = at.query_params["token"]
    at.text_area(key=BOX).input("the first thing I said")
    at = click(at, "Send")
    assert "Saved." in messages(at)
    with app_engine(busy_timeout=0.2):
        at.text_area(key=BOX).input("what I would rather say")
        with locked(store):
            at = click(at, "Send")
            assert messages(at).count("Not sent: the database is busy right now.") == 1
            assert "What you wrote is still here" in messages(at)
            assert "Saved." not in messages(at) and "cannot reach" not in messages(at)
            assert at.text_area(key=BOX).value == "what I would rather say"
            assert not at.exception
            at = click(at, "Pass")
            assert "Not passed: the database is busy right now." in messages(at)
            at = click(at, "Withdraw my answer")
            assert "Not withdrawn: the database is busy right now" in messages(at)
            assert at.text_area(key=BOX).value == "what I would rather say"
            assert not at.exception
        assert _saved(store, token) == "the first thing I said"
        at = click(at, "Send")  # the lock is gone: the same press works
        assert "Saved." in messages(at)
        assert _saved(store, token) == "what I would rather say"


def test_a_console_move_says_one_sentence_and_moves_nothing(store: Store, room: rooms.Room) -> None:
    at = unlock(page(CONSOLE, room=room.id))
    with app_engine(busy_timeout=0.2):
        with locked(store):
            at = click(at, "Next ▶")
            assert PRESS_TROUBLE in messages(at)
            assert "cannot reach the database right now:" not in messages(at)
            assert not at.exception
        assert rooms.get_room(store, room.id).step_index == 0
        at = click(at, "Next ▶")
        assert rooms.get_room(store, room.id).step_index == 1


def test_with_the_database_away_the_phone_keeps_its_screen_and_the_unsent_text(
    store: Store, room: rooms.Room, tmp_path: Path
) -> None:
    room = move_to(store, room, "open-words")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    token = at.query_params["token"]
    at.text_area(key=BOX).input("the first thing I said")
    at = click(at, "Send")
    assert "Saved." in messages(at)
    at.text_area(key=BOX).input("something I have not sent yet")
    # Neither reads nor writes work: a file that cannot be opened at all.
    with app_engine(_away(tmp_path)):
        at.run()  # the page's next run (a poll tick, a reload) meets the database away
        assert not at.exception
        assert AWAY in messages(at)
        assert "unable to open" not in messages(at)  # never the driver's words
        assert at.text_area(key=BOX).value == "something I have not sent yet"
        at = click(at, "Send")  # says why, keeps the text
        assert "Not sent: the database is busy right now." in messages(at)
        assert at.text_area(key=BOX).value == "something I have not sent yet"
        assert not at.exception
    at.run()  # back: drawn from the database again, the box still holds the text
    assert AWAY not in messages(at)
    assert at.text_area(key=BOX).value == "something I have not sent yet"
    at = click(at, "Send")
    assert "Saved." in messages(at)
    assert _saved(store, token) == "something I have not sent yet"


def test_a_phone_that_never_saw_its_room_gets_a_plain_sentence_while_the_database_is_away(
    store: Store, room: rooms.Room, tmp_path: Path
) -> None:
    at = page(JOIN, code=room.join_code)
    token = at.query_params["token"]
    with app_engine(_away(tmp_path)):
        fresh = page(JOIN, token=token)  # a new browser session: nothing drawn before
        assert not fresh.exception
        assert "The database cannot be read right now" in messages(fresh)
        assert "unable to open" not in messages(fresh)
