"""The group's evening over the weeks: check-ins and check-outs session by session, as SVG.

One drawing for the projector's trend step and the organiser page. The figures
come only from the disclosure gate (``disclosure.room_trend``): a session's
cell is a mean only when the gate released it; a withheld cell reads "not
shown" and has no point, and when no cell has a figure nothing is drawn at all
(:func:`trend_html` returns ``None``, the page says why in words).

Why SVG and not Altair: as for the room's result charts (``room_charts``),
every label and number is DOM text a test and a screen reader can read. Check-in
and check-out differ by line style and marker shape, not colour alone, and
every point carries its mean as text. Session titles are organiser text: they
enter the markup through :func:`workshop.ui.text.escape_html`, and only there.

:func:`show_trend` puts it on a page (``st.html``); everything else is pure.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from workshop.curriculum import Curriculum, PromptStep, ScaleAnswer, is_trend_prompt
from workshop.disclosure import Gate, room_trend
from workshop.ui.text import escape_html, show_text

NOTHING_YET = (
    "Not enough answers yet to show the group's chart: an evening appears here once "
    "at least {k} phones answered its check-in or check-out and the room saw the result."
)
"""What stands where the chart would, while the gate withholds every cell."""

WITHHELD = "not shown"
"""A cell the gate withheld (too few answers, or the room never saw it)."""

NOT_ASKED = "–"
"""A cell of a session that did not ask that question."""

_WIDTH, _HEIGHT = 1000, 420
_LEFT, _RIGHT, _TOP, _BOTTOM = 70, 30, 50, 60

# Constant CSS: sizes and ink only, no text of anyone's.
_STYLES = """<style>
.oc-trend { color: #111; font-family: inherit; }
.oc-trend-large { font-size: 2.4vh; }
.oc-trend-page { font-size: 0.95rem; }
.oc-trend svg { display: block; width: 100%; height: auto; }
.oc-trend-large svg { max-height: 44vh; }
.oc-trend-page svg { max-height: 340px; }
.oc-trend-legend { display: flex; gap: 2.5em; margin: 0 0 0.3em 0; font-weight: 700; }
.oc-trend-legend svg { display: inline-block; width: 3em; height: 1em; vertical-align: middle;
  margin-right: 0.4em; }
.oc-trend table { border-collapse: collapse; width: 100%; margin-top: 0.4em;
  table-layout: fixed; }
.oc-trend :is(th, td) { border: 2px solid #111; padding: 0.15em 0.4em; text-align: center;
  overflow-wrap: anywhere; }
.oc-trend th:first-child, .oc-trend td:first-child { text-align: left; width: 7em; }
.oc-trend th small { display: block; font-weight: 400; font-size: 0.75em; }
</style>"""

_ROLES = (
    ("check_in", "Check-in", "#1d3f6e", ""),
    ("check_out", "Check-out", "#8a1020", "18 10"),
)
"""Column prefix, label, ink and dash pattern of each line."""


@dataclass(frozen=True)
class Cell:
    """One session's figure for one role: a released mean, or why there is none."""

    mean: float | None
    answered: int | None
    """Answers behind the mean; ``None`` when withheld, 0 when not asked."""

    @property
    def text(self) -> str:
        """The cell as words: "6.2 (5)", "not shown" or "–"."""
        if self.answered is None:
            return WITHHELD
        if self.mean is None:
            return NOT_ASKED
        return f"{self.mean:.1f} ({self.answered})"


def cells(frame: pd.DataFrame, prefix: str) -> list[Cell]:
    """The cells of one role (``check_in`` or ``check_out``), session by session."""
    out = []
    for mean, n in zip(frame[f"{prefix}_mean"], frame[f"{prefix}_n"], strict=True):
        if pd.isna(n):
            out.append(Cell(None, None))
        elif int(n) == 0 or pd.isna(mean):
            out.append(Cell(None, 0))
        else:
            out.append(Cell(float(mean), int(n)))
    return out


def has_figure(frame: pd.DataFrame | None) -> bool:
    """True when at least one cell of the trend was released."""
    if frame is None or frame.empty:
        return False
    return any(c.mean is not None for prefix, *_ in _ROLES for c in cells(frame, prefix))


def scale_range(curriculum: Curriculum, prompt_ids: Collection[str] | None) -> tuple[int, int]:
    """The vertical axis: from the lowest to the highest point of the charted scales."""
    ends = [
        (step.answer.min, step.answer.max)
        for session in curriculum.sessions
        for step in session.steps
        if isinstance(step, PromptStep)
        and isinstance(step.answer, ScaleAnswer)
        and is_trend_prompt(step)
        and (prompt_ids is None or step.id in prompt_ids)
    ]
    if not ends:
        return (0, 10)
    return (min(low for low, _ in ends), max(high for _, high in ends))


def _ticks(low: int, high: int) -> list[int]:
    middle = (low + high) / 2
    return [low, int(middle), high] if middle == int(middle) else [low, high]


def _svg(frame: pd.DataFrame, low: int, high: int) -> str:
    count = len(frame)
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM

    def x(index: int) -> float:
        return _LEFT + (index + 0.5) * plot_w / count

    def y(value: float) -> float:
        return _TOP + plot_h * (high - value) / (high - low)

    parts = []
    for tick in _ticks(low, high):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#999" stroke-width="2"/>'
            f'<text x="{_LEFT - 14}" y="{y(tick) + 10:.1f}" text-anchor="end" '
            f'font-size="30">{tick}</text>'
        )
    for index, number in enumerate(frame["session"]):
        parts.append(
            f'<text x="{x(index):.1f}" y="{_HEIGHT - 18}" text-anchor="middle" '
            f'font-size="30" font-weight="700">Session {int(number)}</text>'
        )
    for prefix, _label, ink, dash in _ROLES:
        row = cells(frame, prefix)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        for index in range(count - 1):
            here, there = row[index].mean, row[index + 1].mean
            if here is None or there is None:
                continue  # a gap where a session was withheld: no line through it
            parts.append(
                f'<line x1="{x(index):.1f}" y1="{y(here):.1f}" x2="{x(index + 1):.1f}" '
                f'y2="{y(there):.1f}" stroke="{ink}" stroke-width="6"{dashes}/>'
            )
        for index, cell in enumerate(row):
            if cell.mean is None:
                continue
            cx, cy = x(index), y(cell.mean)
            if dash:
                marker = f'<rect x="{cx - 11:.1f}" y="{cy - 11:.1f}" width="22" height="22" '
            else:
                marker = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="12" '
            # Check-in's number above its point, check-out's below: they never sit on each other.
            label_y = cy - 22 if not dash else cy + 44
            parts.append(
                f'{marker}fill="{ink}"/>'
                f'<text x="{cx:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="32" '
                f'font-weight="800" fill="{ink}">{cell.mean:.1f}</text>'
            )
    return (
        f'<svg viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        'aria-label="Check-in and check-out means, session by session; '
        'the table below gives every figure">' + "".join(parts) + "</svg>"
    )


