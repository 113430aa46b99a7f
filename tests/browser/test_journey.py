"""A whole evening in a real browser: console, projector and three phones.

The real app runs on a free port with a fresh data folder (see conftest.py).
The join URL is read by decoding the QR image the console shows; the phones
are 360 px wide contexts that never touch anything while they follow the
facilitator. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import zxingcpp
from helpers.browser import PHONE, AppServer, wait_for_app
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
MARKUP = ":red[hi] $x$"
TYPED_FIRST = "Half a"
TYPED_REST = " thought, still here"
FOLLOW_MS = 10_000  # generous for a loaded 2-core machine; polling is every 1 s


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "live_data"


@pytest.fixture(scope="module")
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def new_page(browser: Browser, made: list[BrowserContext], **options: object) -> Page:
    context = browser.new_context(**options)  # type: ignore[arg-type]
    made.append(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def no_dialogs(page: Page, seen: list[str]) -> None:
    """Record any alert/confirm: participant text must never run as script."""

    def on_dialog(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)


def decode_qr(page: Page, selector: str) -> str:
    png = page.locator(selector).screenshot()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1, f"expected one QR code in {selector}, found {len(results)}"
    return str(results[0].text)


def step_text(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=FOLLOW_MS)


def click(page: Page, name: str) -> None:
    # As a person does: press once the screen has settled. While a run redraws,
    # the old screen's button (the cockpit's secondary "Next ▶") can stand
    # beside the new one of the same name until the run replaces it.
    if page.locator("[data-testid='stApp']").count():  # not on the plain sign-in page
        wait_for_app(page)
    page.get_by_role("button", name=name, exact=True).click()


def test_an_evening_in_the_room(
    app_server: AppServer, browser: Browser, contexts: list[BrowserContext], artifacts: Path
) -> None:
    dialogs: list[str] = []

    # --- The facilitator logs in, makes a group and opens a room ---------------------
    console = new_page(browser, contexts, viewport={"width": 1280, "height": 900})
    console.goto(f"{app_server.url}/console")
    wait_for_app(console)
    console.get_by_label("Passcode").fill("wrong passcode")
    click(console, "Unlock")
    expect(console.get_by_text("That passcode is not right", exact=False)).to_be_visible()
    console.get_by_label("Passcode").fill(app_server.passcode)
    click(console, "Unlock")
    console.get_by_label("Group name").fill("Tuesday men")
    click(console, "Create group")
    click(console, "Open the room")
    expect(console.locator(".st-key-console-qr img")).to_be_visible()
    wait_for_app(console)

    # --- The join URL comes from the QR image itself ----------------------------------
    join_url = decode_qr(console, ".st-key-console-qr img")
    parts = urlsplit(join_url)
    assert f"{parts.scheme}://{parts.netloc}" == app_server.url
    assert parts.path == "/join"
    [code] = parse_qs(parts.query)["code"]
    assert len(code) == 6

    # --- The projector, opened from the console's link --------------------------------
    href = console.get_by_role("link", name="Open the projector window").get_attribute("href")
    assert href is not None and "key=" in href
    projector = new_page(browser, contexts, viewport={"width": 1280, "height": 720})
    no_dialogs(projector, dialogs)
    projector.goto(urljoin(console.url, href))
    step_text(projector, "Welcome to the circle")
    expect(projector.locator("[data-testid='stHeader']")).to_be_hidden()
    assert "Greet everyone by the door." not in projector.inner_text("body")

    # --- Three phones join by the decoded URL -----------------------------------------
    phones = []
    for _ in range(3):
        phone = new_page(browser, contexts, **PHONE)
        no_dialogs(phone, dialogs)
        phone.goto(join_url)
        step_text(phone, "Welcome to the circle")
        assert "token=" in phone.url and "code=" not in phone.url
        phones.append(phone)
    a, b, c = phones
    expect(a.get_by_text("Anonymous", exact=False)).to_be_visible()
    expect(a.locator("[data-testid='stHeader']")).to_be_hidden()  # no Streamlit chrome
    expect(a.get_by_text("Support, any time")).to_be_visible()

    # A phone's link never opens the console or the projector.
    token = parse_qs(urlsplit(a.url).query)["token"][0]
    snoop = new_page(browser, contexts, **PHONE)
    snoop.goto(f"{app_server.url}/console?token={token}&room=x")
    expect(snoop.get_by_label("Passcode")).to_be_visible()
    snoop.goto(f"{app_server.url}/projector?key={token}")
    expect(snoop.get_by_text("This projector link is not valid", exact=False)).to_be_visible()
    assert "Welcome to the circle" not in snoop.inner_text("body")
    snoop.goto(f"{app_server.url}/rehearse?token={token}&curriculum=mini.yaml&step=1")
    expect(snoop.get_by_label("Passcode")).to_be_visible()
    assert "Greet everyone by the door." not in snoop.inner_text("body")

    # A man who types the bare address gets the landing, and joins from there.
    walker_context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    walker = walker_context.new_page()
    walker.goto(f"{app_server.url}/")
    expect(walker.get_by_text("Join a session", exact=True)).to_be_visible()
    walker.get_by_label("Code").fill(code.lower())
    click(walker, "Join")
    step_text(walker, "Welcome to the circle")
    assert "token=" in walker.url and urlsplit(walker.url).path == "/join"
    walker_context.close()  # three phones answer below; a fourth would change the counts

    # --- Everyone follows a slide change without touching anything -------------------
    click(console, "Next ▶")
    for phone in (*phones, projector):
        step_text(phone, "Tonight we listen")

    # --- The text prompt opens ---------------------------------------------------------
    click(console, "Next ▶")
    step_text(console, "Question: What is on your mind tonight?")
    click(console, "Open the question")
    step_text(projector, "What is on your mind tonight?")
    expect(projector.locator(".st-key-projector-qr img")).to_be_visible()
    step_text(projector, code)
    step_text(projector, "0 responded")
    assert decode_qr(projector, ".st-key-projector-qr img") == join_url
    for phone in phones:
        expect(phone.get_by_role("button", name="Send", exact=True)).to_be_visible(
            timeout=FOLLOW_MS
        )
    console.screenshot(path=str(artifacts / "console.png"))
    projector.screenshot(path=str(artifacts / "projector-prompt.png"))

    # --- Phone C is typing while the facilitator steps back: his words survive --------
    box_c = c.get_by_label("Your answer")
    box_c.click()
    box_c.press_sequentially(TYPED_FIRST, delay=60)
    click(console, "◀ Previous")
    # Keeps typing across the poll that notices the change (1 s) and the redraw.
    box_c.press_sequentially(TYPED_REST, delay=150)
    step_text(c, "Tonight we listen")
    expect(c.get_by_label("Your answer")).to_have_value(TYPED_FIRST + TYPED_REST)
    click(console, "Next ▶")
    click(console, "Open it again")
    expect(c.get_by_role("button", name="Send", exact=True)).to_be_visible(timeout=FOLLOW_MS)
    expect(c.get_by_label("Your answer")).to_have_value(TYPED_FIRST + TYPED_REST)
    click(c, "Send")
    expect(c.get_by_text("Saved. You can change", exact=False)).to_be_visible()
    step_text(projector, "1 responded")

    # --- Phone A answers with HTML, then reloads mid-prompt ---------------------------
    a.get_by_label("Your answer").fill(XSS)
    click(a, "Send")
    expect(a.get_by_text("Saved. You can change", exact=False)).to_be_visible()
    step_text(projector, "2 responded")
    a.reload()
    step_text(a, "What is on your mind tonight?")
    step_text(a, XSS)  # his saved answer, shown as text
    expect(a.get_by_label("Your answer")).to_have_value(XSS)
    click(a, "Send")  # sending the same answer again replaces it
    expect(a.get_by_text("Saved. You can change", exact=False)).to_be_visible()
    step_text(projector, "2 responded")
    a.screenshot(path=str(artifacts / "phone.png"))

    # Two answers: the projector shows the count and nothing anyone wrote.
    body = projector.inner_text("body")
    assert XSS not in body and TYPED_FIRST not in body
    assert projector.locator(".st-key-projector-text").count() == 0

    # --- Phone B answers with Markdown-looking text; close, preview, reveal -----------
    b.get_by_label("Your answer").fill(MARKUP)
    click(b, "Send")
    step_text(projector, "3 responded")
    click(console, "Close the question")
    for phone in phones:
        step_text(phone, "This question is closed: answers can no longer change.")
    # The answers, not the line above them that counts how many will be shown.
    preview = console.locator(
        ".st-key-console-preview [data-testid='stColumn'] [data-testid='stText']"
    )
    expect(preview).to_have_count(3)
    expect(console.locator(".st-key-console-preview-count")).to_contain_text(
        "3 answers will be shown on Reveal"
    )
    assert sorted(preview.all_text_contents()) == sorted([XSS, MARKUP, TYPED_FIRST + TYPED_REST])
    click(console, "Reveal the results")
    # Cards of app-built HTML since issue 12; each text escaped, so still exactly as typed.
    shown = projector.locator(".st-key-projector-text .oc-card")
    expect(shown).to_have_count(3, timeout=FOLLOW_MS)
    assert sorted(shown.all_text_contents()) == sorted([XSS, MARKUP, TYPED_FIRST + TYPED_REST])
    assert projector.locator(".st-key-projector-text img").count() == 0
    assert projector.locator(".st-key-projector-text .katex").count() == 0
    projector.screenshot(path=str(artifacts / "projector-results.png"))

    # --- A scale question: the chart after the reveal --------------------------------
    click(console, "Next ▶")
    click(console, "Open the question")
    for phone, value in zip(phones, ["3", "6", "9"], strict=True):
        expect(phone.get_by_role("button", name="Send", exact=True)).to_be_visible(
            timeout=FOLLOW_MS
        )
        phone.get_by_text(value, exact=True).click()
        click(phone, "Send")
        expect(phone.get_by_text("Saved. You can change", exact=False)).to_be_visible()
    step_text(projector, "3 responded")
    click(console, "Close the question")
    click(console, "Reveal the results")
    # Drawn as HTML since issue 12: the mean is page text.
    expect(projector.locator(".oc-scale")).to_be_visible(timeout=FOLLOW_MS)
    expect(projector.locator(".st-key-projector-scale")).to_contain_text("mean 6.0")
    projector.screenshot(path=str(artifacts / "projector.png"))
    c.screenshot(path=str(artifacts / "phone-closed.png"))

    # --- The end ------------------------------------------------------------------------
    console.get_by_role("button", name="End the room").click()
    click(console, "Yes, end the room")
    for phone in phones:
        step_text(phone, "This session has ended, thank you.")
    step_text(projector, "This session has ended. Thank you.")
    assert dialogs == []
