"""The projector read from the back row, in Chromium at 1280×720 and 1920×1080.

Issue 12: a revealed choice prompt shows every option's full label and its
count as page text (not on a canvas), the join code is on the projector
during a slide, an exercise shows a running countdown (counted from the
room's stored start of the step, so a reload keeps the time left), and slide Markdown
is set large (body at least 28 px at 720p, tables the same size as the
text) with nothing cut off below the screen.
The room is driven from another process through ``workshop.rooms`` (as the
console would), the real app serves the projector and pushes each change.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers.browser import AppServer, wait_for_app
from playwright.sync_api import Browser, Page, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
OPTIONS = [
    "Big boy problems that nobody at work knows about",
    "Sort out the money worries before the winter comes",
    "<img src=x onerror=alert(1)> :red[x] $y$",
    "Quiet",
]
ANSWERS = [OPTIONS[0], OPTIONS[0], OPTIONS[0], OPTIONS[1], OPTIONS[2]]
COUNTS = {OPTIONS[0]: 3, OPTIONS[1]: 1, OPTIONS[2]: 1, OPTIONS[3]: 0}
SUPPORT = (
    "If tonight stirred something up, you are not alone.\n\n"
    "| Who | When | Number |\n|---|---|---|\n"
    + "".join(f"| Helpline {i} | day and night | 0800 000 00{i} |\n" for i in range(6))
)
BODY = ".st-key-projector-body [data-testid='stMarkdownContainer']"

MEASURE = """() => {
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  const body = document.querySelector(arguments_body);
  const cells = [...body.querySelectorAll('td')];
  const last = cells[cells.length - 1];
  return {
    p: size(body.querySelector('p')),
    td: cells.map(size),
    lastBottom: last.getBoundingClientRect().bottom,
    height: window.innerHeight,
  };
}"""


@pytest.fixture(scope="module")
def curricula_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini programme with long choice labels and a support-numbers slide first."""
    data: dict[str, Any] = yaml.safe_load((LIVE_DATA / "mini.yaml").read_text(encoding="utf-8"))
    steps = data["sessions"][0]["steps"]
    steps[0]["body"] = SUPPORT
    [needs] = [s for s in steps if s["id"] == "needs"]
    needs["answer"]["options"] = OPTIONS
    folder = tmp_path_factory.mktemp("curricula")
    (folder / "room.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def _projector(browser: Browser, url: str, width: int, height: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    wait_for_app(page)
    return page


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_projector_shows_join_code_on_a_slide_and_every_choice_label_with_its_count(
    app_server: AppServer,
    store: Store,
    browser: Browser,
    curricula_dir: Path,
    artifacts: Path,
    width: int,
    height: int,
) -> None:
    text = (curricula_dir / "room.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, f"Room {width}", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    page = _projector(browser, f"{app_server.url}/projector?key={room.display_key}", width, height)
    try:
        # A slide: the join code is in the corner, the body large, the table too.
        expect(page.locator(".oc-corner")).to_contain_text(room.join_code)
        expect(page.locator(BODY)).to_contain_text("Helpline 5")
        sizes = page.evaluate(MEASURE.replace("arguments_body", repr(BODY)))
        assert sizes["p"] >= 28 * height / 720 - 0.5
        assert all(abs(td - sizes["p"]) < 0.5 for td in sizes["td"])
        assert sizes["lastBottom"] <= sizes["height"]  # the last row is on the screen
        page.screenshot(path=str(artifacts / f"projector-slide-{width}.png"))

        # A revealed choice prompt: every full label and its count as page text.
        index = [s.id for s in room.session.steps].index("needs")
        current = rooms.jump_to(store, room.id, rooms.get_room(store, room.id).revision, index)
        current = rooms.open_prompt(store, room.id, current.revision)
        for answer in ANSWERS:
            rooms.submit_answer(store, rooms.join(store, room.join_code).token, "needs", [answer])
        current = rooms.close_prompt(store, room.id, rooms.get_room(store, room.id).revision)
        rooms.reveal_prompt(store, room.id, current.revision)
        chart = page.locator(".oc-choice")
        expect(chart).to_contain_text(OPTIONS[1], timeout=30_000)
        rows = chart.evaluate(
            "(el) => [...el.querySelectorAll('.oc-choice-label')].map("
            "(label) => [label.innerText, label.nextElementSibling.nextElementSibling.innerText])"
        )
        assert {label: int(count) for label, count in rows} == COUNTS
        assert page.locator(".oc-choice img").count() == 0  # the option stayed text
        page.screenshot(path=str(artifacts / f"projector-choice-{width}.png"))

        # An exercise: a countdown from its minutes, run by the browser's CSS.
        index = [s.id for s in room.session.steps].index("pairs")
        rooms.jump_to(store, room.id, rooms.get_room(store, room.id).revision, index)
        timer = page.locator(".oc-countdown")
        expect(timer).to_have_count(1, timeout=30_000)
        minutes = timer.evaluate("(el) => getComputedStyle(el).getPropertyValue('--oc-min')")
        assert int(minutes) in (19, 20)  # 20:00 counting down
        expect(page.locator(".oc-corner")).to_contain_text(room.join_code)
        page.screenshot(path=str(artifacts / f"projector-exercise-{width}.png"))
    finally:
        page.context.close()


LEFT = "(el) => parseInt(getComputedStyle(el).getPropertyValue('--oc-left'), 10)"
AGO = 5 * 60


def test_a_reloaded_projector_keeps_the_exercise_time_left(
    app_server: AppServer,
    store: Store,
    browser: Browser,
    curricula_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The countdown counts from the room's stored start of the step, not from the page load."""
    text = (curricula_dir / "room.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Room reload", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    index = [s.id for s in room.session.steps].index("pairs")  # 20 minutes
    real = time.time
    with monkeypatch.context() as clock:  # the room moved to the exercise five minutes ago
        clock.setattr(time, "time", lambda: real() - AGO)
        rooms.jump_to(store, room.id, room.revision, index)
    page = _projector(browser, f"{app_server.url}/projector?key={room.display_key}", 1280, 720)
    try:
        timer = page.locator(".oc-countdown")
        expect(timer).to_have_count(1, timeout=30_000)
        before = int(timer.evaluate(LEFT))
        # Never more than the 15 minutes the room has left (a second for rounding);
        # a countdown that started over would show 20.
        assert 20 * 60 - AGO - 120 <= before <= 20 * 60 - AGO + 1, before
        page.reload()
        wait_for_app(page)
        expect(timer).to_have_count(1, timeout=30_000)
        after = int(timer.evaluate(LEFT))
        assert after <= before + 1, (before, after)  # the reload did not give time back
        assert after >= 20 * 60 - AGO - 120, after
    finally:
        page.context.close()
