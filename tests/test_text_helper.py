"""The text helper shows words exactly as written: no Markdown, no HTML, no emoji codes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.ci import require_or_skip
from streamlit.testing.v1 import AppTest

from harness.chromium import CHROMIUM_ARGS, find_chromium, missing_chromium_reason
from workshop.ui.text import markdown_literal

REPO = Path(__file__).resolve().parents[1]
TRICKY = ":red[hi] $x$ <img src=x onerror=alert(1)> :smile: **bold** # heading [a](http://x)"


def _page() -> None:
    from workshop.ui.text import install_text_styles, show_text

    tricky = ":red[hi] $x$ <img src=x onerror=alert(1)> :smile: **bold** # heading [a](http://x)"
    install_text_styles()
    show_text(tricky)
    show_text(tricky, style="title", key="t")
    show_text("first line\n  second line", style="large", key="l")


def test_show_text_sends_a_text_element_with_the_exact_string() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert [t.value for t in at.text] == [TRICKY, TRICKY, "first line\n  second line"]
    # Nothing went through Markdown.
    assert len(at.markdown) == 0


def test_large_text_without_a_key_is_refused() -> None:
    from workshop.ui.text import show_text

    with pytest.raises(ValueError, match="needs a key"):
        show_text("x", style="title")


@pytest.mark.parametrize(
    "text",
    [TRICKY, "plain words", "50% of 3 * 4 = 12!", "\\already escaped\\", "`code` ~strike~ | a |"],
)
def test_markdown_literal_escapes_every_ascii_punctuation(text: str) -> None:
    escaped = markdown_literal(text)
    # Undoing the escapes gives the original back, and no special is left bare.
    assert escaped.replace("\\\\", "\0").replace("\\", "").replace("\0", "\\") == text
    for i, char in enumerate(escaped):
        if char in ":$[]*<>#_`~|" and (i == 0 or escaped[i - 1] != "\\"):
            pytest.fail(f"unescaped {char!r} at {i} in {escaped!r}")


# --- the real renderer ---------------------------------------------------------------

_SCRIPT = """\
import streamlit as st
from workshop.ui.text import install_text_styles, markdown_literal, show_text

TRICKY = {tricky!r}
install_text_styles()
with st.container(key="plain"):
    show_text(TRICKY)
show_text(TRICKY, style="title", key="big")
with st.container(key="option"):
    st.radio("Pick", [TRICKY], format_func=markdown_literal, label_visibility="collapsed")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served_page(tmp_path: Path) -> Iterator[str]:
    script = tmp_path / "page.py"
    script.write_text(_SCRIPT.format(tricky=TRICKY), encoding="utf-8")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env["PYTHONPATH"] = str(REPO)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("streamlit did not become healthy")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.browser
def test_chromium_shows_the_text_literally(served_page: str) -> None:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        require_or_skip(missing_chromium_reason())
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(served_page)
            page.wait_for_selector(
                "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000
            )
            page.wait_for_selector(
                ".st-key-option [role='radiogroup'] [data-testid='stMarkdownContainer']"
            )
            for selector in (
                ".st-key-plain [data-testid='stText']",
                ".st-key-oc-text-title-big [data-testid='stText']",
                ".st-key-option [role='radiogroup'] [data-testid='stMarkdownContainer']",
            ):
                element = page.locator(selector)
                assert element.inner_text() == TRICKY, selector
                assert element.locator("img, a, strong, h1, .katex, span[style]").count() == 0
            # The title really is drawn larger than body text.
            sizes = [
                page.locator(sel).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
                for sel in (
                    ".st-key-plain [data-testid='stText']",
                    ".st-key-oc-text-title-big [data-testid='stText']",
                )
            ]
            assert sizes[1] > 2 * sizes[0]
        finally:
            browser.close()
