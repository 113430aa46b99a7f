"""A screen that missed a redraw heals itself (``workshop.ui.live_stream.mark_drawn``).

Under load, Streamlit 1.67 can cut a page run short for a queued fragment run
and then run nothing more: the console kept the old step on screen until the
next event, which in a quiet room may never come. Here the same state is made
on purpose: the screen's fragment no longer hears the stream (what sends its
trigger is taken away in the browser), the room moves in the store, and only the
listener's own heal can bring the screen up to date.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import AppServer, wait_for_app
from playwright.sync_api import Browser, Page, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"

_DEAF = """() => {
  // The fragment's events now go nowhere, even after a remount.
  window.__openCircleLive.sendFragment = () => {};
}"""


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    """The live test curricula, served by this module's app."""
    return LIVE_DATA


def _open(browser: Browser, app_server: AppServer, room: rooms.Room, screen: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page.set_default_timeout(30_000)
    if screen == "projector":
        page.goto(f"{app_server.url}/projector?key={room.display_key}")
    elif screen == "join":  # a phone: on a slide, its events go to the fragment first
        page.goto(f"{app_server.url}/join?code={room.join_code}")
    else:
        page.goto(f"{app_server.url}/{screen}?room={room.id}")
        wait_for_app(page)
        page.get_by_label("Passcode").fill(app_server.passcode)
        page.get_by_role("button", name="Unlock", exact=True).click()
    wait_for_app(page)
    return page


@pytest.mark.parametrize(
    ("screen", "before", "after"),
    [
        ("console", "Step 1 of 7", "Step 2 of 7"),
        ("projector", "Welcome to the circle", "Tonight we listen"),
        ("remote", "Step 1 of 7", "Step 2 of 7"),
        ("join", "Welcome to the circle", "Tonight we listen"),
    ],
)
def test_a_screen_whose_fragment_missed_a_change_redraws_by_itself(
    app_server: AppServer, store: Store, browser: Browser, screen: str, before: str, after: str
) -> None:
    group = rooms.create_group(
        store, f"Heal {screen}", "mini", (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    )
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    page = _open(browser, app_server, room, screen)
    try:
        expect(page.get_by_text(before, exact=False).first).to_be_visible()
        page.wait_for_function("() => Boolean(window.__openCircleLive?.sendFragment)")
        page.evaluate(_DEAF)
        # The stream is up and the screen shows the revision it announced
        # (any run asked for before the fragment went deaf has finished).
        page.wait_for_function("() => (g => Number.isInteger(g.heardRev))(window.__openCircleLive)")
        page.wait_for_timeout(500)
        wait_for_app(page)
        page.wait_for_function("() => (g => g.mark === g.heardRev)(window.__openCircleLive)")
        healed_before = page.evaluate("() => window.__openCircleLive.healedAt || 0")
        rooms.next_step(store, room.id, room.revision)
        # The stream announces the change; the fragment cannot act on it, so
        # only the watchdog, finding the mark behind, can redraw the screen.
        expect(page.get_by_text(after, exact=False).first).to_be_visible(timeout=15_000)
        healed = page.evaluate("() => window.__openCircleLive.healedAt || 0")
        assert healed > healed_before, "the screen was redrawn, but not by the heal"
    finally:
        page.close()
