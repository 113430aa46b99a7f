"""Push in a real browser: five phones at 360 px and the console follow the room.

The real app (``harness.appserver``) runs with the test hooks on
(``WORKSHOP_TEST_HOOKS=1``) and the fallback poll at its slowest (30 s), so
every follow below is the push, not the poll. The room is set up, and moved
while the app is down or paused, through the store on the same SQLite file
(another process, as the CLI would be). Each tab counts its EventSource
connections with a shim injected before any page script; each phone's
fragment runs are counted from the websocket frames the browser sends.
"""

from __future__ import annotations

import json
import os
import signal
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers.browser import PASSCODE, PHONE, wait_for_app, wait_until
from playwright.sync_api import Browser, BrowserContext, Page, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from harness import appserver
from harness.appserver import AppProcess
from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
FOLLOW_MS = 8_000  # well under the 30 s fallback poll: only a push gets there in time
STEPS = ["Welcome to the circle", "Tonight we listen"]

# Counts this tab's EventSource connections (made, and open now).
_SHIM = """
(() => {
  const Original = window.EventSource;
  const counts = { made: 0, open: 0 };
  window.__eventSources = counts;
  class Counted extends Original {
    constructor(url, options) {
      super(url, options);
      counts.made += 1;
      counts.open += 1;
      this.__closed = false;
      this.addEventListener("error", () => {
        if (this.readyState === 2 && !this.__closed) { this.__closed = true; counts.open -= 1; }
      });
    }
    close() {
      if (!this.__closed) { this.__closed = true; counts.open -= 1; }
      super.close();
    }
  }
  window.EventSource = Counted;
})();
"""


@dataclass
class Tab:
    """One browser tab and the script runs it asked the server for."""

    page: Page
    reruns: list[bool] = field(default_factory=list)
    """One entry per rerun request: True when it reran a fragment only."""

    def open_streams(self) -> int:
        return int(self.page.evaluate("window.__eventSources.open"))

    def fragment_runs(self) -> int:
        return sum(self.reruns)


