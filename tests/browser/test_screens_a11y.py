"""The room's three other screens pass axe-core (issue 12, item 6): the console
at 1366 x 768, the projector at 1280 x 720 and 1920 x 1080, the presenter
remote at 360 x 740; and the console works from the keyboard alone.

The real app with the live test curricula; the room is set up through the
store on the same SQLite file (as the CLI would), the screens are Chromium
pages, and the audit is ``helpers.axe`` (the phone's, shared). Each screen is
audited on a slide, an open question and a revealed one; the console and the
remote also on a revealed text question with more cards than one page, on its
middle page (both page buttons live, the console's list marking the cards on
the wall now).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.axe import axe_violations
from helpers.browser import AppServer, wait_for_app, wait_until
from playwright.sync_api import Browser, Page, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
FOLLOW_MS = 20_000

# Violations inside Streamlit's own chrome, by rule id, each with its reason.
# Nothing here may hide a violation in what this app draws.
ALLOWED: dict[str, str] = {}

# Where each screen is in the room when it is audited.
STAGES = ("slide", "open", "revealed")
# A revealed text question on the second of three pages of cards (console and remote).
CARDS = "cards"
CARD_TEXTS = [f"Written answer number {i:02d}" for i in range(14)]


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    """The live test curricula, served by this module's app."""
    return LIVE_DATA


def _room(store: Store, name: str) -> rooms.Room:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, name, "mini", text)
    return rooms.open_room(store, group.id, "first", retention_days=30)


def _stage(store: Store, room: rooms.Room, stage: str) -> None:
    """Move the room to ``stage`` on the choice question (revealed: with answers)."""
    if stage == "slide":
        return
    if stage == CARDS:
        index = [s.id for s in room.session.steps].index("open-words")
        current = rooms.jump_to(store, room.id, rooms.get_room(store, room.id).revision, index)
        current = rooms.open_prompt(store, room.id, current.revision)
        for text in CARD_TEXTS:
            rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-words", text)
        current = rooms.close_prompt(store, room.id, rooms.get_room(store, room.id).revision)
        current = rooms.reveal_prompt(store, room.id, current.revision)
        rooms.show_text_page(store, room.id, current.revision, 1)
        return
    index = [s.id for s in room.session.steps].index("needs")
    current = rooms.jump_to(store, room.id, rooms.get_room(store, room.id).revision, index)
    current = rooms.open_prompt(store, room.id, current.revision)
    if stage == "revealed":
        for answer in ("Listening", "Listening", "Quiet", "Advice"):
            rooms.submit_answer(store, rooms.join(store, room.join_code).token, "needs", [answer])
        current = rooms.close_prompt(store, room.id, rooms.get_room(store, room.id).revision)
        rooms.reveal_prompt(store, room.id, current.revision)


def _page(browser: Browser, width: int, height: int, *, phone: bool = False) -> Page:
    extra = {"is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(viewport={"width": width, "height": height}, **extra)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def _sign_in(page: Page, app_server: AppServer, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("Passcode").fill(app_server.passcode)
    page.get_by_role("button", name="Unlock", exact=True).click()
    wait_for_app(page)


def _settled(page: Page) -> None:
    page.wait_for_timeout(1000)  # a pushed event's redraw, if one is on its way
    wait_for_app(page)


def _paging_shown(page: Page) -> None:
    """On the cards stage: both page buttons live (the middle of three pages)."""
    for name in ("◀ Earlier cards", "Show next cards ▶"):
        expect(page.get_by_role("button", name=name)).to_be_enabled()
    expect(page.get_by_text("The room sees cards 7-12 of 14")).to_be_visible()


def _audit(page: Page, name: str, artifacts: Path) -> None:
    page.screenshot(path=str(artifacts / f"a11y-{name}.png"))
    violations = axe_violations(page, ALLOWED)
    assert violations == [], violations


@pytest.mark.parametrize("stage", [*STAGES, CARDS])
def test_the_console_passes_axe(
    app_server: AppServer, store: Store, browser: Browser, artifacts: Path, stage: str
) -> None:
    room = _room(store, f"Console a11y {stage}")
    _stage(store, room, stage)
    page = _page(browser, 1366, 768)
    try:
        _sign_in(page, app_server, f"{app_server.url}/console?room={room.id}")
        expect(page.locator(".st-key-console-cockpit")).to_be_visible()
        if stage == CARDS:
            _paging_shown(page)
            expect(page.get_by_text("On the wall now", exact=True)).to_be_visible()
        _settled(page)
        _audit(page, f"console-{stage}", artifacts)
    finally:
        page.context.close()


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_projector_passes_axe(
    app_server: AppServer,
    store: Store,
    browser: Browser,
    artifacts: Path,
    stage: str,
    width: int,
    height: int,
) -> None:
    room = _room(store, f"Projector a11y {stage} {width}")
    _stage(store, room, stage)
    page = _page(browser, width, height)
    try:
        page.goto(f"{app_server.url}/projector?key={room.display_key}")
        wait_for_app(page)
        shown = {"slide": ".oc-corner", "open": ".st-key-projector-qr", "revealed": ".oc-choice"}
        expect(page.locator(shown[stage])).to_be_visible(timeout=FOLLOW_MS)
        _settled(page)
        _audit(page, f"projector-{stage}-{width}", artifacts)
    finally:
        page.context.close()


@pytest.mark.parametrize("stage", [*STAGES, CARDS])
def test_the_remote_passes_axe(
    app_server: AppServer, store: Store, browser: Browser, artifacts: Path, stage: str
) -> None:
    room = _room(store, f"Remote a11y {stage}")
    _stage(store, room, stage)
    page = _page(browser, 360, 740, phone=True)
    try:
        _sign_in(page, app_server, f"{app_server.url}/remote?room={room.id}")
        expect(page.locator(".st-key-remote-main button")).to_be_visible()
        if stage == CARDS:
            _paging_shown(page)
        _settled(page)
        _audit(page, f"remote-{stage}", artifacts)
    finally:
        page.context.close()


def test_the_console_main_button_is_reached_by_tab_and_pressed_by_enter(
    app_server: AppServer, store: Store, browser: Browser
) -> None:
    room = _room(store, "Console keyboard")
    page = _page(browser, 1366, 768)
    try:
        _sign_in(page, app_server, f"{app_server.url}/console?room={room.id}")
        main = page.locator(".st-key-console-cockpit button[data-testid='stBaseButton-primary']")
        expect(main).to_have_text("Next ▶")
        _settled(page)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        focused = "() => document.activeElement?.closest('.st-key-console-next') !== null"
        for _ in range(60):  # Tab from the top of the page, as a keyboard user would
            page.keyboard.press("Tab")
            if page.evaluate(focused):
                break
        assert page.evaluate(focused), "Tab never reached the cockpit's main button"
        page.keyboard.press("Enter")
        moved = wait_until(page, lambda: rooms.get_room(store, room.id).step_index == 1)
        assert moved, "Enter on the focused main button did not move the room"
        expect(page.get_by_text("Step 2 of 7", exact=False)).to_be_visible()
    finally:
        page.context.close()
