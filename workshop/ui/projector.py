"""The projector view (``/projector?key=DISPLAY_KEY``), opened from the console.

Shows only what the room may see: the slide, large; while a prompt is open
its question, the QR code, the join code and the live number; after the
reveal the results drawn as HTML (``workshop.ui.room_charts``), every word a
man typed escaped by the one text helper; at a trend step the group's
check-ins and check-outs over the weeks (``workshop.ui.room_trend``), as the
disclosure gate releases them to the room.
Never notes, notices or anything of the console. The display key is the only
way in: a wrong or missing key gets a plain message and nothing else.

No flicker: a small fragment holds the live listener (``workshop.ui.live_stream``):
on each pushed event it checks the revision and redraws only the live number;
the slide and charts are redrawn only when the revision changed.

Session-state keys owned here: ``projector.rev``, ``projector.count``. Query parameters read here:
``key`` (display key), ``base`` (the address the console chose for the QR) and
``corner`` (``off`` hides the join corner).
"""

from __future__ import annotations

import time

import streamlit as st

from workshop import qr, rooms
from workshop.curriculum import ExerciseStep, PromptStep, ScaleAnswer, SlideStep, TrendStep
from workshop.results import PromptSummary
from workshop.store import Store
from workshop.ui import live_stream, room_charts, room_slide, room_trend, routes
from workshop.ui.live_components import POLL_ERRORS, boundary, hide_chrome, style
from workshop.ui.services import Services, services
from workshop.ui.text import markdown_literal, show_text

REV_KEY = "projector.rev"
COUNT_KEY = "projector.count"

_PROJECTOR_CSS = """
[data-testid="stMainBlockContainer"], .block-container { max-width: 100%; padding: 3vh 5vw; }
[data-testid="stApp"] { background: #fff; color: #111; }
[class*="st-key-oc-text-title"] [data-testid="stText"] { font-size: 7vh; line-height: 1.15; }
[class*="st-key-oc-text-large"] [data-testid="stText"] { font-size: 5vh; line-height: 1.3; }
.st-key-projector-live [data-testid="stText"] { font-size: 3rem; font-weight: 700; }
/* Results keep clear of the join corner (20 vh wide, bottom right). */
.st-key-projector-results { padding-right: 22vh; }
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


def _slide(room: rooms.Room, step: SlideStep | ExerciseStep) -> None:
    if isinstance(step, SlideStep):
        style(room_slide.slide_css(step.body))  # sizes from the body's length, no text
    show_text(step.title, style="title", key="projector-title")
    with st.container(key="projector-body"):
        if isinstance(step, SlideStep):
            if step.body:
                st.markdown(step.body)  # organiser-written Markdown, on purpose
        else:
            show_text(step.instructions, style="large", key="projector-instructions")
    if isinstance(step, ExerciseStep) and step.minutes:
        st.html(room_slide.countdown_html(60 * step.minutes, elapsed=_elapsed(room)))


def _elapsed(room: rooms.Room) -> int:
    """Whole seconds since the room's current step began, by the room's own record.

    The countdown starts that far in, so a reloaded (or second) projector shows
    the same time left as the console's clock, not the full minutes again. A
    room from before the start was stored counts from this draw.
    """
    if room.step_started is None:
        return 0
    return max(0, int(time.time() - room.step_started))


def _trend(svc: Services, room: rooms.Room, step: TrendStep) -> None:
    """The group's evening over the weeks: the gate's trend, drawn, or why it is not."""
    style(room_slide.slide_css(step.body))
    show_text(step.title, style="title", key="projector-title")
    with st.container(key="projector-body"):
        if step.body:
            st.markdown(step.body)  # organiser-written Markdown, on purpose
        room_trend.show_trend(
            svc.gate,
            room.group_id,
            room.curriculum,
            step.prompts,
            large=True,
            key="projector-trend",
        )


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
                url = qr.join_url(base, room.join_code)
                st.image(qr.qr_png(url), width=420, alt=f"QR code: opens {url}")


def _results(svc: Services, room: rooms.Room, prompt: PromptStep) -> None:
    show_text(prompt.question, style="large", key="projector-question")
    summary = svc.release(room.id, prompt.id, "room")
    if not isinstance(summary, PromptSummary):
        show_text(summary.message, style="large", key="projector-too-few")
        return
    with st.container(key="projector-results"):
        spec = prompt.answer
        if summary.distribution is not None and isinstance(spec, ScaleAnswer):
            assert summary.mean is not None  # a shown scale summary always has one
            markup = room_charts.scale_html(
                summary.distribution,
                summary.mean,
                low=spec.min,
                high=spec.max,
                low_label=spec.min_label,
                high_label=spec.max_label,
            )
        elif summary.distribution is not None:
            markup = room_charts.choice_html(summary.distribution)
        elif summary.words is not None:
            markup = room_charts.word_cloud_html(summary.words)
        else:
            # A few cards at a time; the facilitator pages them (room.text_page).
            cards = room_charts.card_order(summary.texts, room.id)
            markup = room_charts.text_cards_html(cards, page=room.text_page)
        with st.container(key=f"projector-{summary.kind}"):
            st.html(markup)
        # Answers only, the number the bars are built from (passes are not in them).
        show_text(f"{summary.answered} answered", style="large", key="projector-answered")


def _corner(svc: Services, room: rooms.Room) -> None:
    """The join code and a small QR, so a man who arrives during a slide can join.

    ``corner=off`` in the projector's address switches it off (a closed group).
    """
    if st.query_params.get("corner") == "off":
        return
    base = _base_url(svc)
    png = qr.qr_png(qr.join_url(base, room.join_code)) if base else None
    address = f"{base}/{routes.JOIN.url_path}" if base else None
    st.html(room_slide.corner_html(room.join_code, png, address))


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
    if not (isinstance(step, PromptStep) and room.prompt_state == "open"):
        _corner(svc, room)  # an open question shows the large QR instead
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
    elif isinstance(step, TrendStep):
        _trend(svc, room, step)
    else:
        _slide(room, step)
    _follow(svc, room, None)


def render() -> None:
    """The projector page."""
    hide_chrome(_PROJECTOR_CSS)
    live_stream.page_hook(key="projector-live-page")
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
        live_stream.mark_drawn("projector-live-mark", room.revision)
