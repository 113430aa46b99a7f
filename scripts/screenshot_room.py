"""Redraw the README's live-room screenshots from the real app.

Starts the real app (``streamlit run app.py``) on a free port with a fresh data
folder, the programme in ``curricula/`` and a throwaway passcode; sets a room
up through the store on the same SQLite file (as the CLI would); has a few
made-up phones answer (through ``rooms.join``, the same call the join page
makes); and photographs, in Chromium at the sizes a session uses:

- ``phone.png``: a 360×740 phone after sending a choice answer;
- ``projector.png``: the projector (1280×720) during a slide, join corner in view;
- ``projector-results.png``: the projector after the reveal of that choice question;
- ``projector-words.png``: the projector's word cloud for the one-word check-in;
- ``console.png``: the console (1366×768) with the same results, after Close;
- ``remote.png``: the presenter remote on a 360×740 phone, private preview of texts.

Every answer is made up here, for the pictures. Only 127.0.0.1 is contacted.

    python scripts/screenshot_room.py [--out-dir docs/images]
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

# Run as a file (python scripts/screenshot_room.py): the repository root holds
# the harness and workshop packages.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.appserver import start_app, wait_healthy
from harness.chromium import CHROMIUM_ARGS, find_chromium, missing_chromium_reason
from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
PROGRAMME = REPO / "curricula" / "men-and-intimacy.yaml"
SESSION = "core-and-code"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}

CHOICES = [
    ["Big boys don't cry", "Sort out your own problems"],
    ["Sort out your own problems"],
    ["Big boys don't cry", "Never show you are scared"],
    ["Sort out your own problems", "A man provides, whatever it costs him"],
    ["Anger is fine, sadness is not", "Big boys don't cry"],
]
WORDS = ["tired", "hopeful", "tired", "curious", "calm", "tired", "hopeful", "restless"]
TEXTS = [
    "That my father never said it either.",
    "How often I say I'm fine.",
    "That the others felt the same.",
    "I laughed it off again.",
]


def settle(page: Page) -> None:
    """Wait until the last action's script run has finished and the page is still."""
    page.wait_for_timeout(400)
    page.wait_for_selector(READY, timeout=30_000)
    page.wait_for_timeout(600)


def move(store: Store, room_id: str, step_id: str, *, open_it: bool = False) -> rooms.Room:
    room = rooms.get_room(store, room_id)
    index = [step.id for step in room.session.steps].index(step_id)
    room = rooms.jump_to(store, room_id, room.revision, index)
    return rooms.open_prompt(store, room_id, room.revision) if open_it else room


def close_and_reveal(store: Store, room_id: str) -> None:
    room = rooms.get_room(store, room_id)
    room = rooms.close_prompt(store, room_id, room.revision)
    rooms.reveal_prompt(store, room_id, room.revision)


def answer_all(store: Store, tokens: list[str], prompt_id: str, values: list[Any]) -> None:
    for token, value in zip(tokens, values, strict=False):
        rooms.submit_answer(store, token, prompt_id, value)


def unlock(page: Page, passcode: str) -> None:
    settle(page)
    page.get_by_label("Passcode").fill(passcode)
    page.get_by_role("button", name="Unlock", exact=True).click()
    settle(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        parser.exit(1, missing_chromium_reason() + "\n")
    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        passcode = secrets.token_urlsafe(16)
        app = start_app(
            Path(folder),
            {
                "WORKSHOP_DATA_DIR": str(data),
                "WORKSHOP_CURRICULA_DIR": str(PROGRAMME.parent),
                "WORKSHOP_FACILITATOR_PASSCODE": passcode,
            },
        )
        store: Store | None = None
        try:
            wait_healthy(app)
            store = open_store(Settings(data_dir=data))
            text = PROGRAMME.read_text(encoding="utf-8")
            group = rooms.create_group(store, "Thursday group", "men-and-intimacy", text)
            room = rooms.open_room(store, group.id, SESSION, retention_days=30)
            tokens = [rooms.join(store, room.join_code).token for _ in range(len(WORDS))]
            url = app.url
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)

                def shoot(page: Page, name: str) -> None:
                    settle(page)
                    page.screenshot(path=str(out / name), full_page=False)
                    print(f"wrote {out / name}")

                # A slide, with the join corner on the projector.
                projector = browser.new_context(**PROJECTOR).new_page()  # type: ignore[arg-type]
                projector.goto(f"{url}/projector?key={room.display_key}")
                shoot(projector, "projector.png")

                # A phone sends a choice answer; the others answer through the store.
                move(store, room.id, "code-choice", open_it=True)
                phone = browser.new_context(**PHONE).new_page()  # type: ignore[arg-type]
                phone.goto(f"{url}/join?code={room.join_code}")
                settle(phone)
                phone.get_by_text("Sort out your own problems", exact=True).click()
                phone.get_by_text("Never show you are scared", exact=True).click()
                phone.get_by_role("button", name="Send", exact=True).click()
                shoot(phone, "phone.png")
                answer_all(store, tokens, "code-choice", CHOICES)

                # Closed and revealed: the console and the projector show the results.
                close_and_reveal(store, room.id)
                console = browser.new_context(**LAPTOP).new_page()  # type: ignore[arg-type]
                console.goto(f"{url}/console?room={room.id}")
                unlock(console, passcode)
                shoot(console, "console.png")
                shoot(projector, "projector-results.png")

                # The one-word check-in as a word cloud.
                move(store, room.id, "check-in-word", open_it=True)
                answer_all(store, tokens, "check-in-word", WORDS)
                close_and_reveal(store, room.id)
                shoot(projector, "projector-words.png")

                # The remote's private preview of written answers, after Close.
                move(store, room.id, "reflection-text", open_it=True)
                answer_all(store, tokens, "reflection-text", TEXTS)
                current = rooms.get_room(store, room.id)
                rooms.close_prompt(store, room.id, current.revision)
                remote = browser.new_context(**PHONE).new_page()  # type: ignore[arg-type]
                remote.goto(f"{url}/remote?room={room.id}")
                unlock(remote, passcode)
                shoot(remote, "remote.png")
                browser.close()
        finally:
            if store is not None:
                store.dispose()
            app.stop()


if __name__ == "__main__":
    main()
