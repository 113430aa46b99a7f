"""Simulated phones for load runs: Streamlit's websocket protocol, no browser.

Used by ``benchmarks/load_*.py`` and ``tests/test_load_client.py``.

- The app itself is started by ``harness/appserver.py`` (``start_app``),
  whose ``AppProcess`` reads the server's CPU time and resident memory from
  ``/proc`` (no psutil needed).
- ``Phone`` speaks the protocol a browser speaks on ``/_stcore/stream``
  (subprotocol ``streamlit``, one protobuf ``BackMsg``/``ForwardMsg`` per
  binary frame): a full run of ``/join?...``, then one fragment rerun every
  ``auto_rerun.interval`` (a fixed timer, as the browser's ``setInterval``
  does, whether or not the previous rerun has finished), widget values sent
  as widget states, the URL's query string updated when the page writes it.

Only 127.0.0.1 is ever contacted. Nothing here imports ``workshop``: the
benchmark and the test drive the domain API themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

_FINISHED_OK = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


# --- A simulated phone ----------------------------------------------------------------


TextSeen = Callable[["Phone", str, float], None]
"""Called with (phone, text, monotonic time) for every text a phone is sent."""


@dataclass
class PhoneStats:
    """What one phone measured."""

    rerun_latencies: list[float] = field(default_factory=list)
    redraw_latencies: list[float] = field(default_factory=list)
    runs_finished: int = 0
    ticks_sent: int = 0
    exceptions: int = 0
    error_alerts: list[str] = field(default_factory=list)
    connection_errors: list[str] = field(default_factory=list)


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


class Phone:
    """One phone's browser tab at the protocol level.

    ``texts`` holds every text of the page as last drawn (a full run clears
    it); ``widgets`` maps widget keys to ids; ``on_text`` (if set) hears every
    text as it arrives, with its arrival time, for "when did it see X".
    """

    def __init__(self, number: int, stream_url: str, query_string: str) -> None:
        self.number = number
        self.stream_url = stream_url
        self.query_string = query_string
        self.page_name = "join"
        self.page_script_hash = ""
        self.fragment_id = ""
        self.interval = 0.0
        self.texts: list[str] = []
        self.widgets: dict[str, str] = {}
        self.values: dict[str, WidgetState] = {}
        self.stats = PhoneStats()
        self.on_text: TextSeen | None = None
        self.measuring = False
        self._ws: ClientConnection | None = None
        self._pending: list[float] = []
        self._redrawing = False
        self._finished = asyncio.Event()
        self._timer_reset = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._closing = False

    # -- connection ------------------------------------------------------------

    async def connect(self) -> None:
        """Open the websocket (TCP_NODELAY) and start reading; then the first run."""
        self._ws = await connect(
            self.stream_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=60,
            ping_interval=None,
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
        """Stop ticking and close the socket."""
        self._closing = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    # -- sending ---------------------------------------------------------------

    async def rerun(
        self,
        *,
        fragment: bool = False,
        triggers: tuple[str, ...] = (),
        initial: bool = False,
    ) -> None:
        """Ask for a run: the whole page, or (``fragment``) the polling fragment.

        Sends every widget value this phone holds (as the browser does) plus a
        one-off ``trigger_value`` for each widget id in ``triggers`` (a press).
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
        if fragment:
            state.fragment_id = self.fragment_id
            state.is_auto_rerun = True
        self._finished.clear()
        self._pending.append(time.monotonic())
        await self._ws.send(msg.SerializeToString())

    def set_text(self, key: str, text: str) -> None:
        """Type ``text`` into the text widget with this key (sent with the next run)."""
        widget_id = self.widgets[key]
        self.values[widget_id] = WidgetState(id=widget_id, string_value=text)

    async def press(self, key: str) -> None:
        """Press the button with this key: a full run with its trigger set."""
        await self.rerun(triggers=(self.widgets[key],))

    async def _tick(self) -> None:
        # The browser's setInterval: one fragment rerun per interval, started
        # again whenever the server announces the fragment (after a full run).
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
                    await self.rerun(fragment=True)
                except ConnectionClosed as exc:
                    self.stats.connection_errors.append(f"send: {exc}")
                    return

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
        if kind == "new_session":
            if msg.new_session.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
            if not msg.metadata.run.fragment_ids:
                # A full run starts (not a fragment run): the browser clears its
                # auto-rerun timers and rebuilds the page from the deltas that follow.
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

    def _element(self, msg: ForwardMsg, now: float) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.stats.exceptions += 1
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            self.stats.error_alerts.append(element.alert.body)
        texts, widget_id = _element_texts(msg)
        if widget_id is not None:
            self.widgets[widget_key(widget_id)] = widget_id
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
                    f"phone {self.number}: {needle!r} not shown within {timeout:.0f} s; "
                    f"page ends with {[t[:60] for t in self.texts[-4:]]!r}; "
                    f"still polling: {bool(self.fragment_id)}"
                )
            await asyncio.sleep(0.05)
