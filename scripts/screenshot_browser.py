"""One-off: take the README screenshot of the curriculum browser.

Starts the real app (``streamlit run app.py``) on a free port with a fresh
environment and a throwaway passcode, opens the rehearsal page in Debian's
Chromium, unlocks it (it is behind the facilitator passcode), steps to a slide
and writes ``docs/images/browser.png``. Only 127.0.0.1 is contacted.

    python scripts/screenshot_browser.py [--curricula-dir curricula] [--steps 1] [--page home]
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GATED = {"rehearse", "console", "organiser"}  # pages behind the facilitator passcode
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, seconds: float = 60) -> None:
    """Poll Streamlit's health endpoint until it answers ``ok``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # Our own http://127.0.0.1 address, never a user-given URL.
            health = f"{url}/_stcore/health"
            with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the app at {url} did not become healthy in {seconds:.0f} s")


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

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        # A fresh environment: no WORKSHOP_* settings leak in from the shell.
        env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
        env["WORKSHOP_DATA_DIR"] = data_dir
        env["WORKSHOP_CURRICULA_DIR"] = str(args.curricula_dir.resolve())
        passcode = secrets.token_urlsafe(16)
        env["WORKSHOP_FACILITATOR_PASSCODE"] = passcode
        server = subprocess.Popen(  # noqa: S603 (fixed argv, no shell)
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_healthy(url)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
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
            server.terminate()
            server.wait(timeout=20)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
