"""Results: summaries under the small-number rule, trends and export rows."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pandas as pd
import pytest

from workshop.curriculum import PromptStep
from workshop.results import (
    EXPORT_COLUMNS,
    TREND_COLUMNS,
    AnswerValue,
    InvalidMinimumGroup,
    NegativeCount,
    PromptSummary,
    TrendRow,
    UnexpectedAnswer,
    UnknownTrendRole,
    fold_word,
    group_trend,
    summarize,
    summary_rows,
)


def prompt(answer: dict[str, Any], prompt_id: str = "p1") -> PromptStep:
    return PromptStep.model_validate(
        {
            "id": prompt_id,
            "type": "prompt",
            "minutes": 2,
            "notes": "Read the question aloud.",
            "question": "How are you arriving today?",
            "answer": answer,
        }
    )


SCALE = prompt({"kind": "scale", "min": 1, "max": 5, "min_label": "low", "max_label": "high"})
CHOICE = prompt({"kind": "choice", "options": ["Work", "Family", "Health"]})
MULTI = prompt({"kind": "choice", "options": ["Work", "Family", "Health"], "multiple": True})
WORD = prompt({"kind": "word"})
TEXT = prompt({"kind": "text"})


def frame(**columns: tuple[list[Any], str]) -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(values, dtype=dtype) for name, (values, dtype) in columns.items()}
    )


def assert_nothing_shown(summary: PromptSummary) -> None:
    assert summary.shown is False
    assert summary.mean is None
    assert summary.distribution is None
    assert summary.words is None
    assert summary.texts == ()
    assert summary_rows(summary) == []


# --- scale -------------------------------------------------------------------------


def test_scale_distribution_covers_every_point_and_the_mean() -> None:
    summary = summarize(SCALE, [2, 4, 4, 5], passes=1, k=3)
    assert (summary.prompt_id, summary.kind, summary.question) == (
        "p1",
        "scale",
        "How are you arriving today?",
    )
    assert (summary.responses, summary.answered, summary.shown) == (5, 4, True)
    assert summary.distribution is not None
    pd.testing.assert_frame_equal(
        summary.distribution,
        frame(value=([1, 2, 3, 4, 5], "int64"), count=([0, 1, 0, 2, 1], "int64")),
    )
    assert summary.mean == pytest.approx(3.75)
    assert summary.words is None
    assert summary.texts == ()


def test_a_pass_counts_in_responses_not_in_answered_nor_the_summary() -> None:
    with_passes = summarize(SCALE, [1, 3, 5], passes=2, k=3)
    without = summarize(SCALE, [1, 3, 5], passes=0, k=3)
    assert (with_passes.responses, with_passes.answered) == (5, 3)
    assert (without.responses, without.answered) == (3, 3)
    assert with_passes.mean == without.mean == pytest.approx(3.0)
    assert with_passes.distribution is not None and without.distribution is not None
    pd.testing.assert_frame_equal(with_passes.distribution, without.distribution)
    assert summary_rows(with_passes) == summary_rows(without)


def test_passes_do_not_count_toward_k() -> None:
    # One answer and five passes: showing it would show that one man's answer.
    summary = summarize(SCALE, [5], passes=5, k=3)
    assert (summary.responses, summary.answered) == (6, 1)
    assert_nothing_shown(summary)


def test_exactly_k_answers_are_shown() -> None:
    assert summarize(SCALE, [1, 2, 3], passes=0, k=3).shown
    assert not summarize(SCALE, [1, 2], passes=0, k=3).shown


@pytest.mark.parametrize(
    ("step", "values"),
    [
        (SCALE, [5, 5]),
        (CHOICE, [["Work"], ["Health"]]),
        (MULTI, [["Work", "Family"], ["Health"]]),
        (WORD, ["Tired", "angry"]),
        (TEXT, ["I lost my job", "My father is ill"]),
    ],
)
def test_below_k_nothing_but_the_counts_leaves(step: PromptStep, values: list[Any]) -> None:
    summary = summarize(step, values, passes=4, k=3)
    assert (summary.responses, summary.answered) == (6, 2)
    assert_nothing_shown(summary)
    # Nothing of any answer survives in any field, whatever its type.
    dumped = repr(vars(summary))
    for value in values:
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, str):
                assert part not in dumped
                assert part.casefold() not in dumped


def test_below_k_values_are_not_even_checked() -> None:
    # The rule runs first: nothing computed from a small group's values exists.
    assert not summarize(SCALE, [99], passes=0, k=3).shown


def test_no_answers_at_all() -> None:
    summary = summarize(TEXT, [], passes=0, k=3)
    assert (summary.responses, summary.answered) == (0, 0)
    assert_nothing_shown(summary)


@pytest.mark.parametrize(
    "bad", [0, 6, True, "3", 2.5, ["3"]], ids=["below", "above", "bool", "str", "float", "list"]
)
def test_scale_value_that_does_not_fit_is_refused(bad: Any) -> None:
    with pytest.raises(UnexpectedAnswer, match="curriculum snapshot"):
        summarize(SCALE, [3, 3, bad], passes=0, k=3)


@pytest.mark.parametrize("k", [0, -1])
def test_k_below_one_is_refused(k: int) -> None:
    with pytest.raises(InvalidMinimumGroup, match="WORKSHOP_MIN_GROUP"):
        summarize(SCALE, [1, 2, 3], passes=0, k=k)


# --- choice ------------------------------------------------------------------------


def test_choice_counts_every_option_in_curriculum_order() -> None:
    summary = summarize(CHOICE, [["Health"], ["Work"], ["Health"]], passes=2, k=3)
    assert summary.distribution is not None
    pd.testing.assert_frame_equal(
        summary.distribution,
        frame(option=(["Work", "Family", "Health"], "object"), count=([1, 0, 2], "int64")),
    )
    assert summary.mean is None and summary.words is None and summary.texts == ()


def test_multiple_choice_counts_each_ticked_option_so_counts_exceed_answered() -> None:
    values: list[AnswerValue] = [["Work", "Family"], ["Work", "Health"], ["Family"]]
    summary = summarize(MULTI, values, passes=0, k=3)
    assert summary.answered == 3
    assert summary.distribution is not None
    pd.testing.assert_frame_equal(
        summary.distribution,
        frame(option=(["Work", "Family", "Health"], "object"), count=([2, 2, 1], "int64")),
    )
    assert int(summary.distribution["count"].sum()) == 5 > summary.answered


@pytest.mark.parametrize(
    "bad",
    [["Money"], [], ["Work", "Family"], "Work", ["work"]],
    ids=["unknown", "empty", "two-on-single", "not-a-list", "wrong-case"],
)
def test_choice_value_that_does_not_fit_is_refused(bad: Any) -> None:
    with pytest.raises(UnexpectedAnswer):
        summarize(CHOICE, [["Work"], ["Work"], bad], passes=0, k=3)


# --- word --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Tired", "tired"),
        ("  TIRED.  ", "tired"),
        ("'tired'", "tired"),
        ("worn   out", "worn out"),
        ("Worn\tOut!", "worn out"),
        ("don\u2019t know", "don't know"),
        ("\u201cHopeful\u201d", "hopeful"),
        ("STRASSE", "strasse"),
        ("Stra\u00dfe", "strasse"),
        ("?!", ""),
    ],
)
def test_fold_word(raw: str, folded: str) -> None:
    assert fold_word(raw) == folded


def test_words_are_folded_most_frequent_first_ties_alphabetical() -> None:
    values: list[AnswerValue] = [
        "Tired",
        "tired.",
        " TIRED",
        "worn  out",
        "Worn out",
        "hopeful",
        "angry",
        "Calm",
    ]
    summary = summarize(WORD, values, passes=1, k=3)
    assert (summary.responses, summary.answered) == (9, 8)
    assert summary.words is not None
    pd.testing.assert_frame_equal(
        summary.words,
        frame(
            word=(["tired", "worn out", "angry", "calm", "hopeful"], "object"),
            count=([3, 2, 1, 1, 1], "int64"),
        ),
    )
    assert summary.distribution is None and summary.mean is None and summary.texts == ()


# --- text --------------------------------------------------------------------------

TEXTS = [f"answer number {n}" for n in range(12)]


def test_texts_come_in_random_order_keeping_every_text() -> None:
    orders = {
        summarize(TEXT, TEXTS, passes=0, k=3, rng=random.Random(seed)).texts for seed in range(5)
    }
    assert len(orders) > 1  # the order depends on the generator
    for order in orders:
        assert Counter(order) == Counter(TEXTS)  # the multiset is preserved
    assert any(order != tuple(TEXTS) for order in orders)  # and it is not kept as given


def test_texts_order_is_reproducible_with_a_seeded_rng() -> None:
    first = summarize(TEXT, TEXTS, passes=0, k=3, rng=random.Random(7)).texts
    again = summarize(TEXT, TEXTS, passes=0, k=3, rng=random.Random(7)).texts
    assert first == again
    expected = list(TEXTS)
    random.Random(7).shuffle(expected)
    assert first == tuple(expected)


def test_texts_default_order_is_random_and_keeps_duplicates() -> None:
    values: list[AnswerValue] = ["same", "same", "other", "third"]
    summary = summarize(TEXT, values, passes=2, k=3)
    assert (summary.responses, summary.answered, summary.shown) == (6, 4, True)
    assert Counter(summary.texts) == Counter(values)
    assert summary.distribution is None and summary.words is None and summary.mean is None


def test_the_callers_list_is_not_shuffled_in_place() -> None:
    values: list[AnswerValue] = list(TEXTS)
    summarize(TEXT, values, passes=0, k=3, rng=random.Random(1))
    assert values == TEXTS


# --- group trend -------------------------------------------------------------------


def test_group_trend_session_by_session_under_the_rule() -> None:
    rows = [
        (2, "Anger", "check-in", [3, 4, 5], 1),
        (1, "Arriving", "check-in", [2, 4, 6], 0),
        (1, "Arriving", "check-out", [5, 7, 9, 7], 2),
        (2, "Anger", "check-out", [8, 9], 3),  # two answers, three passes: below k
        (3, "Fathers", "check-in", [6, 6, 6], 0),  # no check-out prompt at all
    ]
    trend = group_trend(rows, k=3)
    expected = pd.DataFrame(
        {
            "session": pd.Series([1, 2, 3], dtype="int64"),
            "title": pd.Series(["Arriving", "Anger", "Fathers"], dtype="object"),
            "check_in_mean": pd.Series([4.0, 4.0, 6.0], dtype="float64"),
            "check_in_n": pd.Series([3, 3, 3], dtype="Int64"),
            "check_out_mean": pd.Series([7.0, float("nan"), float("nan")], dtype="float64"),
            # Issue 11: below k the number of answers is withheld with the mean.
            "check_out_n": pd.Series([4, pd.NA, 0], dtype="Int64"),
        }
    )
    pd.testing.assert_frame_equal(trend, expected)
    assert tuple(trend.columns) == TREND_COLUMNS


def test_group_trend_pools_a_session_that_met_twice_only_when_each_meets_k() -> None:
    rows: list[TrendRow] = [
        (1, "Arriving", "check-in", [2, 4, 6], 0),
        (1, "Arriving", "check-in", [6, 6, 6], 0),
    ]
    trend = group_trend(rows, k=3)
    assert trend["check_in_n"].tolist() == [6]
    assert trend["check_in_mean"].tolist() == [5.0]
    # Issue 11, finding 2: 3 answers pooled with 1 would give the one away by
    # differencing (6.25 x 4 - 5.0 x 3 = 10): the pooled cell is withheld whole.
    small: list[TrendRow] = [
        (1, "Arriving", "check-in", [2, 5, 8], 0),
        (1, "Arriving", "check-in", [10], 0),
    ]
    pooled = group_trend(small, k=3)
    assert pooled["check_in_mean"].isna().tolist() == [True]
    assert pooled["check_in_n"].isna().tolist() == [True]
    # A constituent the caller withholds (None: still open, say) withholds the cell too.
    held = group_trend([rows[0], (1, "Arriving", "check-in", None, 0)], k=3)
    assert held["check_in_mean"].isna().tolist() == [True]


def test_group_trend_empty() -> None:
    trend = group_trend([], k=3)
    assert trend.empty
    assert tuple(trend.columns) == TREND_COLUMNS
    assert trend["check_in_mean"].dtype == "float64"


def test_group_trend_refuses_other_roles_and_bad_k() -> None:
    with pytest.raises(UnknownTrendRole, match="check-in"):
        group_trend([(1, "Arriving", "support", [1, 2, 3], 0)], k=3)
    with pytest.raises(InvalidMinimumGroup):
        group_trend([], k=0)


# --- export rows -------------------------------------------------------------------


def _rows_frame(summary: PromptSummary) -> pd.DataFrame:
    rows = summary_rows(summary)
    for row in rows:
        assert tuple(row) == EXPORT_COLUMNS
    return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))


def test_summary_rows_scale() -> None:
    summary = summarize(SCALE, [1, 2, 2], passes=4, k=3)
    expected = pd.DataFrame(
        {
            "prompt_id": ["p1"] * 5,
            "question": ["How are you arriving today?"] * 5,
            "kind": ["scale"] * 5,
            "answered": [3] * 5,
            "item": ["1", "2", "3", "4", "5"],
            "count": [1, 2, 0, 0, 0],
            "mean": [1.67] * 5,
            "text": [None] * 5,
        }
    )
    pd.testing.assert_frame_equal(_rows_frame(summary), expected)


def test_summary_rows_choice_word_and_text() -> None:
    choice = _rows_frame(summarize(MULTI, [["Work", "Family"], ["Work"], ["Work"]], 0, k=3))
    assert choice[["item", "count"]].to_dict("list") == {
        "item": ["Work", "Family", "Health"],
        "count": [3, 1, 0],
    }
    assert choice["mean"].isna().all() and choice["text"].isna().all()

    words = _rows_frame(summarize(WORD, ["Calm", "calm", "Tired"], 0, k=3))
    assert words[["item", "count"]].to_dict("list") == {
        "item": ["calm", "tired"],
        "count": [2, 1],
    }

    texts = summarize(TEXT, ["one", "two", "three"], 0, k=3, rng=random.Random(3))
    rows = _rows_frame(texts)
    assert rows["text"].tolist() == list(texts.texts)
    assert rows["item"].isna().all() and rows["count"].isna().all()
    assert rows["answered"].tolist() == [3, 3, 3]


def test_summary_rows_carry_no_key_of_any_kind() -> None:
    rows = summary_rows(summarize(TEXT, ["a", "b", "c"], passes=0, k=3))
    keys = {key for row in rows for key in row}
    assert keys == set(EXPORT_COLUMNS)
    assert not {"token", "ref", "key", "phone", "hash", "answer_id", "room_id"} & keys


def test_withheld_answers_count_in_responses_not_toward_k() -> None:
    # Five phones wrote text; the facilitator hid one and the screen flagged one.
    summary = summarize(TEXT, ["a", "b", "c"], passes=1, k=3, withheld=2)
    assert (summary.responses, summary.answered, summary.shown) == (6, 3, True)
    assert Counter(summary.texts) == Counter(["a", "b", "c"])
    # Two left after hiding: below k although four phones wrote something.
    fewer = summarize(TEXT, ["a", "b"], passes=0, k=3, withheld=2)
    assert (fewer.responses, fewer.answered) == (4, 2)
    assert_nothing_shown(fewer)


@pytest.mark.parametrize(("passes", "withheld"), [(-1, 0), (0, -1)])
def test_negative_counts_are_refused(passes: int, withheld: int) -> None:
    with pytest.raises(NegativeCount, match="zero or more"):
        summarize(SCALE, [1, 2, 3], passes=passes, k=3, withheld=withheld)


def test_an_option_ticked_twice_by_one_phone_counts_once() -> None:
    summary = summarize(MULTI, [["Work", "Work"], ["Family"], ["Family"]], passes=0, k=3)
    assert summary.distribution is not None
    assert summary.distribution["count"].tolist() == [1, 2, 0]
