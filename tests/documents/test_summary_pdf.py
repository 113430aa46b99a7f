"""The group summary: revealed results only, nothing under the small-number rule."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd
from helpers.documents import (
    flat,
    pdf_text,
)
from pypdf import PdfReader

from workshop.documents import (
    group_summary_pdf,
)

# --- Group summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The PromptSummary contract of ROOMS_API.md, as the results module returns it."""

    prompt_id: str
    kind: str
    question: str
    responses: int
    answered: int
    shown: bool
    mean: float | None = None
    distribution: pd.DataFrame | None = None
    words: pd.DataFrame | None = None
    texts: tuple[str, ...] = ()


def _summaries() -> list[Summary]:
    return [
        Summary(
            "check-in",
            "scale",
            "How connected do you feel?",
            responses=6,
            answered=5,
            shown=True,
            mean=6.4,
            distribution=pd.DataFrame(
                {"value": list(range(11)), "count": [0, 0, 0, 0, 1, 0, 1, 2, 0, 1, 0]}
            ),
        ),
        Summary(
            "hardest",
            "choice",
            "Which was hardest?",
            responses=6,
            answered=6,
            shown=True,
            distribution=pd.DataFrame(
                {"option": ["Talking", "Listening", "Waiting"], "count": [4, 1, 1]}
            ),
        ),
        Summary(
            "feeling",
            "word",
            "One word for how that felt?",
            responses=5,
            answered=5,
            shown=True,
            words=pd.DataFrame({"word": ["relieved", "tired"], "count": [3, 2]}),
        ),
        Summary(
            "secret", "text", "Something you never said?", responses=2, answered=2, shown=False
        ),
        Summary(
            "take",
            "text",
            "One thing you take with you?",
            responses=4,
            answered=3,
            shown=True,
            texts=("listening is hard", "I am not alone <really>"),
        ),
    ]


def test_group_summary_prints_revealed_results_and_nothing_under_k() -> None:
    pdf = group_summary_pdf("Tuesday group · session 2", _summaries(), min_group=3)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = flat(pdf_text(pdf))
    assert "Tuesday group · session 2" in text
    # Issue 13 item 7: answers only (passes excluded), the number the bars add up to.
    assert "5 answers · average 6.4" in text and "responses" not in text
    assert "Talking 4" in text and "Listening 1" in text
    assert "relieved 3" in text and "tired 2" in text
    assert "listening is hard" in text and "I am not alone <really>" in text
    # The prompt under k: its question, the reason, and no figure at all.
    start = text.index("Something you never said?")
    end = text.index("One thing you take with you?")
    hidden = text[start + len("Something you never said?") : end]
    assert "Not shown: too few answers to keep them anonymous (fewer than 3 answers)." in hidden
    assert not re.search(r"\b2\b", hidden.replace("(fewer than 3 answers)", "")), hidden
    assert "responses" not in hidden
