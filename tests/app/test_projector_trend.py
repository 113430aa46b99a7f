"""The trend step on the projector, the organiser page and the phone, under AppTest.

The chart is app-built HTML: its numbers and labels are DOM text, read
here from the markup the page sends. What the gate withholds reads "not shown",
and where it withholds everything there is no chart at all, only a sentence.
"""

from __future__ import annotations

from typing import Any

from helpers.apptest import html_blocks, html_text, move_to, page, texts, unlock
from helpers.sample_curricula import TREND

from workshop import rooms
from workshop.store import Store
from workshop.ui import room_trend, routes

PROJECTOR = routes.PROJECTOR.script
ORGANISER = routes.ORGANISER.script
JOIN = routes.JOIN.script
TITLE = "First <b>evening</b> :red[loud]"


def _ask(store: Store, room: rooms.Room, step_id: str, answers: list[int], reveal: bool) -> None:
    current = move_to(store, room, step_id)
    current = rooms.open_prompt(store, room.id, current.revision)
    for value in answers:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, step_id, value)
    current = rooms.close_prompt(store, room.id, current.revision)
    if reveal:
        rooms.reveal_prompt(store, room.id, current.revision)


def _two_evenings(store: Store, second_check_in: list[int]) -> rooms.Room:
    """Session one ended with both scales revealed; session two at its trend step."""
    group = rooms.create_group(store, "Thursday", "trend-sample", TREND)
    first = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, first, "check-in", [4, 6, 5], reveal=True)
    _ask(store, first, "check-out", [7, 8, 9, 8], reveal=True)
    rooms.end_room(store, first.id)
    second = rooms.open_room(store, group.id, "two", retention_days=30)
    _ask(store, second, "check-in", second_check_in, reveal=True)
    return move_to(store, second, "our-evening")


def _trend_markup(at: Any) -> list[str]:
    return [m for m in html_blocks(at) if 'data-testid="oc-trend"' in m]


def test_the_projector_draws_both_evenings_as_text_in_the_dom(store: Store) -> None:
    room = _two_evenings(store, [6, 7, 8])
    projector = page(PROJECTOR, key=room.display_key)
    assert "Our evening over the weeks" in texts(projector)
    [chart] = _trend_markup(projector)
    text, tags = html_text(chart)
    assert "table" in tags and chart.count('class="oc-trend-bar ') == 3  # three released means
    for figure in ("Session 1", "Session 2", "5.0 (3)", "8.0 (4)", "7.0 (3)", "5.0", "8.0"):
        assert figure in text, figure
    assert "–" in text  # session two's check-out is not asked yet
    assert "not shown" not in text
    # The organiser's session title is text: shown as typed, no tag of it made.
    assert TITLE in text and "b" not in tags
    assert "Means of the 0–10 scale" in " ".join(texts(projector))


def test_an_evening_under_k_is_not_shown_and_has_no_figure(store: Store) -> None:
    room = _two_evenings(store, [9, 10])  # two answers: under k = 3
    projector = page(PROJECTOR, key=room.display_key)
    [chart] = _trend_markup(projector)
    text, _tags = html_text(chart)
    assert "not shown" in text
    assert "9.5" not in text and "(2)" not in text  # neither the mean nor the count
    assert chart.count('class="oc-trend-bar ') == 2  # no column for the withheld evening
    assert "5.0 (3)" in text  # the first evening still is


def test_nothing_released_means_no_chart_only_the_sentence(store: Store) -> None:
    group = rooms.create_group(store, "Thursday", "trend-sample", TREND)
    first = rooms.open_room(store, group.id, "one", retention_days=30)
    _ask(store, first, "check-in", [4, 6, 5], reveal=False)  # closed, never revealed
    rooms.end_room(store, first.id)
    second = rooms.open_room(store, group.id, "two", retention_days=30)
    room = move_to(store, second, "our-evening")
    projector = page(PROJECTOR, key=room.display_key)
    assert _trend_markup(projector) == []
    assert room_trend.NOTHING_YET.format(k=3) in texts(projector)
    assert "5.0" not in " ".join(texts(projector) + html_blocks(projector))


def test_the_organiser_page_draws_the_same_chart(store: Store) -> None:
    room = _two_evenings(store, [9, 10])
    projector = page(PROJECTOR, key=room.display_key)
    organiser = unlock(page(ORGANISER))
    [on_projector] = _trend_markup(projector)
    [on_page] = _trend_markup(organiser)
    assert html_text(on_page) == html_text(on_projector)
    assert "oc-trend-page" in on_page and "oc-trend-large" in on_projector


def test_a_phone_at_the_trend_step_sees_the_slide_and_no_chart(store: Store) -> None:
    room = _two_evenings(store, [6, 7, 8])
    phone = page(JOIN, code=room.join_code)
    assert "Our evening over the weeks" in texts(phone)
    assert _trend_markup(phone) == []
    assert "7.0 (3)" not in " ".join(texts(phone))


def test_the_console_at_a_trend_step_says_what_the_projector_draws(store: Store) -> None:
    room = _two_evenings(store, [6, 7, 8])
    console = unlock(page(routes.CONSOLE.script, room=room.id))
    shown = " ".join(texts(console)) + " ".join(c.value for c in console.caption)
    assert "Our evening over the weeks" in shown
    assert "Group chart" in shown
    assert "The projector draws the group's check-ins and check-outs" in shown
    assert "Say what the chart shows" in shown  # the notes, on the console only
