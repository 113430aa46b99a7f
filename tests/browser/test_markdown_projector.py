"""The same slide Markdown on the projector and on paper: same words, same emphasis.

A curriculum whose first slide holds the shared samples (emphasis with ``*``
and ``_``, strong with ``**`` and ``__``, escapes, code spans, nested lists, a
table; tests/helpers/markdown_samples.py) is served by the real app. The
facilitator opens a room from the console, the projector shows the slide, and
its rendered text is read from the DOM. The facilitator guide of the same file
is printed with ``python -m workshop handouts --guide`` and read back with
pypdf and pypdfium2. Both must give the same words with the Markdown syntax
gone, the same words in italic (``<em>`` / the oblique face), in bold
(``<strong>`` and header cells / the bold face) and in code (``<code>`` / the
mono face), and nested list items indented under their parents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner
from helpers.browser import AppServer, wait_for_app
from helpers.markdown_samples import (
    BOLD,
    CODE,
    ITALIC,
    SAMPLE_BODY,
    WORDS,
    between,
    pdf_runs,
    pdf_words,
    styled_words,
    words,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect

from workshop.cli import cli

pytestmark = pytest.mark.browser

LIVE_DATA = Path(__file__).resolve().parents[1] / "live_data"
SLIDE_TITLE = "Welcome to the circle"
BODY = ".st-key-projector-body [data-testid='stMarkdownContainer']"

# What the projector's browser made of the slide: text, emphasis and list indents.
READ_SLIDE = """(root) => {
  const texts = (selector) => [...root.querySelectorAll(selector)].map((e) => e.innerText);
  const left = (text) => {
    const item = [...root.querySelectorAll('li')].find(
      (li) => li.firstChild && li.firstChild.textContent.trim() === text);
    return item ? item.getBoundingClientRect().left : null;
  };
  return {
    text: root.innerText,
    italic: texts('em'),
    bold: texts('strong, th'),
    code: texts('code'),
    left: {outer: left('outer one'), inner: left('inner one'), step: left('first step')},
  };
}"""


@pytest.fixture(scope="module")
def curricula_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The live-room test curriculum, its first slide holding the Markdown samples."""
    data: dict[str, Any] = yaml.safe_load((LIVE_DATA / "mini.yaml").read_text(encoding="utf-8"))
    first = data["sessions"][0]["steps"][0]
    assert first["type"] == "slide" and first["title"] == SLIDE_TITLE
    first["body"] = SAMPLE_BODY
    folder = tmp_path_factory.mktemp("curricula")
    (folder / "samples.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def new_page(browser: Browser, made: list[BrowserContext], **options: Any) -> Page:
    context = browser.new_context(**options)
    made.append(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def projector_slide(app_server: AppServer, browser: Browser, made: list[BrowserContext]) -> Any:
    """Unlock the console, open a room on the samples, open its projector; read the slide."""
    console = new_page(browser, made, viewport={"width": 1280, "height": 900})
    console.goto(f"{app_server.url}/console")
    wait_for_app(console)
    console.get_by_label("Passcode").fill(app_server.passcode)
    console.get_by_role("button", name="Unlock", exact=True).click()
    console.get_by_label("Group name").fill("Markdown men")
    console.get_by_role("button", name="Create group", exact=True).click()
    console.get_by_role("button", name="Open the room", exact=True).click()
    link = console.get_by_role("link", name="Open the projector window")
    href = link.get_attribute("href")
    assert href is not None and "key=" in href
    projector = new_page(browser, made, viewport={"width": 1280, "height": 720})
    projector.goto(urljoin(console.url, href))
    expect(projector.get_by_text(SLIDE_TITLE, exact=True).first).to_be_visible()
    body = projector.locator(BODY)
    expect(body).to_contain_text("shoulders")
    return body.evaluate(READ_SLIDE)


def paper_slide(tmp_path: Path, curricula_dir: Path) -> tuple[bytes, list[tuple[str, str]]]:
    """The facilitator guide of the same file, as the command line prints it."""
    out = tmp_path / "printed"
    result = CliRunner().invoke(
        cli, ["handouts", str(curricula_dir / "samples.yaml"), "--guide", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    [guide] = out.glob("*-facilitator-guide.pdf")
    pdf = guide.read_bytes()
    return pdf, between(pdf_runs(pdf), "On the slide", "Facilitator notes")


def left_edge(pdf: bytes, text: str) -> float:
    """Where ``text`` starts on its page, in points from the left edge."""
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            found = page.get_textpage().search(text, match_whole_word=True).get_next()
            if found:
                return float(page.get_textpage().get_charbox(found[0])[0])
    finally:
        document.close()
    raise AssertionError(f"{text!r} not found in the PDF")


def test_projector_and_paper_read_the_slide_markdown_the_same(
    app_server: AppServer,
    browser: Browser,
    contexts: list[BrowserContext],
    curricula_dir: Path,
    tmp_path: Path,
    artifacts: Path,
) -> None:
    wall = projector_slide(app_server, browser, contexts)
    pdf, paper = paper_slide(tmp_path, curricula_dir)

    # The same words in the same order, the Markdown syntax gone on both.
    assert words(wall["text"]) == WORDS
    assert pdf_words(paper) == WORDS

    # The same emphasis: <em> is the oblique face, <strong> and header cells the
    # bold face, <code> the mono face.
    assert " ".join(wall["italic"]).split() == ITALIC == styled_words(paper, "Oblique")
    assert " ".join(wall["bold"]).split() == BOLD == styled_words(paper, "Bold")
    assert " ".join(wall["code"]).split() == CODE == styled_words(paper, "Mono")

    # Nested lists stay nested: inner items start right of their parents on both.
    indent = wall["left"]
    assert indent["inner"] > indent["outer"] and indent["step"] > indent["outer"]
    assert left_edge(pdf, "inner one") > left_edge(pdf, "outer one")
    assert left_edge(pdf, "first step") > left_edge(pdf, "outer one")

    contexts[-1].pages[0].screenshot(path=str(artifacts / "projector-markdown.png"))
