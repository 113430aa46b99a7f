"""The phone's head redraws alone from one step to the next (``workshop.ui.phone_live``).

From a step with nothing to answer to another, only the head of the page
changes, and the live fragment redraws just that (the load client's test shows
it is a fragment run, not a run of the page). Here in Chromium: the title
follows the room, the head is drawn once, and words he is still typing in the
box of the last question stay in the box through every move.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.browser import PHONE, AppServer, new_page, wait_for_app
from playwright.sync_api import Browser, BrowserContext, Page, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
TYPED = "half a thought, not sent"


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    """The live test curricula, served by this module's app."""
    return LIVE_DATA


@pytest.fixture
def room(store: Store) -> rooms.Room:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Head group", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    room = rooms.jump_to(store, room.id, room.revision, 2)  # open-words, a text question
    return rooms.open_prompt(store, room.id, room.revision)


@pytest.fixture
def phone(browser: Browser, room: rooms.Room, app_server: AppServer) -> Iterator[Page]:
    made: list[BrowserContext] = []
    page = new_page(browser, made, **PHONE)
    page.goto(f"{app_server.url}/join?code={room.join_code}")
    wait_for_app(page)
    yield page
    for context in made:
        context.close()


def test_the_title_follows_slide_to_slide_and_the_typed_words_stay(
    store: Store, room: rooms.Room, phone: Page
) -> None:
    box = phone.get_by_label("Your answer")
    expect(box).to_be_visible()
    box.fill(TYPED)  # typed, never sent: only in his browser
    title = phone.locator(".st-key-oc-text-large-phone-step")
    marks: list[int] = []
    for index, expected in [
        (0, "Welcome to the circle"),
        (1, "Tonight we listen"),
        (6, "Talk in pairs"),
    ]:
        current = rooms.get_room(store, room.id)
        rooms.jump_to(store, room.id, current.revision, index)
        expect(title).to_have_text(expected)
        wait_for_app(phone)
        expect(title).to_have_count(1)  # the head is drawn once, never twice
        marks.append(phone.locator(".st-key-phone-live-mark").count())
        assert box.input_value() == TYPED, f"what he typed was lost on the way to {expected!r}"
    assert rooms.response_count(store, room.id, "open-words") == 0  # nothing was sent
    # The question to the slide was a run of the page; the two moves after it
    # were the fragment's alone, each leaving its mark of the revision it drew.
    assert marks == [0, 1, 1]
