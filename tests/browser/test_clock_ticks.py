"""The console's step countdown ticks in Chromium with no server run.

The real app (``harness.appserver``); the room is made through the store.
The console is unlocked and opened on the room; then, while nothing changes
in the room, the countdown's text moves on by itself and the page asks the
server for no run at all (counted from the websocket frames it sends).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import AppServer, wait_for_app
from playwright.sync_api import Browser, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    return LIVE_DATA


def test_the_countdown_ticks_without_a_server_run(
    app_server: AppServer, store: Store, browser: Browser
) -> None:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Clock group", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        reruns: list[BackMsg] = []

        def watch(socket: WebSocket) -> None:
            def sent(payload: str | bytes) -> None:
                if isinstance(payload, bytes):
                    message = BackMsg.FromString(payload)
                    if message.WhichOneof("type") == "rerun_script":
                        reruns.append(message)

            socket.on("framesent", sent)

        page.on("websocket", watch)
        page.goto(f"{app_server.url}/console?room={room.id}")
        wait_for_app(page)
        page.get_by_label("Passcode").fill(app_server.passcode)
        page.get_by_role("button", name="Unlock", exact=True).click()
        clock = page.get_by_test_id("oc-clock")
        expect(clock).to_contain_text(" left of ", timeout=30_000)
        # The stream's first event (sent on connect) reruns the fragment once: let it pass.
        for _ in range(100):
            if any(m.rerun_script.fragment_id for m in reruns):
                break
            page.wait_for_timeout(100)
        wait_for_app(page)
        first = clock.inner_text()
        before = len(reruns)
        expect(clock).not_to_have_text(first, timeout=10_000)  # it moved on by itself
        assert len(reruns) == before, "the clock asked the server for a run"
        assert rooms.get_room(store, room.id).revision == room.revision
    finally:
        context.close()
