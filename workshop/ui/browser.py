"""The curriculum browser: rehearse a session step by step, see the whole programme.

Behind the facilitator passcode (the console's gate): it shows every step's
facilitator notes, which a participant's link must never reach. Unlocking
here, on the console or on the organiser page unlocks the others in the same
tab (the pages link to each other). Nothing typed by a participant appears
here: it shows curriculum files only.
Slide bodies are organiser Markdown and rendered as Markdown; every other
organiser text (titles, notes, questions, options) goes through ``show_text``.

Session state (one owner per key): the curriculum, session and step
selectboxes own ``rehearse.curriculum``, ``rehearse.session`` and
``rehearse.step``; the buttons' callbacks only set those keys before the rerun.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from workshop.curriculum import (
    FORMAT_LABELS,
    AnyStep,
    Curriculum,
    ExerciseStep,
    PromptStep,
    Session,
    TrendStep,
    step_title,
)
from workshop.rehearsal import (
    StepClock,
    clamp_step,
    has_next,
    has_previous,
    next_index,
    outline_rows,
    previous_index,
    running_clock,
    step_kind,
)
from workshop.ui import routes
from workshop.ui.catalogue import load_entries
from workshop.ui.components import prompt_preview
from workshop.ui.live_components import boundary, require_passcode
from workshop.ui.services import Services, services
from workshop.ui.text import show_text

CURRICULUM_KEY = "rehearse.curriculum"
SESSION_KEY = "rehearse.session"
STEP_KEY = "rehearse.step"

# Our own constant CSS: the slide area fills most of the screen and its
# Markdown is set large, as it will be on the projector.
_SLIDE_STYLES = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
.st-key-rehearse-slide { min-height: 62vh; padding: 1.5rem 2rem; }
.st-key-rehearse-slide [data-testid="stMarkdownContainer"] :is(p, li) { font-size: 1.5rem; }
</style>
"""


# --- the place in the URL ----------------------------------------------------------
# The page writes its place (file name, session id, step number) into the URL
# after every run, so a reload or a bookmark comes back to the same step. The
# URL is read only when the widgets have no state yet (a fresh browser
# session); from then on the widgets own the place.

URL_CURRICULUM = "curriculum"
URL_SESSION = "session"
URL_STEP = "step"


def _place_from_url(curricula: dict[str, Curriculum]) -> None:
    if CURRICULUM_KEY in st.session_state:
        return
    params = st.query_params
    by_name = {Path(path).name: path for path in curricula}
    path = by_name.get(params.get(URL_CURRICULUM, ""))
    if path is None:
        return
    st.session_state[CURRICULUM_KEY] = path
    try:
        session = curricula[path].session(params.get(URL_SESSION, ""))
    except KeyError:
        return
    st.session_state[SESSION_KEY] = session.id
    try:
        number = int(params.get(URL_STEP, "1"))
    except ValueError:
        number = 1
    st.session_state[STEP_KEY] = clamp_step(number - 1, len(session.steps))


def _place_to_url(path: str, session_id: str, index: int) -> None:
    st.query_params.update(
        {URL_CURRICULUM: Path(path).name, URL_SESSION: session_id, URL_STEP: str(index + 1)}
    )


# --- callbacks: they only set state ---------------------------------------------


def _on_curriculum_change() -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state[STEP_KEY] = 0


def _on_session_change() -> None:
    st.session_state[STEP_KEY] = 0


def _go_to(index: int) -> None:
    st.session_state[STEP_KEY] = index


# --- rendering ---------------------------------------------------------------------


def _render_step(step: AnyStep, key: str) -> None:
    if isinstance(step, PromptStep):
        st.caption("Prompt: each phone shows this")
        with st.container(border=True, width=420):
            prompt_preview(step, key=key)
    elif isinstance(step, ExerciseStep):
        st.caption(f"Exercise: {FORMAT_LABELS[step.format].capitalize()}")
        show_text(step.title, style="title", key=f"{key}-title")
        show_text(step.instructions, style="large", key=f"{key}-instructions")
    else:
        if isinstance(step, TrendStep):
            st.caption(
                "Group chart: in a live room the projector draws the group's check-ins "
                "and check-outs here, session by session"
            )
        show_text(step.title, style="title", key=f"{key}-title")
        # Organiser-written Markdown, rendered as Markdown on purpose; raw
        # HTML stays off (unsafe_allow_html defaults to False).
        st.markdown(step.body)


def _render_side(step: AnyStep, clock: StepClock, count: int) -> None:
    st.metric("This step", f"{step.minutes} min")
    st.metric("Clock at start", f"{clock.starts_at} min", help="Minutes of the steps before.")
    st.metric(
        "Session",
        f"{clock.step_minutes} of {clock.session_minutes} min",
        help="Minutes of all steps, and the session's length.",
    )
    st.progress(
        clock.ends_at / clock.session_minutes if clock.session_minutes else 0.0,
        text=f"Step {clock.index + 1} of {count}: minute {clock.starts_at} to {clock.ends_at}",
    )
    if step.role:
        show_text(f"Role: {step.role}", style="muted", key="side-role")
    st.markdown("**Notes**")
    show_text(step.notes)


