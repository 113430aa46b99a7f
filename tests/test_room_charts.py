"""The room's result markup: every label, count and word present, every string escaped.

The builders in ``workshop.ui.room_charts`` return the HTML the projector
passes to ``st.html``. Read back as a browser would (character data, tags),
participant strings must arrive as the text typed, never as a tag or an
attribute, and every option and count must be in the text.
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers.apptest import html_text

from workshop.ui import room_charts
from workshop.ui.text import escape_html

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    ":red[x] $y$",
    '"><script>alert(2)</script>',
    "a & b ' c",
]
OWN_TAGS = {"style", "div", "span", "sup", "p"}


def test_escape_html_turns_markup_into_text() -> None:
    assert escape_html("<b a='1'>&</b>") == "&lt;b a=&#x27;1&#x27;&gt;&amp;&lt;/b&gt;"
    assert escape_html(":red[x] $y$") == ":red[x] $y$"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_choice_bars_show_each_full_label_and_count_as_text(hostile: str) -> None:
    long = "Big boy problems that need a long label to say them properly " * 2
    frame = pd.DataFrame({"option": [long.strip(), hostile, "Quiet"], "count": [7, 3, 0]})
    text, tags = html_text(room_charts.choice_html(frame))
    assert long.strip() in text
    assert hostile in text
    for count in ("7", "3", "0"):
        assert f" {count} " in f" {text} "
    assert set(tags) <= OWN_TAGS  # the hostile option made no tag of its own


@pytest.mark.parametrize("hostile", HOSTILE)
def test_scale_shows_end_labels_mean_and_every_point(hostile: str) -> None:
    frame = pd.DataFrame({"value": list(range(0, 11)), "count": [0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]})
    markup = room_charts.scale_html(
        frame, 6.0, low=0, high=10, low_label=hostile, high_label="fully connected"
    )
    text, tags = html_text(markup)
    assert "mean 6.0" in text
    assert f"0 = {hostile}" in text
    assert "10 = fully connected" in text
    assert set(tags) <= OWN_TAGS


@pytest.mark.parametrize("hostile", HOSTILE)
def test_word_cloud_sizes_words_by_count(hostile: str) -> None:
    frame = pd.DataFrame({"word": ["tired", hostile, "hopeful"], "count": [4, 1, 2]})
    markup = room_charts.word_cloud_html(frame)
    text, tags = html_text(markup)
    for word in ("tired", hostile, "hopeful"):
        assert word in text
    assert set(tags) <= OWN_TAGS
    at = {w: markup.index(escape_html(w)) for w in ("tired", "hopeful", hostile)}
    # The most-given word is the largest, and sits between the others (centre-out).
    assert 'font-size:6.00rem">tired' in markup
    assert at["hopeful"] < at["tired"] < at[hostile]
    # Deterministic: the same words give the same markup.
    assert room_charts.word_cloud_html(frame.iloc[::-1]) == markup


def test_text_cards_show_a_few_and_say_how_many_more() -> None:
    answers = (*(f"answer {i}" for i in range(8)), HOSTILE[0])
    text, tags = html_text(room_charts.text_cards_html(answers))
    assert [a for a in answers if a in text] == list(answers[: room_charts.TEXTS_PER_PAGE])
    assert "3 more" in text
    assert room_charts.text_pages(answers) == 2
    text, tags = html_text(room_charts.text_cards_html(answers, page=1))
    assert HOSTILE[0] in text and "answer 0" not in text and "more" not in text
    assert set(tags) <= OWN_TAGS


def test_text_cards_keep_line_breaks_and_markdown_as_typed() -> None:
    typed = "**not bold**\n# not a heading\n:smile:"
    text, _ = html_text(room_charts.text_cards_html((typed,)))
    assert typed in text


def test_choice_labels_keep_their_full_size_when_they_fit_and_shrink_when_they_would_not() -> None:
    few = room_charts.choice_size_vh(["Yes", "No", "Not sure"])
    seven = room_charts.choice_size_vh(
        [
            "Big boys don't cry",
            "Sort out your own problems",
            "Never show you are scared",
            "Anger is fine, sadness is not",
            "A man provides, whatever it costs him",
            "Talking about feelings is for women",
            "None of these",
        ]
    )
    assert few == 4.4  # 32 px at 720p: nothing to make room for
    assert 2.4 <= seven < few  # smaller, still readable from the middle rows
    many = room_charts.choice_size_vh(["a long option that wraps " * 4] * 12)
    assert many == 2.4  # the floor, never smaller


def test_the_cards_keep_one_order_whatever_order_they_are_read_in() -> None:
    texts = [f"answer {i}" for i in range(20)]
    order = room_charts.card_order(texts, "room-a")
    assert sorted(order) == sorted(texts)
    assert room_charts.card_order(list(reversed(texts)), "room-a") == order
    assert order != texts and order != sorted(texts, reverse=True)  # not the order given
