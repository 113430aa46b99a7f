"""Browser test helpers: start the real app on a free port; wait for a page.

The app is launched by ``harness.appserver`` (shared with benchmarks and
scripts); Chromium is found by ``harness.chromium``. One server per test module
(a fresh data folder, a known passcode, the public URL pointing at itself) and
one Chromium per test module (fixtures in ``tests/browser/conftest.py``).
The server is always stopped, and its log is printed when a test fails so the
reason is in the report. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import appserver
from harness.appserver import AppProcess

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
PASSCODE = "correct horse battery staple"
STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class AppServer:
    """A running ``streamlit run app.py`` and what a test needs to reach it."""

    url: str
    port: int
    passcode: str
    data_dir: Path
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        """The last lines the server printed (for failure reports)."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def start_app(
    folder: Path, *, curricula_dir: Path | None = None, extra_env: dict[str, str] | None = None
) -> tuple[AppServer, AppProcess]:
    """Start the app in a subprocess with its own data folder; wait until healthy."""
    data_dir = folder / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        "WORKSHOP_DATA_DIR": str(data_dir),
        "WORKSHOP_FACILITATOR_PASSCODE": PASSCODE,
        "WORKSHOP_POLL_SECONDS": "1",
    }
    if curricula_dir is not None:
        env["WORKSHOP_CURRICULA_DIR"] = str(curricula_dir)
    env.update(extra_env or {})
    app = appserver.start_app(folder, env, name="streamlit")
    appserver.wait_healthy(app, timeout=STARTUP_SECONDS)  # stops the app if it fails
    server = AppServer(
        url=app.url, port=app.port, passcode=PASSCODE, data_dir=data_dir, log_path=app.log_path
    )
    return server, app


def wait_for_app(page: object, timeout: float = 20_000) -> None:
    """Wait until Streamlit is connected and no script run is in progress."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )


def wait_until(page: object, check: Callable[[], bool], *, seconds: float = 10.0) -> bool:
    """Poll ``check`` (the store, say) until it holds, letting Playwright work meanwhile.

    Not ``time.sleep``: the sync API dispatches the browser's events only
    while a Playwright call is on the stack (Playwright's own documentation),
    so a plain sleep watches a client that has stopped listening.
    ``page.wait_for_timeout`` keeps that loop turning. Returns the last result
    of ``check`` so the caller asserts it with its own message.
    """
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() >= deadline:
            return check()
        page.wait_for_timeout(100)
    return True


PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}
"""A cheap phone's screen (360 x 740, touch): ``new_page(browser, made, **PHONE)``."""


def new_page(browser: object, made: list[Any], **options: object) -> Any:
    """A page in a context of its own that accepts downloads (kept in ``made`` to close)."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(accept_downloads=True, **options)  # type: ignore[arg-type]
    made.append(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page
