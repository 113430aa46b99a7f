"""Deleting a whole group from the organiser page in a real browser (issue 15).

A phone follows a running room; the organiser downloads the group record, then
deletes the group with its name typed again. The phone shows the ended screen,
the rows are gone, and no byte of the group's name or answers is left in any
file of the server's data folder while the app still runs.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.browser import PHONE, AppServer, new_page, wait_for_app
from helpers.disk import traces
from playwright.sync_api import Browser, BrowserContext, expect
from pypdf import PdfReader

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
FOLLOW_MS = 10_000
GROUP = "quokka-browser-group-5521"
WORDS = "quokka-browser-answer-7310"


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    return LIVE_DATA


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def test_the_organiser_deletes_a_group_and_the_disk_forgets_it(
    app_server: AppServer, browser: Browser, contexts: list[BrowserContext], store: Store
) -> None:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, GROUP, "mini", text)
    ended = rooms.open_room(store, group.id, "first", retention_days=30)
    index = [s.id for s in ended.session.steps].index("open-words")
    ended = rooms.jump_to(store, ended.id, ended.revision, index)
    ended = rooms.open_prompt(store, ended.id, ended.revision)
    for n in range(3):
        rooms.submit_answer(store, rooms.join(store, ended.join_code).token, "open-words", WORDS)
    rooms.end_room(store, ended.id)
    running = rooms.open_room(store, group.id, "first", retention_days=30)

    phone = new_page(browser, contexts, **PHONE)
    phone.goto(f"{app_server.url}/join?code={running.join_code}")
    expect(phone.get_by_text("Welcome to the circle")).to_be_visible(timeout=FOLLOW_MS)

    organiser = new_page(browser, contexts, viewport={"width": 1280, "height": 900})
    organiser.goto(f"{app_server.url}/organiser")
    wait_for_app(organiser)
    organiser.get_by_label("Passcode").fill(app_server.passcode)
    organiser.get_by_role("button", name="Unlock", exact=True).click()
    expect(organiser.get_by_text(GROUP).first).to_be_visible()

    with organiser.expect_download() as info:
        organiser.get_by_role("button", name="Download the group record (PDF)").click()
    record = Path(info.value.path()).read_bytes()
    assert record.startswith(b"%PDF-")
    assert "Group record" in (PdfReader(io.BytesIO(record)).pages[0].extract_text() or "")

    organiser.get_by_text(f"Delete data of '{GROUP}' now").click()
    expect(organiser.get_by_text("1 session(s) still running will be ended first")).to_be_visible()
    box = organiser.get_by_label("Type the group's name, exactly as shown, to confirm")
    box.fill(GROUP + "x")
    box.press("Enter")
    wait_for_app(organiser)
    organiser.get_by_role("button", name="Delete now").click()
    expect(organiser.get_by_text("Nothing was deleted", exact=False)).to_be_visible()
    assert [g.id for g in rooms.list_groups(store)] == [group.id]

    box = organiser.get_by_label("Type the group's name, exactly as shown, to confirm")
    box.fill(GROUP)
    box.press("Enter")
    wait_for_app(organiser)
    organiser.get_by_role("button", name="Delete now").click()
    expect(organiser.get_by_text(f"Deleted the group '{GROUP}'", exact=False)).to_be_visible()
    expect(organiser.get_by_text("no longer work", exact=False)).to_be_visible()

    # The phone was following the room: it shows the ended screen.
    expect(phone.get_by_text("This session has ended, thank you.")).to_be_visible(timeout=FOLLOW_MS)
    assert rooms.list_groups(store) == [] and rooms.list_rooms(store) == []
    with store.reading() as tx:
        for table in ("groups", "rooms", "phones", "answers", "notices"):
            assert tx.raw_rows(table) == [], table
    assert traces(app_server.data_dir, (GROUP, WORDS)) == []
