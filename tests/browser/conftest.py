"""Browser fixtures: one app server and one Chromium per test module.

The server is always stopped, and its log is attached to a failing test's
report. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.browser import ARTIFACTS, AppServer, start_app
from helpers.ci import require_or_skip

from harness.chromium import CHROMIUM_ARGS, find_chromium, missing_chromium_reason
from workshop.config import Settings
from workshop.store import Store, open_store

_RUNNING: list[AppServer] = []


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[AppServer]:
    """The real app for one test module: fresh data folder, always stopped.

    A module may define a ``curricula_dir`` fixture to serve its own curricula.
    """
    curricula_dir: Path | None = None
    if "curricula_dir" in request.fixturenames or hasattr(request.module, "curricula_dir"):
        curricula_dir = request.getfixturevalue("curricula_dir")
    server, app = start_app(tmp_path_factory.mktemp("app"), curricula_dir=curricula_dir)
    _RUNNING.append(server)
    try:
        yield server
    finally:
        _RUNNING.remove(server)
        app.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module, found on PATH; without one the
    browser tests skip (fail under ``CI=true``).

    Module-scoped, not session-scoped: Playwright's sync API cannot start while
    another sync Playwright is still running in the same process, and other
    test files start their own.
    """
    chromium_path = find_chromium()
    if chromium_path is None:
        require_or_skip(missing_chromium_reason())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots kept after the run (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Attach the server's log to a failing browser test's report."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call" and report.failed:
        for server in _RUNNING:
            report.sections.append((f"streamlit log ({server.url})", server.log_tail()))


@pytest.fixture(scope="module")
def store(app_server: AppServer) -> Iterator[Store]:
    """The store on the module's app's data folder (another process, as the CLI would be)."""
    opened = open_store(Settings(data_dir=app_server.data_dir))
    yield opened
    opened.dispose()
