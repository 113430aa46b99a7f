"""One slide body holding the Markdown that must read the same on paper and projector.

Emphasis with ``*`` and ``_``, strong with ``**`` and ``__``, backslash
escapes, intraword underscores, code spans, nested bullet and numbered lists
and a table. The expected lists are what CommonMark (Streamlit's reading)
makes of it; both the unit tests of ``workshop.documents.markdown`` and the
browser test that compares the projector with the PDF use them.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

SAMPLE_BODY = """\
Emphasis with *stars* and _underscores_.

Strong with **double stars** and __double underscores__.

Escaped \\*not italic\\* and \\_not italic\\_ and snake_case_stays.

Run `git status` and `a < b & c` here.

- outer one
  - inner one
  - inner two
- outer two
  1. first step
  2. second step

| Feeling | Where |
| --- | --- |
| *calm* | **chest** |
| tense | `shoulders` |
"""

ITALIC = ["stars", "underscores", "calm"]
BOLD = ["double", "stars", "double", "underscores", "Feeling", "Where", "chest"]
"""Strong text and the table's header cells, in reading order."""
CODE = ["git", "status", "a", "<", "b", "&", "c", "shoulders"]

_LIST_MARK = re.compile(r"^(?:[•◦–]|\d+\.)$")


def words(text: str) -> list[str]:
    """The words of rendered text, without list marks (bullets, ``1.``)."""
    return [word for word in text.split() if not _LIST_MARK.match(word)]


WORDS = words(
    "Emphasis with stars and underscores. "
    "Strong with double stars and double underscores. "
    "Escaped *not italic* and _not italic_ and snake_case_stays. "
    "Run git status and a < b & c here. "
    "outer one inner one inner two outer two first step second step "
    "Feeling Where calm chest tense shoulders"
)
"""The slide's words in order, Markdown syntax removed (list marks too)."""


def pdf_words(runs: list[tuple[str, str]]) -> list[str]:
    """The words of PDF text runs (pieces of one line are joined as printed)."""
    return words("".join(text for _font, text in runs))


def pdf_runs(pdf: bytes) -> list[tuple[str, str]]:
    """(font name, text) for every piece of text pypdf reads, in page order."""
    runs: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if text.strip():
            name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            runs.append((name, text))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def styled_words(runs: list[tuple[str, str]], style: str) -> list[str]:
    """The words set in one face: ``"Oblique"`` (italic), ``"Bold"`` or ``"Mono"``.

    The italic face is called Oblique in some families and Italic in others.
    """
    names = ("Oblique", "Italic") if style == "Oblique" else (style,)
    return " ".join(text for font, text in runs if any(name in font for name in names)).split()


def between(runs: list[tuple[str, str]], start: str, end: str) -> list[tuple[str, str]]:
    """The runs after the first one holding ``start`` up to the next holding ``end``."""
    first = next(i for i, (_font, text) in enumerate(runs) if start in text)
    last = next(i for i in range(first + 1, len(runs)) if end in runs[i][1])
    return runs[first + 1 : last]
