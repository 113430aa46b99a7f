"""The console's live half: the status line, its clock, and keeping the screen whole.

Split from ``workshop.ui.facilitator`` (which draws the room and calls these).

- :func:`live_tick` is the console's fragment: the live listener
  (``workshop.ui.live_stream``, opened with a signed ticket), then the
  status line (step, clock, live number). On a pushed event it reruns the
  whole page when the room moved, a private notice arrived, or the last full
  run of this screen never finished.
- :func:`step_clock` is the countdown, ticking in the browser: a tiny
  component whose data is constant for a step (which step, and its minutes),
  so no server run is needed for the seconds to move.
- Revisions: :func:`shown_revision` gives a press the revision the screen
  showed (compare-and-set); :func:`drawn` marks a full run that reached its
  end. A press's own change reaches this screen's stream at once, and the
  fragment run it asks for can cut the page's rerun short (Streamlit 1.67,
  seen under load: the rest of the old page stays on screen, with a stale
  button whose press does nothing). A cut-short run leaves no mark, so the
  next event redraws the page, and the listener reruns it by itself when no
  event comes (``live_stream.mark_drawn``).

Session-state keys owned here: ``console.rev`` (shown, for presses),
``console.drawn`` (last full run that finished), ``console.clock``, ``console.ticket``,
``console.notices``.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import streamlit as st

from workshop import rooms
from workshop.disclosure import Gate
from workshop.live.tickets import TICKET_SECONDS, make_ticket, ticket_expiry
from workshop.store import Store
from workshop.ui import live_stream
from workshop.ui.live_components import POLL_ERRORS

REV_KEY = "console.rev"
DRAWN_KEY = "console.drawn"
CLOCK_KEY = "console.clock"
TICKET_KEY = "console.ticket"
NOTICES_KEY = "console.notices"

_CLOCK_HTML = '<span class="oc-clock" data-testid="oc-clock"></span>'
_CLOCK_CSS = ".oc-clock { font-family: inherit; white-space: nowrap; }"
_CLOCK_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const g = (window.__openCircleClock = window.__openCircleClock || {});
  // One clock per tab: a new step's copy stops the old one's timer.
  if (g.timer) clearInterval(g.timer);
  // The room's own start of the step when it has one (a reload keeps the clock).
  if (g.step !== data.step) {
    g.step = data.step;
    g.started = data.started ? data.started * 1000 : Date.now();
  }
  const total = data.minutes * 60;
  const draw = () => {
    const el = parentElement.querySelector(".oc-clock");
    if (!el) return;
    const left = total - Math.floor((Date.now() - g.started) / 1000);
    const a = Math.abs(left);
    const mmss = Math.floor(a / 60) + ":" + String(a % 60).padStart(2, "0");
    el.textContent = left >= 0
      ? mmss + " left of " + data.minutes + " min"
      : mmss + " over the " + data.minutes + " min";
  };
  draw();
  const timer = setInterval(draw, 1000);
  g.timer = timer;
  return () => { clearInterval(timer); if (g.timer === timer) g.timer = null; };
}
"""

_clock: Any = None


def _clock_component() -> Any:
    # Registered once per process, on first use (never at import time).
    global _clock
    if _clock is None:
        _clock = st.components.v2.component(
            "open_circle_step_clock", html=_CLOCK_HTML, css=_CLOCK_CSS, js=_CLOCK_JS
        )
    return _clock


def clock_data(room: rooms.Room) -> dict[str, object]:
    """What the clock is given: which step (constant until the step changes), its
    minutes, and when it started.

    The room stores when its current step started, so a reload keeps the clock;
    a room from before that column counts from when this screen first saw the step.
    """
    kept = st.session_state.get(CLOCK_KEY)
    if not kept or kept[0] != room.id or kept[1] != room.step_index:
        kept = (room.id, room.step_index, int(time.time()))
        st.session_state[CLOCK_KEY] = kept
    started = int(room.step_started) if room.step_started is not None else kept[2]
    return {
        "step": f"{kept[0]}:{kept[1]}:{started}",
        "minutes": room.step.minutes,
        "started": started,
    }


