"""The console's cockpit: one compact bar pinned at the top of the room.

Under pressure the facilitator should not scroll: the bar holds the step and
its clock and live number (the console's live fragment draws those), the
phones joined, and the one right next action as the main button. That action
follows the step: a question goes Open → Close → Reveal, and then (or on a
slide or exercise) Next. "Open it again", where the machine still allows it,
and Next past a question not yet revealed are secondary; Previous is always
beside them. Notes, preview, jump and QR stay below the bar.

The bar is ``position: sticky`` (our own constant CSS, no text in it), so it
stays in view while the notes scroll under it. :func:`next_action` is the one
place that decides the main action: the keyboard and clicker
(``workshop.ui.console_keys``) press the same one.

Session-state keys: none (buttons own ``console.open_prompt``,
``console.close_prompt``, ``console.reveal``, ``console.next``,
``console.previous``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from workshop import rooms
from workshop.rooms.machine import may_reopen
from workshop.store import Store
from workshop.ui.console_keys import REV_MARKER, Press
from workshop.ui.console_phones import phone_line
from workshop.ui.live_components import PLAIN_ERRORS
from workshop.ui.services import Services

Change = Callable[[Callable[[], object]], None]
"""The console's way to run one room change and redraw."""

COCKPIT_KEY = "console-cockpit"

# Sticky below Streamlit's own header; opaque, so notes scroll under it. The
# keyed block sits in a layout wrapper of its own height: the wrapper sticks.
_CSS = f"""
<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-{COCKPIT_KEY}) {{
  position: sticky; top: 3.75rem; z-index: 990;
  background: var(--background-color, #fff);
}}
.st-key-{COCKPIT_KEY} {{
  background: var(--background-color, #fff);
  border-bottom: 2px solid rgba(128, 128, 128, 0.4);
  padding: 0.35rem 0 0.5rem 0;
}}
.st-key-{COCKPIT_KEY} [data-testid="stText"] {{ font-size: 1.05rem; }}
</style>
"""


@dataclass(frozen=True)
class Action:
    """One press the console offers: its label, its widget key, and the room change."""

    label: str
    key: str
    move: Callable[[Store, str, int], object]


OPEN = Action("Open the question", "console.open_prompt", rooms.open_prompt)
REOPEN = Action("Open it again", "console.open_prompt", rooms.open_prompt)
CLOSE = Action("Close the question", "console.close_prompt", rooms.close_prompt)
REVEAL = Action("Reveal the results", "console.reveal", rooms.reveal_prompt)
NEXT = Action("Next ▶", "console.next", rooms.next_step)
PREVIOUS = Action("◀ Previous", "console.previous", rooms.previous_step)
SKIP = Action("Skip ▶", "console.skip", rooms.next_step)
"""Next step without finishing the question: its own label and key, so it is
never mistaken for the main action's "Next ▶" (nor left beside it while a run
redraws)."""


def next_action(room: rooms.Room) -> Action | None:
    """The one right next action for this room (``None`` at the last step, all done)."""
    if room.prompt is not None:
        state = room.prompt_state
        if state == "none":
            return OPEN
        if state == "open":
            return CLOSE
        if state == "closed":
            return REVEAL
    if room.step_index + 1 < len(room.session.steps):
        return NEXT
    return None


def previous_action(room: rooms.Room) -> Action | None:
    """Back one step, unless this is the first."""
    return PREVIOUS if room.step_index > 0 else None


def _reopen_allowed(store: Store, room: rooms.Room) -> bool:
    prompt = room.prompt
    if prompt is None or room.prompt_state != "closed":
        return False
    return may_reopen(prompt, "closed", rooms.response_count(store, room.id, prompt.id))


def _press(store: Store, room: rooms.Room, action: Action, change: Change) -> None:
    change(lambda: action.move(store, room.id, room.revision))


def follow(store: Store, room: rooms.Room, press: Press, change: Change) -> None:
    """Run a key press: the main action, back one step, or blank (pause/resume).

    ``room`` is the room as it is now; the move is compare-and-set on the
    revision the press carries, so a press meant for an older screen is refused.
    """
    action: Callable[[], object] | None = None
    if press.intent == "next" and (main := next_action(room)) is not None:
        action = lambda: main.move(store, room.id, press.revision)  # noqa: E731
    elif press.intent == "previous" and previous_action(room) is not None:
        action = lambda: rooms.previous_step(store, room.id, press.revision)  # noqa: E731
    elif press.intent == "blank":
        action = lambda: rooms.set_paused(store, room.id, press.revision, not room.paused)  # noqa: E731
    if action is not None:
        change(action)


def render(
    svc: Services,
    room: rooms.Room,
    status: Callable[[], None],
    change: Change,
    *,
    revision: int,
) -> None:
    """The pinned bar. ``status`` draws the live line (step, clock, live number).

    ``revision`` is the room's revision this draw shows: the keyboard reads it
    from the bar's marker and sends it with each press.
    """
    store = svc.store
    st.html(_CSS)
    main = next_action(room)
    with st.container(key=COCKPIT_KEY):
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            status()
            try:
                count = rooms.phone_count(store, room.id, max_phones=svc.settings.max_phones)
            except PLAIN_ERRORS:
                pass  # the panel below says why; the bar stays compact
            else:
                st.caption(phone_line(count))
        with right, st.container(key=f"{REV_MARKER}{revision}"):
            if main is None:
                st.caption("Last step: end the room when the circle is done.")
            elif st.button(main.label, key=main.key, type="primary", width="stretch"):
                _press(store, room, main, change)
            _secondary(store, room, main, change)


def _secondary(store: Store, room: rooms.Room, main: Action | None, change: Change) -> None:
    offered: list[Action] = []
    if (back := previous_action(room)) is not None:
        offered.append(back)
    if _reopen_allowed(store, room):
        offered.append(REOPEN)
    if main is not NEXT and room.step_index + 1 < len(room.session.steps):
        offered.append(SKIP)  # move on without revealing the question
    if not offered:
        return
    for column, action in zip(st.columns(len(offered)), offered, strict=True):
        with column:
            if st.button(action.label, key=action.key, width="stretch"):
                _press(store, room, action, change)
