"""A room read once per revision, for every screen of this process that shows it.

Screens ask by room id; the cache checks the revision (one primary-key
lookup) and parses the room (its curriculum snapshot, the expensive part)
only when the revision moved. 300 phones redrawing after one change cost one
full read. Thread-safe: pages run in many threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from workshop import rooms
from workshop.store import Store

MAX_ROOMS = 64


class RoomViews:
    """Rooms by (id, revision), the newest ``MAX_ROOMS`` kept."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._rooms: OrderedDict[str, rooms.Room] = OrderedDict()
        self.reads = 0
        """Full reads so far (for tests and the load benchmark)."""

    def room(self, room_id: str) -> rooms.Room:
        """The room as it is now; ``RoomNotFound`` when it is gone."""
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
