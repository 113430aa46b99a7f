"""The projector view (``/projector?key=DISPLAY_KEY``), opened from the console.

Shows only what the room may see: the slide, large; while a prompt is open
its question, the QR code, the join code and the live number; after the
reveal the results as charts, with every word a man typed shown as text.
Never notes, notices or anything of the console. The display key is the only
way in: a wrong or missing key gets a plain message and nothing else.

No flicker: a small fragment holds the live listener (``workshop.ui.live_stream``):
on each pushed event it checks the revision and redraws only the live number;
the slide and charts are redrawn only when the revision changed.

Session-state keys owned here: ``projector.rev``, ``projector.count``. Query parameters read here:
``key`` (display key) and ``base`` (the address the console chose for the QR).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from workshop import qr, rooms
from workshop.curriculum import ExerciseStep, PromptStep, SlideStep
from workshop.results import PromptSummary
from workshop.store import Store
from workshop.ui import live_stream, routes
from workshop.ui.live_components import POLL_ERRORS, boundary, hide_chrome, style
from workshop.ui.services import Services, services
from workshop.ui.text import markdown_literal, show_text

REV_KEY = "projector.rev"
COUNT_KEY = "projector.count"

ChartLike = alt.Chart | alt.LayerChart | alt.FacetChart
"""What the chart builders return; ``st.altair_chart`` takes each."""

_PROJECTOR_CSS = """
[data-testid="stMainBlockContainer"], .block-container { max-width: 100%; padding: 2rem 4rem; }
[class*="st-key-oc-text-title"] [data-testid="stText"] { font-size: 4.2rem; line-height: 1.15; }
[class*="st-key-oc-text-large"] [data-testid="stText"] { font-size: 2.4rem; line-height: 1.3; }
.st-key-projector-body [data-testid="stMarkdownContainer"] p,
.st-key-projector-body [data-testid="stMarkdownContainer"] li {
  font-size: 2.2rem; line-height: 1.4; }
.st-key-projector-live [data-testid="stText"] { font-size: 3rem; font-weight: 700; }
.st-key-projector-texts [data-testid="stText"] { font-size: 1.9rem; line-height: 1.35; }
"""

_BLANK_CSS = """
[data-testid="stApp"], [data-testid="stMain"] { background: #000 !important; }
"""


def _base_url(svc: Services) -> str | None:
    """The QR's address: the console's choice, else the configured one, else a guess."""
    candidates = [st.query_params.get("base", ""), svc.settings.public_url]
    port = int(st.get_option("server.port") or 8501)
    candidates += [address.base_url(port) for address in qr.network_addresses()]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return qr.normalise_base_url(candidate)
        except qr.QrError:
            continue
    return None


def _tick(store: Store, room_id: str, prompt_id: str | None, url: str, poll: float) -> None:
    heard = live_stream.listen(url, key="projector-live-listener", poll_seconds=poll)
    if heard == "ended":
        st.rerun(scope="app")
    if heard is not None:  # an event or the fallback poll, not the page run drawing it
        try:
            current: int | None = rooms.revision(store, room_id)
        except POLL_ERRORS:
            current = None
        if current != st.session_state.get(REV_KEY):
            st.rerun(scope="app")
    if prompt_id is not None:
        try:
            count = rooms.response_count(store, room_id, prompt_id)
        except POLL_ERRORS:
            # Keep the last number on screen; the next tick tries again.
            count = int(st.session_state.get(COUNT_KEY, 0))
        st.session_state[COUNT_KEY] = count
        with st.container(key="projector-live"):
            st.text(f"{count} responded")


def _follow(svc: Services, room: rooms.Room, prompt_id: str | None) -> None:
    """The fragment that follows the room (pushed) and draws the live number."""
    url = live_stream.events_url(room.id, key=room.display_key)
    st.fragment(_tick)(svc.store, room.id, prompt_id, url, svc.settings.poll_seconds)


def _slide(step: SlideStep | ExerciseStep) -> None:
    show_text(step.title, style="title", key="projector-title")
    with st.container(key="projector-body"):
        if isinstance(step, SlideStep):
            if step.body:
                st.markdown(step.body)  # organiser-written Markdown, on purpose
        else:
            show_text(step.instructions, style="large", key="projector-instructions")


def _open_prompt(svc: Services, room: rooms.Room, prompt: PromptStep) -> None:
    show_text(prompt.question, style="title", key="projector-question")
    code_col, qr_col = st.columns([3, 2], gap="large")
    base = _base_url(svc)
    with code_col:
        show_text("Scan the code, or open the address and type:", style="large", key="how")
        show_text(room.join_code, style="title", key="projector-code")
        if base:
            show_text(f"{base}/{routes.JOIN.url_path}", style="large", key="projector-address")
        _follow(svc, room, prompt.id)
    with qr_col:
        if base:
            with st.container(key="projector-qr"):
                st.image(qr.qr_png(qr.join_url(base, room.join_code)), width=420)


def scale_chart(distribution: pd.DataFrame, mean: float, low: int, high: int) -> ChartLike:
    """Bars for each scale point and a rule at the mean."""
    x = alt.X(
        "value:Q",
        title=None,
        scale=alt.Scale(domain=[low - 0.5, high + 0.5]),
        axis=alt.Axis(values=list(range(low, high + 1)), format="d", labelFontSize=24, grid=False),
    )
    bars = (
        alt.Chart(distribution)
        .mark_bar(size=40, color="#4c78a8")
        .encode(x=x, y=alt.Y("count:Q", title=None, axis=alt.Axis(tickMinStep=1, labelFontSize=20)))
    )
    frame = pd.DataFrame({"mean": [mean], "label": [f"mean {mean:.1f}"]})
    rule = alt.Chart(frame).mark_rule(color="#e45756", size=5).encode(x="mean:Q")
    label = (
        alt.Chart(frame)
        .mark_text(align="left", dx=8, dy=-10, fontSize=26, color="#e45756")
        .encode(x="mean:Q", y=alt.value(10), text="label:N")
    )
    chart: ChartLike = alt.layer(bars, rule, label).properties(height=420)
    return chart


def choice_chart(distribution: pd.DataFrame) -> ChartLike:
    """Horizontal bars, one per option, in the prompt's order."""
    order = list(distribution["option"])
    chart: ChartLike = (
        alt.Chart(distribution)
        .mark_bar(color="#4c78a8")
        .encode(
            y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelFontSize=24)),
            x=alt.X("count:Q", title=None, axis=alt.Axis(tickMinStep=1, labelFontSize=20)),
        )
        .properties(height=max(160, 70 * len(order)))
    )
    return chart


