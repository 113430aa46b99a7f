"""Pieces the live-room pages share: the passcode gate, the error boundary,
hidden chrome and the support/privacy footer (the store and settings come
from ``workshop.ui.services``).

The passcode gate is a sign-in by cookie (``workshop.signin``): the form
posts to ``/signin`` (``workshop.web.signin``), which sets an HttpOnly cookie
naming a sign-in record, and every run checks the cookie the browser sent
when its connection opened (``st.context.cookies``) against that record. A
Streamlit session id alone opens nothing: nothing about the sign-in lives in
session state.

AppTest has no browser and no cookies. Only when a test fixture sets the
module flag ``ACCEPT_TEST_COOKIE`` (``tests/app/conftest.py`` does, with
monkeypatch) does the gate also read a cookie value from session state under
``auth.test_cookie``; the value is checked against the store exactly like a
browser's (``tests/helpers/apptest.unlock`` makes it with
``workshop.signin.sign_in`` after ``workshop.auth.check_signin``). Nothing a
browser sends can set a module flag, and no widget has that key.

Session-state keys owned here: ``auth.test_cookie`` (tests only, see above),
``auth.error`` (why a sign-out did not happen).
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterator, Sequence
from datetime import date
from urllib.parse import urlencode, urlsplit

import streamlit as st

from workshop import rooms, signin
from workshop.config import SettingsError
from workshop.curriculum import CurriculumError, SupportResource
from workshop.dates import format_day
from workshop.export import ExportError
from workshop.qr import QrError
from workshop.store import Store, StoreError, StoreUnavailable
from workshop.ui.text import markdown_literal, show_text
from workshop.web.signin import SIGNIN_PATH, safe_next, signin_url

TEST_COOKIE_KEY = "auth.test_cookie"
SIGNOUT_ERROR_KEY = "auth.error"
ACCEPT_TEST_COOKIE = False
"""True only under the AppTest fixtures: see the module docstring."""

# Streamlit's header, toolbar, main menu, deploy button, status widget and
# footer. The toolbar is already in viewer mode (config.toml); phones and the
# projector show nothing but the room.
_CHROME_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="stStatusWidget"],
[data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; }
</style>
"""


PLAIN_ERRORS: tuple[type[Exception], ...] = (
    rooms.RoomError,
    StoreError,
    SettingsError,
    QrError,
    CurriculumError,
    ExportError,
)
"""Refusals whose message is written for a person and shown as is."""

POLL_ERRORS: tuple[type[Exception], ...] = PLAIN_ERRORS
"""What a polling fragment swallows: it tries again on the next tick."""

_DATABASE_TROUBLE = (
    "The database cannot be read right now (busy, locked or missing). Wait a few "
    "seconds and reload the page; answers already saved are kept. If it persists, "
    "tell the facilitator."
)


@contextlib.contextmanager
def boundary() -> Iterator[None]:
    """Show a refusal as a plain message instead of a traceback.

    Every page body runs inside this. Our errors carry a message a person can
    act on; anything else is left to Streamlit, whose error details are off.
    """
    try:
        yield
    except POLL_ERRORS as exc:
        show_refusal(exc)


def show_refusal(exc: Exception) -> None:
    """One of ``POLL_ERRORS`` as the plain message a person reads."""
    if isinstance(exc, StoreUnavailable):
        # Raised by the store when the SQLite file is locked past its busy
        # timeout, deleted under us, or PostgreSQL is down.
        st.error(_DATABASE_TROUBLE)
    else:
        st.error(markdown_literal(str(exc)))


PRESS_TROUBLE = (
    "Not done: the database is busy or cannot be reached right now. Nothing already "
    "saved is lost; press again in a few seconds."
)
"""What a console press says when the database could not take it."""


def press_refusal(exc: Exception) -> None:
    """One of ``PLAIN_ERRORS`` after a press: one plain sentence, never a driver's words."""
    if isinstance(exc, StoreUnavailable):
        st.error(PRESS_TROUBLE)
    else:
        st.error(markdown_literal(str(exc)))


def hide_chrome(css: str = "") -> None:
    """Hide Streamlit's header, menu and footer (phones and projector), and add
    the page's own ``css`` (our constant strings only) in the same element: one
    element fewer for every phone to receive on every redraw."""
    st.html(_CHROME_CSS.replace("</style>", f"{css}</style>") if css else _CHROME_CSS)


def style(css: str) -> None:
    """Add page CSS (our own constant strings only, never participant text)."""
    st.html(f"<style>{css}</style>")


def _cookie() -> str | None:
    """The sign-in cookie the browser sent when this session's connection opened."""
    value = st.context.cookies.get(signin.COOKIE_NAME)
    if isinstance(value, str) and value:  # (AppTest's stand-in client answers a mock)
        return value
    if ACCEPT_TEST_COOKIE:
        kept = st.session_state.get(TEST_COOKIE_KEY)
        return kept if isinstance(kept, str) else None
    return None


def _here() -> str:
    """This page's path and query, for the sign-in form to come back to."""
    path = urlsplit(st.context.url or "").path or "/"
    query = urlencode(st.query_params.to_dict())
    return safe_next(f"{path}?{query}" if query else path)


