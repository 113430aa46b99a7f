"""Slide sizes for a room and the join corner: numbers computed, strings escaped."""

from __future__ import annotations

from helpers.apptest import html_text

from workshop.ui import room_slide

SHORT = "We meet as equals.\n\n- Listen\n- Speak for yourself\n"
TABLE = "| Who | Number |\n|---|---|\n" + "".join(
    f"| Line {i} | 0800 000 00{i} |\n" for i in range(8)
)


def test_a_short_slide_keeps_the_full_size_of_at_least_28_px_at_720p() -> None:
    assert room_slide.body_size_vh(SHORT) == room_slide.BASE_VH
    assert room_slide.BASE_VH * 720 / 100 >= 28


def test_a_long_slide_is_scaled_down_not_cut_and_longer_means_smaller() -> None:
    long = SHORT + "\n" + TABLE
    longer = long + "\n" + "A paragraph that goes on and on about the evening. " * 12
    sizes = [room_slide.body_size_vh(body) for body in (SHORT, long, longer)]
    assert sizes[0] > sizes[1] > sizes[2] >= room_slide.MIN_VH


def test_tables_get_the_same_size_as_the_text() -> None:
    css = room_slide.slide_css(TABLE)
    size = f"{room_slide.body_size_vh(TABLE):.2f}vh"
    rule = next(line for line in css.splitlines() if ":is(p, li, td, th" in line)
    assert size in rule


def test_the_slide_css_carries_no_slide_text() -> None:
    assert "Listen" not in room_slide.slide_css(SHORT)


def test_the_corner_shows_the_code_and_address_as_text() -> None:
    markup = room_slide.corner_html("ABC234", b"\x89PNG", "http://x/join?<b>")
    text, tags = html_text(markup)
    assert "ABC234" in text
    assert "http://x/join?<b>" in text
    assert "b" not in tags
    assert tags.count("img") == 1
    assert "img" not in html_text(room_slide.corner_html("ABC234", None, None))[1]


def test_the_countdown_starts_at_the_step_minutes_and_can_start_part_way() -> None:
    markup = room_slide.countdown_html(9 * 60)
    assert "from { --oc-left: 540; }" in markup
    assert 'aria-label="9 minutes"' in markup
    assert "-61s" in room_slide.countdown_html(540, elapsed=61)
    assert "-540s" in room_slide.countdown_html(540, elapsed=9999)  # never past 0:00
