"""How a phone follows its room: the live fragment, and the room's shared view.

Split from ``workshop.ui.phone`` (which draws the page). The fragment holds the
live listener and the head of the page (``phone_parts.head``: the step's
title, what to do). On an event of another revision it reads the room's shared
view; when only the head changed (from one step with nothing to answer to
another, ``phone_parts.body_key``) it redraws just the head, a quarter of the
page's elements, and marks the revision in the browser
(``live_stream.mark_drawn``); otherwise it reruns the whole page.

Session-state keys owned here and read by the page: ``phone.rev`` (the
revision drawn, None on an error screen or while a run draws),
``phone.room`` (the token and the room it follows), ``phone.head`` (the token
and the view whose head the fragment draws; None on an error screen) and
``phone.body`` (``body_key`` of the last full run; None when the next change
must redraw the whole page); ``phone.view`` is the page's (the last view drawn,
which a head-only redraw moves on too).
"""

from __future__ import annotations

import streamlit as st

from workshop import rooms
from workshop.store import Store
from workshop.ui import live_stream
from workshop.ui.live_components import POLL_ERRORS
from workshop.ui.phone_parts import body_key, head
from workshop.ui.services import Services

REV_KEY = "phone.rev"
ROOM_KEY = "phone.room"
HEAD_KEY = "phone.head"
VIEW_KEY = "phone.view"
BODY_KEY = "phone.body"


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


def _head_only(svc: Services, token: str) -> rooms.PhoneView | None:
    """The room's view now, when the last full run drew everything but its
    head already (same ``body_key``); else ``None``: redraw the page."""
    drawn = st.session_state.get(BODY_KEY)
    if drawn is None:
        return None
    try:
        view = phone_view(svc, token, known=True)
    except POLL_ERRORS:
        return None
    return view if body_key(view) == drawn else None


def _follow_tick(svc: Services, token: str, url: str, poll_seconds: float) -> None:
    # The listener, then the head. A fragment run redraws only what it holds;
    # the answer box is outside, so nothing he is typing is ever touched.
    heard, revision = live_stream.listen_for(url, key="phone-live", poll_seconds=poll_seconds)
    # heard is None: the full page run drawing the fragment, which set the head.
    # (Not a flag set by the page run: Streamlit may skip the inline run when a
    # run of the fragment is already queued, and a flag left behind would make
    # that queued run skip its check and leave the page half drawn.)
    if heard == "ended":
        st.rerun(scope="app")
    if heard is not None:
        # An event carries the revision: no read. (From his own browser, it only
        # decides whether his page redraws; what it shows is read afresh.)
        if heard != "change" or revision is None:
            revision = _poll_revision(svc.store, token)
        if revision != st.session_state.get(REV_KEY):
            moved = _head_only(svc, token)
            if moved is None:
                st.rerun(scope="app")
            else:
                st.session_state[HEAD_KEY] = (token, moved)
                st.session_state[VIEW_KEY] = (token, moved)
                st.session_state[REV_KEY] = moved.revision
    kept = st.session_state.get(HEAD_KEY)
    if isinstance(kept, tuple) and kept[0] == token:
        head(kept[1])
    drawn = st.session_state.get(REV_KEY)
    if heard is not None and isinstance(drawn, int):
        # Last, in every run of its own (a fragment run clears what it did not
        # draw again, and the browser's mark with it): the revision the screen
        # shows. A run cut short leaves the older mark, and the listener heals.
        live_stream.mark_drawn("phone-live-mark", drawn, drawn=True)


def follow(svc: Services, token: str, view: rooms.PhoneView | None) -> None:
    """The live fragment, drawing the head of ``view`` (``None``: an error or
    ended screen, no head). Redraws the head alone, or reruns the whole page,
    when the room changed: pushed, or polled while the stream is down."""
    st.session_state[HEAD_KEY] = None if view is None else (token, view)
    try:
        room_id = _room_of(svc.store, token)
    except rooms.RoomError:
        return  # unknown token or purged room: the page says so; nothing to follow
    except POLL_ERRORS:
        st.fragment(run_every=svc.settings.poll_seconds)(_wait_for_database)(svc.store, token)
        return
    url = live_stream.events_url(room_id, token=token)
    st.fragment(_follow_tick)(svc, token, url, svc.settings.poll_seconds)


def deleted(exc: Exception, token: str) -> bool:
    """Whether ``exc`` means this phone's room was deleted (not a tampered link).

    The database keeps nothing of a deleted room's phones, so only a browser
    that already followed the room with this token (``ROOM_KEY``) can tell.
    """
    if isinstance(exc, rooms.RoomDeleted):
        return True
    kept = st.session_state.get(ROOM_KEY)
    return isinstance(exc, rooms.UnknownToken) and isinstance(kept, tuple) and kept[0] == token


def phone_view(svc: Services, token: str, *, known: bool = False) -> rooms.PhoneView:
    """What this phone may see: the room's shared view of a step without his
    answer (read once per revision for every phone), else his own read.

    ``known``: trust this process's live watcher for the room's revision (the
    live fragment, run by an event the watcher caused), so the shared view
    costs no read at all when it is cached.
    """
    runtime = svc.context.runtime
    views = runtime.views
    kept = st.session_state.get(ROOM_KEY)
    if views is not None and isinstance(kept, tuple) and kept[0] == token:
        room_id = str(kept[1])
        notifier = runtime.notifier
        revision = notifier.known_revision(room_id) if known and notifier is not None else None
        try:
            shared = views.phone_view(room_id, known=revision)
        except rooms.RoomError:
            shared = None  # purged: his own read says so in plain words
        if shared is not None:
            return shared
    return rooms.phone_view(svc.store, token)
