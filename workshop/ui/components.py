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


def answer_widget(step: PromptStep, *, key: str, disabled: bool = False) -> Any:
    """The input widget for ``step``'s answer kind; returns the widget's value.

    scale: a slider with the end labels under it; choice: radio (one) or
    multiselect (several); word: a one-line input; text: a text area capped at
    the prompt's maximum length.
    """
    answer = step.answer
    if isinstance(answer, ScaleAnswer):
        value = st.slider(
            _ANSWER_LABEL,
            min_value=answer.min,
            max_value=answer.max,
            value=(answer.min + answer.max) // 2,
            step=1,
            key=key,
            disabled=disabled,
            label_visibility="collapsed",
        )
        low, high = st.columns(2)
        with low:
            show_text(f"{answer.min} = {answer.min_label}")
        with high:
            st.text(f"{answer.max} = {answer.max_label}", text_alignment="right", width="stretch")
        return value
    if isinstance(answer, ChoiceAnswer):
        if answer.multiple:
            # Multiselect shows its options as plain text.
            return st.multiselect(
                _ANSWER_LABEL,
                answer.options,
                key=key,
                disabled=disabled,
                placeholder="Pick one or more",
                label_visibility="collapsed",
            )
        # Radio options are Markdown: escape them so they read as written.
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
        return st.text_input(
            _ANSWER_LABEL,
            key=key,
            max_chars=20 * answer.max_words,
            placeholder=words,
            disabled=disabled,
            label_visibility="collapsed",
        )
    if isinstance(answer, TextAnswer):
        return st.text_area(
            _ANSWER_LABEL,
            key=key,
            max_chars=answer.max_length,
            placeholder=f"Up to {answer.max_length} characters",
            disabled=disabled,
            label_visibility="collapsed",
        )
    raise TypeError(f"unknown answer kind: {type(answer).__name__}")


def prompt_preview(step: PromptStep, *, key: str) -> None:
    """The prompt as the phone will show it, with every control disabled."""
    show_text(step.question, style="large", key=f"{key}-question")
    answer_widget(step, key=f"{key}-answer", disabled=True)
    st.button("Pass", key=f"{key}-pass", disabled=True, help="Every prompt can be passed.")
    st.caption("Preview: answers are anonymous and can be changed or withdrawn until it closes.")