def _step_through(session: Session) -> int:
    count = len(session.steps)
    clocks = running_clock(session)
    # A file edited down to fewer steps must not leave the index past the end.
    if st.session_state.get(STEP_KEY, 0) not in range(count):
        st.session_state[STEP_KEY] = clamp_step(st.session_state.get(STEP_KEY, 0), count)
    index = int(st.session_state.get(STEP_KEY, 0))

    back, jump, forward = st.columns([1, 4, 1], vertical_alignment="bottom")
    with back:
        st.button(
            "Previous",
            key="rehearse.previous",
            on_click=_go_to,
            args=(previous_index(index, count),),
            disabled=not has_previous(index),
            width="stretch",
            shortcut="Left",
        )
    with jump:
        index = st.selectbox(
            "Jump to step",
            range(count),
            key=STEP_KEY,
            format_func=lambda i: (
                f"{i + 1}. {step_title(session.steps[i])} "
                f"({step_kind(session.steps[i])}, {session.steps[i].minutes} min)"
            ),
        )
    with forward:
        st.button(
            "Next",
            key="rehearse.next",
            on_click=_go_to,
            args=(next_index(index, count),),
            disabled=not has_next(index, count),
            type="primary",
            width="stretch",
            shortcut="Right",
        )

    step = session.steps[index]
    slide, side = st.columns([3, 1], gap="large")
    with slide, st.container(border=True, key="rehearse-slide"):
        _render_step(step, key=f"step-{session.id}-{step.id}")
    with side:
        _render_side(step, clocks[index], count)
    return index


def _outline(curriculum: Curriculum) -> None:
    rows = outline_rows(curriculum)
    sessions = pd.DataFrame(
        [
            {
                "session": s.number,
                "title": s.title,
                "steps": len(s.steps),
                "prompts": sum(1 for _ in s.prompts()),
                "step minutes": s.step_minutes,
                "session minutes": s.minutes,
            }
            for s in curriculum.sessions
        ]
    )
    st.dataframe(sessions, hide_index=True, width="stretch")
    steps = pd.DataFrame(
        [
            {
                "session": r.session_number,
                "step": r.position,
                "starts at": r.starts_at,
                "minutes": r.minutes,
                "type": r.step_type,
                "role": r.role,
                "title or question": r.label,
                "id": r.step_id,
            }
            for r in rows
        ]
    )
    # Dataframe cells are drawn as plain text, never Markdown.
    st.dataframe(steps, hide_index=True, width="stretch", height=420)


def render() -> None:
    """The browser page, behind the passcode: pick a curriculum and session,
    step through, see the outline."""
    with boundary():
        svc = services()
        if require_passcode(svc.store, page="Rehearse a session"):
            _rehearse(svc)


def _rehearse(svc: Services) -> None:
    settings = svc.settings
    st.html(_SLIDE_STYLES)
    st.title("Rehearse a session")
    # Page links keep this tab's unlocked session; a typed address does not.
    console, organiser, _ = st.columns([1, 1, 3])
    with console:
        st.page_link(routes.CONSOLE.script, label="Facilitator console", icon=":material/tune:")
    with organiser:
        st.page_link(routes.ORGANISER.script, label="Organiser", icon=":material/folder_open:")
    curricula = {
        str(e.path): e.curriculum for e in load_entries(settings.curricula_dir) if e.curriculum
    }
    if not curricula:
        st.info(
            "No valid curriculum to rehearse. The home page lists the curriculum "
            "files found and what to fix in each."
        )
        st.page_link(routes.HOME.script, label="Back to the curricula")
        return
    paths = list(curricula)
    _place_from_url(curricula)
    if st.session_state.get(CURRICULUM_KEY) not in curricula:
        st.session_state.pop(CURRICULUM_KEY, None)

    pick_curriculum, pick_session = st.columns(2)
    with pick_curriculum:
        chosen: str = (
            st.selectbox(
                "Curriculum",
                paths,
                key=CURRICULUM_KEY,
                format_func=lambda path: f"{curricula[path].title} ({Path(path).name})",
                on_change=_on_curriculum_change,
            )
            or paths[0]
        )
    curriculum = curricula[chosen]
    session_ids = [s.id for s in curriculum.sessions]
    if st.session_state.get(SESSION_KEY) not in session_ids:
        st.session_state.pop(SESSION_KEY, None)
    with pick_session:
        session_id: str = (
            st.selectbox(
                "Session",
                session_ids,
                key=SESSION_KEY,
                format_func=lambda i: (
                    f"{curriculum.session(i).number}. {curriculum.session(i).title}"
                ),
                on_change=_on_session_change,
            )
            or session_ids[0]
        )
    session = curriculum.session(session_id)

    rehearse, outline = st.tabs(["Step through", "Programme outline"])
    with rehearse:
        index = _step_through(session)
    _place_to_url(chosen, session.id, index)
    with outline:
        _outline(curriculum)
