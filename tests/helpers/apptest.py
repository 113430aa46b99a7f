"""Driving the app under Streamlit's AppTest: open a page, unlock it, press, read.

Shared by the tests in ``tests/app/``. Pages are opened by their script from
``workshop.ui.routes``, the one place that names them. Everything here reads
AppTest's public API (element lists, ``iter(at)``, ``at.get``).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.testing.v1 import AppTest

from workshop import auth, rooms, signin
from workshop.config import Settings
from workshop.store import Store, open_store
from workshop.ui.live_components import TEST_COOKIE_KEY

APP = str(Path(__file__).resolve().parents[2] / "app_pages.py")
"""The entry script ``st.App`` runs (AppTest cannot run ``app.py``: it runs no lifespan)."""
LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
PASSCODE = "let me in please"
TIMEOUT = 20


def page(path: str, **params: str) -> AppTest:
    """A fresh browser session on the page with script ``path`` and these query parameters."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()  # first run registers the pages; then switch
    at.switch_page(path)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def everything(at: Any) -> str:
    """All content of every element in ``at`` (an AppTest or a block), in page order.

    Protobuf text, for order and 'absent' checks: whatever a browser could be
    sent is in it.
    """
    return "\n".join(
        f"{getattr(node, 'type', '')} {node.proto}"
        for node in at
        if getattr(node, "proto", None) is not None
    )


def texts(at: AppTest) -> list[str]:
    """The values of every ``st.text`` on the page."""
    return [t.value for t in at.text]


def times_shown(at: AppTest, line: str) -> int:
    """How many times ``line`` is a whole line of some ``st.text`` on the page
    (one text element may hold several lines, e.g. the folded support list)."""
    return sum(t.value.splitlines().count(line) for t in at.text)


def messages(at: AppTest) -> str:
    """Alert texts as a reader sees them (messages are Markdown-escaped)."""
    raw = " ".join(str(e.value) for e in [*at.error, *at.info, *at.success, *at.warning])
    return re.sub(r"\\(.)", r"\1", raw)


def unlock(at: AppTest, passcode: str = PASSCODE) -> AppTest:
    """Sign this AppTest session in as the sign-in route would, then rerun.

    AppTest has no browser, so no cookie and no HTML form: the passcode is
    checked by the same ``auth.check_signin`` the route calls (the organiser
    passcode or a group's), a real sign-in record with the scope it decides is
    made, and its cookie value goes where the gate reads it under the test
    fixtures only (``live_components.ACCEPT_TEST_COOKIE``, set by
    ``tests/app/conftest.py``). A wrong passcode leaves the page locked.
    """
    store = open_store(Settings.from_env())
    try:
        scope = auth.check_signin(store, passcode, sleep=lambda _s: None)
        if scope is not None:
            at.session_state[TEST_COOKIE_KEY] = signin.sign_in(store, scope)
    finally:
        store.dispose()
    return at.run()


def signin_form_shown(at: AppTest) -> bool:
    """Whether the page shows the sign-in form (a password box posting to /signin)."""
    return any(
        'action="/signin"' in node.proto.body and 'type="password"' in node.proto.body
        for node in at.get("html")
    )


def click(at: AppTest, label: str) -> AppTest:
    """Press the button labelled ``label`` and rerun."""
    next(b for b in at.button if b.label == label).click()
    return at.run()


def charts(at: AppTest) -> list[tuple[dict[str, Any], bytes]]:
    """(Vega-Lite spec, raw Arrow data) of every chart on the page."""
    found: list[tuple[dict[str, Any], bytes]] = []
    for node in at.get("vega_lite_chart"):
        proto: Any = node.proto
        data = b"".join(d.data.data for d in proto.datasets)
        found.append((json.loads(proto.spec), data))
    return found


def downloads(at: AppTest) -> dict[str, Any]:
    """Download buttons by label as a reader sees it (labels are Markdown-escaped)."""
    return {re.sub(r"\\(.)", r"\1", button.label): button for button in at.download_button}


def carried(media: list[MediaFileManager], button: Any) -> bytes:
    """The bytes a download button hands the browser (built now if the data is deferred).

    Read through the media managers the ``media`` fixture kept: AppTest makes
    a fresh one per run and offers no public way to reach it afterwards.
    """
    proto = button.proto
    for manager in reversed(media):
        try:
            if proto.HasField("deferred_file_id"):
                url = manager.execute_deferred(proto.deferred_file_id)
            else:
                url = proto.url
        except MediaFileStorageError:
            continue
        stored = manager.read_file(url.rsplit("/", 1)[-1])
        if stored is not None:
            return bytes(stored.content)
    raise AssertionError(f"no media file behind {button.label!r}")


# --- Rooms set up the way the console sets them up ---------------------------------


def move_to(store: Store, room: rooms.Room, step_id: str) -> rooms.Room:
    """Jump the room to the step with id ``step_id``."""
    index = [s.id for s in room.session.steps].index(step_id)
    current = rooms.get_room(store, room.id)
    return rooms.jump_to(store, room.id, current.revision, index)


def open_current(store: Store, room: rooms.Room) -> rooms.Room:
    """Open the question on the room's current step."""
    current = rooms.get_room(store, room.id)
    return rooms.open_prompt(store, room.id, current.revision)


def phone_params(room: rooms.Room, token: str) -> list[dict[str, str]]:
    """Query strings a phone could hold or forge: none may reach staff content."""
    return [
        {},
        {"token": token},
        {"code": room.join_code},
        {"key": token},
        {"key": room.join_code},
        {"key": room.id},
        {"room": room.id},
        {"room": room.id, "token": token},
        {"page": "console", "token": token},
        {"page": "projector", "key": token},
        {"key": "", "token": token, "room": room.id, "base": "http://evil.example"},
        {"passcode": PASSCODE[:-1], "auth.ok": "true", "token": token},
        {"curriculum": "mini.yaml", "session": "first", "step": "4", "token": token},
    ]


def html_blocks(at: Any) -> list[str]:
    """The markup of every ``st.html`` on the page, in page order."""
    return [str(node.proto.body) for node in at.get("html")]


class _TextOf(HTMLParser):
    """Collects what a browser would show as text: character data outside <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._style = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._style += tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style -= tag == "style"

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str, list[str]]:
    """(the text a browser would show, every tag name) of app-built markup."""
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    return " ".join(parser.parts), parser.tags