def _count_reruns(tab: Tab, socket: WebSocket) -> None:
    def sent(payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = BackMsg.FromString(payload)
        if message.WhichOneof("type") == "rerun_script":
            tab.reruns.append(bool(message.rerun_script.fragment_id))

    socket.on("framesent", sent)


@dataclass
class Server:
    folder: Path
    env: dict[str, str]
    app: AppProcess

    @property
    def url(self) -> str:
        return self.app.url

    def restart(self) -> None:
        port = self.app.port
        self.app.stop()
        self.app = appserver.start_app(self.folder, self.env, name="app", port=port)
        appserver.wait_healthy(self.app)

    def post(self, path: str) -> dict[str, int]:
        request = urllib.request.Request(f"{self.url}{path}", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            return dict(json.loads(response.read()))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("push")
    env = {
        "WORKSHOP_DATA_DIR": str(folder / "data"),
        "WORKSHOP_FACILITATOR_PASSCODE": PASSCODE,
        "WORKSHOP_CURRICULA_DIR": str(LIVE_DATA),
        "WORKSHOP_POLL_SECONDS": "30",
        "WORKSHOP_TEST_HOOKS": "1",
    }
    app = appserver.start_app(folder, env, name="app")
    running = Server(folder=folder, env=env, app=app)
    try:
        appserver.wait_healthy(app)
        yield running
    finally:
        running.app.stop()


@pytest.fixture(scope="module")
def store(server: Server) -> Iterator[Store]:
    opened = open_store(Settings(data_dir=Path(server.env["WORKSHOP_DATA_DIR"])))
    yield opened
    opened.dispose()


def _tab(browser: Browser, made: list[BrowserContext], url: str, **options: object) -> Tab:
    context = browser.new_context(**options)  # type: ignore[arg-type]
    made.append(context)
    context.add_init_script(_SHIM)
    page = context.new_page()
    page.set_default_timeout(30_000)
    tab = Tab(page)
    page.on("websocket", lambda socket: _count_reruns(tab, socket))
    page.goto(url)
    return tab


def _sees(tab: Tab, text: str, timeout: float = FOLLOW_MS) -> None:
    expect(tab.page.get_by_text(text, exact=True).first).to_be_visible(timeout=timeout)


def _move(store: Store, room_id: str, index: int) -> None:
    """Jump the room to a step from another process, as the CLI could."""
    current = rooms.get_room(store, room_id)
    rooms.jump_to(store, room_id, current.revision, index)


def test_five_phones_and_the_console_follow_by_push(
    server: Server, store: Store, browser: Browser
) -> None:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Push group", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    made: list[BrowserContext] = []
    try:
        console = _tab(
            browser, made, f"{server.url}/console", viewport={"width": 1280, "height": 900}
        )
        wait_for_app(console.page)
        console.page.get_by_label("Passcode").fill(PASSCODE)
        console.page.get_by_role("button", name="Unlock", exact=True).click()
        console.page.get_by_role("button", name="Go to the room", exact=False).click()
        wait_for_app(console.page)
        phones = []
        for _ in range(5):
            token = rooms.join(store, room.join_code).token
            phones.append(_tab(browser, made, f"{server.url}/join?token={token}", **PHONE))
        for tab in [*phones, console]:
            _sees(tab, STEPS[0], timeout=30_000)

        # Console Next: every phone shows the new step.
        next_button = console.page.locator(".st-key-console-next button")
        previous_button = console.page.locator(".st-key-console-previous button")
        next_button.click()
        for tab in phones:
            _sees(tab, STEPS[1])

        # Twenty more changes (from another process, as the CLI would write them):
        # still one stream per tab.
        for i in range(20):
            _move(store, room.id, 0 if i % 2 == 0 else 1)
            _sees(phones[i % 5], STEPS[0] if i % 2 == 0 else STEPS[1])
        for tab in phones:
            _sees(tab, STEPS[1])
        for tab in [*phones, console]:
            assert tab.open_streams() == 1

        # Twenty idle seconds: at most one fragment run per phone.
        # (page.wait_for_timeout, not time.sleep: the browsers' events must keep
        # flowing, or the idle count would be of a frozen test client.)
        console.page.wait_for_timeout(2000)  # let the last change's runs finish
        before = [tab.fragment_runs() for tab in phones]
        console.page.wait_for_timeout(20_000)
        idle = [tab.fragment_runs() - b for tab, b in zip(phones, before, strict=True)]
        assert all(runs <= 1 for runs in idle), idle

        # A reload follows like before.
        phones[0].page.reload()
        _sees(phones[0], STEPS[1], timeout=30_000)
        wait_for_app(phones[0].page)
        expect(previous_button).to_have_count(1)
        previous_button.click()
        for tab in phones:
            _sees(tab, STEPS[0])

        # Every stream dropped (the test hook): pages reconnect by themselves.
        dropped = server.post("/live/test/drop")
        assert dropped["dropped"] >= 6
        _move(store, room.id, 1)  # written by this process: the watcher sees it
        for tab in phones:
            _sees(tab, STEPS[1])
        for tab in phones:
            assert tab.open_streams() == 1

        # A restart on the same port and data: every phone comes back to the current step.
        server.app.stop()
        _move(store, room.id, 0)
        server.restart()
        for tab in phones:
            _sees(tab, STEPS[0], timeout=30_000)
        _move(store, room.id, 1)
        for tab in phones:
            _sees(tab, STEPS[1])

        # The server paused for 30 s while the room moves: phones catch up after.
        os.kill(server.app.process.pid, signal.SIGSTOP)
        try:
            _move(store, room.id, 0)
            console.page.wait_for_timeout(30_000)
        finally:
            os.kill(server.app.process.pid, signal.SIGCONT)
        for tab in phones:
            _sees(tab, STEPS[0], timeout=30_000)
        for tab in phones:
            assert tab.open_streams() == 1
    finally:
        for context in made:
            context.close()


def test_typed_text_survives_a_server_restart_and_sends_after(
    server: Server, store: Store, browser: Browser
) -> None:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Restart group", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    room = rooms.jump_to(store, room.id, room.revision, 2)  # open-words
    rooms.open_prompt(store, room.id, room.revision)
    made: list[BrowserContext] = []
    try:
        phone = _tab(browser, made, f"{server.url}/join?code={room.join_code}", **PHONE)
        wait_for_app(phone.page)
        box = phone.page.get_by_role("textbox").first
        expect(box).to_be_visible()
        box.fill("typed before the restart")  # not sent: only in his browser
        server.restart()
        # The phone reconnects by itself to the new process and redraws.
        phone.page.wait_for_selector(
            "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30_000
        )
        wait_for_app(phone.page, timeout=30_000)
        phone.page.wait_for_timeout(1500)  # a redraw after the stream's first event, too
        wait_for_app(phone.page, timeout=30_000)
        assert box.input_value() == "typed before the restart"
        phone.page.get_by_role("button", name="Send", exact=True).click()
        token = phone.page.evaluate("new URL(location.href).searchParams.get('token')")
        assert isinstance(token, str) and token

        def saved() -> object:
            for prompt, mine in rooms.my_answers(store, token):
                if prompt.id == "open-words":
                    return mine.value
            return None

        wait_until(phone.page, lambda: saved() is not None)
        assert saved() == "typed before the restart"
    finally:
        for context in made:
            context.close()
