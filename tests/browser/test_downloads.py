"""Real downloads in a real browser: a phone's "save my answers", an ended room's
group summary (built on the click, in Streamlit's download thread) and the
organiser's zip of every handout.

The room is set up through ``workshop.rooms`` on the server's own SQLite file
(the console's buttons are covered by the journey test); every downloaded
file is read back (PDF text with pypdf, the zip's names).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.browser import PHONE, AppServer, new_page, wait_for_app
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from workshop import rooms
from workshop.store import Store

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
FOLLOW_MS = 10_000


@pytest.fixture(scope="module")
def curricula_dir() -> Path:
    return LIVE_DATA


@pytest.fixture(scope="module")
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def download(page: Page, name: str) -> tuple[str, bytes]:
    """Click the download button called ``name``; the file's suggested name and bytes."""
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    saved = info.value
    path = saved.path()
    return saved.suggested_filename, Path(path).read_bytes()


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_phone_saves_its_answers_then_the_organiser_gets_summary_and_handouts(
    app_server: AppServer,
    browser: Browser,
    contexts: list[BrowserContext],
    store: Store,
    artifacts: Path,
) -> None:
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Downloads group", "mini", text)
    room = rooms.open_room(store, group.id, "first", retention_days=30)
    index = [s.id for s in room.session.steps].index("check-in")
    room = rooms.jump_to(store, room.id, room.revision, index)
    rooms.open_prompt(store, room.id, room.revision)
    for value in (3, 5):  # two other phones
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "check-in", value)

    # --- A phone answers and saves its answers -----------------------------------------
    phone = new_page(browser, contexts, **PHONE)
    phone.goto(f"{app_server.url}/join?code={room.join_code}")
    expect(phone.get_by_text("How connected do you feel right now?")).to_be_visible(
        timeout=FOLLOW_MS
    )
    phone.locator("[data-testid='stRadio'] label").filter(has_text="7").first.click()
    phone.get_by_role("button", name="Send", exact=True).click()
    expect(phone.get_by_text("Saved. You can change", exact=False)).to_be_visible()
    expect(phone.get_by_text("Nothing of it is kept on the server", exact=False)).to_be_visible()
    phone.screenshot(path=artifacts / "phone-save-my-answers.png", full_page=True)
    name, pdf = download(phone, "Save my answers (PDF)")  # one tap (issue 12)
    assert name == "mini-session-01-my-answers.pdf"
    text_a = pdf_text(pdf)
    assert "How connected do you feel right now? 7 of 0–10" in text_a
    assert "3 of 0–10" not in text_a and "5 of 0–10" not in text_a

    # --- The room ends: no more saving; the organiser gets the summary --------------------
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)
    rooms.end_room(store, room.id)
    expect(phone.get_by_text("This session has ended, thank you.")).to_be_visible(timeout=FOLLOW_MS)
    expect(phone.get_by_role("button", name="Save my answers (PDF)")).to_have_count(0)

    organiser = new_page(browser, contexts, viewport={"width": 1280, "height": 900})
    organiser.goto(f"{app_server.url}/organiser")
    wait_for_app(organiser)
    organiser.get_by_label("Passcode").fill(app_server.passcode)
    organiser.get_by_role("button", name="Unlock", exact=True).click()
    expect(organiser.get_by_role("heading", name="Handouts")).to_be_visible()
    expect(organiser.locator("[data-testid='stImage'] img")).to_be_visible()  # the preview
    name, pdf = download(organiser, "Group summary (PDF)")
    assert name.startswith("mini-session-01-") and name.endswith("-group-summary.pdf")
    summary = pdf_text(pdf)
    assert "Downloads group: session 1, First Evening" in summary
    assert "average 5.0" in summary  # 3, 5 and 7

    organiser.get_by_role("button", name="Generate all handouts and the guide").click()
    expect(organiser.get_by_role("button", name="Download all as a zip")).to_be_visible()
    organiser.screenshot(path=artifacts / "organiser-handouts.png", full_page=True)
    name, archive = download(organiser, "Download all as a zip")
    assert name == "mini-handouts-a4.zip"
    assert zipfile.ZipFile(io.BytesIO(archive)).namelist() == [
        "mini-session-01-first.pdf",
        "mini-facilitator-guide.pdf",
    ]