def step_clock(room: rooms.Room) -> None:
    """The countdown of the current step, ticking in the browser."""
    _clock_component()(key="console-clock", data=clock_data(room), height="content")


def ticket(store: Store, room_id: str, *, key: str = TICKET_KEY) -> str:
    """This screen's ticket to the room's stream, kept constant until it nears expiry
    (under ``key`` in session state: the console's, or another signed-in screen's)."""
    kept = str(st.session_state.get(key, ""))
    if kept.startswith(f"{room_id}.") and ticket_expiry(kept) > time.time() + TICKET_SECONDS / 3:
        return kept
    made = make_ticket(store, room_id)
    st.session_state[key] = made
    return made


def notice_counts(notices: list[rooms.Notice]) -> tuple[tuple[str, int], ...]:
    """What the fragment compares to notice a new private notice."""
    return tuple((notice.prompt_id, notice.count) for notice in notices)


def shown_revision(room: rooms.Room) -> rooms.Room:
    """The room as this screen last drew it, for compare-and-set; starts a full draw.

    A press is meant for what the screen showed, not for what the database
    holds by the time the rerun reads it: with the shown revision, a press on
    a screen that another console has overtaken fails (``StaleRevision``)
    and the screen reloads quietly instead of moving twice.
    """
    shown = st.session_state.get(REV_KEY)
    st.session_state[REV_KEY] = (room.id, room.revision)
    st.session_state.pop(DRAWN_KEY, None)  # set again only if this run ends
    if isinstance(shown, tuple) and shown[0] == room.id:
        return dataclasses.replace(room, revision=int(shown[1]))
    return room


def forget_shown() -> None:
    """After this screen's own change: the next run shows (and presses act on) the room as it is."""
    st.session_state.pop(REV_KEY, None)
    st.session_state.pop(DRAWN_KEY, None)


def drawn(room: rooms.Room) -> None:
    """Mark the full run that drew ``room`` (as read) as finished, here and in
    the browser (whose listener heals a screen that missed a redraw)."""
    st.session_state[DRAWN_KEY] = (room.id, room.revision)
    live_stream.mark_drawn("console-live-mark", room.revision)


def follow(gate: Gate, room: rooms.Room, poll_seconds: float) -> None:
    """Mount the fragment (call once per full run, where the status line goes)."""
    url = live_stream.events_url(room.id, ticket=ticket(gate.store, room.id))
    st.fragment(live_tick)(gate, room, url, poll_seconds)


def live_tick(gate: Gate, room: rooms.Room, url: str, poll_seconds: float) -> None:
    """On each pushed event: follow changes from another screen; draw the status line."""
    store = gate.store
    heard = live_stream.listen(url, key="console-live", poll_seconds=poll_seconds)
    if heard is not None:
        # A fragment run of its own (an event, or the fallback poll); the full
        # page run drawing the fragment hears nothing. (Not a flag set by the
        # page run: Streamlit may skip the inline run while a run of the
        # fragment is queued, and a leftover flag would skip this check.)
        try:
            current: int | None = rooms.revision(store, room.id)
        except POLL_ERRORS:
            current = None
        if heard == "ended" or (room.id, current) != st.session_state.get(DRAWN_KEY):
            st.rerun(scope="app")
        try:  # a private notice does not move the revision: it arrives as a count tick
            if notice_counts(gate.notices(room.id)) != st.session_state.get(NOTICES_KEY):
                st.rerun(scope="app")
        except POLL_ERRORS:
            pass  # the next event tries again
    parts = [f"Step {room.step_index + 1} of {len(room.session.steps)}"]
    prompt = room.prompt
    if prompt is not None and room.prompt_state != "none":
        try:
            count = rooms.response_count(store, room.id, prompt.id)
        except POLL_ERRORS:
            parts.append("live number unavailable for a moment")
        else:
            parts.append(f"{count} responded (answers and passes)")
    with st.container(key="console-status", horizontal=True, gap="small"):
        st.text(parts[0], width="content")
        step_clock(room)
        for part in parts[1:]:
            st.text(part, width="content")
