"""Results of a prompt: what the room and the export may see, and nothing more.

Pure pandas over values the store hands in; no SQL, no streamlit. The
small-number rule is applied here, before anything leaves a function: when
fewer than ``k`` phones answered a prompt, a summary carries its counts and
nothing else, so no page or export can leak what a small group said by
accident.

Answer values follow the store's JSON (see ROOMS_API.md): scale -> ``int``,
choice -> ``list[str]`` of option texts, word -> ``str``, text -> ``str``.
Passes are not values; the caller passes their number.
"""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from workshop.curriculum import (
    AnswerKind,
    ChoiceAnswer,
    PromptStep,
    ScaleAnswer,
    TextAnswer,
    WordAnswer,
)

AnswerValue = int | str | list[str]
"""One stored answer value (never a pass): see the module docstring."""

ExportRow = dict[str, str | int | float | None]
"""One flat CSV row: the keys of ``EXPORT_COLUMNS``."""

EXPORT_COLUMNS: tuple[str, ...] = (
    "prompt_id",
    "question",
    "kind",
    "answered",
    "item",
    "count",
    "mean",
    "text",
)
"""The keys of every row ``summary_rows`` returns, in CSV column order."""

TREND_COLUMNS: tuple[str, ...] = (
    "session",
    "title",
    "check_in_mean",
    "check_in_n",
    "check_out_mean",
    "check_out_n",
)
"""The columns of the frame ``group_trend`` returns, in order."""


class ResultsError(ValueError):
    """Results could not be computed from what was handed in."""


class InvalidMinimumGroup(ResultsError):
    """``k`` (the small-number rule) must be a whole number of at least 1."""

    def __init__(self, k: int) -> None:
        super().__init__(
            f"the minimum group size must be at least 1, got {k}: "
            "set WORKSHOP_MIN_GROUP to a whole number such as 3"
        )


class NegativeCount(ResultsError):
    """A count of passes or withheld answers below zero: the caller counted wrongly."""

    def __init__(self, passes: int, withheld: int) -> None:
        super().__init__(
            f"passes ({passes}) and withheld answers ({withheld}) must be zero or more: "
            "count the answer rows again"
        )


class UnexpectedAnswer(ResultsError):
    """A stored value does not fit its prompt: the store or the snapshot is damaged."""

    def __init__(self, prompt_id: str, value: object, why: str) -> None:
        super().__init__(
            f"answer {value!r} to prompt {prompt_id!r} {why}: the stored answers do not "
            "match the room's curriculum snapshot; report this, do not edit the database by hand"
        )


class UnknownTrendRole(ResultsError):
    """A group-trend row named a role other than check-in or check-out."""

    def __init__(self, role: str) -> None:
        super().__init__(
            f"trend rows must have the role 'check-in' or 'check-out', got {role!r}: "
            "pass only the check-in and check-out prompts of each session"
        )


@dataclass(frozen=True, eq=False)  # eq=False: DataFrames have no truth value to compare by
class PromptSummary:
    """What may be known about one prompt's answers.

    ``responses`` (answers and passes together, hidden and flagged answers
    included) is the live number. ``answered`` counts the answers the
    summary is built from (not passes, not hidden or flagged ones); it
    decides the small-number rule and is the number shown beside a result,
    so the number and the bars agree. How many passed is not secret (the
    live number minus the answers); who passed is. When ``shown`` is false
    every field after it is empty (``None`` or ``()``).
    """

    prompt_id: str
    kind: AnswerKind
    question: str
    responses: int
    answered: int
    shown: bool
    mean: float | None = None
    distribution: pd.DataFrame | None = None
    words: pd.DataFrame | None = None
    texts: tuple[str, ...] = ()


