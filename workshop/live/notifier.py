"""One notifier per process: learns of each room's changes once, wakes all its streams.

How it learns (``workshop.store.watch`` holds the SQL):

- a write of this process (any page, any thread) wakes the watcher at once;
- SQLite: the watcher reads every followed room's pulse in one query every
  ``SQLITE_INTERVAL`` seconds, so a change written by the CLI or another
  process is seen within that;
- PostgreSQL: one listening connection per process (``LISTEN``); a process
  that wrote announces it (``NOTIFY``), and the others read their pulses
  then; a slow safety look every ``POSTGRES_INTERVAL`` seconds covers a lost
  notification.

Streams wait on one :class:`RoomFeed` per room (asyncio, on the server's
loop): 300 phones of one room cost one wake-up call from the watcher thread
(``loop.call_soon_threadsafe``), not 300 threads or 300 queries.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from workshop.live import events
from workshop.store import (
    RoomPulse,
    Store,
    StoreError,
    after_local_writes,
    announce_change,
    listen_for_changes,
    room_pulses,
)

SQLITE_INTERVAL = 0.25
POSTGRES_INTERVAL = 5.0
LISTEN_RETRY_SECONDS = 2.0


@dataclass(frozen=True)
class FeedState:
    """What a room's streams send: its revision, its activity tick, or that it ended."""

    revision: int
    tick: int
    ended: bool


class RoomFeed:
    """The streams of one room in this process wait here (event-loop side only)."""

    def __init__(self, room_id: str, state: FeedState) -> None:
        self.room_id = room_id
        self.state = state
        self.streams = 0
        self._changed = asyncio.Event()

    def publish(self, state: FeedState) -> None:
        """Set the new state and wake every waiting stream."""
        self.state = state
        woken, self._changed = self._changed, asyncio.Event()
        woken.set()

    async def wait(self, since: FeedState, timeout: float) -> bool:
        """True when woken (or the state is no longer ``since``); False after ``timeout``."""
        if self.state is not since:
            return True
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            return False
        return True


