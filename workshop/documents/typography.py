"""Typographic quotes and dashes for printed text, in the document's language.

Organiser YAML is typed on a keyboard: straight quotes, ``--`` for a dash.
Paper gets curly quotes in the language's style (“English”, „Deutsch“) and
real dashes. The language is set once per document with :func:`quotes_for`,
a context variable, so every paragraph of that build uses the same style
without passing the language through each call (builds may run in threads).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar

_QUOTES: ContextVar[str] = ContextVar("quotes", default="“”‘’")

_OPEN_BEFORE = re.compile(r"(^|[\s(\[{/=—–-])$")
_DASHES = ((re.compile(r"---"), "—"), (re.compile(r"(?<=\s)--?(?=\s)"), "–"))


@contextlib.contextmanager
def quotes_for(quotes: str) -> Iterator[None]:
    """Print quotes as ``quotes`` (open, close, single open, single close) inside the block."""
    token = _QUOTES.set(quotes)
    try:
        yield
    finally:
        _QUOTES.reset(token)


def typographic(text: str, *, start: str = "") -> str:
    """``text`` with curly quotes, apostrophes and dashes; ``start`` is the text before it.

    A quote opens after a space, a bracket, a dash or at the start, and closes
    otherwise; an apostrophe inside a word (don't, Men's) is a closing single
    quote, as typesetters print it. A spaced hyphen becomes an en dash.
    """
    if '"' not in text and "'" not in text and "-" not in text:
        return text
    quotes = _QUOTES.get()
    double_open, double_close, single_open, single_close = (
        quotes[0],
        quotes[1],
        quotes[2],
        quotes[3],
    )
    for pattern, dash in _DASHES:
        text = pattern.sub(dash, text)
    out: list[str] = []
    before = start[-1:] if start else ""
    for char in text:
        if char == '"':
            char = double_open if _OPEN_BEFORE.search(before) else double_close
        elif char == "'":
            char = single_open if _OPEN_BEFORE.search(before) else single_close
        out.append(char)
        before = char
    return "".join(out)
