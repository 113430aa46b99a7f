"""The cookie a proxy routes by, so each browser keeps talking to one process.

Streamlit keeps a browser's session, and the download files it made, in the
process that served it. Behind a proxy with several app processes
(``deploy/nginx.conf``), every request of one browser must reach the same
process. Open-source nginx has no sticky-cookie directive, so it hashes a
cookie the app sets (``hash $cookie_oc_node consistent``); not the client's
address, which every phone on a venue's Wi-Fi shares.

:class:`NodeCookieMiddleware` (pure ASGI, registered in ``app.py``) adds
``oc_node`` to any HTTP response whose request came without it. The value is
random and says nothing about the browser, the process or the person: it only
spreads browsers over processes, and the proxy moves a browser to another
process when its own one stops. HttpOnly (no page script reads it),
SameSite=Lax (the QR code's link is a top-level navigation from another
site, which must carry it), Secure when the proxy says the request came over
HTTPS, and no expiry: it ends with the browser session.
"""

from __future__ import annotations

import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE_NAME = "oc_node"
_COOKIE_BYTES = COOKIE_NAME.encode("ascii")


def has_node_cookie(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the request's ``Cookie`` headers carry a non-empty ``oc_node``."""
    for name, value in headers:
        if name.lower() != b"cookie":
            continue
        for part in value.split(b";"):
            key, _, found = part.strip().partition(b"=")
            if key == _COOKIE_BYTES and found.strip():
                return True
    return False


def _forwarded_https(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name.lower() == b"x-forwarded-proto" and value.strip().lower() == b"https"
        for name, value in headers
    )


def node_cookie(*, secure: bool) -> bytes:
    """A fresh ``Set-Cookie`` value: random, HttpOnly, SameSite=Lax, for the session."""
    value = secrets.token_urlsafe(12)
    cookie = f"{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax"
    if secure:
        cookie += "; Secure"
    return cookie.encode("ascii")


class NodeCookieMiddleware:
    """Adds the ``oc_node`` cookie to HTTP responses of requests that lack it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the cookie to the response's start if needed."""
        if scope["type"] != "http":
            # A websocket handshake cannot set a cookie a browser keeps; the page
            # that opens the socket came over HTTP and got one there.
            await self.app(scope, receive, send)
            return
        request_headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
        if has_node_cookie(request_headers):
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https" or _forwarded_https(request_headers)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                already = any(
                    name.lower() == b"set-cookie" and value.startswith(_COOKIE_BYTES + b"=")
                    for name, value in headers
                )
                if not already:
                    headers.append((b"set-cookie", node_cookie(secure=secure)))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)