def _legend() -> str:
    items = []
    for _prefix, label, ink, dash in _ROLES:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<span><svg viewBox="0 0 60 20" aria-hidden="true"><line x1="0" y1="10" x2="60" '
            f'y2="10" stroke="{ink}" stroke-width="6"{dashes}/></svg>{label}</span>'
        )
    return f'<div class="oc-trend-legend">{"".join(items)}</div>'


def _table(frame: pd.DataFrame) -> str:
    head = "".join(
        f"<th>Session {int(number)}<small>{escape_html(str(title))}</small></th>"
        for number, title in zip(frame["session"], frame["title"], strict=True)
    )
    rows = []
    for prefix, label, _ink, _dash in _ROLES:
        row = "".join(f"<td>{cell.text}</td>" for cell in cells(frame, prefix))
        rows.append(f"<tr><th>{label}</th>{row}</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def trend_html(frame: pd.DataFrame | None, *, low: int, high: int, large: bool) -> str | None:
    """The chart, its legend and a table of every cell; ``None`` when nothing is released.

    ``frame`` is what ``disclosure.room_trend`` returns; ``low`` and ``high``
    the scale's ends (``scale_range``). ``large`` sizes it for the projector.
    """
    if frame is None or not has_figure(frame) or high <= low:
        return None
    size = "oc-trend-large" if large else "oc-trend-page"
    return (
        f'{_STYLES}<div class="oc-trend {size}" data-testid="oc-trend">'
        f"{_legend()}{_svg(frame, low, high)}{_table(frame)}</div>"
    )


def show_trend(
    gate: Gate,
    group_id: str,
    curriculum: Curriculum,
    prompt_ids: Collection[str] | None,
    *,
    large: bool,
    key: str,
) -> bool:
    """Draw the group's trend as the gate releases it to the room; words where it withholds.

    Returns whether a chart was drawn.
    """
    frame = room_trend(gate, group_id, prompt_ids)
    low, high = scale_range(curriculum, prompt_ids)
    markup = trend_html(frame, low=low, high=high, large=large)
    if markup is None:
        show_text(NOTHING_YET.format(k=gate.k), style="large" if large else "body", key=key)
        return False
    with st.container(key=key):
        st.html(markup)
    caption = (
        f"Means of the {low}–{high} scale, with the number of answers. A session shows only "
        f"where at least {gate.k} phones answered and the room saw the result."
    )
    show_text(caption, style="muted", key=f"{key}-caption")
    return True
