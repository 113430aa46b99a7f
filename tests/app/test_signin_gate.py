"""docs/privacy.md, "Sign-in is a cookie, not a Streamlit session": a reload does
not ask again, and a Streamlit session on its own opens nothing.

``live_components.require_passcode`` decides from the cookie alone
(``_cookie``), checked against the store on every run. What could go wrong
is state: a flag or scope remembered in ``st.session_state`` by the gate or by
a page after it let a session in, which a second session holding the same
state (all a Streamlit session id stands for on the server) would inherit.
So a signed-in console is used (a step moved, a question opened), every key
of its session state is copied into a fresh session, and the fresh session
must get the sign-in form and nothing of the room: on the console, the
organiser page and the rehearsal. The one key that carries a cookie value in
session state is the AppTest stand-in for the browser's cookie; with the
fixture flag that lets the gate read it turned off, as it is in the running
app, even a copy that includes it opens nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers.apptest import (
    APP,
    TIMEOUT,
    click,
    everything,
    page,
    signin_form_shown,
    texts,
    unlock,
)
from streamlit.testing.v1 import AppTest

from workshop import rooms
from workshop.store import Store
from workshop.ui import live_components, routes
from workshop.ui.live_components import TEST_COOKIE_KEY

CONSOLE = routes.CONSOLE.script
NOTES_STEP_2 = "Say the agreements aloud."  # the facilitator's note on the second step


def _signed_in_console(room: rooms.Room) -> AppTest:
    at = unlock(page(CONSOLE, room=room.id))
    at = click(at, "Next ▶")
    assert NOTES_STEP_2 in texts(at)
    return at


def _state_of(at: AppTest) -> dict[str, Any]:
    state = dict(at.session_state.to_dict())
    assert TEST_COOKIE_KEY in state
    assert len(state) > 1, "the console keeps state of its own to copy"
    return state


def _fresh_with(state: dict[str, Any], path: str, **params: str) -> AppTest:
    """A new browser session on ``path`` holding ``state`` before its first run there."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(path)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _shows_nothing_of(at: AppTest, room: rooms.Room) -> None:
    assert not at.exception
    assert signin_form_shown(at)
    content = everything(at)
    for secret in (room.join_code, room.display_key, NOTES_STEP_2, "Tuesday men"):
        assert secret not in content, secret
    assert not [b for b in at.button if b.label != "Unlock"]


def test_a_reload_keeps_the_sign_in_and_a_new_session_with_the_cookie_alone_gets_in(
    room: rooms.Room,
) -> None:
    at = _signed_in_console(room)
    at.run()  # a reload of the same session
    assert not signin_form_shown(at) and NOTES_STEP_2 in texts(at)
    cookie = at.session_state[TEST_COOKIE_KEY]
    cookie_only = _fresh_with({TEST_COOKIE_KEY: cookie}, CONSOLE, room=room.id)
    assert not signin_form_shown(cookie_only) and NOTES_STEP_2 in texts(cookie_only)


@pytest.mark.parametrize(
    "path", [CONSOLE, routes.ORGANISER.script, routes.REHEARSE.script], ids=lambda p: p
)
def test_a_session_copying_a_signed_in_sessions_state_without_the_cookie_opens_nothing(
    store: Store, room: rooms.Room, path: str
) -> None:
    signed_in = _signed_in_console(room)
    current = rooms.get_room(store, room.id)
    assert current.step_index == 1
    state = _state_of(signed_in)
    del state[TEST_COOKIE_KEY]
    copy = _fresh_with(state, path, room=room.id)
    _shows_nothing_of(copy, room)
    copy.run()  # and again: nothing the first run set opens it either
    _shows_nothing_of(copy, room)
    assert rooms.get_room(store, room.id).revision == current.revision  # and changed nothing
    signed_in.run()
    assert NOTES_STEP_2 in texts(signed_in)  # the real console is still in


def test_with_the_test_cookie_switched_off_even_a_full_copy_opens_nothing(
    room: rooms.Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in = _signed_in_console(room)
    state = _state_of(signed_in)
    # As in the running app: the gate reads the browser's cookie only.
    monkeypatch.setattr(live_components, "ACCEPT_TEST_COOKIE", False)
    copy = _fresh_with(state, CONSOLE, room=room.id)
    _shows_nothing_of(copy, room)
    signed_in.run()
    _shows_nothing_of(signed_in, room)  # the session that signed in holds no sign-in either
