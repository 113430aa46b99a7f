"""A flagged answer keeps its flag and its count, not its text (issue 11, finding 5).

No screen, export or person may ever read a text the safety screen flagged,
so it is not stored at all: the row says "flagged" and nothing else. Every
reader copes: the live number and the withheld count still count it, the
preview, results, records and export leave it out, and the man's own phone
and takeaway say he answered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from workshop import rooms
from workshop.disclosure import Gate, Policy
from workshop.export import export_csv
from workshop.rooms import Room
from workshop.rooms import answers as answers_module
from workshop.safety import Screening, screen
from workshop.store import Store
from workshop.takeaway import NOT_KEPT, answer_text

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]

RISKY_TEXT = "Lately I want to end it all, quokka-7731"
RISKY_WORD = "want to die"


def test_a_flagged_answer_is_stored_without_its_text_and_every_reader_copes(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    me, b, c, d = tokens(store, room, 4)
    first = rooms.submit_answer(store, me, "open-text", "Glad to be here, quokka-replaced")
    assert not first.flagged
    result = rooms.submit_answer(store, me, "open-text", RISKY_TEXT)  # replaces it
    assert result.flagged and result.saved == rooms.MyAnswer(None, False, flagged=True)
    for token, text in ((b, "Good week"), (c, "Tired but here"), (d, "Glad I came")):
        rooms.submit_answer(store, token, "open-text", text)

    with store.reading() as tx:
        everything = repr({name: tx.raw_rows(name) for name in ("answers", "notices")})
        [stored] = [a for a in tx.answers(room.id, "open-text") if a.flagged]
    assert "quokka" not in everything  # neither the flagged text nor the one it replaced
    assert (stored.value, stored.passed, stored.hidden) == (None, False, False)

    # His own phone and takeaway: he answered, the words were not kept.
    mine = rooms.MyAnswer(None, False, flagged=True)
    assert rooms.phone_view(store, me).my_answer == mine
    [(prompt, kept)] = rooms.my_answers(store, me)
    assert kept == mine
    assert answer_text(prompt, kept) == NOT_KEPT

    # Counts stay right: the live number, the notice, the withheld answers.
    assert rooms.response_count(store, room.id, "open-text") == 4
    assert [n.count for n in Gate(store, Policy(3)).notices(room.id)] == [1]
    room = rooms.close_prompt(store, room.id, room.revision)
    previews = sorted(t.text for t in rooms.private_texts(store, room.id, "open-text"))
    assert previews == ["Glad I came", "Good week", "Tired but here"]
    room = rooms.reveal_prompt(store, room.id, room.revision)
    summary = Gate(store, Policy(3)).release(room.id, "open-text", "room")
    assert summary.shown and sorted(summary.texts) == previews
    assert summary.responses == 4 and summary.answered == 3

    # The record holds the flag without a value; the export leaves it out.
    record = rooms.room_record(store, room.id)
    assert [a.value for a in record.answers if a.flagged] == [None]
    exported = export_csv(Gate(store, Policy(3)), room.join_code).csv
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert "None" not in cells and "null" not in cells
    assert sorted(c for c in cells if c in previews) == previews


def test_a_flagged_word_is_not_stored_either(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "one-word")
    [token] = tokens(store, room, 1)
    assert rooms.submit_answer(store, token, "one-word", RISKY_WORD).flagged
    with store.reading() as tx:
        assert RISKY_WORD not in repr(tx.raw_rows("answers"))
    # Replacing it with an unflagged word keeps the word, as any answer.
    assert not rooms.submit_answer(store, token, "one-word", "steady").flagged
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer("steady", False)


def test_scale_and_choice_answers_are_never_screened(
    store: Store,
    curriculum_text: str,
    make_room: MakeRoom,
    goto: Goto,
    tokens: Tokens,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """docs/safety.md: scale and choice answers hold no words of his own, so no screen."""
    alarm = screen(RISKY_TEXT)
    assert alarm.flagged
    seen: list[str] = []

    def flags_everything(text: str) -> Screening:
        seen.append(text)
        return alarm

    monkeypatch.setattr(answers_module, "screen", flags_everything)
    room = make_room(store, curriculum_text)
    for step_id, value in (
        ("check-in", 2),
        ("choice-one", "Family"),
        ("choice-many", ["Walked", "Slept well"]),
    ):
        room = goto(store, room, step_id)
        [token] = tokens(store, room, 1)
        result = rooms.submit_answer(store, token, step_id, value)
        assert not result.flagged, step_id
        room = rooms.get_room(store, room.id)
    assert seen == []
    # The same screen does flag a word: the patch is in the path answers take.
    room = goto(store, room, "one-word")
    [token] = tokens(store, room, 1)
    assert rooms.submit_answer(store, token, "one-word", "calm").flagged
    assert seen == ["calm"]
