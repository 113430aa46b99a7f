"""The console's cockpit in Chromium at 1366×768, the laptop of a real session.

The real app with the live test curricula; the room is set up through the
store on the same SQLite file, and every move below is made in the browser
(a key press or a click), checked in the store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import AppServer, wait_for_app, wait_until
from playwright.sync_api import Browser, Page, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    """The live test curricula, served by this module's app."""
    return LIVE_DATA


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


def _step_becomes(page: Page, store: Store, room: rooms.Room, index: int) -> None:
    wait_until(page, lambda: rooms.get_room(store, room.id).step_index == index)
    assert rooms.get_room(store, room.id).step_index == index


def test_arrows_a_double_page_down_and_b_move_the_room_one_press_each(
    app_server: AppServer, store: Store, browser: Browser
) -> None:
    room = _room(store, "Keys group")
    page = _console(browser, app_server, room)
    try:
        page.keyboard.press("ArrowRight")
        _step_becomes(page, store, room, 1)
        expect(page.get_by_text("Step 2 of 7", exact=False)).to_be_visible()
        wait_for_app(page)
        page.keyboard.press("PageDown")
        page.keyboard.press("PageDown")  # a clicker's double press: one step
        _step_becomes(page, store, room, 2)
        wait_for_app(page)
        page.wait_for_timeout(1500)
        assert rooms.get_room(store, room.id).step_index == 2
        page.keyboard.press("ArrowLeft")
        _step_becomes(page, store, room, 1)
        wait_for_app(page)
        page.keyboard.press("b")  # blank: the projector pauses
        wait_until(page, lambda: rooms.get_room(store, room.id).paused)
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
        wait_until(page, lambda: rooms.get_room(store, room.id).prompt_state == "revealed")
        assert rooms.get_room(store, room.id).prompt_state == "revealed"
    finally:
        page.close()


# A live event's fragment trigger and a press in the same browser task: Streamlit
# 1.67 sends them as one batch and runs only the fragment, so without the guard
# in workshop.ui.live_stream the press is lost (seen in about 1 run in 4 of the
# tests above, where the stream's first event meets the first press).
_SAME_TASK = """(press) => {
  window.__openCircleLive.sendFragment("change:9999");
  if (press === "click") document.querySelector(".st-key-console-open_prompt button").click();
  else window.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight" }));
}"""


@pytest.mark.parametrize("press", ["click", "key"])
def test_a_press_in_the_same_moment_as_a_live_event_is_not_lost(
    app_server: AppServer, store: Store, browser: Browser, press: str
) -> None:
    room = _room(store, f"Same moment group {press}")
    rooms.jump_to(store, room.id, room.revision, 2)  # a question, not yet open
    page = _console(browser, app_server, room)
    try:
        page.wait_for_function("() => Boolean(window.__openCircleLive?.sendFragment)")
        page.wait_for_timeout(500)  # no recent input: the event's trigger goes at once
        page.evaluate(_SAME_TASK, press)
        opened = wait_until(page, lambda: rooms.get_room(store, room.id).prompt_state == "open")
        assert opened, "the press sent beside a live event never reached the server"
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

        def hidden() -> list[str]:
            return [i.text for i in rooms.private_texts(store, room.id, "open-words") if i.hidden]

        wait_until(phone, lambda: bool(hidden()))
        assert hidden() == ["secret four"]
        wait_for_app(phone)
        phone.locator(".st-key-remote-main button").click()
        wait_until(phone, lambda: rooms.get_room(store, room.id).prompt_state == "revealed")
        assert rooms.get_room(store, room.id).prompt_state == "revealed"
        projector.goto(f"{app_server.url}/projector?key={room.display_key}")
        wait_for_app(projector)
        expect(projector.get_by_text("three", exact=True)).to_be_visible()
        assert "secret four" not in projector.inner_text("body")
    finally:
        phone.close()
        projector.close()
