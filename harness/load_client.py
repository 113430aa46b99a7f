"""Simulated phones for load runs: Streamlit's websocket protocol, no browser.

Used by ``benchmarks/load_*.py`` and ``tests/test_load_client.py``.

- The app itself is started by ``harness/appserver.py`` (``start_app``),
  whose ``AppProcess`` reads the server's CPU time and resident memory from
  ``/proc`` (no psutil needed).
- ``Phone`` speaks the protocol a browser speaks on ``/_stcore/stream``
  (subprotocol ``streamlit``, one protobuf ``BackMsg``/``ForwardMsg`` per
  binary frame): a full run of ``/join?...``, widget values sent as widget
  states, the URL's query string updated when the page writes it.
- It follows the room as the page's live listener (``workshop/ui/live_stream.py``)
  does in a browser. ``transport="push"``: when the listener component is
  drawn, it opens the component's ``/live/events`` stream
  (``harness/load_sse.py``, in the same loop) and, on each ``revision``
  event, asks for a rerun of the listener's fragment with the component's
  trigger set (``json_trigger_value`` of ``<id>__events``, exactly the frame
  Chromium sends); ``ended`` and the first event after a lost stream rerun
  the whole page through the page-level component's trigger. A page that
  says which revision it drew (the phone's page-level component) hears
  nothing from an event of that revision, and is rerun whole by one of another
  when ``direct``, else through its fragment (which may redraw by itself and
  say so with a ``drawn`` mark).
  A screen whose last full run drew an older revision (the ``mark``) than its
  stream announced ``heal_ms`` ago, and that is idle, reruns the whole page
  once per ``heal_ms``, as the browser's listener heals a screen whose run
  was cut short.
  ``transport="poll"``: no stream, the fallback the browser uses while the
  stream is down, one fragment rerun every ``poll_ms`` of the component's data.
  A fragment with ``run_every`` (``auto_rerun``) is still rerun on its timer.
- ``Console`` is the facilitator console at the same level: it unlocks with
  the passcode through the form, follows its own stream (ticket) and presses
  Next, so the room moves inside the app as it does in a real session.

Only 127.0.0.1 is ever contacted. Nothing here imports ``workshop``: the
benchmark and the test drive the domain API themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from harness import load_sse

_FINISHED_OK = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
# Components v2 keeps a component's triggers in one widget named after it.
_TRIGGER_PREFIX = "$$STREAMLIT_INTERNAL_KEY_"
_TRIGGER_SUFFIX = "__events"
_STREAM_RETRY_CAP = 2.0

Transport = Literal["push", "poll"]


# --- A simulated phone ----------------------------------------------------------------


TextSeen = Callable[["Phone", str, float], None]
"""Called with (phone, text, monotonic time) for every text a phone is sent."""

EventHeard = Callable[["Phone", load_sse.Event, float], None]
"""Called with (phone, event, monotonic time) for every live event a phone hears."""


@dataclass
class PhoneStats:
    """What one phone measured."""

    rerun_latencies: list[float] = field(default_factory=list)
    redraw_latencies: list[float] = field(default_factory=list)
    runs_finished: int = 0
    full_runs: int = 0
    ticks_sent: int = 0
    events_heard: int = 0
    event_reruns: int = 0
    polls_sent: int = 0
    streams_opened: int = 0
    heals: int = 0
    exceptions: int = 0
    error_alerts: list[str] = field(default_factory=list)
    connection_errors: list[str] = field(default_factory=list)
    stream_errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Listener:
    """The page's live listener as drawn: its trigger widget, fragment and data."""

    trigger_id: str
    fragment_id: str
    url: str
    poll_seconds: float
    heal_seconds: float = 3.0


def _element_texts(msg: ForwardMsg) -> tuple[list[str], str | None]:
    """The visible texts of a ``new_element`` delta, and its widget id if any."""
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind is None:
        return [], None
    body = getattr(element, kind)
    texts: list[str] = []
    for name in ("body", "label", "placeholder"):
        value = getattr(body, name, None)
        if isinstance(value, str) and value:
            texts.append(value)
    widget_id = getattr(body, "id", None)
    if not (isinstance(widget_id, str) and widget_id.startswith("$$ID-")):
        widget_id = None
    return texts, widget_id


