"""The console's cockpit in Chromium at 1366×768, the laptop of a real session.

The real app with the live test curricula; the room is set up through the
store on the same SQLite file, and every move below is made in the browser
(a key press or a click), checked in the store.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.browser import AppServer, wait_for_app
from playwright.sync_api import Browser, Page, expect

from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    """The live test curricula, served by this module's app."""
    return LIVE_DATA


@pytest.fixture(scope="module")
def store(app_server: AppServer) -> Iterator[Store]:
    opened = open_store(Settings(data_dir=app_server.data_dir))
    yield opened
    opened.dispose()


def _room(store: Store, name: str) -> rooms.Room:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, name, "mini", text)
    return rooms.open_room(store, group.id, "first", retention_days=30)


def _console(browser: Browser, app_server: AppServer, room: rooms.Room) -> Page:
    page = browser.new_page(viewport=LAPTOP)  # type: ignore[attr-defined]
    page.set_default_timeout(30_000)
    page.goto(f"{app_server.url}/console?room={room.id}")
    wait_for_app(page)
    page.get_by_label("Passcode").fill(app_server.passcode)
    page.get_by_role("button", name="Unlock", exact=True).click()
    expect(page.locator(".st-key-console-cockpit")).to_be_visible()
    wait_for_app(page)
    # The key listener is a component: its script installs it a moment after
    # the page has drawn; a press before that reaches no listener.
    page.wait_for_function("() => Boolean(window.__openCircleKeys?.installed)")
    return page


def _step_becomes(store: Store, room: rooms.Room, index: int) -> None:
    for _ in range(100):
        if rooms.get_room(store, room.id).step_index == index:
            return
        time.sleep(0.1)
    assert rooms.get_room(store, room.id).step_index == index


def test_arrows_a_double_page_down_and_b_move_the_room_one_press_each(
    app_server: AppServer, store: Store, browser: Browser
) -> None:
    room = _room(store, "Keys group")
    page = _console(browser, app_server, room)
    try:
        page.keyboard.press("ArrowRight")
        _step_becomes(store, room, 1)
        expect(page.get_by_text("Step 2 of 7", exact=False)).to_be_visible()
        wait_for_app(page)
        page.keyboard.press("PageDown")
        page.keyboard.press("PageDown")  # a clicker's double press: one step
        _step_becomes(store, room, 2)
        wait_for_app(page)
        page.wait_for_timeout(1500)
        assert rooms.get_room(store, room.id).step_index == 2
        page.keyboard.press("ArrowLeft")
        _step_becomes(store, room, 1)
        wait_for_app(page)
        page.keyboard.press("b")  # blank: the projector pauses
        for _ in range(100):
            if rooms.get_room(store, room.id).paused:
                break
            time.sleep(0.1)
        assert rooms.get_room(store, room.id).paused
        wait_for_app(page)
        # Typing in a field never moves the room.
        page.get_by_label("Jump to").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(1000)
        assert rooms.get_room(store, room.id).step_index == 1
    finally:
        page.close()


def test_after_close_reveal_is_the_main_button_in_view_without_scrolling(
    app_server: AppServer, store: Store, browser: Browser
) -> None:
    room = _room(store, "Reveal group")
    rooms.jump_to(store, room.id, room.revision, 2)  # open-words, long notes below
    page = _console(browser, app_server, room)
    try:
        for label in ("Open the question", "Close the question"):
            page.get_by_role("button", name=label, exact=True).click()
            wait_for_app(page)
        reveal = page.locator(".st-key-console-reveal button")
        expect(reveal).to_be_visible()
        box = reveal.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"]
        scrolled = "document.querySelector(\"[data-testid='stMain']\").scrollTop"
        assert page.evaluate(scrolled) == 0  # in view as the page opens, without scrolling
        assert reveal.get_attribute("data-testid") == "stBaseButton-primary"
        again = page.locator(".st-key-console-open_prompt button")
        assert again.count() == 0 or again.get_attribute("data-testid") != "stBaseButton-primary"
        page.mouse.move(700, 600)
        page.mouse.wheel(0, 900)  # the notes and preview scroll under the pinned bar
        page.wait_for_function(f"{scrolled} > 0")
        box = reveal.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"]
        page.keyboard.press("Space")  # the main action from the keyboard too
        for _ in range(100):
            if rooms.get_room(store, room.id).prompt_state == "revealed":
                break
            page.wait_for_timeout(100)
        assert rooms.get_room(store, room.id).prompt_state == "revealed"
    finally:
        page.close()


def test_the_remote_on_a_phone_hides_a_text_from_the_projector(
    app_server: AppServer, store: Store, browser: Browser
) -> None:
    room = _room(store, "Remote group")
    room = rooms.jump_to(store, room.id, room.revision, 2)  # open-words
    room = rooms.open_prompt(store, room.id, room.revision)
    for text in ("one", "two", "three", "secret four"):
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-words", text)
    rooms.close_prompt(store, room.id, room.revision)
    phone = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    projector = browser.new_page(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
    try:
        phone.set_default_timeout(30_000)
        phone.goto(f"{app_server.url}/remote?room={room.id}")
        wait_for_app(phone)
        phone.get_by_label("Passcode").fill(app_server.passcode)
        phone.get_by_role("button", name="Unlock", exact=True).click()
        row = phone.locator("[data-testid='stHorizontalBlock']").filter(has_text="secret four")
        expect(row.last).to_be_visible()
        row.last.get_by_text("Hide").click()
        for _ in range(100):
            hidden = [i.text for i in rooms.private_texts(store, room.id, "open-words") if i.hidden]
            if hidden:
                break
            time.sleep(0.1)
        assert hidden == ["secret four"]
        wait_for_app(phone)
        phone.locator(".st-key-remote-main button").click()
        for _ in range(100):
            if rooms.get_room(store, room.id).prompt_state == "revealed":
                break
            time.sleep(0.1)
        assert rooms.get_room(store, room.id).prompt_state == "revealed"
        projector.goto(f"{app_server.url}/projector?key={room.display_key}")
        wait_for_app(projector)
        expect(projector.get_by_text("three", exact=True)).to_be_visible()
        assert "secret four" not in projector.inner_text("body")
    finally:
        phone.close()
        projector.close()
