"""Small Streamlit pieces shared by pages: a prompt as the phone shows it.

The phone page and the browser's rehearsal preview draw a prompt with the same
function, so a facilitator rehearses exactly what the men will see.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workshop.curriculum import ChoiceAnswer, PromptStep, ScaleAnswer, TextAnswer, WordAnswer
from workshop.ui.text import markdown_literal, show_text

# Widget labels are Markdown; the question is shown above with show_text, so
# the label is a fixed word kept for screen readers and hidden on screen.
_ANSWER_LABEL = "Your answer"


# Options that mean "none of the others": ticking one clears the rest, and
# ticking another clears them (compared without case; typographic apostrophes too).
EXCLUSIVE_OPTIONS = frozenset({"none of these", "i'd rather not say"})


def is_exclusive(option: str) -> bool:
    """Whether ``option`` excludes every other option of a multiple choice."""
    return option.replace("\u2019", "'").strip().casefold() in EXCLUSIVE_OPTIONS


def _keep_exclusive(key: str, options: list[str], ticked: int) -> None:
    # A checkbox callback: runs before the page is drawn, so the boxes it
    # clears are drawn cleared in the same run.
    if not st.session_state.get(f"{key}.{ticked}"):
        return
    ticked_exclusive = is_exclusive(options[ticked])
    for i, option in enumerate(options):
        if i != ticked and (ticked_exclusive or is_exclusive(option)):
            st.session_state[f"{key}.{i}"] = False


def scale_ends(answer: ScaleAnswer) -> str:
    """The scale's end labels on one line, as the phone shows them above the buttons."""
    return f"{answer.min} = {answer.min_label}   ·   {answer.max} = {answer.max_label}"


def answer_widget(step: PromptStep, *, key: str, disabled: bool = False) -> Any:
    """The input widget for ``step``'s answer kind, exactly as the phone shows it;
    returns the widget's value (None, or [] for several choices, until he answers).

    scale: a row of numbered radio buttons with none picked (no default that
    could be sent unread); choice: radio with none picked (one) or a checkbox
    per option keyed ``<key>.<i>`` (several; an exclusive option such as
    "None of these" clears the others, see :func:`is_exclusive`); word: a one-line input; text: a
    text area capped at the prompt's maximum length. The phone page keys it
    ``phone.answer.<prompt id>``; the rehearsal preview calls it disabled.
    """
    answer = step.answer
    if isinstance(answer, ScaleAnswer):
        return st.radio(
            _ANSWER_LABEL,
            list(range(answer.min, answer.max + 1)),
            index=None,
            key=key,
            horizontal=True,
            disabled=disabled,
            label_visibility="collapsed",
        )
    if isinstance(answer, ChoiceAnswer):
        if answer.multiple:
            # Checkbox labels are Markdown: escape them so they read as written.
            return [
                option
                for i, option in enumerate(answer.options)
                if st.checkbox(
                    markdown_literal(option),
                    key=f"{key}.{i}",
                    disabled=disabled,
                    on_change=_keep_exclusive,
                    args=(key, list(answer.options), i),
                )
            ]
        # Radio options are Markdown too.
        return st.radio(
            _ANSWER_LABEL,
            answer.options,
            index=None,
            format_func=markdown_literal,
            key=key,
            disabled=disabled,
            label_visibility="collapsed",
        )
    if isinstance(answer, WordAnswer):
        words = "one word" if answer.max_words == 1 else f"one to {answer.max_words} words"
        # No max_chars on typed boxes: Streamlit cuts a longer value silently,
        # on the server too; the room refuses it with a sentence instead.
        return st.text_input(
            _ANSWER_LABEL,
            key=key,
            placeholder=words,
            disabled=disabled,
            label_visibility="collapsed",
        )
    if isinstance(answer, TextAnswer):
        return st.text_area(
            _ANSWER_LABEL,
            key=key,
            placeholder=f"Up to {answer.max_length} characters",
            disabled=disabled,
            label_visibility="collapsed",
        )
    raise TypeError(f"unknown answer kind: {type(answer).__name__}")


def answer_value(step: PromptStep, *, key: str) -> Any:
    """The value :func:`answer_widget` with this ``key`` holds, read from session
    state (for button callbacks, which run before the widgets are drawn)."""
    answer = step.answer
    if isinstance(answer, ChoiceAnswer) and answer.multiple:
        return [
            option for i, option in enumerate(answer.options) if st.session_state.get(f"{key}.{i}")
        ]
    return st.session_state.get(key)


def prompt_preview(step: PromptStep, *, key: str) -> None:
    """The prompt as the phone will show it while open, with every control disabled."""
    show_text(step.question, style="large", key=f"{key}-question")
    if isinstance(step.answer, ScaleAnswer):
        show_text(scale_ends(step.answer), key=f"{key}-ends")
    answer_widget(step, key=f"{key}-answer", disabled=True)
    send, skip = st.columns(2)
    with send:
        st.button("Send", key=f"{key}-send", type="primary", disabled=True, width="stretch")
    with skip:
        st.button(
            "Pass",
            key=f"{key}-pass",
            disabled=True,
            help="Every prompt can be passed.",
            width="stretch",
        )
    st.caption("Preview: answers are anonymous and can be changed or withdrawn until it closes.")
