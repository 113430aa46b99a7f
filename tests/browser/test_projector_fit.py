"""The real programme's longest choice question on the projector: every row on screen.

Session 1's "rules we learned" question has seven options, some long. After
the reveal, at 1280×720 and 1920×1080, every label and count must be inside
the window and clear of the join corner (found in the README screenshots: the
last rows were cut off at 720p and the corner covered two counts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import AppServer, wait_for_app
from playwright.sync_api import Browser, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

CURRICULA = Path(__file__).resolve().parents[2] / "curricula"
PICKS = [
    ["Big boys don't cry", "Sort out your own problems"],
    ["Sort out your own problems"],
    ["Never show you are scared", "None of these"],
    ["Talking about feelings is for women"],
]

# Each row's label and count (and the corner), as rectangles in the window.
_RECTS = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
  const chart = document.querySelector('.oc-choice');
  return {
    labels: [...chart.querySelectorAll('.oc-choice-label')].map(box),
    counts: [...chart.querySelectorAll('.oc-count')].map(box),
    corner: box(document.querySelector('.oc-corner')),
    width: window.innerWidth, height: window.innerHeight,
  };
}"""


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    """The real programme."""
    return CURRICULA


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_seven_long_options_all_fit_beside_the_join_corner(
    app_server: AppServer, store: Store, browser: Browser, width: int, height: int
) -> None:
    text = (CURRICULA / "men-and-intimacy.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, f"Fit {width}", "men-and-intimacy", text)
    room = rooms.open_room(store, group.id, "core-and-code", retention_days=30)
    index = [step.id for step in room.session.steps].index("code-choice")
    room = rooms.jump_to(store, room.id, room.revision, index)
    room = rooms.open_prompt(store, room.id, room.revision)
    for picks in PICKS:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "code-choice", picks)
    room = rooms.close_prompt(store, room.id, room.revision)
    rooms.reveal_prompt(store, room.id, room.revision)
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.set_default_timeout(30_000)
        page.goto(f"{app_server.url}/projector?key={room.display_key}")
        wait_for_app(page)
        expect(page.locator(".oc-choice")).to_contain_text("None of these")
        page.wait_for_timeout(300)  # fonts settle
        rects = page.evaluate(_RECTS)
        assert len(rects["labels"]) == len(rects["counts"]) == 7
        for shape in rects["labels"] + rects["counts"]:
            assert shape["top"] >= 0 and shape["bottom"] <= rects["height"], shape
            assert shape["left"] >= 0 and shape["right"] <= rects["width"], shape
            assert not _overlap(shape, rects["corner"]), (shape, rects["corner"])
    finally:
        context.close()
