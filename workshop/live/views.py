"""A room read once per revision, for every screen of this process that shows it.

Screens ask by room id; the cache checks the revision (one primary-key
lookup) and parses the room (its curriculum snapshot, the expensive part)
only when the revision moved. 300 phones redrawing after one change cost one
full read. The phones' common view of a step that asks nothing of them (a
slide, an exercise, the goodbye) is built once per revision as well, so their
redraw reads nothing but the revision, and a phone's live fragment, which
knows the revision its process's watcher read, reads nothing at all.
Thread-safe: pages run in many threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from workshop import rooms
from workshop.curriculum import PromptStep
from workshop.store import Store

MAX_ROOMS = 64


class RoomViews:
    """Rooms by (id, revision), the newest ``MAX_ROOMS`` kept."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._rooms: OrderedDict[str, rooms.Room] = OrderedDict()
        self._phones: dict[tuple[str, int], rooms.PhoneView] = {}
        self.reads = 0
        """Full reads so far (for tests and the load benchmark)."""

    def room(self, room_id: str, *, known: int | None = None) -> rooms.Room:
        """The room as it is now; ``RoomNotFound`` when it is gone.

        ``known``: its revision as this process's live watcher read it
        (``Notifier.known_revision``, server-side, never from a browser). When
        the cached room is at that revision, no read at all.
        """
        if known is not None:
            with self._lock:
                cached = self._rooms.get(room_id)
                if cached is not None and cached.revision == known:
                    self._rooms.move_to_end(room_id)
                    return cached
        revision = self._store.revision(room_id)
        with self._lock:
            cached = self._rooms.get(room_id)
            if cached is not None and revision == cached.revision:
                self._rooms.move_to_end(room_id)
                return cached
        room = rooms.get_room(self._store, room_id)  # raises RoomNotFound when purged
        with self._lock:
            self.reads += 1
            self._rooms[room_id] = room
            self._rooms.move_to_end(room_id)
            while len(self._rooms) > MAX_ROOMS:
                self._rooms.popitem(last=False)
        return room

    def phone_view(self, room_id: str, *, known: int | None = None) -> rooms.PhoneView | None:
        """What every phone of the room sees now, when the step holds nothing of
        his own; ``None`` on an open room's prompt (his answer is read with
        ``rooms.phone_view`` then). ``RoomNotFound`` when the room is gone.

        The caller knows the phone's token belongs to ``room_id``; ``known`` as
        for :meth:`room`.
        """
        room = self.room(room_id, known=known)
        if isinstance(room.step, PromptStep) and not room.ended:
            return None
        key = (room_id, room.revision)
        with self._lock:
            found = self._phones.get(key)
        if found is not None:
            return found
        view = _phone_view(room)
        with self._lock:
            # Only the latest revision of each room is worth keeping.
            for stale in [k for k in self._phones if k[0] == room_id]:
                del self._phones[stale]
            self._phones[key] = view
            while len(self._phones) > MAX_ROOMS:
                del self._phones[next(iter(self._phones))]
        return view


def _phone_view(room: rooms.Room) -> rooms.PhoneView:
    """The view ``rooms.phone_view`` gives any phone of this room on a step
    without his answer (built by the same function, from the room read once)."""
    return rooms.shared_phone_view(room)