def widget_key(widget_id: str) -> str:
    """The user key in a widget id ``$$ID-<hash>-<key>`` ('' when it has none)."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 else ""


def _revision(event: load_sse.Event) -> int | None:
    try:
        value = json.loads(event.data).get("revision")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def trigger_id(component_id: str) -> str:
    """The widget id that carries a v2 component's ``setTriggerValue`` calls."""
    return f"{_TRIGGER_PREFIX}{component_id}{_TRIGGER_SUFFIX}"


class Phone:
    """One browser tab at the protocol level (a phone unless told another page).

    ``texts`` holds every text of the page as last drawn (a full run clears
    it); ``widgets`` maps widget keys to ids and ``labels`` labels to ids;
    ``on_text`` (if set) hears every text as it arrives, with its arrival
    time, for "when did it see X"; ``on_event`` hears every live event.
    """

    def __init__(
        self,
        number: int,
        stream_url: str,
        query_string: str,
        *,
        page_name: str = "join",
        transport: Transport = "push",
    ) -> None:
        self.number = number
        self.stream_url = stream_url
        self.query_string = query_string
        self.page_name = page_name
        self.transport = transport
        where = urlsplit(stream_url)
        self.host = where.hostname or "127.0.0.1"
        self.port = where.port or 80
        self.page_script_hash = ""
        self.fragment_id = ""
        self.interval = 0.0
        self.listener: Listener | None = None
        self.page_trigger = ""
        self.drawn_revision: int | None = None
        self.direct = True
        """Whether an event of another revision reruns the page (else its fragment)."""
        self.mark: int | None = None
        """The revision the page's last full run drew to its end (``mark_drawn``)."""
        self._heard_revision: int | None = None
        self._heard_at = 0.0
        self._healed_at = 0.0
        self.texts: list[str] = []
        self.widgets: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.values: dict[str, WidgetState] = {}
        self.stats = PhoneStats()
        self.on_text: TextSeen | None = None
        self.on_event: EventHeard | None = None
        self.measuring = False
        self.ended = False
        self.trace: list[str] | None = None
        """When a list: one line per message received (for debugging a run)."""
        self._ws: ClientConnection | None = None
        self._pending: list[float] = []
        self._redrawing = False
        self._finished = asyncio.Event()
        self._timer_reset = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._follow: asyncio.Task[None] | None = None
        self._follow_url = ""
        self._seq = 0
        self._closing = False
        self.cookie = ""
        """Sent with the websocket handshake (a browser's cookies reach the page there)."""

    # -- connection ------------------------------------------------------------

    async def connect(self) -> None:
        """Open the websocket (TCP_NODELAY) and start reading; then the first run."""
        self._ws = await connect(
            self.stream_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=60,
            ping_interval=None,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
        )
        sock = self._ws.transport.get_extra_info("socket")
        if sock is not None:
            # Without these, Nagle + delayed ACK add ~40 ms per request on
            # loopback: client time that would look like server time.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with contextlib.suppress(OSError, AttributeError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        self._tasks = [
            asyncio.create_task(self._read(), name=f"phone-{self.number}-read"),
            asyncio.create_task(self._tick(), name=f"phone-{self.number}-tick"),
        ]
        await self.rerun(initial=True)

    async def close(self) -> None:
        """Stop following and close the socket."""
        self._closing = True
        tasks = [*self._tasks, *([self._follow] if self._follow else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    # -- sending ---------------------------------------------------------------

    async def rerun(
        self,
        *,
        fragment_id: str = "",
        triggers: tuple[str, ...] = (),
        json_triggers: dict[str, str] | None = None,
        initial: bool = False,
        auto: bool = False,
    ) -> None:
        """Ask for a run: the whole page, or the fragment ``fragment_id``.

        Sends every widget value this phone holds (as the browser does) plus a
        one-off ``trigger_value`` for each widget id in ``triggers`` (a press)
        and a ``json_trigger_value`` per id in ``json_triggers`` (a component's
        ``setTriggerValue``).
        """
        assert self._ws is not None
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        if initial:
            state.page_name = self.page_name
        for value in self.values.values():
            state.widget_states.widgets.append(value)
        for widget_id in triggers:
            state.widget_states.widgets.append(WidgetState(id=widget_id, trigger_value=True))
        for widget_id, payload in (json_triggers or {}).items():
            state.widget_states.widgets.append(
                WidgetState(id=widget_id, json_trigger_value=payload)
            )
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = auto
        self._finished.clear()
        self._pending.append(time.monotonic())
        if self.trace is not None:
            self.trace.append(f"{self._pending[-1]:.3f} SEND fragment={fragment_id[:6]}")
        await self._ws.send(msg.SerializeToString())

    def set_text(self, key: str, text: str) -> None:
        """Type ``text`` into the text widget with this key (sent with the next run)."""
        widget_id = self.widgets[key]
        self.values[widget_id] = WidgetState(id=widget_id, string_value=text)

    async def press(self, key: str) -> None:
        """Press the button with this key: a full run with its trigger set."""
        await self.rerun(triggers=(self.widgets[key],))

    async def press_label(self, label: str) -> None:
        """Press the button with this label (e.g. a form's submit button)."""
        await self.rerun(triggers=(self.labels[label],))

    async def fire(self, why: str, *, whole: bool = False, revision: int | None = None) -> None:
        """What the listener's ``setTriggerValue`` does: rerun its fragment
        (or, ``whole``, the page through the page-level component)."""
        self._seq += 1
        if self.trace is not None:
            self.trace.append(f"{time.monotonic():.3f} FIRE {why} whole={whole}")
        value = f"{why}:{self._seq}" + ("" if revision is None else f":{revision}")
        payload = json.dumps([{"event": "event", "value": value}])
        if whole and self.page_trigger:
            await self.rerun(json_triggers={self.page_trigger: payload})
        elif self.listener is not None:
            await self.rerun(
                fragment_id=self.listener.fragment_id,
                json_triggers={self.listener.trigger_id: payload},
            )

    async def _tick(self) -> None:
        # The browser's setInterval for a ``run_every`` fragment: one fragment
        # rerun per interval, started again whenever the server announces it.
        while True:
            if not self.fragment_id or self.interval <= 0:
                self._timer_reset.clear()
                await self._timer_reset.wait()
                continue
            self._timer_reset.clear()
            try:
                await asyncio.wait_for(self._timer_reset.wait(), timeout=self.interval)
                continue  # the timer was restarted
            except TimeoutError:
                pass
            if self.fragment_id:
                self.stats.ticks_sent += 1
                try:
                    await self.rerun(fragment_id=self.fragment_id, auto=True)
                except ConnectionClosed as exc:
                    self.stats.connection_errors.append(f"send: {exc}")
                    return

    # -- following the room (the live listener) --------------------------------

    def _listener_drawn(self, listener: Listener) -> None:
        self.listener = listener
        # The component's script runs once per tab and address (constant data):
        # a redraw with the same address keeps the stream it has.
        if self.ended or self._closing or listener.url == self._follow_url:
            return
        if self._follow is not None:
            self._follow.cancel()
        self._follow_url = listener.url
        follow = self._stream if self.transport == "push" else self._poll
        self._follow = asyncio.create_task(follow(listener), name=f"phone-{self.number}-live")

    async def _poll(self, listener: Listener) -> None:
        while not self._closing:
            await asyncio.sleep(listener.poll_seconds)
            self.stats.polls_sent += 1
            try:
                await self.fire("poll")
            except ConnectionClosed as exc:
                self.stats.connection_errors.append(f"send: {exc}")
                return

    async def _stream(self, listener: Listener) -> None:
        # The address is relative to the page (``./live/events?...``).
        path = "/" + listener.url.removeprefix("./").lstrip("/")
        self._heard_revision = None
        heal = asyncio.create_task(self._heal(listener), name=f"phone-{self.number}-heal")
        try:
            await self._follow_stream(path)
        finally:
            heal.cancel()

    async def _heal(self, listener: Listener) -> None:
        # The listener's 2 s watchdog: an idle page whose last full run drew an
        # older revision than the stream announced heal_seconds ago reruns whole.
        while not self._closing:
            await asyncio.sleep(2.0)
            now = time.monotonic()
            heard, mark = self._heard_revision, self.mark
            if heard is None or mark is None or heard <= mark or not self.page_trigger:
                continue
            if now - self._heard_at < listener.heal_seconds:
                continue
            if now - self._healed_at < listener.heal_seconds or self._pending:
                continue
            self._healed_at = now
            self.stats.heals += 1
            try:
                await self.fire("heal", whole=True, revision=heard)
            except ConnectionClosed as exc:
                self.stats.connection_errors.append(f"send: {exc}")
                return

    async def _follow_stream(self, path: str) -> None:
        delay = 0.25
        recovering = False
        while not self._closing:
            try:
                self.stats.streams_opened += 1
                async for event in load_sse.events(self.host, self.port, path):
                    now = time.monotonic()
                    if self.on_event is not None:
                        self.on_event(self, event, now)
                    if event.name == "revision":
                        self.stats.events_heard += 1
                        delay = 0.25
                        revision = _revision(event)
                        if revision is not None and revision != self._heard_revision:
                            self._heard_revision, self._heard_at = revision, now
                        if not recovering and None not in (revision, self.drawn_revision):
                            # The page said which revision it drew: nothing when
                            # the same, else rerun it directly (or, not
                            # ``direct``, its fragment first).
                            if revision == self.drawn_revision:
                                continue
                            if self.direct and self.page_trigger:
                                self.stats.event_reruns += 1
                                await self.fire("change", whole=True, revision=revision)
                                continue
                        # After a lost stream the server may be a new one: whole page.
                        self.stats.event_reruns += 1
                        await self.fire("change", whole=recovering, revision=revision)
                        recovering = False
                    elif event.name == "ended":
                        self.ended = True
                        await self.fire("ended", whole=True)
                        return
            except (load_sse.StreamClosed, OSError) as exc:
                if self._closing:
                    return
                self.stats.stream_errors.append(f"stream: {exc}"[:200])
            except ConnectionClosed as exc:
                self.stats.connection_errors.append(f"send: {exc}")
                return
            recovering = True
            await asyncio.sleep(delay)
            delay = min(delay * 2, _STREAM_RETRY_CAP)

    # -- receiving -------------------------------------------------------------

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for frame in self._ws:
                assert isinstance(frame, bytes)
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                self._handle(msg, time.monotonic())
        except ConnectionClosed as exc:
            if not self._closing:
                self.stats.connection_errors.append(f"closed: {exc}")

    def _handle(self, msg: ForwardMsg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if self.trace is not None:
            detail = ""
            if kind == "new_session":
                detail = str(list(msg.metadata.run.fragment_ids))
            elif kind == "script_finished":
                detail = str(msg.script_finished)
            elif kind == "delta":
                detail = msg.delta.WhichOneof("type") or ""
                if detail == "new_element":
                    detail = msg.delta.new_element.WhichOneof("type") or ""
                detail += f" {list(msg.metadata.delta_path)} {msg.delta.fragment_id[:6]}"
            self.trace.append(f"{now:.3f} {kind} {detail}")
        if kind == "new_session":
            if msg.new_session.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
            if not msg.metadata.run.fragment_ids:
                # A full run starts (not a fragment run): the browser clears its
                # auto-rerun timers and rebuilds the page from the deltas that follow.
                self.stats.full_runs += 1
                self.fragment_id = ""
                self._timer_reset.set()
                self.texts = []
        elif kind == "navigation":
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.interval = msg.auto_rerun.interval
            if msg.auto_rerun.fragment_id != self.fragment_id:
                self.fragment_id = msg.auto_rerun.fragment_id
                self._timer_reset.set()
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg, now)
        elif kind == "script_finished":
            status = msg.script_finished
            if status == _EARLY:
                # The fragment saw a change and asked for a full run, which
                # follows at once: the request is answered when that finishes.
                self._redrawing = True
                return
            if status in _FINISHED_OK:
                self.stats.runs_finished += 1
            if self.measuring:
                into = (
                    self.stats.redraw_latencies if self._redrawing else self.stats.rerun_latencies
                )
                into.extend(now - sent for sent in self._pending)
            self._redrawing = False
            # Requests sent while a run was going were folded into it (the
            # server coalesces reruns): all are answered now.
            self._pending.clear()
            self._finished.set()

    def _component(self, msg: ForwardMsg) -> None:
        proto = msg.delta.new_element.bidi_component
        try:
            data = json.loads(proto.json) if proto.json else {}
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        if data.get("role") == "mark":
            mark = data.get("revision")
            self.mark = mark if isinstance(mark, int) else None
            if data.get("drawn") is True:
                self.drawn_revision = self.mark
        elif data.get("role") == "page":
            self.page_trigger = trigger_id(proto.id)
            drawn = data.get("revision")
            self.drawn_revision = drawn if isinstance(drawn, int) else None
            self.direct = data.get("direct") is not False
            if self.drawn_revision is not None:
                self.mark = self.drawn_revision
        elif isinstance(data.get("url"), str) and msg.delta.fragment_id:
            self._listener_drawn(
                Listener(
                    trigger_id=trigger_id(proto.id),
                    fragment_id=msg.delta.fragment_id,
                    url=data["url"],
                    poll_seconds=float(data.get("poll_ms", 10_000)) / 1000,
                    heal_seconds=float(data.get("heal_ms", 3000)) / 1000,
                )
            )

    def _element(self, msg: ForwardMsg, now: float) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.stats.exceptions += 1
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            self.stats.error_alerts.append(element.alert.body)
        elif kind == "bidi_component":
            self._component(msg)
        texts, widget_id = _element_texts(msg)
        if widget_id is not None:
            self.widgets[widget_key(widget_id)] = widget_id
            for text in texts:
                self.labels[text] = widget_id
        self.texts.extend(texts)
        if self.on_text is not None:
            for text in texts:
                self.on_text(self, text, now)

    # -- waiting ---------------------------------------------------------------

    async def idle(self, timeout: float) -> None:
        """Wait until no request of this phone is waiting for its run to finish."""
        deadline = time.monotonic() + timeout
        while self._pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"phone {self.number}: no run finished in {timeout:.0f} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._finished.wait(), timeout=min(left, 1.0))

    async def wait_for_text(self, needle: str, timeout: float, *, exact: bool = False) -> None:
        """Wait until some text on the page contains (or, ``exact``, is) ``needle``."""
        deadline = time.monotonic() + timeout

        def shown() -> bool:
            if exact:
                return needle in self.texts
            return any(needle in text for text in self.texts)

        while not shown():
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{self.page_name} {self.number}: {needle!r} not shown within "
                    f"{timeout:.0f} s; page ends with {[t[:60] for t in self.texts[-4:]]!r}; "
                    f"following: {self._follow_url or 'nothing'}"
                )
            await asyncio.sleep(0.02)


# --- The facilitator's console ----------------------------------------------------------


NEXT_KEY = "console.next"


def sign_in_cookie(stream_url: str, passcode: str, next_path: str) -> str:
    """Sign in through the app's ``POST /signin`` route as the browser's form does;
    returns the ``Cookie`` header value the browser would send afterwards."""
    parts = urllib.parse.urlsplit(stream_url)
    scheme = "https" if parts.scheme == "wss" else "http"
    body = urllib.parse.urlencode({"passcode": passcode, "next": next_path}).encode()
    request = urllib.request.Request(
        f"{scheme}://{parts.netloc}/signin",
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
        },
        method="POST",
    )

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as exc:  # the 303 arrives as an "error" without redirects
        response = exc
    cookies = [
        value.split(";", 1)[0]
        for value in response.headers.get_all("Set-Cookie") or []
        if value.startswith("open_circle_signin=")
    ]
    if response.status != 303 or not cookies:
        raise RuntimeError(f"sign-in refused ({response.status})")
    return cookies[0]


class Console(Phone):
    """The facilitator console of one room, signed in through the sign-in route."""

    def __init__(self, stream_url: str, room_id: str, *, transport: Transport = "push") -> None:
        super().__init__(
            -1, stream_url, f"room={room_id}", page_name="console", transport=transport
        )
        self._room_id = room_id

    async def unlock(self, passcode: str, timeout: float) -> None:
        """Sign in with the passcode, connect with the cookie; wait for the room's Next button."""
        self.cookie = await asyncio.to_thread(
            sign_in_cookie, self.stream_url, passcode, f"/console?room={self._room_id}"
        )
        await self.connect()
        await self.wait_for_text("Next ▶", timeout, exact=True)
        await self.idle(timeout)

    async def next_step(self, timeout: float) -> None:
        """Press Next once the last run finished (as a facilitator's click lands)."""
        await self.idle(timeout)
        await self.press(NEXT_KEY)