class Notifier:
    """The process's notifier: a watcher thread and the rooms' feeds.

    Thread-side state (``_known``) is guarded by a lock; feeds live on the
    loop given to :meth:`start` and are touched only there.
    """

    def __init__(self, store: Store, log: Callable[[str], None] = lambda _m: None) -> None:
        self._store = store
        self._log = log
        self._postgres = store.dialect == "postgresql"
        self._interval = POSTGRES_INTERVAL if self._postgres else SQLITE_INTERVAL
        self._id = secrets.token_hex(8)  # to ignore our own NOTIFY
        self._lock = threading.Lock()
        self._known: dict[str, tuple[RoomPulse | None, int]] = {}
        self._nudge = threading.Event()
        self._stop = threading.Event()
        self._wrote = False
        self._threads: list[threading.Thread] = []
        self._undo_hook: Callable[[], None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._feeds: dict[str, RoomFeed] = {}
        self.generation = 0
        """Bumped by :meth:`drop_streams`: every stream of an older generation closes."""
        self.closing = False
        """Set by :meth:`shut_down`: no stream stays open any more."""

    # --- Lifecycle (any thread) ----------------------------------------------------

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start watching; feeds and streams live on ``loop``."""
        self._loop = loop
        self._undo_hook = after_local_writes(self._store, self.wrote)
        targets: list[Callable[[], None]] = [self._watch]
        if self._postgres:
            targets.append(self._listen)
        for target in targets:
            thread = threading.Thread(target=target, name=f"live-{target.__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop the threads and forget the local-write hook."""
        self._stop.set()
        self._nudge.set()
        if self._undo_hook is not None:
            self._undo_hook()
        for thread in self._threads:
            thread.join(timeout=5)

    def wrote(self) -> None:
        """This process committed a write: look now (called from any thread)."""
        self._wrote = True
        self._nudge.set()

    # --- Watcher thread ------------------------------------------------------------

    def _watch(self) -> None:
        while not self._stop.is_set():
            self._nudge.wait(self._interval)
            self._nudge.clear()
            if self._stop.is_set():
                return
            self.look()

    def look(self) -> None:
        """One look: read the followed rooms' pulses, wake the feeds that changed."""
        wrote, self._wrote = self._wrote, False
        with self._lock:
            room_ids = list(self._known)
        if room_ids:
            try:
                pulses = room_pulses(self._store, room_ids)
            except StoreError:
                pulses = None  # the database is away: keep the last state, look again
            if pulses is not None:
                self._compare(room_ids, pulses)
        if wrote and self._postgres:
            # On failure the other processes' safety look catches up.
            with contextlib.suppress(StoreError):
                announce_change(self._store, self._id)

    def _compare(self, room_ids: list[str], pulses: dict[str, RoomPulse]) -> None:
        changed: list[tuple[str, FeedState]] = []
        with self._lock:
            for room_id in room_ids:
                if room_id not in self._known:
                    continue  # its last stream left meanwhile
                before, tick = self._known[room_id]
                pulse = pulses.get(room_id)
                if pulse == before:
                    continue
                if before is not None and pulse is not None and pulse.activity != before.activity:
                    tick += 1
                self._known[room_id] = (pulse, tick)
                changed.append((room_id, _state(pulse, tick)))
        loop = self._loop
        for room_id, state in changed:
            if loop is not None and not loop.is_closed():
                loop.call_soon_threadsafe(self._publish, room_id, state)

    def _listen(self) -> None:
        complained = False
        while not self._stop.is_set():
            try:
                listen_for_changes(self._store, self._heard, self._stop)
            except StoreError as exc:
                if not complained:
                    self._log(f"Live updates between app processes paused ({exc}); retrying.")
                    complained = True
                self._stop.wait(LISTEN_RETRY_SECONDS)
            else:
                return

    def _heard(self, payload: str) -> None:
        if payload != self._id:
            self._nudge.set()

    # --- Event-loop side -----------------------------------------------------------

    def known_revision(self, room_id: str) -> int | None:
        """The revision of a room this process streams, as its watcher last read
        it (never behind what its streams announced); ``None`` when no stream
        here follows the room, or it ended or was purged. Any thread."""
        with self._lock:
            known = self._known.get(room_id)
        pulse = known[0] if known is not None else None
        if pulse is None or pulse.ended:
            return None
        return pulse.revision

    def _publish(self, room_id: str, state: FeedState) -> None:
        feed = self._feeds.get(room_id)
        if feed is not None:
            feed.publish(state)

    def join(self, room_id: str, pulse: RoomPulse) -> RoomFeed:
        """The room's feed, made on first use from ``pulse`` (read just before)."""
        feed = self._feeds.get(room_id)
        if feed is None:
            feed = RoomFeed(room_id, _state(pulse, 0))
            self._feeds[room_id] = feed
            with self._lock:
                self._known[room_id] = (pulse, 0)
        feed.streams += 1
        return feed

    def leave(self, feed: RoomFeed) -> None:
        """A stream of the feed closed; the last one out stops the room being watched."""
        feed.streams -= 1
        if feed.streams <= 0 and self._feeds.get(feed.room_id) is feed:
            del self._feeds[feed.room_id]
            with self._lock:
                self._known.pop(feed.room_id, None)

    @property
    def open_streams(self) -> int:
        """How many streams are open in this process now."""
        return sum(feed.streams for feed in self._feeds.values())

    def drop_streams(self) -> None:
        """Close every open stream (shutdown, and the test hook); clients reconnect."""
        self.generation += 1
        for feed in list(self._feeds.values()):
            feed.publish(feed.state)

    def shut_down(self) -> None:
        """The server is stopping: close every stream now and any that opens later."""
        self.closing = True
        self.drop_streams()

    async def follow(self, room_id: str, pulse: RoomPulse, *, ticks: bool) -> AsyncIterator[bytes]:
        """The event lines of one stream of ``room_id``, until it ends or is dropped."""
        feed = self.join(room_id, pulse)
        generation = self.generation
        try:
            yield events.HELLO
            sent: tuple[int, int] | None = None
            while generation == self.generation and not self.closing:
                state = feed.state
                if state.ended:
                    yield events.ENDED
                    return
                key = (state.revision, state.tick if ticks else 0)
                if key != sent:
                    yield events.revision_event(state.revision, state.tick if ticks else None)
                    sent = key
                if not await feed.wait(state, events.KEEPALIVE_SECONDS):
                    yield events.PING
        finally:
            self.leave(feed)


def _state(pulse: RoomPulse | None, tick: int) -> FeedState:
    if pulse is None:  # purged: as good as ended for every screen
        return FeedState(revision=0, tick=tick, ended=True)
    return FeedState(revision=pulse.revision, tick=tick, ended=pulse.ended)
