"""Two app processes on one PostgreSQL database behind nginx (``deploy/nginx.conf``).

nginx runs the production file, rendered by ``harness/proxy.py`` with this
machine's ports and a private folder for its pid, logs and temporary files.
Phones are real Chromium tabs that reach the app only through nginx; each
browser's routing cookie is chosen so that two phones land on each process
(which process a cookie reaches is read from nginx's own access log). The
console on the first process moves the room and every phone on both
processes follows by push; a phone on the second process downloads a PDF it
made (Streamlit serves downloads only from the process that made them);
then the second process is killed and its phones go on from the first, with
their tokens. Afterwards the access log holds no query string and no client
address, and the error log no request line.

Skipped with the reason where nginx, Chromium or PostgreSQL is missing;
failing instead under ``CI=true``.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import re
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers.browser import PASSCODE, PHONE, wait_for_app
from helpers.ci import require_or_skip
from pypdf import PdfReader

from harness.chromium import CHROMIUM_ARGS, find_chromium, missing_chromium_reason
from harness.proxy import Cluster, find_nginx, missing_nginx_reason, start_cluster
from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
FOLLOW_MS = 10_000
RECONNECT_MS = 10_000
STEPS = ["Welcome to the circle", "Tonight we listen"]
QUESTION = "How connected do you feel right now?"
_UPSTREAM = re.compile(r" up=\S+(, \S+)*$")
SEEN_IN_URLS: list[str] = []
"""Every token and join code this module put into a URL: none may reach a log."""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Cluster]:
    """nginx and two app processes on one isolated PostgreSQL schema."""
    if find_nginx() is None:
        require_or_skip(missing_nginx_reason())
    folder = tmp_path_factory.mktemp("nginx")
    env = {
        "WORKSHOP_DATABASE_URL": pg_url,
        "WORKSHOP_DATA_DIR": str(folder / "data"),
        "WORKSHOP_FACILITATOR_PASSCODE": PASSCODE,
        "WORKSHOP_CURRICULA_DIR": str(LIVE_DATA),
        # The fallback poll at its slowest: a phone that follows in time followed by push.
        "WORKSHOP_POLL_SECONDS": "30",
        "WORKSHOP_TEST_HOOKS": "1",
    }
    running = start_cluster(folder, 2, env)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def store(cluster: Cluster, pg_url: str) -> Iterator[Store]:
    opened = open_store(Settings(database_url=pg_url))
    yield opened
    opened.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium_path = find_chromium()
    if chromium_path is None:
        require_or_skip(missing_chromium_reason())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _get(url: str, cookie: str = "") -> tuple[int, http.client.HTTPMessage, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=15) as response:
        return response.status, response.headers, response.read()


def _upstream_of(cluster: Cluster, cookie: str, path: str) -> int:
    """The app port nginx sends a request with this routing cookie to (its access log)."""
    with contextlib.suppress(urllib.error.HTTPError):  # only where it went counts
        _get(f"{cluster.url}{path}", f"oc_node={cookie}")
    # nginx writes the line just after the response has gone: look for a moment.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in cluster.nginx.access_log.read_text(encoding="utf-8").splitlines():
            if f" GET {path} " in line:
                return int(line.rsplit("up=", 1)[1].split(",")[-1].strip().rsplit(":", 1)[1])
        time.sleep(0.05)
    raise AssertionError(f"{path} is not in the access log")


def _cookies_per_process(cluster: Cluster, wanted: int) -> dict[int, list[str]]:
    """Routing-cookie values that nginx sends to each app process, ``wanted`` each."""
    found: dict[int, list[str]] = {app.port: [] for app in cluster.apps}
    for i in range(200):
        if all(len(values) >= wanted for values in found.values()):
            break
        value = f"probe{i:03d}abcdefgh"
        first = _upstream_of(cluster, value, f"/probe-{i}-a")
        again = _upstream_of(cluster, value, f"/probe-{i}-b")
        assert again == first, "the same cookie must reach the same process"
        if len(found[first]) < wanted:
            found[first].append(value)
    assert all(len(values) >= wanted for values in found.values()), found
    return found


def _open_streams(port: int) -> int:
    _status, _headers, body = _get(f"http://127.0.0.1:{port}/live/test/streams")
    return int(json.loads(body)["open"])


def _wait_streams(port: int, count: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    seen = _open_streams(port)
    while seen != count and time.monotonic() < deadline:
        time.sleep(0.25)
        seen = _open_streams(port)
    return seen


def _read_event(response: http.client.HTTPResponse) -> tuple[str, str]:
    """The next server-sent event (name, data) of an open stream."""
    name, data = "", ""
    while True:
        line = response.readline().decode("utf-8").rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            data = line[len("data: ") :]
        elif line == "" and name:
            return name, data


def test_the_routing_cookie_and_the_live_stream_pass_through_nginx(
    cluster: Cluster, store: Store
) -> None:
    # A browser's first request gets the random routing cookie from the app.
    _status, headers, _body = _get(f"{cluster.url}/")
    cookies = [c for c in headers.get_all("Set-Cookie") or [] if c.startswith("oc_node=")]
    assert len(cookies) == 1, headers
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    assert headers["Referrer-Policy"] == "no-referrer"

    # The event stream is not buffered: each event arrives while the stream stays open.
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Stream group", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    token = rooms.join(store, room.join_code).token
    SEEN_IN_URLS.extend([token, room.join_code])
    connection = http.client.HTTPConnection("127.0.0.1", cluster.nginx.port, timeout=20)
    try:
        connection.request("GET", f"/live/events?room={room.id}&token={token}")
        response = connection.getresponse()
        assert response.status == 200
        name, data = _read_event(response)
        assert (name, json.loads(data)["revision"]) == ("revision", room.revision)
        moved = rooms.jump_to(store, room.id, room.revision, 1)
        name, data = _read_event(response)
        while name == "ping":
            name, data = _read_event(response)
        assert (name, json.loads(data)["revision"]) == ("revision", moved.revision)
    finally:
        connection.close()
    rooms.end_room(store, room.id)


def _tab(browser: object, made: list[object], url: str, cookie: str, **options: object) -> object:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(accept_downloads=True, **options)  # type: ignore[arg-type]
    made.append(context)
    context.add_cookies([{"name": "oc_node", "value": cookie, "url": url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    return page


def _token(page: object) -> str:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    return parse_qs(urlsplit(page.url).query).get("token", [""])[0]


def test_phones_on_both_processes_follow_download_and_survive_a_dead_process(
    cluster: Cluster, store: Store, browser: object
) -> None:
    from playwright.sync_api import Page, expect

    a, b = cluster.apps
    routes = _cookies_per_process(cluster, 3)
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Scale-out group", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    made: list[object] = []
    try:
        console = _tab(
            browser,
            made,
            f"{cluster.url}/console",
            routes[a.port][0],
            viewport={"width": 1280, "height": 900},
        )
        assert isinstance(console, Page)
        wait_for_app(console)
        console.get_by_label("Passcode").fill(PASSCODE)
        console.get_by_role("button", name="Unlock", exact=True).click()
        console.get_by_role("button", name="Go to the room", exact=False).click()
        wait_for_app(console)

        on_a: list[Page] = []
        on_b: list[Page] = []
        for into, cookies in ((on_a, routes[a.port][1:3]), (on_b, routes[b.port][1:3])):
            for cookie in cookies:
                token = rooms.join(store, room.join_code).token
                page = _tab(browser, made, f"{cluster.url}/join?token={token}", cookie, **PHONE)
                assert isinstance(page, Page)
                into.append(page)
        phones = on_a + on_b
        tokens = [_token(page) for page in phones]
        SEEN_IN_URLS.extend(tokens)
        assert all(tokens) and len(set(tokens)) == 4
        for page in [*phones, console]:
            expect(page.get_by_text(STEPS[0], exact=True).first).to_be_visible(timeout=30_000)
        # Each page's live stream is on the process its cookie chose.
        assert _wait_streams(a.port, 3, 15) == 3  # the console and two phones
        assert _wait_streams(b.port, 2, 15) == 2

        # The console (on the first process) moves the room: phones on both follow.
        console.locator(".st-key-console-next button").click()
        for page in phones:
            expect(page.get_by_text(STEPS[1], exact=True).first).to_be_visible(timeout=FOLLOW_MS)

        # A phone on the second process answers and downloads its own PDF through nginx.
        current = rooms.get_room(store, room.id)
        index = [s.id for s in current.session.steps].index("check-in")
        current = rooms.jump_to(store, room.id, current.revision, index)
        rooms.open_prompt(store, room.id, current.revision)
        phone = on_b[0]
        expect(phone.get_by_text(QUESTION)).to_be_visible(timeout=FOLLOW_MS)
        phone.locator("[data-testid='stRadio'] label").filter(has_text="7").first.click()
        phone.get_by_role("button", name="Send", exact=True).click()
        expect(phone.get_by_text("Saved. You can change", exact=False)).to_be_visible()
        with phone.expect_download() as info:  # one tap (issue 12)
            phone.get_by_role("button", name="Save my answers (PDF)").click()
        pdf = Path(info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF-")
        pdf_text = " ".join(
            " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
        )
        assert f"{QUESTION} 7 of 0–10" in pdf_text

        # The second process dies: its phones go on from the first, with their tokens.
        os.kill(b.process.pid, signal.SIGKILL)
        b.process.wait(timeout=10)
        current = rooms.get_room(store, room.id)
        rooms.jump_to(store, room.id, current.revision, 0)
        for page in phones:
            expect(page.get_by_text(STEPS[0], exact=True).first).to_be_visible(timeout=RECONNECT_MS)
        assert [_token(page) for page in phones] == tokens
        assert _wait_streams(a.port, 5, 10) == 5
        for page in on_b:
            wait_for_app(page)
        # And they keep following, now from the first process.
        console.locator(".st-key-console-next button").click()
        for page in phones:
            expect(page.get_by_text(STEPS[1], exact=True).first).to_be_visible(timeout=FOLLOW_MS)
    finally:
        for context in made:
            context.close()  # type: ignore[attr-defined]


def test_the_logs_hold_no_token_no_query_string_and_no_client_address(
    cluster: Cluster,
) -> None:
    # Runs after the journeys above (file order): stop nginx so its logs are complete.
    cluster.nginx.stop()
    access = cluster.nginx.access_log.read_text(encoding="utf-8")
    lines = access.splitlines()
    assert any(" GET /join " in line for line in lines), "the phones' visits were logged"
    assert any(" GET /_stcore/stream 101 " in line for line in lines)
    assert any(" GET /live/events 200 " in line for line in lines)
    assert len(SEEN_IN_URLS) >= 6, "the journeys above ran first"
    for line in lines:
        assert "?" not in line and "token=" not in line and "code=" not in line, line
        assert not [secret for secret in SEEN_IN_URLS if secret in line], line
        without_upstream = _UPSTREAM.sub("", line)
        assert "127.0.0.1" not in without_upstream, line
    errors = cluster.nginx.error_log.read_text(encoding="utf-8")
    assert "request:" not in errors and "client:" not in errors, errors
    assert "token=" not in errors and "?" not in errors, errors
    assert not [secret for secret in SEEN_IN_URLS if secret in errors], errors
