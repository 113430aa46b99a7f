"""Refuse a cross-origin websocket before Streamlit's own check would ask the internet.

Streamlit 1.67 accepts a websocket whose ``Origin`` matches its ``Host``, and
checks any other origin against a list that includes the machine's *public*
address, which it looks up at checkip.amazonaws.com (``net_util``). A web page
on another site, open in a phone's browser on the room's Wi-Fi, can open such a
socket at will: that would make the app call out to the internet (the app
promises no outside calls, and a room's Wi-Fi often has none, so the lookup
stalls). This middleware (pure ASGI, registered in ``app.py``) answers such a
handshake itself with a refusal (HTTP 403) before Streamlit sees it, so the
lookup is never reached, with no private Streamlit API.

Let through, as Streamlit would: no ``Origin`` (not a browser), the same
origin as the ``Host``, ``localhost``/loopback, ``browser.serverAddress``,
this machine's own network addresses, and ``server.corsAllowedOrigins``; and
everything when ``server.enableCORS`` is off. Refused: any other origin,
which Streamlit would only have let in if it was this machine's public address
(a page served from the app itself is same-origin, so a real phone or
console never meets this).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from workshop import qr

LOOPBACK = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})  # noqa: S104 (names, not a bind)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _hostname(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def origin_allowed(
    origin: str | None, host: str | None, trusted: Callable[[], Iterable[str]]
) -> bool:
    """Whether a websocket from ``origin`` to ``host`` may go on to Streamlit.

    ``trusted`` gives the further host names to accept (called only for a
    cross-origin handshake): the server address, this machine's addresses and
    the configured CORS origins.
    """
    if origin is None:
        return True  # not a browser: Streamlit lets these in too
    if urlsplit(origin).netloc == host:
        return True  # same origin: every page the app serves
    name = _hostname(origin)
    if not name:
        return False
    return name in LOOPBACK or name in {n.lower() for n in trusted()}


def trusted_names(server_address: str, cors_origins: Iterable[str]) -> list[str]:
    """The further host names a cross-origin socket may come from: the configured
    server address (``browser.serverAddress``), this machine's own network
    addresses, and the configured CORS origins (``server.corsAllowedOrigins``)."""
    names = [_hostname(f"//{server_address}")]
    names += [address.address for address in qr.network_addresses()]
    names += [_hostname(origin) for origin in cors_origins]
    return [name for name in names if name]


class SameOriginSocketMiddleware:
    """Refuses cross-origin websocket handshakes Streamlit would check by asking the internet."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        cors_enabled: Callable[[], bool],
        trusted: Callable[[], Iterable[str]],
    ) -> None:
        """``cors_enabled`` and ``trusted`` read Streamlit's options (``app.py``
        passes them: nothing below the UI imports Streamlit)."""
        self.app = app
        self.cors_enabled = cors_enabled
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything on, except a websocket from an origin not allowed."""
        if scope["type"] != "websocket" or not self.cors_enabled():
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        host = _header(scope, b"host")
        if origin_allowed(origin, host, self.trusted):
            await self.app(scope, receive, send)
            return
        message = await receive()  # the handshake's websocket.connect
        if message["type"] == "websocket.connect":
            # Closing before accepting: the server answers the handshake with 403.
            await send({"type": "websocket.close", "code": 1008})
