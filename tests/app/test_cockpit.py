"""The console's cockpit under AppTest: one main button, and it is the right one.

A real SQLite store (the app fixtures); the room is moved only by pressing
the console's own main button, and the store says where it went.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

import pytest
from helpers.apptest import click, move_to, page, texts, unlock
from streamlit.testing.v1 import AppTest

from workshop import rooms
from workshop.disclosure import Gate, Policy
from workshop.store import Store
from workshop.ui import cockpit, console_keys, routes

CONSOLE = routes.CONSOLE.script


def primary(at: AppTest) -> list[str]:
    """Labels of the primary buttons on the console's room screen."""
    return [b.label for b in at.button if b.proto.type == "primary"]


def test_the_main_button_walks_open_close_reveal_next(store: Store, room: rooms.Room) -> None:
    move_to(store, room, "needs")
    at = unlock(page(CONSOLE, room=room.id))
    seen: list[str] = []
    for _ in range(4):
        [main] = primary(at)
        seen.append(main)
        if main == "Close the question":
            for _ in range(3):  # enough answers for the room to see a result
                token = rooms.join(store, room.join_code).token
                rooms.submit_answer(store, token, "needs", ["Listening"])
        at = click(at, main)
        assert not at.exception
    assert seen == ["Open the question", "Close the question", "Reveal the results", "Next ▶"]
    assert rooms.get_room(store, room.id).step.id == "pairs"


def test_after_close_reveal_is_main_and_open_it_again_is_secondary(
    store: Store, room: rooms.Room
) -> None:
    move_to(store, room, "check-in")
    at = unlock(page(CONSOLE, room=room.id))
    at = click(at, "Open the question")
    at = click(at, "Close the question")  # no answers yet: the machine lets it reopen
    assert primary(at) == ["Reveal the results"]
    again = next(b for b in at.button if b.label == "Open it again")
    assert again.proto.type == "secondary"
    # Moving on without revealing has its own name: never a second "Next ▶".
    labels = [b.label for b in at.button]
    assert "Skip ▶" in labels and "Next ▶" not in labels
    assert "Step 4 of 7" in " ".join(texts(at))


def _answer(store: Store, room: rooms.Room, prompt_id: str, values: list[object]) -> None:
    for value in values:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, prompt_id, value)


def test_console_shows_the_room_s_results_from_close_on_and_none_while_open(
    store: Store, room: rooms.Room
) -> None:
    move_to(store, room, "feeling")
    at = unlock(page(CONSOLE, room=room.id))
    at = click(at, "Open the question")
    _answer(store, room, "feeling", ["tired", "Tired.", "calm"])
    at = at.run()
    assert not [t for t in texts(at) if t.startswith(("tired", "calm"))]  # open: nothing
    at = click(at, "Close the question")
    assert {"tired: 2", "calm: 1", "3 answered"} <= set(texts(at))
    assert Gate(store, Policy(3)).release(room.id, "feeling", "room").shown is False
    at.toggle(key="console.room_view").set_value(True).run()  # mirrored: not before Reveal
    assert "tired: 2" not in texts(at)
    at = click(at, "Reveal the results")
    assert {"tired: 2", "calm: 1", "3 answered"} <= set(texts(at))


def test_a_closed_choice_waits_for_reveal_then_shows_every_option_and_count(
    store: Store, room: rooms.Room
) -> None:
    move_to(store, room, "needs")
    at = unlock(page(CONSOLE, room=room.id))
    at = click(at, "Open the question")
    _answer(store, room, "needs", [["Listening"], ["Listening"], ["Quiet"]])
    at = click(at, "Close the question")
    assert "Listening: 2" not in texts(at)  # it could still be reopened: nothing to compare
    assert "Reveal shows them here" in " ".join(c.value for c in at.caption)
    at = click(at, "Reveal the results")
    assert {"Listening: 2", "Advice: 0", "Quiet: 1", "3 answered"} <= set(texts(at))


def test_a_double_key_press_moves_the_room_one_step(store: Store, room: rooms.Room) -> None:
    seen = rooms.get_room(store, room.id)
    moved: list[bool] = []

    def change(action: Callable[[], object]) -> None:
        try:
            action()
        except rooms.StaleRevision:
            moved.append(False)
        else:
            moved.append(True)

    for seq in (1, 2):  # both presses carry the revision the screen showed
        press = console_keys.parse(f"next:{seen.revision}:{seq}")
        assert press is not None
        cockpit.follow(store, rooms.get_room(store, room.id), press, change)
    assert moved == [True, False]
    assert rooms.get_room(store, room.id).step_index == 1


@pytest.mark.parametrize("value", [None, "", "next", "next:x:1", "jump:3:1", 7, "next:3"])
def test_anything_but_a_press_is_ignored(value: object) -> None:
    assert console_keys.parse(value) is None


def test_the_step_clock_survives_a_reload(store: Store, room: rooms.Room) -> None:
    moved = rooms.next_step(store, room.id, room.revision)
    assert moved.step_started is not None
    with store.writing() as tx:  # as if the step had started two and a half minutes ago
        row = tx.room(room.id)
        assert row is not None
        started = row.step_started
        tx.update_room(
            dataclasses.replace(row, step_started=(started or 0) - 150),
            expected_revision=row.revision,
        )
    # A fresh screen: the browser's clock is handed the room's own start of the
    # step (it ticks in the browser: tests/browser/test_clock_ticks.py).
    console = unlock(page(CONSOLE, room=room.id))
    clocks = [
        json.loads(node.proto.json)
        for node in console.get("bidi_component")
        if node.proto.component_name.endswith("open_circle_step_clock")
    ]
    assert [c["started"] for c in clocks] == [int((started or 0) - 150)]
    assert any(t.startswith("Step 2 of 7") for t in texts(console))
    rooms.next_step(store, room.id, rooms.get_room(store, room.id).revision)
    assert (rooms.get_room(store, room.id).step_started or 0) > (started or 0)  # overwritten