def _signin_form(next_path: str) -> None:
    """A real HTML form posting to the sign-in route (a widget cannot set a cookie)."""
    target = html.escape(next_path, quote=True)
    st.html(
        f"""<form method="post" action="{SIGNIN_PATH}" class="oc-signin">
<label for="oc-passcode">Passcode</label><br>
<input id="oc-passcode" name="passcode" type="password" autocomplete="current-password"
  style="font-size:1.1rem;padding:.4rem;margin:.4rem 0;width:min(24rem,100%)"><br>
<input type="hidden" name="next" value="{target}">
<button type="submit" style="font-size:1.05rem;padding:.45rem 1.3rem">Unlock</button>
</form>"""
    )
    st.markdown(f"If the form does not appear, [open the sign-in page]({signin_url(next_path)}).")


def _sign_out(store: Store, cookie: str | None) -> None:
    try:
        signin.sign_out(store, cookie)
    except StoreError:
        st.session_state[SIGNOUT_ERROR_KEY] = (
            "Not signed out: the database cannot be reached right now. Try again in a few seconds."
        )
    st.session_state.pop(TEST_COOKIE_KEY, None)


def require_passcode(store: Store, *, page: str) -> signin.Scope | None:
    """The sign-in gate for the console, rehearsal and organiser pages.

    Returns the sign-in's scope (the organiser, or one group) when the
    cookie this browser sent names a live sign-in record (checked on every
    run, so a sign-out, a changed passcode or a group's new passcode locks
    every tab at its next run); else draws the sign-in form and returns
    ``None``, and the page must show nothing else. A page that shows groups
    or rooms shows only those the scope ``reaches``.
    """
    cookie = _cookie()
    scope = signin.scope_of(store, cookie)
    if scope is not None:
        with st.sidebar:
            st.button(
                "Sign out",
                key="auth.sign_out",
                on_click=_sign_out,
                args=(store, cookie),
                help="Signs this browser out; other tabs lock at their next change.",
            )
            error = st.session_state.pop(SIGNOUT_ERROR_KEY, None)
            if error:
                st.error(error)
        return scope
    st.title(page)
    st.caption("This page is for the facilitator and organisers.")
    _signin_form(_here())
    return None


ORGANISER_ONLY = (
    "This page is for the organiser. You are signed in with a group's facilitator "
    "passcode: sign in with the organiser passcode to use it."
)
"""What the organiser page says to a group's facilitator."""


def require_organiser(store: Store, *, page: str) -> bool:
    """The gate for organiser actions: True only for the organiser's sign-in.

    A group facilitator's sign-in gets one plain sentence and the sign-in
    form (to sign in as the organiser instead), and the page shows nothing else.
    """
    scope = require_passcode(store, page=page)
    if scope is None:
        return False
    if scope.organiser:
        return True
    st.title(page)
    st.error(ORGANISER_ONLY)
    _signin_form(_here())
    return False


SUPPORT_FOLDED_INTRO = (
    "If you are struggling, or worried about someone, these services listen, free and in "
    "confidence:"
)


def support_resources(
    resources: Sequence[SupportResource], *, expanded: bool = False, title: str | None = None
) -> None:
    """The support services, in an expander (open at once when ``expanded``)."""
    with st.expander(title or "Support, any time", expanded=expanded):
        # One text element, a line per service (every phone receives this on
        # every redraw). Curriculum text, not participant text; still shown as
        # text so a stray '$' or ':' in a phone number never turns into markup.
        lines = [f"{r.service} ({r.region}): {r.how}" for r in resources]
        show_text("\n".join([SUPPORT_FOLDED_INTRO, *lines]))


def privacy_note(retention_days: int, deletes_on: date | None = None) -> None:
    """The short privacy promise shown on every phone screen.

    With ``deletes_on`` (a room's real expiry day, which the organiser may have
    brought forward) it names that day; without (no room yet) the period.
    """
    when = (
        f"Answers are deleted on {format_day(deletes_on)}, {retention_days} days after "
        "this session."
        if deletes_on is not None
        else f"Answers are deleted after {retention_days} days."
    )
    st.caption(f"Anonymous: no name, no account, nothing that ties an answer to you. {when}")


def room_in_reach(store: Store, scope: signin.Scope, *, param: str = "room") -> rooms.Room | None:
    """The room the page's ``?room=`` names, if this sign-in reaches it (console, remote).

    Another group's room reads exactly like one that is not there: the
    parameter is dropped and the same plain refusal shown. ``None`` when the
    page names no room, or one it may not open.
    """
    room_id = st.query_params.get(param)
    if not room_id:
        return None
    try:
        room = rooms.get_room(store, room_id)
        if not scope.reaches(room.group_id):
            raise rooms.RoomNotFound(rooms.RoomNotFound.OPEN_A_NEW_ONE)
    except rooms.RoomNotFound as exc:
        del st.query_params[param]
        st.error(markdown_literal(str(exc)))
        return None
    return room
