"""The disclosure gate against the attacks of issue 11, with a real store.

Finding 1: two exports around one more answer to an open question differ by
that man's answer. Finding 2: a trend pooled over two rooms, minus one room's
own figure, gives the other room's withheld answer. Finding 12: a safety
notice that appears at the next rerun points at the man who just tapped.
Each test here failed on the code before the gate (checked by hand against
the old API: the first export held the open check-in's rows, the trend said
6.25 over 4, the notice showed at once).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from workshop import rooms
from workshop.disclosure import Gate, Policy, Withheld, decide
from workshop.export import export_csv
from workshop.rooms import Room
from workshop.store import Store
from workshop.ui.preview import count_line

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]
K = 3


def _rows(text: str, section: str) -> list[dict[str, str]]:
    return [r for r in csv.DictReader(io.StringIO(text)) if r["section"] == section]


def test_two_exports_around_one_more_answer_to_an_open_question_are_identical(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    gate = Gate(store, Policy(K))
    a, b, c, d = tokens(store, room, 4)
    for token, value in ((a, 2), (b, 4), (c, 6)):
        rooms.submit_answer(store, token, "check-in", value)
    before = export_csv(gate, room.join_code).csv
    rooms.submit_answer(store, d, "check-in", 9)
    after = export_csv(gate, room.join_code).csv
    assert before == after
    assert [r for r in _rows(after, "prompt") if r["prompt_id"] == "check-in"] == []
    # Closed but the room still runs: it could be reopened, so still nothing goes out.
    room = rooms.close_prompt(store, room.id, room.revision)
    assert export_csv(gate, room.join_code).csv == before
    # Revealed (it can never be reopened): now it goes out, all four answers.
    rooms.reveal_prompt(store, room.id, room.revision)
    shown = [r for r in _rows(export_csv(gate, room.join_code).csv, "prompt")]
    assert {r["answered"] for r in shown if r["prompt_id"] == "check-in"} == {"4"}


def test_the_trend_cannot_be_differenced_to_one_rooms_withheld_answer(
    store: Store, curriculum_text: str, goto: Goto, tokens: Tokens
) -> None:
    group = rooms.create_group(store, "Twice met", "test-circle", curriculum_text)
    first = goto(
        store, rooms.open_room(store, group.id, "session-1", retention_days=30), "check-in"
    )
    for token, value in zip(tokens(store, first, 3), (2, 5, 8), strict=True):
        rooms.submit_answer(store, token, "check-in", value)
    rooms.end_room(store, first.id)
    second = goto(
        store, rooms.open_room(store, group.id, "session-1", retention_days=30), "check-in"
    )
    [lone] = tokens(store, second, 1)
    rooms.submit_answer(store, lone, "check-in", 10)
    rooms.end_room(store, second.id)

    gate = Gate(store, Policy(K))
    group_csv = export_csv(gate, group.name).csv
    [trend] = _rows(group_csv, "trend")
    # Before the gate: 6.25 over 4, and 6.25 x 4 - 5.0 x 3 = 10, the lone answer.
    assert trend["check_in_mean"] == "" and trend["check_in_n"] == ""
    first_alone = _rows(export_csv(gate, first.join_code).csv, "prompt")
    assert {r["mean"] for r in first_alone if r["prompt_id"] == "check-in"} == {"5.0"}
    assert _rows(export_csv(gate, second.join_code).csv, "prompt") == []
    assert "10" not in {r["item"] for r in _rows(group_csv, "prompt") if r["count"] != "0"}


def test_nothing_of_an_open_prompt_reaches_any_audience(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    for token, value in zip(tokens(store, room, 5), (1, 2, 3, 4, 5), strict=True):
        rooms.submit_answer(store, token, "check-in", value)
    gate = Gate(store, Policy(K))
    for audience in ("room", "facilitator", "export", "record"):
        ruling = gate.release(room.id, "check-in", audience)
        assert isinstance(ruling, Withheld) and ruling.reason == "open", audience
    prompt = room.session.step("check-in")
    assert decide(Policy(K), "export", prompt, "open", [], ended=True).shown is False  # type: ignore[arg-type]


def test_a_safety_notice_waits_for_k_further_answers(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    gate = Gate(store, Policy(K))
    flagged, *others = tokens(store, room, 1 + K)
    assert rooms.submit_answer(store, flagged, "open-text", "I want to kill myself").flagged
    for n, token in enumerate(others, start=1):
        assert gate.notices(room.id) == [], f"shown after {n - 1} further answers"
        rooms.submit_answer(store, token, "open-text", f"fine {n}")
    [notice] = gate.notices(room.id)
    assert notice.count == 1


def test_a_safety_notice_shows_when_the_prompt_closes(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    gate = Gate(store, Policy(K))
    flagged, other = tokens(store, room, 2)
    assert rooms.submit_answer(store, flagged, "open-text", "I want to kill myself").flagged
    rooms.submit_answer(store, other, "open-text", "Good week")
    assert gate.notices(room.id) == []
    rooms.close_prompt(store, room.id, room.revision)
    assert [n.count for n in gate.notices(room.id)] == [1]
    with store.reading() as tx:  # no arrival position outlives the close
        assert [row["held"] for row in tx.raw_rows("notices")] == ["[]"]


def test_the_preview_says_how_many_will_be_shown_and_warns_before_k_is_lost(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    for token, text in zip(tokens(store, room, 3), ("one", "two", "rude"), strict=True):
        rooms.submit_answer(store, token, "open-text", text)
    room = rooms.close_prompt(store, room.id, room.revision)
    gate = Gate(store, Policy(K))
    preview = gate.preview(room.id, "open-text")
    assert preview.shown == 3 and preview.last_k and not preview.withheld
    assert count_line(preview) == (
        "3 answers will be shown on Reveal. Hiding one more leaves fewer than 3: "
        "then the room sees no result at all."
    )
    rude = next(t for t in preview.texts if t.text == "rude")
    rooms.hide_answer(store, room.id, "open-text", rude.ref)
    preview = gate.preview(room.id, "open-text")
    assert preview.shown == 2 and preview.withheld
    assert count_line(preview).startswith("2 answers would be shown: fewer than 3, so on Reveal")
    room = rooms.reveal_prompt(store, room.id, rooms.revision(store, room.id))
    ruling = gate.release(room.id, "open-text", "room")
    assert isinstance(ruling, Withheld) and ruling.reason == "too-few"
