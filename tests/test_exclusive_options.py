"""Which multiple-choice options exclude the others (issue 12)."""

from __future__ import annotations

import pytest

from workshop.ui.components import is_exclusive


@pytest.mark.parametrize(
    "option",
    [
        "None of these",
        "none of these",
        " NONE OF THESE ",
        "I'd rather not say",
        "I\u2019d rather not say",
    ],
)
def test_exclusive(option: str) -> None:
    assert is_exclusive(option)


@pytest.mark.parametrize("option", ["None", "Sleep", "I'd rather say", "None of these either"])
def test_not_exclusive(option: str) -> None:
    assert not is_exclusive(option)
