"""The console's cockpit under AppTest: one main button, and it is the right one.

A real SQLite store (the app fixtures); the room is moved only by pressing
the console's own main button, and the store says where it went.
"""

from __future__ import annotations

from helpers.apptest import click, move_to, page, texts, unlock
from streamlit.testing.v1 import AppTest

from workshop import rooms
from workshop.store import Store
from workshop.ui import routes

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
    assert "Step 4 of 7" in " ".join(texts(at))
