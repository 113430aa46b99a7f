"""Slide Markdown sized for a room, and the corner that says how to join.

Sizes are in ``vh`` so a slide looks the same at 1280×720 and 1920×1080: the
body is 4.2vh (30 px at 720p, 45 px at 1080p), tables the same size as the
text around them. A long slide is made to fit by scaling its body down from
an estimate of its lines (wrapped lines, table rows, headings), never by
clipping: the estimate errs long, so a slide may end a little above the
bottom, never below it. Constant CSS apart from numbers we compute; no text
of anyone's is put into a stylesheet.

The corner (:func:`corner_html`) shows the join code and a small QR on
every step while the room is open. It is fixed at the bottom right, and the
slide body keeps a margin for it. Strings in it go through
:func:`workshop.ui.text.escape_html`.
"""

from __future__ import annotations

import base64
import math

from workshop.ui.text import escape_html

BASE_VH = 4.2
"""Body text size for a slide that fits: 30 px at 720p (the floor asked is 28 px)."""

MIN_VH = 2.4
"""The smallest a very long slide is scaled to, still readable from the middle rows."""

CAPACITY_LINES = 12.0
"""Lines of body text at ``BASE_VH`` that fit under a title on a 16:9 screen."""

CHARS_PER_LINE = 58
"""Characters in one body line at ``BASE_VH`` beside the corner (an underestimate)."""


def body_lines(body: str) -> float:
    """An estimate, in body lines, of how tall a slide's Markdown is drawn."""
    lines = 0.0
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            lines += 0.5  # the gap between paragraphs
            continue
        if set(line) <= set("|-: "):
            continue  # a table's separator row draws nothing
        if line.startswith("|"):
            lines += 1.3  # a row and its cell padding
            continue
        heading = line.startswith("#")
        text = line.lstrip("#>-*+ ").strip()
        wrapped = max(1, math.ceil(len(text) / CHARS_PER_LINE))
        lines += wrapped * (1.5 if heading else 1.0)
    return lines


def body_size_vh(body: str) -> float:
    """The body's font size in ``vh``: ``BASE_VH``, less for a slide too long to fit."""
    lines = body_lines(body)
    if lines <= CAPACITY_LINES:
        return BASE_VH
    return max(MIN_VH, BASE_VH * CAPACITY_LINES / lines)


def slide_css(body: str) -> str:
    """The projector's slide stylesheet for this body: sizes only, no text."""
    size = body_size_vh(body)
    markdown = '.st-key-projector-body [data-testid="stMarkdownContainer"]'
    return f"""
.st-key-projector-body {{ padding-right: 22vh; }}
{markdown} {{ font-size: {size:.2f}vh; line-height: 1.35; color: #111; }}
{markdown} :is(p, li, td, th, code, blockquote) {{ font-size: {size:.2f}vh; line-height: 1.35; }}
{markdown} :is(h1, h2, h3, h4) {{ font-size: {1.3 * size:.2f}vh; line-height: 1.2;
  padding: 0.2em 0; }}
{markdown} :is(p, ul, ol, table) {{ margin-bottom: 0.4em; }}
{markdown} table {{ border-collapse: collapse; }}
{markdown} :is(td, th) {{ padding: 0.15em 0.6em; border: 2px solid #111; color: #111; }}
"""


def corner_html(join_code: str, qr_png: bytes | None, address: str | None) -> str:
    """The join corner: a small QR, the address and the join code, fixed bottom right."""
    image = ""
    if qr_png is not None:
        data = base64.b64encode(qr_png).decode("ascii")
        image = f'<img class="oc-corner-qr" src="data:image/png;base64,{data}" alt="QR code">'
    where = f'<div class="oc-corner-address">{escape_html(address)}</div>' if address else ""
    return f"""<style>
.oc-corner {{ position: fixed; right: 1.5vh; bottom: 1.5vh; z-index: 1000; background: #fff;
  color: #111; border: 3px solid #111; border-radius: 1vh; padding: 1vh; width: 20vh;
  text-align: center; font-family: inherit; }}
.oc-corner-qr {{ width: 100%; height: auto; display: block; image-rendering: pixelated; }}
.oc-corner-address {{ font-size: 1.5vh; overflow-wrap: anywhere; }}
.oc-corner-code {{ font-size: 4vh; font-weight: 800; letter-spacing: 0.08em; }}
</style><div class="oc-corner" data-testid="oc-corner">{image}{where}
<div class="oc-corner-code">{escape_html(join_code)}</div></div>"""


def countdown_html(seconds: int, *, elapsed: int = 0) -> str:
    """A large countdown from ``seconds`` to 0:00, run by the browser alone.

    CSS only: a registered integer property animated from ``seconds`` to 0,
    split into minutes and seconds and printed by CSS counters. ``elapsed``
    starts it part-way (a negative delay): the projector passes the seconds
    since the room's stored start of the step, so a reload, or a redraw after
    a change in the room, shows the time really left rather than starting over.

    The ``<`` of ``<integer>`` is written as the CSS escape ``\\3C ``:
    Streamlit's HTML sanitiser (DOMPurify) drops a ``<style>`` whose text
    contains ``<`` followed by a letter.
    """
    seconds = max(0, int(seconds))
    elapsed = min(max(0, int(elapsed)), seconds)
    minutes = seconds // 60
    return f"""<style>
@property --oc-left {{ syntax: '\\3C integer>'; inherits: true; initial-value: 0; }}
@property --oc-min {{ syntax: '\\3C integer>'; inherits: true; initial-value: 0; }}
@property --oc-sec {{ syntax: '\\3C integer>'; inherits: true; initial-value: 0; }}
@keyframes oc-countdown {{ from {{ --oc-left: {seconds}; }} to {{ --oc-left: 0; }} }}
.oc-countdown {{ position: fixed; top: 2vh; right: 2vh; z-index: 1000; color: #111;
  background: #fff; border: 4px solid #111; border-radius: 1vh; padding: 0.5vh 2vh;
  font-size: 11vh; font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1.1;
  --oc-left: 0; animation: oc-countdown {seconds}s linear -{elapsed}s 1 forwards;
  --oc-min: calc(var(--oc-left) / 60 - 0.5);
  --oc-sec: calc(var(--oc-left) - var(--oc-min) * 60);
  counter-reset: oc-min var(--oc-min) oc-sec var(--oc-sec); }}
.oc-countdown::after {{ content: counter(oc-min) ":" counter(oc-sec, decimal-leading-zero); }}
</style><div class="oc-countdown" role="timer" aria-label="{minutes} minutes"></div>"""
