"""Where Chromium is and how the tests and scripts start it headless.

Chromium is looked up on PATH under the names Debian, Ubuntu and Google ship
it as, so a machine that installs it elsewhere still runs the browser tests.
Playwright drives that system browser; it never downloads its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> Path | None:
    """The first of ``CHROMIUM_NAMES`` found on PATH, or None when none is installed."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def missing_chromium_reason() -> str:
    """Why browser checks cannot run, in one line that says how to fix it."""
    names = ", ".join(CHROMIUM_NAMES)
    return f"no Chromium on PATH (looked for {names}): install it, e.g. apt-get install chromium"
