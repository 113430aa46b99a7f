"""How a phone follows its room: the live fragment, and the room's shared view.

Split from ``workshop.ui.phone`` (which draws the page). Session-state keys
owned here and read by the page: ``phone.rev`` (the revision drawn in full,
None on an error screen or while a run draws) and ``phone.room`` (the token
and the room it follows).
"""

from __future__ import annotations

import streamlit as st

from workshop import rooms
from workshop.store import Store
from workshop.ui import live_stream
from workshop.ui.live_components import POLL_ERRORS
from workshop.ui.services import Services

REV_KEY = "phone.rev"
ROOM_KEY = "phone.room"


def _poll_revision(store: Store, token: str) -> int | None:
    """The room's revision as this phone sees it, or None while it cannot be read."""
    try:
        return rooms.phone_revision(store, token)
    except POLL_ERRORS:
        return None


def _room_of(store: Store, token: str) -> str:
    """The room this token follows (kept per session: it never changes for a token)."""
    kept = st.session_state.get(ROOM_KEY)
    if isinstance(kept, tuple) and kept[0] == token:
        return str(kept[1])
    room_id = rooms.phone_room_id(store, token)
    st.session_state[ROOM_KEY] = (token, room_id)
    return room_id


def _wait_for_database(store: Store, token: str) -> None:
    # Only while the database is away at the first look: poll until it is back.
    try:
        rooms.phone_room_id(store, token)
    except rooms.RoomError:
        pass
    except POLL_ERRORS:
        return
    st.rerun(scope="app")


def _follow_tick(store: Store, token: str, url: str, poll_seconds: float) -> None:
    # Draws nothing visible, so a rerun never moves or resets anything on the screen.
    heard, revision = live_stream.listen_for(url, key="phone-live", poll_seconds=poll_seconds)
    if heard is None:
        # The full page run drawing the fragment, not an event. (Not a flag set
        # by the page run: Streamlit may skip the inline run when a run of the
        # fragment is already queued, and a flag left behind would make that
        # queued run skip its check and leave the page half drawn.)
        return
    if heard == "ended":
        st.rerun(scope="app")
    # An event carries the revision: no read. (From his own browser, it only
    # decides whether his page redraws; what it shows is read afresh.)
    if heard != "change" or revision is None:
        revision = _poll_revision(store, token)
    if revision != st.session_state.get(REV_KEY):
        st.rerun(scope="app")


def follow(svc: Services, token: str) -> None:
    """Rerun the whole page when the room changed: pushed, or polled while the stream is down."""
    try:
        room_id = _room_of(svc.store, token)
    except rooms.RoomError:
        return  # unknown token or purged room: the page says so; nothing to follow
    except POLL_ERRORS:
        st.fragment(run_every=svc.settings.poll_seconds)(_wait_for_database)(svc.store, token)
        return
    url = live_stream.events_url(room_id, token=token)
    st.fragment(_follow_tick)(svc.store, token, url, svc.settings.poll_seconds)


def deleted(exc: Exception, token: str) -> bool:
    """Whether ``exc`` means this phone's room was deleted (not a tampered link).

    The database keeps nothing of a deleted room's phones, so only a browser
    that already followed the room with this token (``ROOM_KEY``) can tell.
    """
    if isinstance(exc, rooms.RoomDeleted):
        return True
    kept = st.session_state.get(ROOM_KEY)
    return isinstance(exc, rooms.UnknownToken) and isinstance(kept, tuple) and kept[0] == token


def phone_view(svc: Services, token: str) -> rooms.PhoneView:
    """What this phone may see: the room's shared view of a step without his
    answer (read once per revision for every phone), else his own read."""
    views = svc.context.runtime.views
    kept = st.session_state.get(ROOM_KEY)
    if views is not None and isinstance(kept, tuple) and kept[0] == token:
        try:
            shared = views.phone_view(str(kept[1]))
        except rooms.RoomError:
            shared = None  # purged: his own read says so in plain words
        if shared is not None:
            return shared
    return rooms.phone_view(svc.store, token)
