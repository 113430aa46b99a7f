"""docs/privacy.md, "Every prompt can be passed": the Pass button on the phone page
for every kind of question (scale, choice, word, text), read back from the store.

Each test presses Pass on a real phone page with an answer already picked or
typed in the box, then reads the raw ``answers`` rows: one row under the
phone's own answer key, no value, marked passed, and nothing of what was in
the box anywhere. The pass counts in the live number on the projector (the
number the room sees while the question is open) but not toward ``k``: two
answers and one pass, revealed, release nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers.apptest import click, messages, move_to, open_current, page, texts

from workshop import rooms
from workshop.config import Settings
from workshop.disclosure import Gate, Withheld
from workshop.rooms.tokens import answer_key
from workshop.store import Store
from workshop.ui import routes

JOIN = routes.JOIN.script
PROJECTOR = routes.PROJECTOR.script


def _pick_scale(at: Any) -> str:
    at.radio(key="phone.answer.check-in").set_value(7)
    return "7"


def _pick_choice(at: Any) -> str:
    at.radio(key="phone.answer.needs").set_value("Advice")
    return "Advice"


def _type_word(at: Any) -> str:
    at.text_input(key="phone.answer.feeling").input("Unsentword")
    return "Unsentword"


def _type_text(at: Any) -> str:
    at.text_area(key="phone.answer.open-words").input("A thought I kept to myself")
    return "A thought I kept to myself"


# (prompt id in tests/live_data/mini.yaml, what two other phones answer, what is in his box)
KINDS = {
    "scale": ("check-in", [3, 9], _pick_scale),
    "choice": ("needs", [["Listening"], ["Quiet"]], _pick_choice),
    "word": ("feeling", ["tired", "glad"], _type_word),
    "text": ("open-words", ["Long week", "Good to be here"], _type_text),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_question_can_be_passed_from_the_phone(
    store: Store, room: rooms.Room, kind: str
) -> None:
    prompt_id, others, fill_box = KINDS[kind]
    assert {p.id: p.kind for p in room.session.prompts()}[prompt_id] == kind
    room = move_to(store, room, prompt_id)
    open_current(store, room)
    for value in others:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, prompt_id, value)

    phone = page(JOIN, code=room.join_code)
    token = phone.query_params["token"]
    unsent = fill_box(phone)
    phone = click(phone, "Pass")
    assert "Saved: you passed." in messages(phone)
    assert not phone.exception

    with store.reading() as tx:
        rows = tx.raw_rows("answers")
    [mine] = [r for r in rows if r["key"] == answer_key(store, token, room.id, prompt_id)]
    assert (mine["value"], mine["passed"], mine["hidden"], mine["flagged"]) == (
        None,
        True,
        False,
        False,
    )
    # What was in his box when he passed went nowhere.
    assert not [r for r in rows if unsent in str(r["value"])]
    assert len(rows) == 3

    # The live number counts the pass: the room sees three responses.
    assert rooms.response_count(store, room.id, prompt_id) == 3
    projector = page(PROJECTOR, key=room.display_key)
    assert "3 responded" in texts(projector)

    # But it is no answer: two answers and a pass stay under k = 3 once revealed.
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)
    gate = Gate.from_settings(store, Settings.from_env())
    assert gate.k == 3
    for audience in ("room", "facilitator", "export"):
        ruling = gate.release(room.id, prompt_id, audience)
        assert isinstance(ruling, Withheld) and ruling.reason == "too-few", audience
    projector.run()
    assert ruling.message in texts(projector)
    assert not any("answered" in t or "responded" in t for t in texts(projector))
