"""The one form of typed answers, and clean export cells (issue 11, finding 9)."""

from __future__ import annotations

import pytest

from workshop.normalise import BIDI_CONTROLS, clean_cell, has_visible, normalise_text


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  Glad   I\tcame\n", "Glad I came"),
        ("ki\u200bll", "kill"),  # zero-width space inside a word
        ("\u202eemoc I dalG", "emoc I dalG"),  # right-to-left override
        ("a\x00b", "ab"),  # NUL
        ("\ufeffhello", "hello"),  # byte order mark
        ("\uff28\uff45\uff4c\uff4c\uff4f", "Hello"),  # fullwidth
        ("caf\u0065\u0301", "caf\u00e9"),  # NFKC composes
        ("one\u00a0two\u3000three", "one two three"),  # no-break and ideographic spaces
        ("line\u2028break", "line break"),
        ("a \u200b b", "a b"),  # no double space left behind
        ("\ud800lone", "lone"),  # lone surrogate
        ("\u3164", ""),  # Hangul filler draws nothing
    ],
)
def test_normalise_text(raw: str, stored: str) -> None:
    assert normalise_text(raw) == stored
    assert normalise_text(stored) == stored


@pytest.mark.parametrize("blank", ["", " ", "\u200b", "\u0301\u0301", "\u2800", "\u115f"])
def test_nothing_visible_is_empty(blank: str) -> None:
    assert not has_visible(normalise_text(blank))


@pytest.mark.parametrize("seen", ["a", "7", "?", "\U0001f642", "\u00e9"])
def test_something_visible(seen: str) -> None:
    assert has_visible(seen)


def test_clean_cell_removes_every_bidi_control_and_control_character() -> None:
    dirty = "A" + "".join(sorted(BIDI_CONTROLS)) + "\x00\x07\u200b\u2060B\tC\nD"
    assert clean_cell(dirty) == "AB C D"
    assert {"\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"} <= BIDI_CONTROLS


def test_clean_cell_leaves_clean_text_alone() -> None:
    text = "Glad I came, caf\u00e9 \U0001f642 \u0645\u0631\u062d\u0628\u0627"
    assert clean_cell(text) is text
