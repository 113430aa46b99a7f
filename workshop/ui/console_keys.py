"""Keyboard and presentation-clicker control of the console.

One small ``st.components.v2`` component with constant data: its script
registers a single ``keydown`` listener for the tab (kept in
``window.__openCircleKeys``; a later mount only hands it the new trigger), so
a rerun never adds a second listener and one key press is one event.

- →, PageDown, Space: the cockpit's main action (Open → Close → Reveal → Next);
- ←, PageUp: back one step;
- b (or "." as many clickers send for "blank"): pause or resume the projector.

Keys are ignored while a text field, select or editable element has focus
(typing a passcode or an address never moves the room), and while a modifier
is held or the key repeats. Each press carries the room revision the screen
showed (read from the cockpit's ``console-rev-<n>`` marker), and the move is
compare-and-set on it: a double press sends the same revision twice, the
second loses to the first (``StaleRevision``) and the room moves one step.

Session-state keys: none (the component's own ``console-keys``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

KEYS_KEY = "console-keys"
REV_MARKER = "console-rev-"
"""Prefix of the keyed container whose class carries the revision drawn."""

Intent = Literal["next", "previous", "blank"]

_JS = """
export default function (component) {
  const { setTriggerValue } = component;
  const g = (window.__openCircleKeys = window.__openCircleKeys || {});
  g.trigger = setTriggerValue;
  if (g.installed) return;
  g.installed = true;
  g.seq = 0;
  const INTENTS = {
    ArrowRight: "next", PageDown: "next", " ": "next",
    ArrowLeft: "previous", PageUp: "previous",
    b: "blank", B: "blank", ".": "blank",
  };
  const typing = (el) => {
    if (!el) return false;
    const tag = (el.tagName || "").toUpperCase();
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  };
  const shownRevision = () => {
    const marker = document.querySelector("[class*='st-key-__PREFIX__']");
    if (!marker) return null;
    const found = /st-key-__PREFIX__(\\d+)/.exec(marker.className);
    return found ? found[1] : null;
  };
  window.addEventListener("keydown", (event) => {
    const intent = INTENTS[event.key];
    if (!intent || event.repeat || event.ctrlKey || event.altKey || event.metaKey) return;
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) {
      active = active.shadowRoot.activeElement;
    }
    if (typing(active)) return;
    const rev = shownRevision();
    if (rev === null || !g.trigger) return;
    // Ours, not the page's: Space must not scroll or press a focused button too.
    event.preventDefault();
    event.stopPropagation();
    g.seq += 1;
    const value = intent + ":" + rev + ":" + g.seq;
    // A live event's fragment trigger on its way would swallow this press
    // (see workshop.ui.live_stream): send it just after that batch instead.
    const send = () => {
      const live = window.__openCircleLive;
      if (live && live.flushPending) { setTimeout(send, 0); return; }
      g.trigger("press", value);
    };
    send();
  }, true);
}
""".replace("__PREFIX__", REV_MARKER)

_component: Any = None


def _keys() -> Any:
    # Registered once per process, on first use (never at import time).
    global _component
    if _component is None:
        _component = st.components.v2.component("open_circle_keys", js=_JS)
    return _component


@dataclass(frozen=True)
class Press:
    """One key press: what it asks for, and the room revision the screen showed."""

    intent: Intent
    revision: int


def parse(value: object) -> Press | None:
    """A press from the component's trigger value (``"next:12:3"``); ``None`` if not one."""
    if not isinstance(value, str):
        return None
    parts = value.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    intent = parts[0]
    if intent == "next":
        return Press("next", int(parts[1]))
    if intent == "previous":
        return Press("previous", int(parts[1]))
    if intent == "blank":
        return Press("blank", int(parts[1]))
    return None


def listen() -> Press | None:
    """Mount the listener (outside any fragment) and return this run's press, if any."""
    result = _keys()(key=KEYS_KEY, data={}, height=0, on_press_change=_ignore)
    return parse(getattr(result, "press", None))


def _ignore() -> None:
    """Triggers are read from the result; the callback only registers the trigger."""
