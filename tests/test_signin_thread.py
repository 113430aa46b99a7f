"""docs/privacy.md: the sign-in check 'runs in a worker thread, never on the
server's event loop' (``workshop.web.signin.signin_post``): a check that waits
its turn must not stall every other page and stream of the process."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from starlette.requests import Request

from workshop.web import signin as route


def test_the_passcode_is_checked_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bool]] = []

    def check(attempt: str) -> str | None:
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        seen.append((threading.current_thread().name, on_loop))
        return None  # a wrong passcode: the form again

    monkeypatch.setattr(route, "_check_and_sign_in", check)
    body = b"passcode=a+guess&next=%2Fconsole"
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/signin",
        "headers": [(b"host", b"127.0.0.1:8501"), (b"sec-fetch-site", b"same-origin")],
        "query_string": b"",
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def post() -> int:
        loop_thread = threading.current_thread().name
        response = await route.signin_post(Request(scope, receive))
        seen.append((loop_thread, True))
        return response.status_code

    status = asyncio.run(post())
    assert status != 303  # not signed in: the form again
    [(checked_in, on_loop), (loop_thread, _)] = seen
    assert not on_loop
    assert checked_in != loop_thread
