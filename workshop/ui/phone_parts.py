"""Parts of the phone page that keep it discreet and safety-first (issue 12).

The phone sits in a man's hand inside a circle, where a neighbour can read it:
his answer shows in small type only while its question is open, and support
numbers are shown in full where they matter (the support step, right after
a flagged answer) instead of a banner that follows him around.

Session-state keys owned here: ``phone.sent`` (prompt id and the value this
phone last sent or had saved for it, to tell sent text from text still being
typed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from workshop import rooms
from workshop.curriculum import (
    AnyStep,
    ExerciseStep,
    PromptStep,
    ScaleAnswer,
    SupportResource,
)
from workshop.ui.components import scale_ends
from workshop.ui.text import show_text

SENT_KEY = "phone.sent"

# Keeps a closed question's typed box on the page (so its unsent words survive a
# reopen) without showing it.
HIDE_BOX_CSS = ".st-key-phone-box { display: none; }"
# An earlier word question's box on a later step: no buttons to press there.
HIDE_BUTTONS_CSS = '.st-key-phone-box [data-testid="stFormSubmitButton"] { display: none; }'

SENT_FLASH = "Sent ✓ Saved. You can change or withdraw it until it closes."
SUPPORT_INTRO = (
    "You do not have to carry this alone. These services listen, free and in confidence, any time:"
)
FLAGGED_INTRO = "Thank you for telling us. " + SUPPORT_INTRO

# Every target a thumb can hit at least 44 px (WCAG 2.5.5) and text readable on a
# 360 px screen; the page's own stylesheet sizes buttons and choices already.
THUMB_CSS = """
html { -webkit-text-size-adjust: 100%; }
[data-testid="stMain"] { font-size: 1.05rem; }
[data-testid="stTextInput"] input { min-height: 2.9rem; }
[data-testid="stExpander"] summary { min-height: 2.9rem; align-items: center; }
[data-testid="stDownloadButton"] button, [data-testid="stFormSubmitButton"] button,
[data-testid="stButton"] button { min-height: 2.9rem; min-width: 2.9rem; }
[data-testid="stCheckbox"] label, [data-testid="stRadio"] label { min-height: 2.9rem; }
[data-testid="stCaptionContainer"] p { font-size: 0.95rem; }
/* Captions are dark enough on every page: workshop.ui.text's stylesheet. */
"""

# Support numbers in readable type, one service per tight block, so the whole
# list fits a 360 x 740 screen under the step's title.
SUPPORT_CSS = """
.st-key-phone-support [data-testid="stText"] { font-size: 1rem; line-height: 1.3; }
.st-key-phone-support [data-testid="stVerticalBlock"] { gap: 0.35rem; }
.st-key-phone-support [data-testid="stCaptionContainer"] p { font-size: 1rem; }
"""


def is_support_step(step: AnyStep) -> bool:
    """Whether ``step`` is a support step: its role says so, or (older curricula) its id."""
    return step.role == "support" or step.id == "support"


def support_panel(resources: Sequence[SupportResource], *, intro: str) -> None:
    """Every support service in full, open on the page (never folded away)."""
    with st.container(key="phone-support", border=True):
        st.caption(intro)
        for resource in resources:
            # Curriculum text, still shown as text: a '$' in a number stays a '$'.
            show_text(f"{resource.service} ({resource.region}): {resource.how}")


def describe(value: Any) -> str:
    """An answer as one line of text (several choices joined by commas)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def remember_sent(prompt_id: str, value: Any) -> None:
    """Note what this phone sent (or has saved) for ``prompt_id``."""
    st.session_state[SENT_KEY] = (prompt_id, value)


def holds_only_sent(prompt_id: str, value: Any) -> bool:
    """Whether the box for ``prompt_id`` holds exactly what was sent from it.

    Such a box is not kept on screen after the room moves on: a sent answer is
    his business and the question's, not the next slide's. A box holding
    anything else may be mid-typing (the browser has text the server has not
    seen yet), so it stays where it is.
    """
    kept = st.session_state.get(SENT_KEY)
    return isinstance(kept, tuple) and kept[0] == prompt_id and kept[1] == value


def confirmation(mine: rooms.MyAnswer | None, flash: object, *, open_now: bool) -> None:
    """What is saved for the question on screen, said discreetly.

    ``flash`` (what a press just saved) and his answer itself, in small type,
    only while the question is open; once closed, only that he answered.
    """
    if flash and open_now:
        st.success(str(flash))
    if mine is None:
        st.caption("Nothing saved for this question yet.")
    elif mine.passed:
        st.caption(
            "Saved: you passed on this question. No one can see who passed; "
            "the room can work out how many did."
        )
    elif mine.flagged:
        st.caption("Saved: you answered. What you wrote is not kept, only that you answered.")
    elif not open_now:
        # Closed: the answer is no longer his to change, so it is not on show
        # for a neighbour to read either.
        st.caption("Saved: you answered.")
    else:
        st.caption("Your answer, until the question closes:")
        show_text(describe(mine.value), style="muted", key="phone-saved")


def head(view: rooms.PhoneView) -> None:
    """The top of the phone page below the session's title: what the room is on.

    Drawn by the page's live fragment (``workshop.ui.phone_live``), so a change
    from one slide to the next redraws only this.
    """
    if view.paused:
        st.info("Paused: look up, the facilitator has the room.")
    step = view.step
    # A trend step is a slide here: its chart is for the projector.
    show_text(
        step.question if isinstance(step, PromptStep) else step.title,
        style="large",
        key="phone-step",
    )
    if isinstance(step, ExerciseStep):
        show_text(step.instructions, key="phone-instructions")
    if is_support_step(step):
        support_panel(view.support_resources, intro=SUPPORT_INTRO)
    if isinstance(step, PromptStep):
        spec = step.answer
        if isinstance(spec, ScaleAnswer):
            show_text(scale_ends(spec), key="ends")
        return
    st.caption("Nothing to answer right now. This page follows the facilitator by itself.")


def body_key(view: rooms.PhoneView) -> tuple[object, ...] | None:
    """What the page draws below and around the head for ``view``, when a
    change to another view with the same key may redraw only the head (a
    step with nothing to answer, the room still running); else ``None``.
    """
    if view.ended or isinstance(view.step, PromptStep):
        return None
    return (view.session_title, view.support_resources, view.retention_days, view.deletes_on)
