"""The routing cookie: added to every HTTP response of a request without it,
never replaced, random, and carrying nothing but the route (no personal data).

Driven as ASGI directly (the middleware is pure ASGI), around a real
Starlette app; the nginx test (``test_nginx.py``) checks it in the real app.
"""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Message

from workshop.web.affinity import COOKIE_NAME, NodeCookieMiddleware, has_node_cookie


def _hello(_request: Request) -> Response:
    return PlainTextResponse("hello")


def _sets_own(_request: Request) -> Response:
    response = PlainTextResponse("own")
    response.set_cookie(COOKIE_NAME, "chosen-by-the-app")
    return response


_APP = Starlette(
    routes=[Route("/hello", _hello), Route("/own", _sets_own)],
    middleware=[Middleware(NodeCookieMiddleware)],
)


def _get(path: str, headers: dict[str, str] | None = None) -> tuple[list[str], bytes]:
    """GET ``path`` through the app: the response's ``oc_node`` Set-Cookies and body."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    async def run() -> None:
        async with _APP.router.lifespan_context(_APP):
            await _APP(scope, receive, send)

    asyncio.run(run())
    start = next(m for m in sent if m["type"] == "http.response.start")
    cookies = [
        value.decode()
        for name, value in start["headers"]
        if name == b"set-cookie" and value.startswith(COOKIE_NAME.encode() + b"=")
    ]
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return cookies, body


def test_a_request_without_the_cookie_gets_a_random_httponly_lax_session_cookie() -> None:
    (first,), body = _get("/hello")
    (second,), _ = _get("/hello")
    assert body == b"hello"
    parsed = SimpleCookie(first)[COOKIE_NAME]
    assert parsed["httponly"] is True
    assert parsed["samesite"] == "Lax"
    assert parsed["path"] == "/"
    assert not parsed["expires"] and not parsed["max-age"], "a session cookie, no lifetime"
    assert not parsed["secure"], "plain HTTP: a Secure cookie would never come back"
    value = parsed.value
    assert len(value) >= 16 and value.replace("-", "").replace("_", "").isalnum()
    assert SimpleCookie(second)[COOKIE_NAME].value != value, "random, not one per process"


def test_a_request_that_carries_the_cookie_keeps_it() -> None:
    cookies, body = _get("/hello", {"Cookie": f"other=1; {COOKIE_NAME}=abc"})
    assert cookies == []
    assert body == b"hello"


def test_an_empty_cookie_value_gets_a_new_one() -> None:
    cookies, _ = _get("/hello", {"Cookie": f"{COOKIE_NAME}="})
    assert len(cookies) == 1


def test_behind_https_the_cookie_is_secure() -> None:
    (cookie,), _ = _get("/hello", {"X-Forwarded-Proto": "https"})
    assert SimpleCookie(cookie)[COOKIE_NAME]["secure"] is True


def test_a_cookie_the_app_set_itself_is_not_doubled() -> None:
    cookies, _ = _get("/own")
    assert len(cookies) == 1
    assert SimpleCookie(cookies[0])[COOKIE_NAME].value == "chosen-by-the-app"


def test_websockets_and_lifespan_pass_untouched() -> None:
    seen: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])
        await send({"type": "websocket.accept", "headers": []})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    middleware = NodeCookieMiddleware(inner)
    asyncio.run(middleware({"type": "websocket", "headers": []}, receive, send))
    assert seen == ["websocket"]
    assert sent == [{"type": "websocket.accept", "headers": []}]


def test_the_cookie_header_parser() -> None:
    assert has_node_cookie([(b"cookie", b"a=1; oc_node=x")])
    assert has_node_cookie([(b"Cookie", b"oc_node=x")])
    assert not has_node_cookie([(b"cookie", b"oc_node_other=x; a=oc_node")])
    assert not has_node_cookie([(b"cookie", b"oc_node=  ")])
    assert not has_node_cookie([(b"x-cookie", b"oc_node=x")])
