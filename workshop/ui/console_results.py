"""The results the room sees, on the console too, from Close on.

The notes tell the facilitator to read the results aloud, so the console
draws them itself instead of saying "they are on the projector". Everything
comes from the disclosure gate (``svc.release(..., "facilitator")``): never
while the question is open (the gate withholds it from everyone), and for a
closed question only what the gate releases to the facilitator; otherwise its
one-sentence reason. Drawn simply, as lines of plain text (``st.text``:
participant words are never read as Markdown); the projector draws charts.

In Room view (the laptop mirrored on the wall) a result the room has not seen
yet is not drawn: the wall would show it before Reveal.

Session-state keys: none.
"""

from __future__ import annotations

import streamlit as st

from workshop import rooms
from workshop.results import PromptSummary
from workshop.ui.services import Services
from workshop.ui.text import show_text

RESULTS_KEY = "console-results"


def result_lines(summary: PromptSummary) -> list[str]:
    """The summary as the lines the console prints, most told first."""
    lines: list[str] = []
    if summary.mean is not None:
        lines.append(f"Mean {summary.mean:.1f}")
    if summary.distribution is not None:
        label = "value" if "value" in summary.distribution.columns else "option"
        for item, count in zip(
            summary.distribution[label], summary.distribution["count"], strict=True
        ):
            lines.append(f"{item}: {int(count)}")
    if summary.words is not None:
        lines += [
            f"{word}: {int(count)}"
            for word, count in zip(summary.words["word"], summary.words["count"], strict=True)
        ]
    lines += list(summary.texts)
    lines.append(f"{summary.answered} answered")
    return lines


def render(svc: Services, room: rooms.Room, room_view: bool) -> None:
    """The results panel below the step (nothing while the question is open)."""
    prompt = room.prompt
    state = room.prompt_state
    if prompt is None or state in ("none", "open"):
        return
    if state == "closed" and room_view:
        return  # mirrored: the wall must not show what the room has not seen
    if state == "closed" and prompt.kind == "text":
        return  # the private preview above lists these very texts, each with Hide
    ruling = svc.release(room.id, prompt.id, "facilitator")
    with st.container(border=True, key=RESULTS_KEY):
        if not isinstance(ruling, PromptSummary):
            st.caption(
                "Results: "
                + ruling.message
                + (" Reveal shows them here and on the projector." if state == "closed" else "")
            )
            return
        heading = "What the room sees" if state == "revealed" else "What the room will see"
        st.caption(f"{heading} (read it aloud)")
        for i, line in enumerate(result_lines(ruling)):
            show_text(line, key=f"console-result-{i}")