def summarize(
    prompt: PromptStep,
    values: Sequence[AnswerValue],
    passes: int,
    k: int,
    *,
    rng: random.Random | None = None,
    withheld: int = 0,
) -> PromptSummary:
    """Summarize one prompt's answers under the small-number rule.

    ``values`` are the answers (one per phone, passes excluded); ``passes`` is
    how many phones passed. The live number ``responses`` is answers plus
    passes. Only answers count toward ``k``: a summary is built from answers
    alone, so if passes counted, one answer and two passes would "reach" k=3
    and the distribution would be exactly that one man's answer. Counting
    answers means every value shown is hidden among at least ``k`` answers.

    ``withheld`` (optional, an addition to ROOMS_API.md) is the number of
    answers left out of ``values`` because they are hidden or flagged. They
    count in ``responses``, so the live number never drops when the
    facilitator hides a text or the screen flags one, but not in ``answered``
    or toward ``k``: the rule counts only the answers a summary is built from,
    the stricter reading.

    What a shown summary holds, by kind:

    - scale: ``distribution`` with columns ``value``, ``count`` for every point
      min..max (zeros included, so an empty bar reveals nothing by its
      absence) and ``mean``;
    - choice: ``distribution`` with columns ``option``, ``count`` for every
      option in the curriculum's order; with ``multiple`` each ticked option
      counts, so the counts can add up to more than ``answered``;
    - word: ``words`` with columns ``word``, ``count``, folded for case,
      spacing and surrounding punctuation, most frequent first, ties in
      alphabetical order;
    - text: ``texts`` in random order, so the list never shows who answered
      first. The caller passes only texts that are neither hidden nor
      flagged (and their number as ``withheld``). ``rng`` is for tests; by
      default the order comes from the operating system's randomness and
      cannot be predicted.

    Raises ``InvalidMinimumGroup`` for ``k < 1`` and ``UnexpectedAnswer`` for
    a value that does not fit the prompt.
    """
    if k < 1:
        raise InvalidMinimumGroup(k)
    if passes < 0 or withheld < 0:
        raise NegativeCount(passes, withheld)
    answered = len(values)
    base = PromptSummary(
        prompt_id=prompt.id,
        kind=prompt.kind,
        question=prompt.question,
        responses=answered + passes + withheld,
        answered=answered,
        shown=False,
    )
    # The rule comes first: below k no value is even looked at, so nothing
    # computed from them can slip out through a field added later.
    if answered < k:
        return base
    answer = prompt.answer
    if isinstance(answer, ScaleAnswer):
        distribution, mean = _scale(prompt.id, answer, values)
        return _shown(base, mean=mean, distribution=distribution)
    if isinstance(answer, ChoiceAnswer):
        return _shown(base, distribution=_choice(prompt.id, answer, values))
    if isinstance(answer, WordAnswer):
        return _shown(base, words=_words(prompt.id, values))
    assert isinstance(answer, TextAnswer)
    texts = [_text(prompt.id, value) for value in values]
    (rng if rng is not None else random.SystemRandom()).shuffle(texts)
    return _shown(base, texts=tuple(texts))


def _shown(
    base: PromptSummary,
    *,
    mean: float | None = None,
    distribution: pd.DataFrame | None = None,
    words: pd.DataFrame | None = None,
    texts: tuple[str, ...] = (),
) -> PromptSummary:
    return dataclasses.replace(
        base, shown=True, mean=mean, distribution=distribution, words=words, texts=texts
    )


def _scale(
    prompt_id: str, answer: ScaleAnswer, values: Sequence[AnswerValue]
) -> tuple[pd.DataFrame, float]:
    points: list[int] = []
    for value in values:
        # bool is an int in Python; a stored true/false is not a scale point.
        if not isinstance(value, int) or isinstance(value, bool):
            raise UnexpectedAnswer(prompt_id, value, "is not a whole number")
        if not answer.min <= value <= answer.max:
            raise UnexpectedAnswer(
                prompt_id, value, f"is outside the scale {answer.min}..{answer.max}"
            )
        points.append(value)
    series = pd.Series(points, dtype="int64")
    counts = series.value_counts().reindex(range(answer.min, answer.max + 1), fill_value=0)
    distribution = pd.DataFrame(
        {
            "value": pd.Series(counts.index, dtype="int64"),
            "count": pd.Series(counts.to_numpy(), dtype="int64"),
        }
    )
    return distribution, float(series.mean())


def _choice(prompt_id: str, answer: ChoiceAnswer, values: Sequence[AnswerValue]) -> pd.DataFrame:
    ticked: Counter[str] = Counter()
    for value in values:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise UnexpectedAnswer(prompt_id, value, "is not a list of options")
        if not value or (len(value) > 1 and not answer.multiple):
            raise UnexpectedAnswer(prompt_id, value, "does not tick the allowed number of options")
        unknown = [item for item in value if item not in answer.options]
        if unknown:
            raise UnexpectedAnswer(prompt_id, value, f"names unknown options {unknown!r}")
        # A set: one phone ticking an option twice is still one phone.
        ticked.update(set(value))
    return pd.DataFrame(
        {
            "option": pd.Series(answer.options, dtype="object"),
            "count": pd.Series([ticked[option] for option in answer.options], dtype="int64"),
        }
    )


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SPACES = re.compile(r"\s+")


def fold_word(value: str) -> str:
    """Fold a word answer so spellings of one word count together.

    NFKC, case-folded, curly apostrophes made straight, runs of whitespace
    made one space, punctuation at either end removed ("Tired." and " tired"
    are both "tired"; "don't" keeps its apostrophe). Empty when nothing but
    punctuation was given.
    """
    text = unicodedata.normalize("NFKC", value).casefold().translate(_APOSTROPHES)
    text = _SPACES.sub(" ", text).strip()
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def _words(prompt_id: str, values: Sequence[AnswerValue]) -> pd.DataFrame:
    folded: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise UnexpectedAnswer(prompt_id, value, "is not a word")
        word = fold_word(value)
        if word:  # an answer of only punctuation is no word to show
            folded.append(word)
    counts = Counter(folded)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return pd.DataFrame(
        {
            "word": pd.Series([word for word, _ in ordered], dtype="object"),
            "count": pd.Series([count for _, count in ordered], dtype="int64"),
        }
    )


