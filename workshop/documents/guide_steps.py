"""One step of a session in the facilitator guide: a time column and the step laid out.

Each step starts with a row holding the clock and minutes on the left and the
step's kind and title on the right; under it, indented to the text column,
the slide text in a shaded box (for a trend step, with a note that the
projector draws the group's chart under it), the prompt with its answer
options, or the exercise instructions, and then the notes split into labelled "Say" and
"Watch for" blocks, paragraphs kept. Labels are kept with their text, option
lists kept whole.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Indenter, Paragraph, Table

from workshop.curriculum import (
    AnyStep,
    ChoiceAnswer,
    ExerciseStep,
    PromptStep,
    ScaleAnswer,
    SlideStep,
    TextAnswer,
    TrendStep,
    WordAnswer,
)
from workshop.documents.labels import Labels
from workshop.documents.layout import keep_together, plain
from workshop.documents.markdown import inline_markup, markdown_flowables, markdown_paragraph
from workshop.documents.theme import RULE, SHADE, styles, table_style

TIME_COLUMN = 27 * mm
"""Width of the clock column; step text is indented by it."""


def clock(minutes: int) -> str:
    """Minutes since the session started as ``H:MM`` (``0:00``, ``0:10``, ``1:05``)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def answer_lines(step: PromptStep, words: Labels) -> list[str]:
    """The answer kind and its options or limits, one printed line each."""
    answer = step.answer
    if isinstance(answer, ScaleAnswer):
        return [
            words(
                "answer_scale",
                min=answer.min,
                min_label=answer.min_label,
                max=answer.max,
                max_label=answer.max_label,
            )
        ]
    if isinstance(answer, ChoiceAnswer):
        head = words("answer_choice_any" if answer.multiple else "answer_choice_one")
        return [head, *(f"• {option}" for option in answer.options)]
    if isinstance(answer, WordAnswer):
        key = "answer_word_one" if answer.max_words == 1 else "answer_word"
        return [words(key, count=answer.max_words)]
    if isinstance(answer, TextAnswer):
        return [words("answer_text", count=answer.max_length)]
    raise AssertionError(f"unhandled answer kind {answer!r}")  # pragma: no cover


def split_notes(notes: str, words: Labels) -> list[tuple[str, str]]:
    """Notes cut at "Say:" and "Watch for:" into (label, text) blocks; label "" before any."""
    markers = {words("say_marker"): words("say"), words("watch_marker"): words("watch")}
    pattern = re.compile(
        r"(?:(?<=\s)|^)(" + "|".join(re.escape(marker) for marker in markers) + r")\s*"
    )
    blocks: list[tuple[str, str]] = []
    label, position = "", 0
    for found in pattern.finditer(notes):
        text = notes[position : found.start()].strip()
        if text:
            blocks.append((label, text))
        label, position = markers[found.group(1)], found.end()
    text = notes[position:].strip()
    if text:
        blocks.append((label, text))
    # "Say: welcome everyone" reads "Say" over "Welcome everyone".
    return [(label, text[:1].upper() + text[1:] if label else text) for label, text in blocks]


def _heading(step: AnyStep, words: Labels) -> str:
    if isinstance(step, SlideStep | TrendStep):
        return f"{words('slide')}: {step.title}"
    if isinstance(step, PromptStep):
        return words("prompt")
    return f"{words('exercise')} ({words(f'format_{step.format}')}): {step.title}"


def _time_row(step: AnyStep, start: int, words: Labels) -> Table:
    look = styles()
    minutes = words("min", minutes=step.minutes)
    time = [Paragraph(f"<b>{clock(start)}</b> · {minutes}", look.time)]
    if step.role:
        time.append(plain(step.role, look.time))
    row = Table(
        [[time, Paragraph(inline_markup(_heading(step, words)), look.h2)]],
        colWidths=[TIME_COLUMN, None],
        hAlign="LEFT",
    )
    row.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (0, 0), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return row


class _Outdented(Flowable):  # type: ignore[misc]
    """A flowable drawn ``by`` points further left than the indented text column."""

    def __init__(self, inner: Flowable, by: float) -> None:
        super().__init__()
        self.inner = inner
        self.by = by

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _width, height = self.inner.wrap(available_width + self.by, available_height)
        self.width, self.height = available_width, height
        return available_width, height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, -self.by, 0)


def _shaded(label: str, flowables: list[Flowable]) -> Table:
    """The slide text in a light grey box, so it reads as "what the room sees"."""
    box = Table(
        [[[plain(label, styles().label), *flowables]]],
        colWidths=["100%"],
        hAlign="LEFT",
        splitInRow=1,
    )
    box.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return box


def _labelled(label: str, flowables: list[Flowable]) -> list[Flowable]:
    """A label kept with the first part of its text; the rest may flow on."""
    if not label:
        return flowables
    head = plain(label, styles().label)
    return [keep_together([head, *flowables[:1]]), *flowables[1:]]


def _content(step: AnyStep, words: Labels) -> list[Flowable]:
    look = styles()
    if isinstance(step, SlideStep):
        if not step.body.strip():
            return []
        return [_shaded(words("on_slide"), markdown_flowables(step.body, look.small))]
    if isinstance(step, PromptStep):
        answer: list[Any] = [plain(line, look.small) for line in answer_lines(step, words)]
        return [
            keep_together(
                [
                    plain(words("question"), look.label),
                    markdown_paragraph(step.question, look.body),
                    *answer,
                ]
            )
        ]
    if isinstance(step, ExerciseStep):
        return _labelled(words("instructions"), markdown_flowables(step.instructions, look.small))
    if isinstance(step, TrendStep):
        # A slide for the guide, and a note on what the projector draws under it.
        note = plain(words("trend_note"), look.small)
        if not step.body.strip():
            return [note]
        return [_shaded(words("on_slide"), markdown_flowables(step.body, look.small)), note]
    raise AssertionError(f"unhandled step {step!r}")  # pragma: no cover


def guide_step(step: AnyStep, start: int, words: Labels) -> list[Flowable]:
    """One step: its time row, then content and notes indented to the text column."""
    look = styles()
    content = _content(step, words)
    notes: list[Flowable] = []
    blocks = split_notes(step.notes, words)
    if blocks and not blocks[0][0]:
        notes.extend(_labelled(words("notes"), markdown_flowables(blocks.pop(0)[1], look.body)))
    for label, text in blocks:
        notes.extend(_labelled(label, markdown_flowables(text, look.body)))
    # The time row never ends a page alone: it goes with the first piece under it.
    # (An Indenter inside a KeepTogether upsets reportlab's fitting, so the whole
    # step is indented and the time row reaches back out into the margin column.)
    pieces = [*content, *notes]
    opening = keep_together([_Outdented(_time_row(step, start, words), TIME_COLUMN), pieces[0]])
    return [Indenter(left=TIME_COLUMN), opening, *pieces[1:], Indenter(left=-TIME_COLUMN)]
