"""The phone page with odd input (issue 11, finding 9): a refusal is a plain
sentence, the typed text stays in the box, and nothing is stored."""

from __future__ import annotations

from helpers.apptest import click, messages, move_to, open_current, page

from workshop import rooms
from workshop.store import Store
from workshop.ui import routes

JOIN = routes.JOIN.script


def test_an_over_long_text_is_refused_with_a_sentence_and_kept(
    store: Store, room: rooms.Room
) -> None:
    room = move_to(store, room, "open-words")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    long_text = "I have a lot to say. " * 5000  # ~100 KB, far over the prompt's 200
    at.text_area(key="phone.answer.open-words").input(long_text)
    at = click(at, "Send")
    assert "Keep it to 200 characters (this is 105000); shorten it." in messages(at)
    assert "Saved" not in messages(at)
    assert at.text_area(key="phone.answer.open-words").value == long_text
    assert rooms.response_count(store, room.id, "open-words") == 0
    assert not at.exception


def test_a_word_of_only_a_zero_width_space_is_refused_and_not_counted(
    store: Store, room: rooms.Room
) -> None:
    room = move_to(store, room, "feeling")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.text_input(key="phone.answer.feeling").input("\u200b")
    at = click(at, "Send")
    assert "Type a word, or pass." in messages(at)
    assert "Saved" not in messages(at)
    assert at.text_input(key="phone.answer.feeling").value == "\u200b"
    assert rooms.response_count(store, room.id, "feeling") == 0
    assert not at.exception
