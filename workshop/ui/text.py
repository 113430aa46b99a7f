"""Show text as text: the one helper every page uses for words it did not write.

Why this exists. Almost every Streamlit element that takes a string parses it:
``st.markdown``, ``st.write``, ``st.title``/``st.header``/``st.caption``,
``st.info``/``st.error``, widget labels, and ``st.radio``/``st.pills`` options
are GitHub Markdown plus Streamlit's own extensions. So a participant who types
``:red[hi]`` gets red text, ``$x$`` becomes LaTeX, ``:smile:`` becomes an emoji,
``**`` and ``#`` restyle the page, and a link can be dressed up as anything.
(Raw HTML such as ``<img src=x onerror=alert(1)>`` is not run while
``unsafe_allow_html`` is off, but it still vanishes or changes the text.) A
man's answer must appear on the projector exactly as he typed it.

``st.text`` is the exception: its string travels in the ``Text`` message and
the browser puts it into the page as a text node, with no Markdown, no
directives, no HTML. Every piece of participant text, and the organiser text
outside slide bodies (titles, notes, questions, options), goes through
:func:`show_text`. Only a slide body, which the organiser writes as Markdown on
purpose, is rendered as Markdown.

Markup the app builds itself (the projector's result bars, word cloud and
text cards, ``workshop/ui/room_*.py``) takes every string it did not write
through :func:`escape_html`, and nothing else: one helper, so one place to
check.

Size: ``st.text`` has no size option, so large text is a ``st.text`` inside a
keyed container, enlarged by one fixed stylesheet (:func:`install_text_styles`)
that contains none of the text. Styling never touches the words.
"""

from __future__ import annotations

import html
import re
from typing import Literal

import streamlit as st

TextStyle = Literal["body", "title", "large", "muted"]

_KEY_PREFIX = "oc-text-"

# Our own constant CSS; no user or organiser text ever goes into it.
_STYLES = f"""
<style>
[class*="st-key-{_KEY_PREFIX}title"] [data-testid="stText"] {{
  font-size: 2.6rem; font-weight: 700; line-height: 1.2;
}}
[class*="st-key-{_KEY_PREFIX}large"] [data-testid="stText"] {{
  font-size: 1.6rem; line-height: 1.35;
}}
[class*="st-key-{_KEY_PREFIX}muted"] [data-testid="stText"] {{
  opacity: 0.7; font-size: 0.9rem;
}}
[data-testid="stText"] {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
/* Streamlit's grey captions (3.9:1 on white) fall short of WCAG's 4.5:1: darker,
   still quieter than body text. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  color: #4b4e59 !important; opacity: 1;
}}
</style>
"""


def install_text_styles() -> None:
    """Add the fixed stylesheet (large and muted text, readable captions); call once per run."""
    st.html(_STYLES)


def show_text(text: str, *, style: TextStyle = "body", key: str | None = None) -> None:
    """Show ``text`` exactly as written: no Markdown, no HTML, no emoji codes.

    ``style`` other than ``body`` needs a ``key`` unique on the page (it names
    the container the stylesheet enlarges).
    """
    if style == "body":
        st.text(text, width="stretch")
        return
    if key is None:
        raise ValueError(f"show_text(style={style!r}) needs a key unique on the page")
    with st.container(key=f"{_KEY_PREFIX}{style}-{key}"):
        st.text(text, width="stretch")


# Every ASCII punctuation character: CommonMark lets each be escaped with "\".
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text: str) -> str:
    """``text`` escaped so a Markdown-rendering spot shows it literally.

    For the few places that only take Markdown: widget labels and ``st.radio``
    options. Every ASCII punctuation character gets a backslash, which also
    stops ``:red[..]``, ``$..$`` and ``:smile:`` (checked in Chromium against
    Streamlit 1.67: the label's DOM text equals the input). Prefer
    :func:`show_text` wherever an element can be used instead.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def escape_html(text: str) -> str:
    """``text`` made safe to place inside HTML or SVG the app builds: shown as typed.

    ``html.escape`` with quotes, so it is safe in element content and in
    quoted attribute values alike. Markup that goes to ``st.html`` is not
    Markdown, so ``:red[..]``, ``$..$`` and ``:smile:`` already stay literal
    there; this stops tags, entities and attribute breakouts. The one helper
    for participant (and organiser) strings entering app-built markup.
    """
    return html.escape(text, quote=True)
