"""The presenter remote under AppTest: the console's essentials on the facilitator's phone.

A real SQLite store (the app fixtures). The remote is signed in as the
console is; every press is checked in the store, and a hide on the remote is
checked against what the room (the projector's audience) is released.
"""

from __future__ import annotations

from helpers.apptest import click, move_to, page, signin_form_shown, texts, unlock

from workshop import rooms
from workshop.disclosure import Gate, Policy
from workshop.store import Store
from workshop.ui import routes

REMOTE = routes.REMOTE.script


def test_the_remote_asks_for_the_sign_in_and_shows_nothing_else(room: rooms.Room) -> None:
    at = page(REMOTE, room=room.id)
    assert signin_form_shown(at)
    assert not at.button
    assert room.join_code not in " ".join(texts(at))


def test_the_remote_lists_running_rooms_and_runs_one(store: Store, room: rooms.Room) -> None:
    at = unlock(page(REMOTE))
    at = click(at, f"First Evening · code {room.join_code}")
    assert "Welcome to the circle" in texts(at)
    at = click(at, "Next ▶")
    assert rooms.get_room(store, room.id).step_index == 1
    at = click(at, "Pause")
    assert rooms.get_room(store, room.id).paused
    at = click(at, "Resume")
    at = click(at, "◀ Previous")
    current = rooms.get_room(store, room.id)
    assert (current.step_index, current.paused) == (0, False)


def test_the_remote_s_hide_keeps_a_text_off_the_projector(store: Store, room: rooms.Room) -> None:
    move_to(store, room, "open-words")
    at = unlock(page(REMOTE, room=room.id))
    at = click(at, "Open the question")
    answers = ["one", "two", "three", "secret four"]
    for text in answers:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-words", text)
    at = at.run()
    assert "4 responded" in texts(at)
    assert not [t for t in texts(at) if t in answers]  # open: nothing of the answers
    at = click(at, "Close the question")
    assert sorted(t for t in texts(at) if t in answers) == sorted(answers)  # the private preview
    items = rooms.private_texts(store, room.id, "open-words")
    ref = next(item.ref for item in items if item.text == "secret four")
    at.checkbox(key=f"console.hide.{ref}").check()
    at = at.run()
    at = click(at, "Reveal the results")
    released = Gate(store, Policy(3)).release(room.id, "open-words", "room")
    assert rooms.get_room(store, room.id).prompt_state == "revealed"
    assert sorted(released.texts) == ["one", "three", "two"]


def test_an_unknown_room_gets_a_plain_message_and_the_room_list(
    store: Store, room: rooms.Room
) -> None:
    rooms.end_room(store, room.id)
    at = unlock(page(REMOTE, room="not-a-room"))
    assert at.error and not [b for b in at.button if b.label == "Next ▶"]
    assert "No room is running" in " ".join(str(i.value) for i in at.info)


def test_the_remote_shows_the_private_safety_notice(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "open-words")
    room = rooms.open_prompt(store, room.id, room.revision)
    token = rooms.join(store, room.join_code).token
    assert rooms.submit_answer(store, token, "open-words", "I want to kill myself").flagged
    rooms.close_prompt(store, room.id, room.revision)
    at = unlock(page(REMOTE, room=room.id))
    assert "Private safety notice: 1 answer(s)" in " ".join(str(w.value) for w in at.warning)
    assert "I want to kill myself" not in " ".join(texts(at))
