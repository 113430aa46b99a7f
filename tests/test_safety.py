"""The safety screen against its fixture: every line must come out as labelled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.safety import Screening, fold_lookalikes, normalize, screen

FIXTURES = Path(__file__).parent / "fixtures"


def _answers(name: str) -> list[str]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


SUICIDE = _answers("safety_flag_suicide.txt")
SELF_HARM = _answers("safety_flag_self_harm.txt")
VIOLENCE = _answers("safety_flag_violence.txt")
NOT_FLAGGED = _answers("safety_not_flagged.txt")


def test_fixture_is_big_enough_and_holds_the_issue_examples() -> None:
    flagged = SUICIDE + SELF_HARM + VIOLENCE
    assert len(flagged) >= 40
    assert len(NOT_FLAGGED) >= 40
    assert "I've thought about ending it" in flagged
    assert "sometimes I don't want to wake up" in flagged
    assert "this exercise killed me" in NOT_FLAGGED
    assert "I'm dying to try it" in NOT_FLAGGED
    # A line in two files would make one of the tests below impossible to pass.
    assert not set(flagged) & set(NOT_FLAGGED)


@pytest.mark.parametrize("answer", SUICIDE)
def test_flags_suicide(answer: str) -> None:
    assert screen(answer) == Screening(flagged=True, category="suicide")


@pytest.mark.parametrize("answer", SELF_HARM)
def test_flags_self_harm(answer: str) -> None:
    assert screen(answer) == Screening(flagged=True, category="self-harm")


@pytest.mark.parametrize("answer", VIOLENCE)
def test_flags_violence(answer: str) -> None:
    assert screen(answer) == Screening(flagged=True, category="violence")


@pytest.mark.parametrize("answer", NOT_FLAGGED)
def test_does_not_flag_everyday_speech(answer: str) -> None:
    assert screen(answer) == Screening(flagged=False, category=None)


@pytest.mark.parametrize(
    "spelling",
    [
        "sometimes I don't want to wake up",
        "sometimes I don\u2019t want to wake up",
        "sometimes I dont want to wake up",
        "SOMETIMES  I   DO NOT WANT TO WAKE UP",
        "sometimes i dont wanna wake up!!",
    ],
)
def test_spellings_of_one_phrase_normalize_alike(spelling: str) -> None:
    assert normalize(spelling) == "sometimes i do not want to wake up"
    assert screen(spelling).category == "suicide"


def test_normalize_keeps_sentence_ends_so_phrases_can_require_them() -> None:
    assert normalize("I can't go on. My wife left.") == "i can not go on . my wife left"
    assert screen("I can't go on. My wife left.").category == "suicide"
    assert not screen("I can't go on the trip, my wife left").flagged


def test_several_categories_report_the_most_urgent() -> None:
    assert screen("I want to hurt myself and I could kill him").category == "self-harm"
    assert screen("I could kill him and then kill myself").category == "suicide"


@pytest.mark.parametrize(
    "answer",
    [
        "I'm not suicidal",
        "I would never kill myself",
        "my friend attempted suicide",
        "my son attempted suicide last year",
        "my brother tried to kill himself",
        "my dad killed himself",
        "my uncle took his own life",
        "my mate hanged himself",
        "hopeless",
        "worthless",
    ],
)
def test_the_subject_raised_is_flagged_on_purpose(answer: str) -> None:
    """docs/safety.md: negated mentions, another man's attempt, a one-word check-out."""
    assert screen(answer).flagged


@pytest.mark.parametrize("answer", ["", "   ", "...", "\U0001f642", "ok"])
def test_empty_and_tiny_answers_are_not_flagged(answer: str) -> None:
    assert screen(answer) == Screening(flagged=False, category=None)


@pytest.mark.parametrize("answer", ["suicidal", "Self-harm", "want to die"])
def test_word_answers_of_up_to_three_words_are_screened(answer: str) -> None:
    assert screen(answer).flagged


# --- Disguises and data (issue 11) ------------------------------------------------


@pytest.mark.parametrize(
    "disguised",
    [
        "I want to ki\u200bll myself",  # zero-width space inside a word
        "I want to kill\u2060 myself",  # word joiner
        "I want to \u043a\u0456ll myself",  # Cyrillic ka and i
        "I want to kill mys\u0435lf",  # Cyrillic ie
        "I want to take an \u03bfverdose",  # Greek omicron
        "I want to \uff4b\uff49\uff4c\uff4c myself",  # fullwidth
        "I want to k1ll mys3lf",
        "I want to kill myse1f",  # 1 read as l
        "5u1c1dal",
        "I want to kil myself",  # the issue's misspelling
        "I want to kill myslef",  # two letters swapped
    ],
)
def test_disguised_phrases_are_still_flagged(disguised: str) -> None:
    assert screen(disguised).flagged


@pytest.mark.parametrize(
    "everyday",
    [
        "I will myself to get up early",  # "will" is a word: never read as "kill"
        "fill myself up at the buffet",
        "my wife and I",
        "\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439",  # Russian hello
        "10 out of 10",
        "4 kids and a dog",
    ],
)
def test_undoing_disguises_does_not_flag_everyday_words(everyday: str) -> None:
    assert not screen(everyday).flagged


def test_fold_lookalikes_reads_cyrillic_and_greek_as_latin() -> None:
    assert fold_lookalikes("\u043a\u0456ll \u03bfk caf\u00e9") == "kill ok caf\u00e9"


def test_phrase_lists_are_data_files() -> None:
    data = Path(__file__).parent.parent / "workshop" / "safety_data"
    patterns = yaml.safe_load((data / "patterns.yaml").read_text(encoding="utf-8"))
    assert set(patterns) == {"macros", "suicide", "self-harm", "violence", "whole_answer"}
    assert len(patterns["suicide"]) > 60
    assert "kill" in (data / "fuzzy_words.txt").read_text(encoding="utf-8").split()
    assert "will" in (data / "real_words.txt").read_text(encoding="utf-8").split()


def test_heldout_set_is_not_in_the_tuning_fixtures() -> None:
    heldout = Path(__file__).parent / "data" / "safety_heldout.txt"
    lines = [
        line.partition(": ")[2]
        for line in heldout.read_text(encoding="utf-8").splitlines()
        if line.startswith(("flag: ", "ok: "))
    ]
    assert len(lines) == 80
    assert not set(lines) & set(SUICIDE + SELF_HARM + VIOLENCE + NOT_FLAGGED)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_screen_never_raises(text: str) -> None:
    result = screen(text)
    assert result.flagged == (result.category is not None)


def test_docs_quote_the_rates_the_script_prints_now() -> None:
    repo = Path(__file__).parent.parent
    printed = subprocess.run(
        [sys.executable, str(repo / "benchmarks" / "safety_rates.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line for line in printed.splitlines() if line.startswith(("| tuning", "| held-out"))]
    assert len(rows) == 2
    docs = (repo / "docs" / "safety.md").read_text(encoding="utf-8")
    for row in rows:
        assert row in docs, f"docs/safety.md should quote: {row}"