def word_chart(words: pd.DataFrame, columns: int = 4) -> ChartLike:
    """Words laid out on a grid, each sized by how many phones gave it.

    Vega draws them as text marks: the words are data, never markup.
    """
    frame = words.reset_index(drop=True).copy()
    frame["col"] = frame.index % columns
    frame["row"] = frame.index // columns
    hidden = alt.Axis(labels=False, ticks=False, domain=False, grid=False, title=None)
    chart: ChartLike = (
        alt.Chart(frame)
        .mark_text(baseline="middle", color="#1f3b57")
        .encode(
            x=alt.X("col:O", axis=hidden),
            y=alt.Y("row:O", axis=hidden),
            text="word:N",
            size=alt.Size("count:Q", scale=alt.Scale(range=[24, 96]), legend=None),
        )
        .properties(height=max(160, 120 * (int(frame["row"].max()) + 1)))
        .configure_view(strokeWidth=0)
    )
    return chart


def _results(svc: Services, room: rooms.Room, prompt: PromptStep) -> None:
    show_text(prompt.question, style="large", key="projector-question")
    summary = svc.release(room.id, prompt.id, "room")
    if not isinstance(summary, PromptSummary):
        show_text(summary.message, style="large", key="projector-too-few")
        return
    with st.container(key="projector-results"):
        if summary.distribution is not None and summary.mean is not None:
            spec = prompt.answer
            low = int(getattr(spec, "min", 0))
            high = int(getattr(spec, "max", 10))
            st.altair_chart(scale_chart(summary.distribution, summary.mean, low, high))
        elif summary.distribution is not None:
            st.altair_chart(choice_chart(summary.distribution))
        elif summary.words is not None:
            st.altair_chart(word_chart(summary.words))
        else:
            with st.container(key="projector-texts"):
                for i, text in enumerate(summary.texts):
                    show_text(text, key=f"projector-text-{i}")
        # Answers only, the number the bars are built from (passes are not in them).
        show_text(f"{summary.answered} answered", style="large", key="projector-answered")


def _room(svc: Services, room: rooms.Room) -> None:
    # Set again only when this run ends (render): a run cut short by a queued
    # fragment run leaves none, so that run's check redraws the page.
    st.session_state.pop(REV_KEY, None)
    if room.ended:
        show_text("This session has ended. Thank you.", style="title", key="projector-end")
        return
    if room.paused:
        style(_BLANK_CSS)
        _follow(svc, room, None)
        return
    step = room.step
    if isinstance(step, PromptStep):
        if room.prompt_state == "open":
            _open_prompt(svc, room, step)
            return
        if room.prompt_state == "revealed":
            _results(svc, room, step)
        else:
            show_text(step.question, style="title", key="projector-question")
            if room.prompt_state == "closed":
                show_text("Answers are closed.", style="large", key="projector-closed")
    else:
        _slide(step)
    _follow(svc, room, None)


def render() -> None:
    """The projector page."""
    hide_chrome()
    live_stream.page_hook(key="projector-live-page")
    style(_PROJECTOR_CSS)
    with boundary():
        svc = services()
        key = st.query_params.get("key", "")
        try:
            room = rooms.room_for_display(svc.store, key)
        except rooms.RoomNotFound as exc:
            st.error(markdown_literal(str(exc)))
            return
        _room(svc, room)
        st.session_state[REV_KEY] = room.revision
