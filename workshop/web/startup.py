"""The one initialiser of the app process, and what it keeps running.

``app.py``'s lifespan calls :func:`start_runtime` once at start-up; under
AppTest (which runs no lifespan) ``workshop.ui.context`` calls the same
function on the first page run. It checks the settings (a bad one raises
``SettingsError`` before anything else happens), opens and migrates the store,
makes the first-start passcode and purges rooms past their retention. With
``background=True`` (the server) an unreachable database does not stop the
start: a thread tries again every ``RETRY_SECONDS`` while pages say the
database cannot be reached, then starts the live notifier and purges once a
day. The running runtime is kept here (:func:`current`) so the routes and the
pages, loaded under different module names, share it.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from datetime import date
from types import FrameType
from typing import Any

from workshop import auth, rooms
from workshop.config import Settings
from workshop.live.notifier import Notifier
from workshop.live.views import RoomViews
from workshop.store import Store, StoreError, StoreUnavailable, open_store

RETRY_SECONDS = 3.0
PURGE_CHECK_SECONDS = 60.0

Log = Callable[[str], None]


def log_line(message: str) -> None:
    """One line to the terminal that started the app (nothing of a participant's)."""
    print(f"[open-circle] {message}", file=sys.stderr, flush=True)


class AppRuntime:
    """Settings, the store once it opens, the notifier and the room cache."""

    def __init__(self, settings: Settings, passcode: str = "", log: Log = log_line) -> None:
        self.settings = settings
        self._passcode = passcode
        self._log = log
        self._store: Store | None = None
        self._why = "the database has not been opened yet"
        self.failure: StoreError | None = None
        """Why the last attempt to open the store failed (``None`` once open)."""
        self._lock = threading.Lock()
        self._purged_on: date | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.notifier: Notifier | None = None
        self.views: RoomViews | None = None

    @property
    def store(self) -> Store:
        """The open store; ``StoreUnavailable`` (a plain sentence) until it opens."""
        store = self._store
        if store is None:
            raise StoreUnavailable(f"cannot reach the database right now: {self._why}")
        return store

    @property
    def ready(self) -> bool:
        """True once the store is open."""
        return self._store is not None

    def try_open(self) -> bool:
        """One attempt: open and migrate the store, the passcode, today's purge."""
        with self._lock:
            if self._store is not None:
                return True
            try:
                store = open_store(self.settings)  # creates or upgrades the schema
                try:
                    configured = self.settings.facilitator_passcode or self._passcode
                    auth.ensure_passcode(store, configured, self._log)
                except BaseException:
                    store.dispose()
                    raise
            except StoreError as exc:
                self._why = str(exc)
                self.failure = exc
                return False
            self.failure = None
            self.views = RoomViews(store)
            self._store = store
        self.purge_if_new_day(date.today())
        return True

    def purge_if_new_day(self, today: date) -> None:
        """Delete rooms past their retention, once per process per day."""
        if self._purged_on == today or self._store is None:
            return
        try:
            purged = rooms.purge_expired(self._store, today)
        except StoreError:
            return  # tried again on the next check
        self._purged_on = today
        if purged:
            self._log(f"Deleted {purged} room(s) past their retention period, with their answers.")

    def start_background(self, loop: asyncio.AbstractEventLoop) -> None:
        """The server's thread: open the store until it works, then notify and purge."""
        self._loop = loop
        self._thread = threading.Thread(target=self._background, name="open-circle", daemon=True)
        self._thread.start()

    def _background(self) -> None:
        told = False
        while not self.try_open():
            if not told:
                self._log(
                    f"{self._why[:1].upper()}{self._why[1:]}. Trying again every "
                    f"{RETRY_SECONDS:g} s; pages say the database cannot be reached until then."
                )
                told = True
            if self._stop.wait(RETRY_SECONDS):
                return
        if told:
            self._log("The database is reachable again.")
        if self._loop is not None:
            notifier = Notifier(self.store, self._log)
            notifier.start(self._loop)
            self.notifier = notifier
        while not self._stop.wait(PURGE_CHECK_SECONDS):
            self.purge_if_new_day(date.today())

    def stop(self) -> None:
        """Stop the background work and close the store's connections."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.notifier is not None:
            self.notifier.stop()
        if self._store is not None:
            self._store.dispose()


_current: AppRuntime | None = None


def start_runtime(env: Mapping[str, str], *, passcode: str = "", log: Log = log_line) -> AppRuntime:
    """Check the settings and try to open the store once (see the module docstring).

    ``SettingsError`` for a bad variable; otherwise a runtime whose store may
    still be unreachable (``runtime.ready`` says).
    """
    settings = Settings.from_env(env)
    # Before the database is touched: a short passcode stops the start at once.
    auth.require_long_enough(settings.facilitator_passcode or passcode)
    runtime = AppRuntime(settings, passcode, log)
    runtime.try_open()
    return runtime


def install(runtime: AppRuntime | None) -> None:
    """Make ``runtime`` the process's runtime (``None`` at shutdown)."""
    global _current
    _current = runtime


def current() -> AppRuntime | None:
    """The runtime the server's lifespan started, or ``None`` (AppTest, not started)."""
    return _current


def close_streams_on_exit(
    runtime: AppRuntime, loop: asyncio.AbstractEventLoop
) -> Callable[[], None]:
    """On SIGINT/SIGTERM close every live stream first, then let the server stop.

    The server waits for open responses before it exits, and a live stream
    never ends by itself. Chained in front of the server's own handlers (and
    only from the main thread, where signal handlers live); returns an undo.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous: dict[int, Any] = {}

    def on_exit(signum: int, frame: FrameType | None) -> None:
        notifier = runtime.notifier
        if notifier is not None and not loop.is_closed():
            loop.call_soon_threadsafe(notifier.shut_down)
        handler = previous.get(signum)
        if callable(handler):
            handler(signum, frame)

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, on_exit)

    def undo() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return undo
