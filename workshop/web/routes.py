"""The app's own HTTP routes, served beside Streamlit's by ``st.App`` (``app.py``).

- ``GET /healthz``: ``{"ok", "database", "schema"}`` as JSON (200 when the
  database answers, 503 otherwise). Nothing about rooms.
- ``GET /live/events?room=ROOM&token=T`` (a phone), ``&key=K`` (the
  projector's display key) or ``&ticket=X`` (the console's signed ticket,
  ``workshop.live.tickets``): a server-sent event stream of the room's
  revision (``workshop.live.events``). An unknown, ended, purged or other
  room's credential gets one identical answer: 200, ``event: ended``, close.
  503 while the server is starting or the database is away (the browser
  tries again).
- ``/signin`` and ``/signout``: the facilitator's sign-in (``workshop.web.signin``).
- Test hooks, only when ``app.py`` is started with ``WORKSHOP_TEST_HOOKS=1``
  (never in production): ``POST /live/test/drop`` closes every open stream,
  ``GET /live/test/streams`` says how many are open.

Resolving a credential reads the store, so it runs in the thread pool; a
stream itself is a coroutine on the server's loop that waits on its room's
shared feed.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from workshop import rooms
from workshop.live import events
from workshop.live.tickets import check_ticket
from workshop.store import RoomPulse, Store, StoreError, room_pulses, schema_version
from workshop.web.signin import signin_routes
from workshop.web.startup import current

HEALTH_PATH = "/healthz"
LIVE_PATH = "/live/events"
TEST_DROP_PATH = "/live/test/drop"
TEST_STREAMS_PATH = "/live/test/streams"

_STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


@dataclass(frozen=True)
class _Follow:
    room_id: str
    pulse: RoomPulse
    ticks: bool


def _ended() -> Response:
    # One constant answer whatever was wrong: nothing tells a guesser which part.
    return Response(events.ENDED, media_type="text/event-stream", headers=_STREAM_HEADERS)


def _unavailable() -> Response:
    return Response("starting or database unavailable; try again", status_code=503)


def _resolve(store: Store, room_id: str, token: str, key: str, ticket: str) -> _Follow | None:
    """The room a credential may follow, if it is ``room_id`` and still open."""
    given = [c for c in (token, key, ticket) if c]
    if not room_id or len(given) != 1:
        return None
    found: str | None
    try:
        if token:
            found = rooms.phone_room_id(store, token)
        elif key:
            found = rooms.room_for_display(store, key).id
        else:
            found = check_ticket(store, ticket)
    except rooms.RoomError:
        found = None
    if found != room_id:
        return None
    pulse = room_pulses(store, [room_id]).get(room_id)
    if pulse is None or pulse.ended:
        return None
    return _Follow(room_id=room_id, pulse=pulse, ticks=not token)


async def live_events(request: Request) -> Response:
    """The live stream (see the module docstring)."""
    runtime = current()
    notifier = None if runtime is None else runtime.notifier
    if runtime is None or notifier is None or notifier.closing:
        return _unavailable()
    params = request.query_params
    try:
        follow = await run_in_threadpool(
            _resolve,
            runtime.store,
            params.get("room", ""),
            params.get("token", ""),
            params.get("key", ""),
            params.get("ticket", ""),
        )
    except StoreError:
        return _unavailable()
    if follow is None:
        return _ended()
    stream = notifier.follow(follow.room_id, follow.pulse, ticks=follow.ticks)
    return StreamingResponse(stream, media_type="text/event-stream", headers=_STREAM_HEADERS)


def healthz(_request: Request) -> JSONResponse:
    """Whether the app can serve: the database answers, and its schema version."""
    runtime = current()
    version: str | None = None
    if runtime is not None:
        try:
            version = schema_version(runtime.store)
        except StoreError:
            version = None
    reachable = version is not None
    body = {"ok": reachable, "database": reachable, "schema": version}
    return JSONResponse(body, status_code=200 if reachable else 503)


async def _drop(_request: Request) -> JSONResponse:
    runtime = current()
    notifier = None if runtime is None else runtime.notifier
    dropped = 0 if notifier is None else notifier.open_streams
    if notifier is not None:
        notifier.drop_streams()
    return JSONResponse({"dropped": dropped})


async def _streams(_request: Request) -> JSONResponse:
    runtime = current()
    notifier = None if runtime is None else runtime.notifier
    return JSONResponse({"open": 0 if notifier is None else notifier.open_streams})


def app_routes(*, test_hooks: bool = False) -> list[Route]:
    """The routes ``app.py`` hands to ``st.App``; the test hooks only when asked."""
    found = [
        Route(HEALTH_PATH, healthz, methods=["GET"]),
        Route(LIVE_PATH, live_events, methods=["GET"]),
        *signin_routes(),
    ]
    if test_hooks:
        found += [
            Route(TEST_DROP_PATH, _drop, methods=["POST"]),
            Route(TEST_STREAMS_PATH, _streams, methods=["GET"]),
        ]
    return found
