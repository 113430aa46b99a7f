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

A revealed text question is shown on the projector as a few large cards at a
time: :func:`text_pager` pages them for the whole room (the page is stored in
the room, so every projector shows the same cards and a reload keeps them).
The console lists the same texts in the projector's card order
(``room_charts.card_order``), grouped by where they stand: "On the wall now"
first (the cards the room sees), then those still to come, then those shown
before (:func:`wall_groups`), so the facilitator reads aloud what the room reads.

Session-state keys: none (buttons own ``console.cards_back``, ``console.cards_next``).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from workshop import rooms
from workshop.results import PromptSummary
from workshop.ui import room_charts
from workshop.ui.services import Services
from workshop.ui.text import show_text

Change = Callable[[Callable[[], object]], None]
"""The screen's way to run one room change and redraw."""

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


def cards_line(room: rooms.Room, texts: int) -> str:
    """Which of the written answers the room's cards show now, e.g. 'Cards 7-12 of 14'."""
    per = room_charts.TEXTS_PER_PAGE
    pages = room_charts.text_pages(range(texts), per)
    page = min(room.text_page, pages - 1)
    first, last = page * per + 1, min(texts, (page + 1) * per)
    return f"The room sees cards {first}-{last} of {texts}"


ON_THE_WALL = "On the wall now"
STILL_TO_COME = "Still to come"
SHOWN_BEFORE = "Shown before"


def wall_groups(room: rooms.Room, texts: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """A revealed text question's answers by where they stand on the wall, non-empty only.

    In the projector's card order: the page the room sees now, then the pages
    after it, then the pages before it.
    """
    per = room_charts.TEXTS_PER_PAGE
    cards = room_charts.card_order(texts, room.id)
    page = min(room.text_page, room_charts.text_pages(cards, per) - 1)
    start, end = page * per, (page + 1) * per
    groups = [
        (ON_THE_WALL, cards[start:end]),
        (STILL_TO_COME, cards[end:]),
        (SHOWN_BEFORE, cards[:start]),
    ]
    return [(label, items) for label, items in groups if items]


def _wall_texts(room: rooms.Room, summary: PromptSummary) -> None:
    """The revealed texts, the ones on the wall first, each group under its caption."""
    for g, (label, items) in enumerate(wall_groups(room, summary.texts)):
        with st.container(key=f"console-wall-{g}"):
            st.caption(label)
            for i, text in enumerate(items):
                show_text(text, key=f"console-wall-{g}-{i}")
    show_text(f"{summary.answered} answered", key="console-result-answered")


def text_pager(svc: Services, room: rooms.Room, texts: int, change: Change, *, key: str) -> None:
    """Earlier / next page of a revealed text question's cards, for the whole room.

    Drawn only when the answers take more than one page. ``key`` prefixes the
    buttons' keys (``console`` or ``remote``).
    """
    pages = room_charts.text_pages(range(texts))
    if pages <= 1:
        return
    page = min(room.text_page, pages - 1)
    st.caption(cards_line(room, texts))
    back, forward = st.columns(2)
    store = svc.store
    with back:
        if st.button(
            "◀ Earlier cards", key=f"{key}.cards_back", disabled=page == 0, width="stretch"
        ):
            change(lambda: rooms.show_text_page(store, room.id, room.revision, page - 1))
    with forward:
        if st.button("Show next cards ▶", key=f"{key}.cards_next", disabled=page + 1 >= pages):
            change(lambda: rooms.show_text_page(store, room.id, room.revision, page + 1))


def render(svc: Services, room: rooms.Room, room_view: bool, change: Change) -> None:
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
        if state == "revealed" and prompt.kind == "text":
            text_pager(svc, room, len(ruling.texts), change, key="console")
            st.caption(f"{heading} (read it aloud)")
            _wall_texts(room, ruling)
            return
        st.caption(f"{heading} (read it aloud)")
        for i, line in enumerate(result_lines(ruling)):
            show_text(line, key=f"console-result-{i}")
