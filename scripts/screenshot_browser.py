"""One-off: take the README screenshot of the curriculum browser.

Starts the real app (``streamlit run app.py``) on a free port with a fresh
environment and a throwaway passcode, opens the rehearsal page in Chromium
(found on PATH), unlocks it (it is behind the facilitator passcode), steps to
a slide and writes ``docs/images/browser.png``. Only 127.0.0.1 is contacted.

    python scripts/screenshot_browser.py [--curricula-dir curricula] [--steps 1] [--page home]
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

# Run as a file (python scripts/screenshot_browser.py): the repository root
# holds the harness package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.appserver import start_app, wait_healthy
from harness.chromium import CHROMIUM_ARGS, find_chromium, missing_chromium_reason

REPO = Path(__file__).resolve().parents[1]

GATED = {"rehearse", "console", "organiser"}  # pages behind the facilitator passcode
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_idle(page: object) -> None:
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.wait_for_selector(READY, timeout=30_000)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curricula-dir", type=Path, default=REPO / "curricula")
    parser.add_argument("--steps", type=int, default=1, help="how many times to press Next")
    parser.add_argument("--page", default="rehearse", help='url path: rehearse, or "" for home')
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images" / "browser.png")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        parser.exit(1, missing_chromium_reason() + "\n")

    with tempfile.TemporaryDirectory() as folder:
        # A fresh environment (start_app drops WORKSHOP_* from the shell).
        passcode = secrets.token_urlsafe(16)
        app = start_app(
            Path(folder),
            {
                "WORKSHOP_DATA_DIR": str(Path(folder) / "data"),
                "WORKSHOP_CURRICULA_DIR": str(args.curricula_dir.resolve()),
                "WORKSHOP_FACILITATOR_PASSCODE": passcode,
            },
        )
        url = app.url
        try:
            wait_healthy(app)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.goto(f"{url}/{args.page}")
                wait_idle(page)
                if args.page in GATED:
                    gate = page.get_by_label("Passcode")
                    gate.wait_for(timeout=30_000)
                    gate.fill(passcode)
                    page.get_by_role("button", name="Unlock").click()
                    page.get_by_role("button", name="Next").wait_for(timeout=30_000)
                    wait_idle(page)
                for _ in range(args.steps):
                    page.get_by_role("button", name="Next").click()
                    wait_idle(page)
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out), full_page=False)
                browser.close()
        finally:
            app.stop()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