def _text(prompt_id: str, value: AnswerValue) -> str:
    if not isinstance(value, str):
        raise UnexpectedAnswer(prompt_id, value, "is not text")
    return value


TrendRow = tuple[int, str, str, Sequence[int] | None, int]
"""One constituent of the trend: (session number, session title, 'check-in' or
'check-out', its scale values or ``None`` when it is withheld, passes)."""


def group_trend(rows: Iterable[TrendRow], k: int) -> pd.DataFrame:
    """Check-in and check-out scores of a group, session by session.

    Columns: ``session`` (number), ``title``, ``check_in_mean``,
    ``check_in_n``, ``check_out_mean``, ``check_out_n``; one row per session
    number, in order. Each row handed in is one constituent (one prompt in
    one room). Several constituents of one session and role (the session met
    twice, or has two check-in prompts) are pooled, but only when every one
    of them has at least ``k`` answers on its own: pooled with a smaller one,
    a released figure minus another released figure would give the smaller
    one's answers away. A constituent that is ``None`` (withheld by the
    caller: still open, say) withholds the cell as well. A withheld cell has
    neither mean nor ``n`` (NaN and ``<NA>``; test with ``pd.isna``); a
    session without such a prompt has ``n`` 0. ``*_n`` counts answers, not
    passes. Scale values are not range-checked here: ``summarize`` checks
    them with the prompt.
    """
    if k < 1:
        raise InvalidMinimumGroup(k)
    titles: dict[int, str] = {}
    pooled: dict[tuple[int, str], list[int]] = {}
    withheld: set[tuple[int, str]] = set()
    for number, title, role, values, _passes in rows:
        if role not in ("check-in", "check-out"):
            raise UnknownTrendRole(role)
        titles.setdefault(number, title)
        cell = (number, role)
        pooled.setdefault(cell, [])
        if values is None or 0 < len(values) < k:
            withheld.add(cell)
        else:
            pooled[cell].extend(values)
    records: list[dict[str, object]] = []
    for number in sorted(titles):
        record: dict[str, object] = {"session": number, "title": titles[number]}
        for role, prefix in (("check-in", "check_in"), ("check-out", "check_out")):
            values = pooled.get((number, role), [])
            if (number, role) in withheld or 0 < len(values) < k:
                record[f"{prefix}_n"], record[f"{prefix}_mean"] = pd.NA, float("nan")
                continue
            record[f"{prefix}_n"] = len(values)
            record[f"{prefix}_mean"] = sum(values) / len(values) if values else float("nan")
        records.append(record)
    frame = pd.DataFrame(records, columns=list(TREND_COLUMNS))
    return frame.astype(
        {
            "session": "int64",
            "title": "object",
            "check_in_mean": "float64",
            "check_in_n": "Int64",
            "check_out_mean": "float64",
            "check_out_n": "Int64",
        }
    )


def summary_rows(summary: PromptSummary) -> list[ExportRow]:
    """Flat rows for the CSV export of one prompt; none when it is not shown.

    Every row has the keys of ``EXPORT_COLUMNS``, ``None`` where a key does
    not apply. Each row repeats the prompt's own figures (``answered``, and
    ``mean`` for a scale, rounded to two decimals) so no row needs a made-up
    item name that an option could also have. Then one row per scale point
    (``item`` the point as text) or choice option or folded word, with its
    ``count``; or one row per open text (``text``, in the summary's random
    order). Passes are not exported, as they are not in the summary, and no
    key of any kind (token, phone, answer) is in a row.

    Text is participant text, exported as given: the CSV writer must guard
    cells that start with ``=``, ``+``, ``-`` or ``@`` if the file is meant
    for a spreadsheet.
    """
    if not summary.shown:
        return []
    mean = round(summary.mean, 2) if summary.mean is not None else None

    def row(item: str | None, count: int | None = None, text: str | None = None) -> ExportRow:
        return {
            "prompt_id": summary.prompt_id,
            "question": summary.question,
            "kind": summary.kind,
            "answered": summary.answered,
            "item": item,
            "count": count,
            "mean": mean,
            "text": text,
        }

    if summary.distribution is not None:
        items = summary.distribution.columns[0]  # "value" for a scale, "option" for a choice
        return [
            row(str(item), count=int(count))
            for item, count in zip(
                summary.distribution[items], summary.distribution["count"], strict=True
            )
        ]
    if summary.words is not None:
        return [
            row(str(word), count=int(count))
            for word, count in zip(summary.words["word"], summary.words["count"], strict=True)
        ]
    return [row(None, text=text) for text in summary.texts]
