"""The phone at 360 x 740 (issue 12): discreet, safety first, thumb-sized, and
an axe-core audit.

The real app, a real room on the default programme set up through the store on
the same SQLite file (another process, as the CLI would be), and a phone in
Chromium. The axe-core audit is ``helpers.axe`` (shared with the other screens).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.axe import axe_violations
from helpers.browser import PHONE, AppServer, wait_for_app
from playwright.sync_api import Browser, Page, expect

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PROGRAMME = REPO / "curricula" / "men-and-intimacy.yaml"
FOLLOW_MS = 10_000
SECRET = "My brother stopped calling"
TARGET_PX = 44

# Violations inside Streamlit's own chrome, by rule id, each with its reason.
# Nothing here may hide a violation in what this app draws.
ALLOWED: dict[str, str] = {}


@pytest.fixture(scope="module")
def room(store: Store) -> rooms.Room:
    group = rooms.create_group(
        store, "A11y men", "men-and-intimacy", PROGRAMME.read_text(encoding="utf-8")
    )
    return rooms.open_room(store, group.id, "core-and-code", retention_days=30)


@pytest.fixture
def phone(browser: Browser, room: rooms.Room, app_server: AppServer) -> Iterator[Page]:
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{app_server.url}/join?code={room.join_code}")
    wait_for_app(page)
    yield page
    context.close()


def _jump(store: Store, room: rooms.Room, step_id: str) -> int:
    index = [s.id for s in room.session.steps].index(step_id)
    current = rooms.get_room(store, room.id)
    rooms.jump_to(store, room.id, current.revision, index)
    return index


def _first_text_prompt(room: rooms.Room) -> str:
    return next(
        s.id
        for s in room.session.steps
        if s.type == "prompt" and s.answer.kind == "text"  # type: ignore[union-attr]
    )


def _in_viewport(page: Page, text: str) -> bool:
    box = page.get_by_text(text, exact=True).first.bounding_box()
    assert box is not None, text
    return box["y"] >= 0 and box["y"] + box["height"] <= 740 and box["x"] + box["width"] <= 360


def test_a_sent_answer_is_gone_from_the_phone_after_next(
    store: Store, room: rooms.Room, phone: Page
) -> None:
    prompt = _first_text_prompt(room)
    index = _jump(store, room, prompt)
    rooms.open_prompt(store, room.id, rooms.get_room(store, room.id).revision)
    expect(phone.get_by_role("button", name="Send", exact=True)).to_be_visible(timeout=FOLLOW_MS)
    phone.get_by_label("Your answer").fill(SECRET)
    phone.get_by_role("button", name="Send", exact=True).click()
    expect(phone.get_by_text("Sent ✓", exact=False)).to_be_visible()
    saved = phone.locator(".st-key-oc-text-muted-phone-saved [data-testid='stText']")
    expect(saved).to_have_text(SECRET)  # in small type, while the question is open
    current = rooms.get_room(store, room.id)
    after = room.session.steps[index + 1]
    rooms.jump_to(store, room.id, current.revision, index + 1)
    expect(phone.locator("[data-testid='stMain']")).not_to_contain_text(SECRET, timeout=FOLLOW_MS)
    expect(phone.locator(".st-key-oc-text-large-phone-step")).not_to_contain_text(
        room.session.steps[index].question,  # type: ignore[union-attr]
        timeout=FOLLOW_MS,
    )
    wait_for_app(phone)
    assert after.id != prompt
    for value in phone.locator("textarea, input").evaluate_all("(els) => els.map((e) => e.value)"):
        assert SECRET not in value
    assert "did not send" not in phone.inner_text("body")


def test_the_support_step_shows_the_numbers_without_scrolling(
    store: Store, room: rooms.Room, phone: Page
) -> None:
    _jump(store, room, "support")
    expect(phone.get_by_text("If you need support", exact=True)).to_be_visible(timeout=FOLLOW_MS)
    wait_for_app(phone)
    phone.evaluate("window.scrollTo(0, 0)")
    for resource in rooms.get_room(store, room.id).curriculum.support_resources:
        line = f"{resource.service} ({resource.region}): {resource.how}"
        assert _in_viewport(phone, line), line
    phone.screenshot(path=str(REPO / "test-artifacts" / "phone-support.png"))


def _small_targets(page: Page) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """(min) => [...document.querySelectorAll(
                'button, input, textarea, summary, [data-testid="stCheckbox"] label,'
                + ' [data-testid="stRadio"] label')]
              // A radio or checkbox is hit through its label (measured above), not its dot.
              .filter((el) => el.offsetParent !== null && !['radio', 'checkbox'].includes(el.type))
              .map((el) => { const r = el.getBoundingClientRect();
                return {tag: el.tagName, text: (el.innerText || el.value || '').slice(0, 40),
                        w: Math.round(r.width), h: Math.round(r.height)}; })
              .filter((t) => t.w < min || t.h < min)""",
            TARGET_PX,
        )
    )


@pytest.mark.parametrize("step", ["slide", "scale", "choice", "word", "support"])
def test_the_phone_is_thumb_sized_and_passes_axe(
    store: Store, room: rooms.Room, phone: Page, step: str
) -> None:
    steps = room.session.steps
    if step == "slide":
        step_id = steps[0].id
    elif step == "support":
        step_id = "support"
    else:
        step_id = next(
            s.id
            for s in steps
            if s.type == "prompt" and s.answer.kind == step  # type: ignore[union-attr]
        )
    _jump(store, room, step_id)
    if step in ("scale", "choice", "word"):
        rooms.open_prompt(store, room.id, rooms.get_room(store, room.id).revision)
        expect(phone.get_by_role("button", name="Send", exact=True)).to_be_visible(
            timeout=FOLLOW_MS
        )
    phone.wait_for_timeout(1500)  # the push, then the redraw
    wait_for_app(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    assert _small_targets(phone) == []
    violations = axe_violations(phone, ALLOWED)
    assert violations == [], violations


def test_enter_sends_a_word(store: Store, room: rooms.Room, phone: Page) -> None:
    step_id = next(
        s.id
        for s in room.session.steps
        if s.type == "prompt" and s.answer.kind == "word"  # type: ignore[union-attr]
    )
    _jump(store, room, step_id)
    rooms.open_prompt(store, room.id, rooms.get_room(store, room.id).revision)
    box = phone.get_by_label("Your answer")
    expect(box).to_be_visible(timeout=FOLLOW_MS)
    expect(phone.get_by_role("button", name="Send", exact=True)).to_be_enabled(timeout=FOLLOW_MS)
    box.fill("steady")
    box.press("Enter")
    expect(phone.get_by_text("Sent ✓", exact=False)).to_be_visible()
    assert rooms.response_count(store, room.id, step_id) == 1
