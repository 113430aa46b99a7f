"""Short-lived signed tickets: the console's (and a future remote's) pass to a room's stream.

A ticket is ``ROOM.EXPIRY.MAC``: the room id, the expiry in whole Unix
seconds, and the HMAC-SHA256 (under the store's server secret, the same one
that keys answers) of both, in hex. It names no person and holds no passcode;
only a page that was unlocked with the passcode is handed one. Tickets are
checked when a stream opens; a stream already open outlives its ticket.
"""

from __future__ import annotations

import hmac
import time

from workshop.store import Store

TICKET_SECONDS = 15 * 60
"""How long a ticket opens streams; the console renews it before it runs out."""

_PURPOSE = "live-ticket"


def _mac(store: Store, room_id: str, expires: int) -> str:
    return store.keyed_hash(_PURPOSE, room_id, str(expires))


def make_ticket(store: Store, room_id: str, *, now: float | None = None) -> str:
    """A ticket for ``room_id`` valid for ``TICKET_SECONDS`` from ``now``."""
    expires = int(time.time() if now is None else now) + TICKET_SECONDS
    return f"{room_id}.{expires}.{_mac(store, room_id, expires)}"


def ticket_expiry(ticket: str) -> int:
    """The expiry written in a ticket (0 when it has none); says nothing about validity."""
    parts = ticket.split(".")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0


def check_ticket(store: Store, ticket: str, *, now: float | None = None) -> str | None:
    """The room id a genuine, unexpired ticket names; ``None`` for anything else."""
    parts = ticket.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 12:
        return None
    room_id, expires_text, mac = parts
    expires = int(expires_text)
    if not hmac.compare_digest(mac.encode(), _mac(store, room_id, expires).encode()):
        return None
    if expires <= (time.time() if now is None else now):
        return None
    return room_id
