"""The server-sent event lines of the live stream (``text/event-stream``).

Only numbers travel: a room's revision and, for the console and projector, a
tick that moves when the live number or a private notice may have changed.
Never an answer, a count, a step or any text.

- ``event: revision`` + ``data: {"revision": 12}`` (phone) or
  ``data: {"revision": 12, "tick": 3}`` (console, projector): sent on connect
  and after every change; the page checks and redraws what changed.
- ``event: ended`` + ``data: {}``: the credential does not (or no longer)
  open this room's stream; the stream closes and the page redraws.
- ``event: ping`` + ``data: {}``: every ``KEEPALIVE_SECONDS`` while nothing
  changes, so proxies keep the connection open and the page notices a
  server that went silent (it reconnects after missing about two).
"""

from __future__ import annotations

import json

KEEPALIVE_SECONDS = 15.0
RETRY_MILLISECONDS = 2000

ENDED = b"event: ended\ndata: {}\n\n"
PING = b"event: ping\ndata: {}\n\n"
HELLO = f"retry: {RETRY_MILLISECONDS}\n\n".encode()


def revision_event(revision: int, tick: int | None = None) -> bytes:
    """One ``revision`` event; ``tick`` only for screens that show the live number."""
    data: dict[str, int] = {"revision": revision}
    if tick is not None:
        data["tick"] = tick
    return f"event: revision\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()
