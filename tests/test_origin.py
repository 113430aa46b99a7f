"""A cross-origin websocket is refused before Streamlit's check (``workshop.web.origin``).

Streamlit's own check would look this machine's public address up on the
internet for such a handshake. Unit tests show the middleware answers it
itself (the app behind it, where that check lives, is never called); the real
app shows it is in place: refused from another site, served to its own pages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from harness import appserver
from harness.appserver import AppProcess
from workshop.web.origin import SameOriginSocketMiddleware, origin_allowed, trusted_names


def _nothing_trusted() -> list[str]:
    return []


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        (None, "127.0.0.1:8501", True),  # not a browser
        ("http://192.168.1.20:8501", "192.168.1.20:8501", True),  # the app's own page
        ("https://circle.example.org", "circle.example.org", True),  # behind nginx
        ("http://localhost:3000", "192.168.1.20:8501", True),  # loopback, as Streamlit allows
        ("http://evil.example", "192.168.1.20:8501", False),  # another site
        ("http://192.168.1.20.evil.example", "192.168.1.20:8501", False),
        ("null", "192.168.1.20:8501", False),  # a sandboxed frame
    ],
)
def test_which_origins_go_on(origin: str | None, host: str, allowed: bool) -> None:
    assert origin_allowed(origin, host, _nothing_trusted) is allowed


def test_this_machines_own_addresses_and_configured_origins_go_on() -> None:
    def trusted() -> list[str]:
        return ["10.0.0.5", "circle.example.org"]

    assert origin_allowed("http://10.0.0.5:8501", "127.0.0.1:8501", trusted)
    assert origin_allowed("https://circle.example.org:8443", "circle.example.org", trusted)
    assert not origin_allowed("http://10.0.0.6:8501", "127.0.0.1:8501", trusted)


def test_the_trusted_names_come_from_the_options_and_this_machine() -> None:
    names = trusted_names("circle.example.org", ["https://partner.example:8443"])
    assert "circle.example.org" in names and "partner.example" in names
    assert "" not in trusted_names("", [])


def _handshake(middleware: SameOriginSocketMiddleware, origin: bytes) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "websocket",
        "path": "/_stcore/stream",
        "headers": [(b"host", b"192.168.1.20:8501"), (b"origin", origin)],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(middleware(scope, receive, send))
    return sent


def test_a_refused_handshake_never_reaches_streamlit() -> None:
    reached: list[str] = []

    async def streamlit(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["path"])  # where Streamlit's origin check would run

    middleware = SameOriginSocketMiddleware(
        streamlit, cors_enabled=lambda: True, trusted=_nothing_trusted
    )
    assert _handshake(middleware, b"http://evil.example") == [
        {"type": "websocket.close", "code": 1008}
    ]
    assert reached == []
    assert _handshake(middleware, b"http://192.168.1.20:8501") == []
    assert reached == ["/_stcore/stream"]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    folder = tmp_path_factory.mktemp("origin")
    process = appserver.start_app(folder, {"WORKSHOP_DATA_DIR": str(folder / "data")})
    try:
        appserver.wait_healthy(process)
        yield process
    finally:
        process.stop()


async def _open(app: AppProcess, origin: str | None) -> int:
    url = f"ws://127.0.0.1:{app.port}/_stcore/stream"
    try:
        async with connect(url, origin=None if origin is None else Origin(origin)):
            return 101
    except InvalidStatus as refused:
        return int(refused.response.status_code)


def test_the_real_app_refuses_another_sites_socket_and_serves_its_own(app: AppProcess) -> None:
    assert asyncio.run(_open(app, "http://evil.example")) == 403
    assert asyncio.run(_open(app, f"http://127.0.0.1:{app.port}")) == 101
    assert asyncio.run(_open(app, None)) == 101
