"""Results drawn for the room as HTML: bars, scale, word cloud and text cards.

Why HTML and not Altair: Streamlit draws Vega charts on a canvas, which a
test cannot read, a screen reader cannot either, and which cut every option
label to a few characters. Here every label, count and word is DOM text, at
projector size, and wraps instead of being cut.

Every string the app did not write (options, words, answers, scale labels)
enters the markup through :func:`workshop.ui.text.escape_html`, and only
there; numbers are formatted by us. The stylesheet is constant and holds no
text. Readable in black and white: every bar carries its count as text and a
hatch pattern, so colour is never the only signal.

Pure functions returning strings: the page (``workshop.ui.projector``)
passes them to ``st.html``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sized

import pandas as pd

from workshop.ui.text import escape_html

TEXTS_PER_PAGE = 6
"""How many text answers the room sees at once."""

MAX_WORDS = 40
"""The word cloud keeps the most-given words; more would not be readable."""

# Dark ink on white, hatched bars: the contrast survives a washed-out projector
# and a greyscale print. Constant CSS; no text of anyone's is ever put in it.
STYLES = """<style>
.oc-room { color: #111; font-family: inherit; }
.oc-room * { box-sizing: border-box; }
.oc-choice { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto;
  gap: calc(0.45 * var(--oc-f, 4.4vh)) 1.4rem; align-items: center; }
.oc-choice .oc-choice-label { font-size: var(--oc-f, 4.4vh); line-height: 1.15;
  overflow-wrap: anywhere; white-space: normal; }
.oc-choice .oc-track { height: calc(1.3 * var(--oc-f, 4.4vh)); }
.oc-choice .oc-count { font-size: calc(1.4 * var(--oc-f, 4.4vh)); line-height: 1; }
.oc-track { height: 3rem; border: 3px solid #111; background: #fff; }
.oc-bar { height: 100%; background-color: #1d3f6e;
  background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.35) 0 6px,
    transparent 6px 14px); }
