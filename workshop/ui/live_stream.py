"""The live listener: one small component for the phone, the projector and the console.

Mounted inside an ``st.fragment``, it opens one ``EventSource`` on the app's
live route (``workshop.web.routes``) and reruns that fragment when an event
arrives; the fragment then checks the room and redraws what changed. Its
``data`` is constant for a page (the stream's address and the fallback
interval), so its script runs once per mount, and the script keeps a single
stream per browser tab in ``window.__openCircleLive``: a second mount with the
same address reuses it, one with another address closes the old one first.

While the stream is down it tries again after 0.25, 0.5, 1 and then every
2 seconds, and meanwhile reruns the fragment every ``poll_seconds`` (the
fallback poll), quietly. The first event after a lost stream, and
``ended``, rerun the whole page instead (through :func:`page_hook`'s
trigger): the server may have restarted, and its new session knows no
fragment of the old one. After ``ended`` it stops for good; the page then
shows the ended or join screen.

Presses are never lost to an event. Streamlit 1.67's browser sends every
widget change queued in one task as one rerun, and a fragment trigger in that
batch turns it into a fragment run (``scheduledFragmentId ??= …`` in its
widget manager): a button click or key press outside the fragment, made in the
same moment as an event, did nothing. The script therefore holds an event's
fragment trigger for 150 ms after any press, and replays a click that lands
while a fragment trigger is on its way (the console's keys wait the same way,
``workshop.ui.console_keys``). ``tests/browser/test_console_cockpit.py`` makes
both collisions on purpose.

A screen that missed a redraw heals itself. Under load a page run can be cut
short for a queued fragment run, after which Streamlit runs nothing more, and
the screen kept the old step until the next event. Each screen therefore
marks the revision its full run drew, last (:func:`mark_drawn`; the phone's
:func:`page_hook`), and when the stream has announced a newer revision for
``HEAL_MS`` while the page is idle, the listener reruns the whole page
(``tests/browser/test_screen_heal.py``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import streamlit as st

from workshop.live import events

HEAL_MS = 3000
"""How long a screen may show an older revision than its stream announced
before the listener reruns the whole page (see :func:`mark_drawn`)."""

LIVE_ROUTE = "live/events"
"""Relative to the page, so it works behind a path prefix too (``/live/events``)."""

_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const g = (window.__openCircleLive = window.__openCircleLive || {});
  if (!g.guarded) {
    // Streamlit 1.67 sends every widget change queued in one task as one
    // rerun, and a fragment's trigger in that batch makes the whole batch a
    // fragment run: a press outside the fragment (a button, a key) is lost.
    // So a fragment trigger waits while someone is pressing something, and a
    // click that lands while one is on its way is replayed just after it.
    g.guarded = true;
    g.lastInput = -1e9;
    g.flushPending = false;
    const noteInput = () => { g.lastInput = performance.now(); };
    for (const type of ["pointerdown", "keydown", "input", "change"]) {
      window.addEventListener(type, noteInput, true);
    }
    const replayed = new WeakSet();
    window.addEventListener("click", (event) => {
      noteInput();
      if (!g.flushPending || replayed.has(event)) return;
      const target = event.target;
      event.preventDefault();
      event.stopImmediatePropagation();
      setTimeout(() => {
        const again = new MouseEvent("click", { bubbles: true, cancelable: true, composed: true });
        replayed.add(again);
        target.dispatchEvent(again);
      }, 0);
    }, true);
    // After a fragment trigger, Streamlit's flush is already queued; this
    // timer runs after it, so the flag covers exactly the batch at risk.
    const sent = () => {
      g.flushPending = true;
      setTimeout(() => { g.flushPending = false; }, 0);
    };
    g.sendFragment = (value) => {
      const wait = 150 - (performance.now() - g.lastInput);
      if (wait > 0) { setTimeout(() => g.sendFragment(value), wait); return; }
      if (!g.trigger) return;
      g.trigger("event", value);
      sent();
    };
    // A whole-page trigger is not swallowed by a batch of its own kind, only
    // by a fragment's: wait out a fragment flush on its way.
    g.sendPage = (value) => {
      if (g.flushPending) { setTimeout(() => g.sendPage(value), 0); return; }
      if (g.pageTrigger) g.pageTrigger("event", value);
    };
  }
  if (data.role === "mark") {
    // Mounted at the very end of a screen's full run: the revision it drew.
    // A run cut short never reaches it, so the mark keeps the older revision
    // and the watchdog below heals the screen.
    // A fragment that redrew the screen for a revision by itself (the
    // phone's head) also says so: events of that revision then run nothing.
    const token = {};
    g.markToken = token;
    g.mark = data.revision;
    if (data.drawn === true) g.drawn = data.revision;
    return () => { if (g.markToken === token) g.mark = null; };
  }
  if (data.role === "page") {
    // Outside any fragment: its trigger reruns the whole page. A page that
    // says which revision it drew (the phone) is not run at all by an event
    // of the same revision, and by one of another is rerun straight away
    // when ``direct`` (else its fragment runs first and may redraw alone).
    g.pageTrigger = setTriggerValue;
    g.drawn = Number.isInteger(data.revision) ? data.revision : null;
    g.direct = data.direct !== false;
    if (g.drawn !== null) { g.mark = g.drawn; g.markToken = {}; }
    return () => {
      if (g.pageTrigger === setTriggerValue) { g.pageTrigger = null; g.drawn = null; }
    };
  }
  const url = data.url;
  g.trigger = setTriggerValue;
  g.mounted = (g.mounted || 0) + 1;
  const unmount = () => {
    g.mounted -= 1;
    setTimeout(() => { if (g.mounted === 0 && g.stop) g.stop(); }, 1500);
  };
  if (g.url === url && (g.running || g.ended)) {
    return unmount;  // this tab already follows this stream (or it ended)
  }
  if (g.stop) g.stop();
  g.url = url;
  g.heardRev = null;  // another room's revisions say nothing about this one
  g.running = true;
  g.ended = false;
  let source = null;
  let retryTimer = null;
  let pollTimer = null;
  let delay = 250;
  let heard = Date.now();
  let seq = 0;
  let recovering = false;
  const fire = (why, revision) => {
    seq += 1;
    // The revision travels along so the fragment can compare without a read.
    const value = why + ":" + seq + (Number.isInteger(revision) ? ":" + revision : "");
    // After a lost stream (or at the end) the whole page reruns: the server
    // may have restarted, and a new session knows no fragment of the old one.
    const whole = (recovering || why === "ended") && g.pageTrigger;
    if (!whole) { g.sendFragment(value); return; }
    recovering = false;
    whenConnected(() => g.sendPage(value));
  };
  // A restarted server's page socket may come back after the stream: a rerun
  // asked for before it is connected is dropped, so wait for it (the app's
  // connection-state attribute; without one, ask now and once more later).
  const whenConnected = (run) => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || !app.hasAttribute("data-test-connection-state")) {
      run();
      setTimeout(run, 3000);
      return;
    }
    let tries = 0;
    const check = () => {
      if (app.getAttribute("data-test-connection-state") === "CONNECTED") run();
      else if (++tries < 240) setTimeout(check, 250);
    };
    check();
  };
  const lost = () => { close(); recovering = true; startPolling(); retry(); };
  const startPolling = () => {
    if (!pollTimer) pollTimer = setInterval(() => fire("poll"), data.poll_ms);
  };
  const stopPolling = () => { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } };
  const close = () => { if (source) { source.close(); source = null; } };
  const retry = () => {
    if (!g.running || retryTimer) return;
    retryTimer = setTimeout(() => { retryTimer = null; connect(); }, delay);
    delay = Math.min(delay * 2, 2000);
  };
  const connect = () => {
    if (!g.running) return;
    close();
    heard = Date.now();
    source = new EventSource(url);
    source.addEventListener("open", () => { heard = Date.now(); });
    source.addEventListener("ping", () => { heard = Date.now(); });
    source.addEventListener("revision", (event) => {
      heard = Date.now();
      delay = 250;
      stopPolling();
      let revision = null;
      try { revision = JSON.parse(event.data).revision; } catch (e) { revision = null; }
      if (Number.isInteger(revision) && revision !== g.heardRev) {
        g.heardRev = revision;  // for the heal below: since when this revision is known
        g.heardAt = Date.now();
      }
      if (!recovering && Number.isInteger(g.drawn) && Number.isInteger(revision)) {
        if (revision === g.drawn) return;  // the page shows this revision already
        if (g.pageTrigger && g.direct) {
          seq += 1;
          g.sendPage("change:" + seq + ":" + revision);
          return;
        }
      }
      fire("change", revision);
    });
    source.addEventListener("ended", () => {
      g.stop();
      g.ended = true;
      fire("ended");
    });
    source.onerror = lost;
  };
  // A screen whose last full run drew an older revision than the stream has
  // announced for HEAL_MS, and that is not running now, missed a redraw (a
  // run cut short by a fragment run, seen under load): rerun the whole page.
  // At most once per HEAL_MS, so a slow server is not asked twice.
  const stale = () => {
    if (!g.pageTrigger || !Number.isInteger(g.mark) || !Number.isInteger(g.heardRev)) return false;
    if (g.heardRev <= g.mark) return false;
    const now = Date.now();
    if (now - g.heardAt < data.heal_ms || now - (g.healedAt || 0) < data.heal_ms) return false;
    const app = document.querySelector("[data-testid='stApp']");
    const state = app ? app.getAttribute("data-test-script-state") : null;
    return state !== "running" && state !== "rerunRequested";
  };
  // A paused or vanished server sends nothing, not even an error: after
  // missing about two pings, start again.
  const watchdog = setInterval(() => {
    if (source && Date.now() - heard > data.silence_ms) lost();
    if (stale()) {
      g.healedAt = Date.now();
      seq += 1;
      g.sendPage("heal:" + seq + ":" + g.heardRev);
    }
  }, 2000);
  g.stop = () => {
    g.running = false;
    clearInterval(watchdog);
    clearTimeout(retryTimer);
    retryTimer = null;
    stopPolling();
    close();
    g.stop = null;
  };
  connect();
  return unmount;
}
"""

