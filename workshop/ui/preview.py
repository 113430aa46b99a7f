"""The console's private preview of a closed word or text prompt (facilitator only).

Before the room sees anything, the facilitator reads every written answer
and can hide any of them. The section says how many answers the room will
see and, before the reveal, when hiding would leave fewer than ``k``: then
the room sees no result at all, and the facilitator should know that before
pressing Reveal rather than find "fewer than 3" on the wall.

What is shown comes from the disclosure gate (``Gate.preview``). A hide is
one domain call, run through the console's ``change`` (compare-and-set,
quiet reload on a lost race). No session-state key is owned here beyond the
checkboxes' own ``console.hide.<ref>``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from workshop import rooms
from workshop.disclosure import Preview
from workshop.ui.services import Services
from workshop.ui.text import show_text

Change = Callable[[Callable[[], object]], None]
"""The console's way to run one room change and redraw."""


def count_line(preview: Preview) -> str:
    """What the room will see, in one sentence for the console."""
    shown, k = preview.shown, preview.k
    answers = "answer" if shown == 1 else "answers"
    if preview.withheld:
        return (
            f"{shown} {answers} would be shown: fewer than {k}, so on Reveal the room "
            "sees no result at all (every answer stays anonymous). Show a hidden one "
            "again to change that."
        )
    line = f"{shown} {answers} will be shown on Reveal."
    if preview.last_k:
        line += f" Hiding one more leaves fewer than {k}: then the room sees no result at all."
    return line


def render(svc: Services, room: rooms.Room, prompt_id: str, change: Change) -> None:
    """The private preview section, with a Hide box beside each answer."""
    preview = svc.gate.preview(room.id, prompt_id)
    with st.container(border=True, key="console-preview"):
        st.caption(
            "Private preview, before the room sees it: tick any answer to hide it "
            "from the projector."
        )
        if not preview.texts:
            st.text("No written answers.")
        else:
            with st.container(key="console-preview-count"):
                st.text(count_line(preview))
        for item in preview.texts:
            text_col, hide_col = st.columns([5, 1])
            with text_col:
                show_text(item.text, key=f"preview-{item.ref}")
            with hide_col:
                hidden = st.checkbox("Hide", value=item.hidden, key=f"console.hide.{item.ref}")
            if hidden != item.hidden:
                change(partial(rooms.hide_answer, svc.store, room.id, prompt_id, item.ref, hidden))
