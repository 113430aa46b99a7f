"""The group's evening over the weeks: check-ins and check-outs session by session, as HTML.

One drawing for the projector's trend step and the organiser page. The figures
come only from the disclosure gate (``disclosure.room_trend``): a session's
cell is a mean only when the gate released it; a withheld cell reads "not
shown" and has no point, and when no cell has a figure nothing is drawn at all
(:func:`trend_html` returns ``None``, the page says why in words).

Why HTML and not Altair: as for the room's result charts (``room_charts``),
every label and number is DOM text a test and a screen reader can read (and
not SVG: ``st.html``'s sanitiser removes it). Per session two columns, the
check-in solid and the check-out hatched, so colour is never the only signal,
each with its mean printed over it; a table under them gives every figure
with its number of answers. Session titles are organiser text: they
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

# Constant CSS: sizes and ink only, no text of anyone's.
_STYLES = """<style>
.oc-trend { color: #111; font-family: inherit; }
.oc-trend-large { font-size: 2.4vh; }
.oc-trend-large .oc-trend-plot { height: 30vh; }
.oc-trend-page { font-size: 0.95rem; }
.oc-trend-page .oc-trend-plot { height: 220px; }
.oc-trend-legend { display: flex; gap: 2.5em; margin: 0 0 0.4em 0; font-weight: 700; }
.oc-trend-swatch { display: inline-block; width: 1.6em; height: 1em; margin-right: 0.4em;
  border: 2px solid #111; vertical-align: middle; }
.oc-trend-plot { display: flex; align-items: stretch; gap: 1.5em; border-bottom: 4px solid #111;
  padding: 0 0.5em; }
.oc-trend-session { flex: 1 1 0; display: flex; align-items: stretch; justify-content: center;
  gap: 0.4em; }
.oc-trend-col { flex: 0 1 4em; display: flex; flex-direction: column; justify-content: flex-end;
  align-items: stretch; text-align: center; }
.oc-trend-mean { font-size: 1.5em; font-weight: 800; line-height: 1.2; }
.oc-trend-gap { font-size: 0.9em; line-height: 1.2; }
.oc-trend-bar { border: 3px solid #111; border-bottom: 0; min-height: 2px; }
.oc-trend-in { background: #1d3f6e; }
.oc-trend-out { background-color: #fff; background-image: repeating-linear-gradient(45deg,
  #8a1020 0 6px, #fff 6px 12px); }
.oc-trend-names { display: flex; gap: 1.5em; padding: 0.2em 0.5em 0 0.5em; font-weight: 700; }
.oc-trend-names span { flex: 1 1 0; text-align: center; }
.oc-trend table { border-collapse: collapse; width: 100%; margin-top: 0.6em;
  table-layout: fixed; }
.oc-trend :is(th, td) { border: 2px solid #111; padding: 0.15em 0.4em; text-align: center;
  overflow-wrap: anywhere; }
.oc-trend th:first-child, .oc-trend td:first-child { text-align: left; width: 7em; }
.oc-trend th small { display: block; font-weight: 400; font-size: 0.75em; }
</style>"""

_ROLES = (("check_in", "Check-in", "oc-trend-in"), ("check_out", "Check-out", "oc-trend-out"))
"""Column prefix, label and the class that fills its columns."""


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
    return any(c.mean is not None for prefix, _, _ in _ROLES for c in cells(frame, prefix))


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


def _column(cell: Cell, fill: str, low: int, high: int) -> str:
    if cell.mean is None:
        # No column where nothing is released: the words only, no figure.
        return f'<div class="oc-trend-col"><div class="oc-trend-gap">{cell.text}</div></div>'
    share = min(max((cell.mean - low) / (high - low), 0.0), 1.0)
    return (
        f'<div class="oc-trend-col"><div class="oc-trend-mean">{cell.mean:.1f}</div>'
        f'<div class="oc-trend-bar {fill}" style="height:{80 * share:.1f}%"></div></div>'
    )


def _plot(frame: pd.DataFrame, low: int, high: int) -> str:
    by_role = [(cells(frame, prefix), fill) for prefix, _label, fill in _ROLES]
    sessions = []
    for index in range(len(frame)):
        columns = "".join(_column(row[index], fill, low, high) for row, fill in by_role)
        sessions.append(f'<div class="oc-trend-session">{columns}</div>')
    names = "".join(f"<span>Session {int(number)}</span>" for number in frame["session"])
    # The table under the columns says all of it again, for a screen reader.
    return (
        f'<div class="oc-trend-plot" aria-hidden="true">{"".join(sessions)}</div>'
        f'<div class="oc-trend-names" aria-hidden="true">{names}</div>'
    )


def _legend() -> str:
    items = "".join(
        f'<span><span class="oc-trend-swatch {fill}"></span>{label}</span>'
        for _prefix, label, fill in _ROLES
    )
    return f'<div class="oc-trend-legend" aria-hidden="true">{items}</div>'


def _table(frame: pd.DataFrame) -> str:
    head = "".join(
        f"<th>Session {int(number)}<small>{escape_html(str(title))}</small></th>"
        for number, title in zip(frame["session"], frame["title"], strict=True)
    )
    rows = []
    for prefix, label, _fill in _ROLES:
        row = "".join(f"<td>{cell.text}</td>" for cell in cells(frame, prefix))
        rows.append(f"<tr><th>{label}</th>{row}</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def trend_html(frame: pd.DataFrame | None, *, low: int, high: int, large: bool) -> str | None:
    """The columns, their legend and a table of every cell; ``None`` when nothing is released.

    ``frame`` is what ``disclosure.room_trend`` returns; ``low`` and ``high``
    the scale's ends (``scale_range``). ``large`` sizes it for the projector.
    """
    if frame is None or not has_figure(frame) or high <= low:
        return None
    size = "oc-trend-large" if large else "oc-trend-page"
    return (
        f'{_STYLES}<div class="oc-trend {size}" data-testid="oc-trend">'
        f"{_legend()}{_plot(frame, low, high)}{_table(frame)}</div>"
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