.oc-count { font-size: 3rem; font-weight: 800; min-width: 3ch; text-align: right; }
.oc-scale { display: flex; align-items: flex-end; gap: 0.6rem; height: 20rem;
  position: relative; border-bottom: 4px solid #111; }
.oc-scale-col { flex: 1 1 0; display: flex; flex-direction: column; justify-content: flex-end;
  align-items: stretch; height: 100%; }
.oc-scale-col .oc-count { font-size: 2.4rem; text-align: center; min-width: 0; }
.oc-scale-col .oc-bar { border: 3px solid #111; border-bottom: 0; }
.oc-mean-mark { position: absolute; top: 0; bottom: -1rem; width: 0;
  border-left: 6px dashed #b00020; }
.oc-scale-values { display: flex; gap: 0.6rem; }
.oc-scale-values span { flex: 1 1 0; text-align: center; font-size: 2rem; font-weight: 700; }
.oc-scale-ends { display: flex; justify-content: space-between; gap: 2rem; font-size: 1.8rem;
  margin-top: 0.6rem; }
.oc-scale-ends span:last-child { text-align: right; }
.oc-mean { font-size: 2.6rem; font-weight: 800; margin: 0 0 0.8rem 0; }
.oc-cloud { display: flex; flex-wrap: wrap; justify-content: center; align-items: baseline;
  gap: 0.4rem 2.2rem; padding: 1rem 0; }
.oc-word { line-height: 1.1; font-weight: 700; overflow-wrap: anywhere; }
.oc-word sup { font-size: 0.35em; font-weight: 600; margin-left: 0.2em; }
.oc-cards { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1.4rem; }
.oc-card { border: 3px solid #111; border-radius: 0.6rem; padding: 1.2rem 1.6rem;
  font-size: 2.2rem; line-height: 1.3; white-space: pre-wrap; overflow-wrap: anywhere; }
.oc-more { font-size: 1.8rem; margin-top: 1rem; }
</style>"""


def _bar(share: float) -> str:
    """A hatched bar filling ``share`` (0..1) of its track, decoration only."""
    return f'<div class="oc-bar" style="width:{100 * share:.1f}%"></div>'


CHOICE_HEIGHT_VH = 62.0
"""Of the screen's height, what the bars may fill: the question above, the
number answered below and the join corner beside them take the rest."""

LABEL_WIDTH_VH = 53.0
"""The label column's width on a 16:9 screen, in ``vh`` (two fifths of what the
margins and the corner leave)."""


def _label_lines(label: str, size_vh: float) -> int:
    """Lines a label wraps onto at ``size_vh`` (an average glyph is half as wide as high)."""
    per_line = max(1, int(LABEL_WIDTH_VH / (0.5 * size_vh)))
    return max(1, math.ceil(len(label) / per_line))


def choice_size_vh(labels: list[str], *, largest: float = 4.4, smallest: float = 2.4) -> float:
    """The labels' size in ``vh``: ``largest`` (32 px at 720p) when every row fits,
    less for many or long options, so every row is on the screen at any 16:9
    size (scaled, never cut)."""
    size = largest
    while size > smallest:
        rows = sum(max(1.3, 1.15 * _label_lines(label, size)) + 0.45 for label in labels)
        if rows * size <= CHOICE_HEIGHT_VH:
            return size
        size = round(size - 0.1, 2)
    return smallest


def choice_html(distribution: pd.DataFrame) -> str:
    """Horizontal bars, one per option in the prompt's order: full label, bar, count."""
    counts = [int(c) for c in distribution["count"]]
    top = max(counts, default=0) or 1
    rows = []
    for option, count in zip(distribution["option"], counts, strict=True):
        rows.append(
            f'<div class="oc-choice-label">{escape_html(str(option))}</div>'
            f'<div class="oc-track" aria-hidden="true">{_bar(count / top)}</div>'
            f'<div class="oc-count">{count}</div>'
        )
    size = choice_size_vh([str(option) for option in distribution["option"]])
    return (
        f'{STYLES}<div class="oc-room oc-choice" style="--oc-f: {size:.2f}vh">{"".join(rows)}</div>'
    )


def scale_html(
    distribution: pd.DataFrame,
    mean: float,
    *,
    low: int,
    high: int,
    low_label: str,
    high_label: str,
) -> str:
    """Columns for each scale point with its count, the mean marked, both end labels."""
    counts = dict(zip((int(v) for v in distribution["value"]), distribution["count"], strict=True))
    points = list(range(low, high + 1))
    top = max((int(c) for c in counts.values()), default=0) or 1
    columns = []
    for point in points:
        count = int(counts.get(point, 0))
        height = 100 * count / top * 0.8  # room above the tallest bar for its count
        columns.append(
            f'<div class="oc-scale-col"><div class="oc-count">{count}</div>'
            f'<div class="oc-bar" style="height:{height:.1f}%"></div></div>'
        )
    # The mark sits over the mean's place on the axis: point i is centred in slot i.
    left = 100 * (mean - low + 0.5) / len(points)
    mark = f'<div class="oc-mean-mark" style="left:{left:.1f}%" aria-hidden="true"></div>'
    values = "".join(f"<span>{point}</span>" for point in points)
    return (
        f'{STYLES}<div class="oc-room">'
        f'<p class="oc-mean">mean {mean:.1f}</p>'
        f'<div class="oc-scale">{"".join(columns)}{mark}</div>'
        f'<div class="oc-scale-values">{values}</div>'
        f'<div class="oc-scale-ends"><span>{low} = {escape_html(low_label)}</span>'
        f"<span>{high} = {escape_html(high_label)}</span></div></div>"
    )


def _centre_out(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The biggest word in the middle, smaller ones alternating to each side."""
    left: list[tuple[str, int]] = []
    right: list[tuple[str, int]] = []
    for i, item in enumerate(items):
        (right if i % 2 == 0 else left).append(item)
    return left[::-1] + right


def word_cloud_html(words: pd.DataFrame, *, smallest: float = 1.8, largest: float = 6.0) -> str:
    """A word cloud: each word once, its size (in rem) by how many phones gave it.

    Deterministic: most-given first, ties alphabetically, then laid out from
    the centre. Sizes grow with the square root of the count, so the area of
    a word follows its count. The count is printed small beside each word.
    """
    pairs = sorted(
        ((str(w), int(c)) for w, c in zip(words["word"], words["count"], strict=True)),
        key=lambda pair: (-pair[1], pair[0]),
    )[:MAX_WORDS]
    top = max((c for _, c in pairs), default=1)
    spans = []
    for word, count in _centre_out(pairs):
        size = smallest + (largest - smallest) * math.sqrt(count / top)
        spans.append(
            f'<span class="oc-word" style="font-size:{size:.2f}rem">'
            f"{escape_html(word)}<sup>{count}</sup></span>"
        )
    return f'{STYLES}<div class="oc-room oc-cloud">{"".join(spans)}</div>'


def card_order(texts: tuple[str, ...] | list[str], salt: str) -> list[str]:
    """The texts in one fixed order for a room, so paging walks through every card.

    A released summary lists texts freshly shuffled on each read (so no list
    shows arrival order); a page of a reshuffled list would show cards at
    random. Here the order is a hash of ``salt`` (the room) and the text
    alone: the same on every read and every projector, unrelated to who
    answered when.
    """
    return sorted(
        texts, key=lambda text: (hashlib.sha256(f"{salt}\0{text}".encode()).digest(), text)
    )


def text_pages(texts: Sized, per_page: int = TEXTS_PER_PAGE) -> int:
    """How many pages the text cards take (at least one)."""
    return max(1, math.ceil(len(texts) / per_page))


def text_cards_html(
    texts: tuple[str, ...] | list[str], *, page: int = 0, per_page: int = TEXTS_PER_PAGE
) -> str:
    """A few written answers as large cards; the number still to come below them."""
    page = min(max(page, 0), text_pages(texts, per_page) - 1)
    start = page * per_page
    shown = texts[start : start + per_page]
    cards = "".join(f'<div class="oc-card">{escape_html(text)}</div>' for text in shown)
    remaining = len(texts) - start - len(shown)
    more = f'<p class="oc-more">{remaining} more</p>' if remaining > 0 else ""
    return f'{STYLES}<div class="oc-room"><div class="oc-cards">{cards}</div>{more}</div>'
