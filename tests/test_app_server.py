"""The real app process over HTTP: start-up message, /healthz, the live route, a bad setting.

Started by ``harness.appserver`` (``streamlit run app.py``) on 127.0.0.1.
Streams are read with urllib and a timeout; the ``ended`` answer must be the
same bytes, status and headers (but the date) for every kind of wrong
credential.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import appserver
from harness.appserver import AppProcess
from workshop import rooms
from workshop.config import Settings
from workshop.live.tickets import make_ticket
from workshop.migrations import revisions
from workshop.store import Store, open_store

LIVE_DATA = Path(__file__).resolve().parent / "live_data"
PASSCODE = "a passcode for the tests"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    folder = tmp_path_factory.mktemp("server")
    env = {
        "WORKSHOP_DATA_DIR": str(folder / "data"),
        "WORKSHOP_FACILITATOR_PASSCODE": PASSCODE,
        "WORKSHOP_CURRICULA_DIR": str(LIVE_DATA),
    }
    process = appserver.start_app(folder, env, name="app")
    try:
        appserver.wait_healthy(process)
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def store(app: AppProcess) -> Iterator[Store]:
    data = app.log_path.parent / "data"
    opened = open_store(Settings(data_dir=data))
    yield opened
    opened.dispose()


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    # As a browser does once its first page set it: otherwise each answer carries a
    # fresh random routing cookie (workshop/web/affinity.py) and no two are alike.
    request = urllib.request.Request(url, headers={"Cookie": "oc_node=test-browser"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _first_event(url: str) -> bytes:
    """Read a live stream until its first ``revision`` event, then hang up."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        seen = b""
        while b"event: revision" not in seen or not seen.endswith(b"\n\n"):
            line = response.readline()
            assert line, f"the stream closed after {seen!r}"
            seen += line
    return seen


def test_the_start_up_message_names_the_addresses_and_the_console(app: AppProcess) -> None:
    log = app.log_path.read_text(encoding="utf-8")
    assert log.count("Open Circle is running.") == 1
    assert f"http://localhost:{app.port}/console" in log
    assert "Traceback" not in log


def test_healthz_says_the_database_answers_and_nothing_about_rooms(app: AppProcess) -> None:
    status, headers, body = _get(f"{app.url}/healthz")
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"ok": True, "database": True, "schema": revisions()[-1]}


def test_a_phone_key_and_ticket_each_follow_their_room(app: AppProcess, store: Store) -> None:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Followers", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    token = rooms.join(store, room.join_code).token
    base = f"{app.url}/live/events?room={room.id}"
    phone = _first_event(f"{base}&token={token}")
    assert f'data: {{"revision":{room.revision}}}'.encode() in phone
    projector = _first_event(f"{base}&key={room.display_key}")
    assert f'data: {{"revision":{room.revision},"tick":0}}'.encode() in projector
    console = _first_event(f"{base}&ticket={make_ticket(store, room.id)}")
    assert f'"revision":{room.revision}'.encode() in console


def test_every_wrong_credential_gets_the_same_ended_answer(app: AppProcess, store: Store) -> None:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Wrong ones", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    other = rooms.open_room(store, group.id, "first", retention_days=30)
    ended = rooms.open_room(store, group.id, "first", retention_days=30)
    token = rooms.join(store, room.join_code).token
    ended_token = rooms.join(store, ended.join_code).token
    rooms.end_room(store, ended.id)
    base = f"{app.url}/live/events"
    wrong = [
        f"{base}?room={room.id}&token=unknown-token-that-never-was-made",
        f"{base}?room={other.id}&token={token}",  # another room's token
        f"{base}?room={ended.id}&token={ended_token}",  # an ended room
        f"{base}?room={room.id}&key=not-a-display-key",
        f"{base}?room={other.id}&key={room.display_key}",  # another room's key
        f"{base}?room={ended.id}&key={ended.display_key}",
        f"{base}?room={room.id}&ticket={room.id}.9999999999.{'0' * 64}",
        f"{base}?room={other.id}&ticket={make_ticket(store, room.id)}",  # another room's
        f"{base}?room={ended.id}&ticket={make_ticket(store, ended.id)}",
        f"{base}?room={room.id}&ticket={make_ticket(store, room.id, now=0)}",  # expired
        f"{base}?room={room.id}",
        f"{base}?room=nothing&token={token}",
    ]
    answers = []
    for url in wrong:
        status, headers, body = _get(url)
        headers.pop("date", None)
        answers.append((status, sorted(headers.items()), body))
    assert answers[0][0] == 200
    assert answers[0][2] == b"event: ended\ndata: {}\n\n"
    assert all(answer == answers[0] for answer in answers), answers


def test_a_bad_setting_stops_the_app_with_one_plain_sentence(tmp_path: Path) -> None:
    env = {"WORKSHOP_DATA_DIR": str(tmp_path / "data"), "WORKSHOP_MIN_GROUP": "three"}
    process = appserver.start_app(tmp_path, env, name="bad")
    try:
        code = process.process.wait(timeout=90)
    finally:
        process.stop()
    log = process.log_path.read_text(encoding="utf-8")
    assert code != 0
    assert "Open Circle cannot start: WORKSHOP_MIN_GROUP must be a whole number" in log
    assert "Traceback" not in log