_component: Any = None


def _listener() -> Any:
    # Registered once per process, on first use (never at import time).
    global _component
    if _component is None:
        _component = st.components.v2.component("open_circle_live", js=_JS)
    return _component


def events_url(room_id: str, **credential: str) -> str:
    """The stream's address for a room and one credential (``token``, ``key`` or ``ticket``)."""
    return f"./{LIVE_ROUTE}?{urlencode({'room': room_id, **credential})}"


def listen(url: str, *, key: str, poll_seconds: float) -> str | None:
    """Mount the listener (call it inside an ``st.fragment``).

    Returns why this fragment run happened: ``"change"`` (an event),
    ``"poll"`` (the fallback while disconnected), ``"ended"`` (the stream
    refused or ended: redraw the page), or ``None`` (not the listener).
    """
    return listen_for(url, key=key, poll_seconds=poll_seconds)[0]


def listen_for(url: str, *, key: str, poll_seconds: float) -> tuple[str | None, int | None]:
    """:func:`listen`, and the revision a ``"change"`` event carried (else ``None``).

    The revision comes from the page's own browser: use it only to decide
    whether to redraw that page, never to decide what it may see.
    """
    data = {
        "url": url,
        "poll_ms": int(poll_seconds * 1000),
        "silence_ms": int(events.KEEPALIVE_SECONDS * 2.5 * 1000),
        "heal_ms": HEAL_MS,
    }
    result = _listener()(key=key, data=data, height=0, on_event_change=_ignore)
    value = getattr(result, "event", None)
    if not isinstance(value, str):
        return None, None
    parts = value.split(":")
    revision = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    return parts[0], revision


