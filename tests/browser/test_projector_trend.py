"""The trend step on a real projector: Chromium at 1280×720, the real app serving it.

The group met twice: the first evening's check-in and check-out were revealed
with enough answers, the second evening's check-in with too few. The chart
must read as page text (columns and a table), say "not shown" for the second
evening, keep clear of the join corner and end above the bottom of the screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import AppServer, wait_for_app
from helpers.sample_curricula import TREND
from playwright.sync_api import Browser, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

TITLE = "First <b>evening</b> :red[loud]"

MEASURE = """() => {
  const box = (sel) => document.querySelector(sel).getBoundingClientRect();
  const trend = box('.oc-trend'), table = box('.oc-trend table'), corner = box('.oc-corner');
  return {right: trend.right, bottom: table.bottom, cornerLeft: corner.left,
          cornerTop: corner.top, height: window.innerHeight,
          label: parseFloat(getComputedStyle(document.querySelector('.oc-trend td')).fontSize)};
}"""


@pytest.fixture(scope="module")
def curricula_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("curricula")
    (folder / "trend.yaml").write_text(TREND, encoding="utf-8")
    return folder


def _ask(store: Store, room: rooms.Room, step_id: str, answers: list[int]) -> None:
    current = rooms.get_room(store, room.id)
    index = [s.id for s in current.session.steps].index(step_id)
    current = rooms.jump_to(store, room.id, current.revision, index)
    current = rooms.open_prompt(store, room.id, current.revision)
    for value in answers:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, step_id, value)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)


def test_the_trend_reads_as_text_fits_the_screen_and_withholds_an_evening_under_k(
    app_server: AppServer, store: Store, browser: Browser, artifacts: Path
) -> None:
    group = rooms.create_group(store, "Thursday", "trend-sample", TREND)
    first = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, first, "check-in", [4, 6, 5])
    _ask(store, first, "check-out", [7, 8, 9, 8])
    rooms.end_room(store, first.id)
    second = rooms.open_room(store, group.id, "two", retention_days=30)
    _ask(store, second, "check-in", [9, 10])  # under k = 3
    current = rooms.get_room(store, second.id)
    index = [s.id for s in current.session.steps].index("our-evening")
    rooms.jump_to(store, second.id, current.revision, index)

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{app_server.url}/projector?key={second.display_key}")
        wait_for_app(page)
        trend = page.locator(".oc-trend")
        expect(trend).to_be_visible()
        expect(page.get_by_text("Our evening over the weeks")).to_be_visible()
        plot = page.locator(".oc-trend-plot")
        expect(plot).to_contain_text("8.0")
        expect(page.locator(".oc-trend-names")).to_contain_text("Session 2")
        expect(plot).to_contain_text("not shown")
        assert page.locator(".oc-trend-bar").count() == 2  # none for the evening under k
        table = page.locator(".oc-trend table")
        expect(table).to_contain_text("5.0 (3)")
        expect(table).to_contain_text("8.0 (4)")
        expect(table).to_contain_text("not shown")
        expect(table).to_contain_text(TITLE)  # the organiser's title, as typed
        assert "9.5" not in trend.inner_text()
        assert page.locator(".oc-trend b").count() == 0

        sizes = page.evaluate(MEASURE)
        assert sizes["bottom"] <= sizes["height"]  # the table's last row is on the screen
        # Clear of the join corner: left of it, or above it.
        assert sizes["right"] <= sizes["cornerLeft"] or sizes["bottom"] <= sizes["cornerTop"]
        assert sizes["label"] >= 16  # readable from the middle rows at 720p
        page.screenshot(path=str(artifacts / "projector-trend-1280.png"))
    finally:
        context.close()
