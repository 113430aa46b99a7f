"""The presenter remote (``/remote``): the console's essentials on the facilitator's phone.

A facilitator who mirrors his laptop on the wall cannot moderate on it (Room
view hides notes and notices, and the private preview with them). The remote
is his own phone, signed in with the same cookie sign-in as the console: the
step, the live number, the one right next action (the cockpit's), previous,
pause, the private preview of written answers with Hide, and after the
reveal the paging of the room's answer cards (``console_results.text_pager``). It follows the
room by the live stream with the console's kind of signed ticket.

Every press is compare-and-set on the revision this screen drew, as on the
console: a press overtaken by another screen reloads quietly.

The private safety notices are here too (Room view hides them on a mirrored
laptop), counted only, as on the console.

Session-state keys owned here: ``remote.rev``, ``remote.ticket``,
``remote.notices``. Query
parameter: ``room`` (as the console's).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import streamlit as st

from workshop import rooms
from workshop.curriculum import step_title
from workshop.disclosure import Gate
from workshop.results import PromptSummary
from workshop.rooms.machine import PREVIEWED_KINDS
from workshop.signin import Scope
from workshop.ui import cockpit, console_live, console_results, live_stream, preview
from workshop.ui.console_phones import press_refusal
from workshop.ui.live_components import (
    PLAIN_ERRORS,
    POLL_ERRORS,
    boundary,
    require_passcode,
    room_in_reach,
)
from workshop.ui.services import Services, services
from workshop.ui.text import markdown_literal, show_text

REV_KEY = "remote.rev"
TICKET_KEY = "remote.ticket"
NOTICES_KEY = "remote.notices"
ROOM_PARAM = "room"

# Thumb-sized presses on a phone: our own constant CSS, no text in it.
_CSS = """
<style>
[class*="st-key-remote-"] button { min-height: 3.5rem; font-size: 1.2rem; }
</style>
"""


def _change(action: Callable[[], object]) -> None:
    """Run one room change, then redraw. A lost compare-and-set reloads quietly."""
    try:
        action()
    except rooms.StaleRevision:
        pass  # another screen moved first: show the room as it is now
    except PLAIN_ERRORS as exc:
        press_refusal(exc)
        return
    st.session_state.pop(REV_KEY, None)
    st.rerun()


def _notices(notices: list[rooms.Notice]) -> None:
    for notice in notices:
        st.warning(
            f"Private safety notice: {notice.count} answer(s) to a question here showed "
            "signs of risk. At a natural pause, remind the room of the support numbers."
        )


def _live(gate: Gate, room: rooms.Room, url: str, poll_seconds: float) -> None:
    """On each pushed event: redraw after another screen's change; the live number."""
    store = gate.store
    heard = live_stream.listen(url, key="remote-live", poll_seconds=poll_seconds)
    try:
        current: int | None = rooms.revision(store, room.id)
    except POLL_ERRORS:
        current = None
    if heard == "ended" or (room.id, current) != st.session_state.get(REV_KEY):
        st.rerun(scope="app")
    try:  # a private notice does not move the revision: it arrives as a count tick
        if console_live.notice_counts(gate.notices(room.id)) != st.session_state.get(NOTICES_KEY):
            st.rerun(scope="app")
    except POLL_ERRORS:
        pass  # the next event tries again
    prompt = room.prompt
    if prompt is None or room.prompt_state == "none":
        return
    try:
        count = rooms.response_count(store, room.id, prompt.id)
    except POLL_ERRORS:
        st.text("Live number unavailable for a moment")
    else:
        show_text(f"{count} responded", style="large", key="remote-count")


def _pick(svc: Services, scope: Scope) -> None:
    running = [
        room
        for room in rooms.list_rooms(svc.store)
        if not room.ended and scope.reaches(room.group_id)
    ]
    if not running:
        st.info("No room is running. Open one on the console first.")
        return
    for room in running:
        label = markdown_literal(f"{room.session.title} · code {room.join_code}")
        if st.button(label, key=f"remote-pick-{room.id}", width="stretch"):
            st.query_params[ROOM_PARAM] = room.id
            st.rerun()


def _room(svc: Services, current: rooms.Room) -> None:
    store = svc.store
    drawn = st.session_state.get(REV_KEY)
    st.session_state[REV_KEY] = (current.id, current.revision)
    # A press is meant for what this screen showed: compare-and-set on that revision.
    shown = drawn[1] if isinstance(drawn, tuple) and drawn[0] == current.id else current.revision
    if current.ended:
        st.info("This room has ended.")
        return
    url = live_stream.events_url(
        current.id, ticket=console_live.ticket(store, current.id, key=TICKET_KEY)
    )
    st.caption(f"Step {current.step_index + 1} of {len(current.session.steps)}")
    show_text(step_title(current.step), style="large", key="remote-step")
    notices = svc.gate.notices(current.id)
    st.session_state[NOTICES_KEY] = console_live.notice_counts(notices)
    st.fragment(_live)(svc.gate, current, url, svc.settings.poll_seconds)
    _notices(notices)
    if current.paused:
        st.warning("Paused: the projector is blank.")
    main = cockpit.next_action(current)
    if main is not None and st.button(
        main.label, key="remote-main", type="primary", width="stretch"
    ):
        _change(lambda: main.move(store, current.id, shown))
    back, pause = st.columns(2)
    with back:
        if st.button(
            "◀ Previous",
            key="remote-previous",
            width="stretch",
            disabled=cockpit.previous_action(current) is None,
        ):
            _change(lambda: rooms.previous_step(store, current.id, shown))
    with pause:
        label = "Resume" if current.paused else "Pause"
        if st.button(label, key="remote-pause", width="stretch"):
            _change(lambda: rooms.set_paused(store, current.id, shown, not current.paused))
    prompt = current.prompt
    if prompt is not None and current.prompt_state == "closed" and prompt.kind in PREVIEWED_KINDS:
        preview.render(svc, current, prompt.id, _change)
    if prompt is not None and current.prompt_state == "revealed" and prompt.kind == "text":
        ruling = svc.release(current.id, prompt.id, "facilitator")
        if isinstance(ruling, PromptSummary):
            as_shown = dataclasses.replace(current, revision=shown)
            console_results.text_pager(svc, as_shown, len(ruling.texts), _change, key="remote")


def render() -> None:
    """The presenter remote."""
    with boundary():
        svc = services()
        scope = require_passcode(svc.store, page="Presenter remote")
        if scope is None:
            return
        st.html(_CSS)
        live_stream.page_hook(key="remote-live-page")
        room = room_in_reach(svc.store, scope, param=ROOM_PARAM)
        if room is not None:
            _room(svc, room)
            live_stream.mark_drawn("remote-live-mark", room.revision)
            return
        _pick(svc, scope)
