"""The phone in a circle (issue 12 item 4): discreet about what he sent, safety first.

A room on a small programme of its own: a word, a text, a multiple choice with
exclusive options, and a support slide marked by its role.
"""

from __future__ import annotations

import pytest
from helpers.apptest import (
    click,
    everything,
    messages,
    move_to,
    open_current,
    page,
    texts,
    times_shown,
)

from workshop import rooms
from workshop.store import Store
from workshop.ui import routes
from workshop.ui.phone_parts import HIDE_BOX_CSS

JOIN = routes.JOIN.script
SAMARITANS = "Samaritans (United Kingdom and Ireland): call 116 123, free, 24/7"

PROGRAMME = """\
id: circle
title: Circle
version: "1"
summary: Phone tests.
audience: Tests.
agreements: [What is said here stays here.]
disclaimer: A peer group, not therapy.
sessions:
  - id: one
    number: 1
    title: One
    goals: [Try.]
    minutes: 60
    steps:
      - {id: hello, type: slide, minutes: 5, title: Hello, notes: Greet.}
      - id: word
        type: prompt
        minutes: 5
        question: One word for tonight
        answer: {kind: word}
        notes: Read.
      - id: story
        type: prompt
        minutes: 5
        question: What happened this week?
        answer: {kind: text, max_length: 200}
        notes: Read.
      - id: pick
        type: prompt
        minutes: 5
        question: What helps?
        answer:
          kind: choice
          multiple: true
          options: [Sleep, Friends, None of these, I'd rather not say]
        notes: Read.
      - {id: after, type: slide, minutes: 5, title: After the question, notes: Go on.}
      - id: help
        type: slide
        role: support
        minutes: 4
        title: If you need support
        body: The numbers.
        notes: Read them.
    handout:
      key_ideas: [Listen.]
      practice: Listen.
      journal_prompts: [What?]
"""


@pytest.fixture
def circle(store: Store) -> rooms.Room:
    group = rooms.create_group(store, "Thursday men", "circle", PROGRAMME)
    return rooms.open_room(store, group.id, "one", retention_days=30)


def test_a_sent_word_shows_small_while_open_and_is_gone_after_next(
    store: Store, circle: rooms.Room
) -> None:
    room = move_to(store, circle, "story")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.text_area(key="phone.answer.story").input("My father is ill")
    at = click(at, "Send")
    assert "Sent ✓" in messages(at)
    assert "My father is ill" in texts(at)
    # The room moves on: nothing he sent is on the next screen, and no caption about it.
    move_to(store, room, "after")
    at.run()
    assert "After the question" in texts(at)
    assert "My father is ill" not in everything(at)
    assert "did not send" not in everything(at)
    assert at.text_area == [] or all(t.key != "phone.answer.story" for t in at.text_area)


def test_typed_but_unsent_text_stays_across_a_slide(store: Store, circle: rooms.Room) -> None:
    room = move_to(store, circle, "story")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.text_area(key="phone.answer.story").input("half a thought")
    at.run()
    move_to(store, room, "after")
    at.run()
    assert at.text_area(key="phone.answer.story").value == "half a thought"
    assert "did not send" not in everything(at)
    assert "What happened this week?" not in texts(at)


def test_a_closed_question_shows_neither_the_answer_nor_an_input(
    store: Store, circle: rooms.Room
) -> None:
    room = move_to(store, circle, "pick")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.checkbox(key="phone.answer.pick.0").check()
    at = click(at, "Send")
    assert "Sleep" in texts(at)
    current = rooms.get_room(store, room.id)
    rooms.close_prompt(store, room.id, current.revision)
    at.run()
    assert "closed" in messages(at)
    assert "Sleep" not in texts(at)
    assert at.checkbox == []
    assert "Send" not in {b.label for b in at.button}


def test_a_closed_typed_question_hides_its_box(store: Store, circle: rooms.Room) -> None:
    room = move_to(store, circle, "word")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    assert HIDE_BOX_CSS not in everything(at)
    current = rooms.get_room(store, room.id)
    rooms.close_prompt(store, room.id, current.revision)
    at.run()
    assert HIDE_BOX_CSS in everything(at)


def test_the_support_step_shows_every_number_in_full(store: Store, circle: rooms.Room) -> None:
    room = move_to(store, circle, "help")
    at = page(JOIN, code=room.join_code)
    assert "If you need support" in texts(at)
    # Not only in the footer's folded panel: once more, open, under the title.
    assert times_shown(at, SAMARITANS) == 2
    assert not at.expander[0].proto.expanded
    room = move_to(store, room, "after")
    at.run()
    assert times_shown(at, SAMARITANS) == 1


def test_a_flagged_answer_shows_the_numbers_once_and_no_banner_later(
    store: Store, circle: rooms.Room
) -> None:
    room = move_to(store, circle, "story")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.text_area(key="phone.answer.story").input("I want to end my life")
    at = click(at, "Send")
    assert times_shown(at, SAMARITANS) == 2
    assert "Thank you for telling us." in everything(at)
    assert at.warning == []
    move_to(store, room, "after")
    at.run()
    assert times_shown(at, SAMARITANS) == 1  # only in the folded footer now
    assert "Thank you for telling us" not in everything(at)
    assert at.warning == []
    assert "I want to end my life" not in everything(at)


def test_a_word_sits_in_a_form_whose_first_button_is_send(store: Store, circle: rooms.Room) -> None:
    # Enter in a form presses its first submit button: here, Send.
    room = move_to(store, circle, "word")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    box = at.text_input(key="phone.answer.word")
    in_form = [b for b in at.button if b.proto.form_id == box.proto.form_id]
    assert box.proto.form_id and [b.label for b in in_form] == ["Send", "Pass"]
    box.input("tired")
    at = click(at, "Send")
    assert "Sent ✓" in messages(at)
    assert rooms.response_count(store, room.id, "word") == 1


def test_an_exclusive_option_clears_the_others_and_back(store: Store, circle: rooms.Room) -> None:
    room = move_to(store, circle, "pick")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.checkbox(key="phone.answer.pick.0").check().run()
    at.checkbox(key="phone.answer.pick.1").check().run()
    at.checkbox(key="phone.answer.pick.2").check().run()  # None of these
    assert [c.value for c in at.checkbox] == [False, False, True, False]
    at.checkbox(key="phone.answer.pick.3").check().run()  # I'd rather not say
    assert [c.value for c in at.checkbox] == [False, False, False, True]
    at.checkbox(key="phone.answer.pick.1").check().run()
    assert [c.value for c in at.checkbox] == [False, True, False, False]
    at = click(at, "Send")
    assert "Friends" in texts(at)


def test_an_ended_link_offers_the_join_box(store: Store, circle: rooms.Room) -> None:
    at = page(JOIN, code=circle.join_code)
    rooms.end_room(store, circle.id)
    at.run()
    assert "This session has ended, thank you." in [t.value for t in at.title]
    group = rooms.create_group(store, "Friday men", "circle", PROGRAMME)
    new = rooms.open_room(store, group.id, "one", retention_days=30)
    at.text_input(key="phone.code").input(new.join_code)
    at = click(at, "Join")
    assert "Hello" in texts(at)
    assert "This session has ended, thank you." not in [t.value for t in at.title]