def page_hook(key: str, *, revision: int | None = None, direct: bool = True) -> None:
    """Mount the page-level half (outside any fragment, once per page run).

    It opens nothing: the stream (mounted by :func:`listen` in the fragment)
    uses its trigger to rerun the whole page after a lost stream, because a
    restarted server's new session knows no fragment of the old one.

    ``revision``: the room revision this run drew in full (mount it after the
    page is drawn). Then an event of another revision reruns the page at once,
    without a fragment run first, and one of the same revision runs nothing:
    one script run per change instead of two. Its data changes with each
    revision, which only re-registers the trigger (it opens no stream).

    ``direct=False`` (with a ``revision``): an event of another revision runs
    the fragment first, which may redraw what changed by itself and mark it
    with :func:`mark_drawn` (``drawn=True``), or rerun the page.
    """
    data: dict[str, object] = {"role": "page"}
    if revision is not None:
        data["revision"] = revision
        data["direct"] = direct
    _listener()(key=key, data=data, height=0, on_event_change=_ignore)


def mark_drawn(key: str, revision: int, *, drawn: bool = False) -> None:
    """Mark the end of a full page run that drew ``revision`` (call it last).

    For a screen whose events go to its fragment (console, projector, remote).
    A run cut short never reaches this call, so the mark stays at the older
    revision; when the stream has announced a newer one for ``HEAL_MS`` and
    the page is idle, the listener reruns the whole page. The phone's
    :func:`page_hook` with a ``revision`` marks the same way.

    ``drawn=True``: called last in a fragment run of its own, with the
    revision the screen shows (the phone's head may have moved it there by
    itself); events of that revision then run nothing.
    """
    data = {"role": "mark", "revision": revision, "drawn": drawn}
    _listener()(key=key, data=data, height=0)


def _ignore() -> None:
    """Triggers are read from the result; the callback only registers the trigger."""
