"""A phone's takeaway and a room's group summary, from a real room on a real store.

Answers go in through ``workshop.rooms`` (as the phone page sends them); the
PDFs come out through ``workshop.takeaway`` and are read back with pypdf.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from workshop import rooms
from workshop.dates import format_day
from workshop.disclosure import Gate, Policy
from workshop.rooms import Room
from workshop.rooms.tokens import answer_key, phone_key
from workshop.store import Store
from workshop.takeaway import group_summary_for, takeaway_document, takeaway_for

K = 3

# Phone A's answers, by prompt, and how its takeaway prints them. Every value
# is distinctive so it cannot turn up anywhere else in the handout by chance.
A_ANSWERS: dict[str, Any] = {
    "check-in": 7,
    "choice-one": "Family",
    "choice-many": ["Slept well", "Walked"],  # tapped out of order: printed in option order
    "one-word": "lighthouse",
    "open-text": "Zanzibar marmalade at sunrise",
    "check-out": None,  # passed
}
A_PRINTED = {
    "How are you arriving, 0 to 10?": "7 of 0–10 (0 = rough, 10 = great)",
    "Which matters most this week?": "Family",
    "Which of these did you do?": "Walked, Slept well",
    "One word for today?": "lighthouse",
    "What do you want the group to know?": "Zanzibar marmalade at sunrise",
    "How are you leaving, 0 to 10?": "passed",
}
B_ANSWERS: dict[str, Any] = {
    "check-in": 2,
    "choice-one": "Health",
    "choice-many": ["Called a friend"],
    "one-word": "thunderstorm",
    "open-text": "Quixotic walrus harmonica",
    "check-out": 9,
}
B_WORDS = ["2 of 0", "9 of 0", "Health", "Called a friend", "thunderstorm", "Quixotic", "walrus"]


def make_room(store: Store, text: str) -> Room:
    group = rooms.create_group(store, "Tuesday", "test-circle", text)
    return rooms.open_room(store, group.id, "session-1", retention_days=30)


def open_step(store: Store, room: Room, step_id: str) -> None:
    current = rooms.get_room(store, room.id)
    index = [s.id for s in current.session.steps].index(step_id)
    current = rooms.jump_to(store, room.id, current.revision, index)
    rooms.open_prompt(store, room.id, current.revision)


def close_step(store: Store, room: Room, *, reveal: bool) -> None:
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    if reveal:
        rooms.reveal_prompt(store, room.id, current.revision)


def answer(store: Store, token: str, prompt_id: str, value: Any) -> None:
    if value is None:
        rooms.pass_prompt(store, token, prompt_id)
    else:
        rooms.submit_answer(store, token, prompt_id, value)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def answers_section(text: str) -> str:
    start = text.index("Your answers in this session")
    return text[start : text.index("Our group agreements", start)]


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Every SQL statement the store runs inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)


@pytest.fixture
def two_phones(store: Store, curriculum_text: str) -> tuple[Room, str, str]:
    """A room where phones A and B answered every prompt of session 1."""
    room = make_room(store, curriculum_text)
    a, b = (rooms.join(store, room.join_code).token for _ in range(2))
    for prompt_id in A_ANSWERS:
        open_step(store, room, prompt_id)
        answer(store, a, prompt_id, A_ANSWERS[prompt_id])
        answer(store, b, prompt_id, B_ANSWERS[prompt_id])
        close_step(store, room, reveal=False)
    return room, a, b


# --- my_answers ------------------------------------------------------------------------


def test_my_answers_are_this_phones_own_in_session_order(
    store: Store, two_phones: tuple[Room, str, str]
) -> None:
    _room, a, b = two_phones
    mine = rooms.my_answers(store, a)
    assert [prompt.id for prompt, _ in mine] == list(A_ANSWERS)
    assert [answer.value for _, answer in mine] == [
        7,
        ["Family"],
        ["Walked", "Slept well"],
        "lighthouse",
        "Zanzibar marmalade at sunrise",
        None,
    ]
    assert [answer.passed for _, answer in mine] == [False] * 5 + [True]
    assert all(prompt.notes == "" for prompt, _ in mine)  # notes never reach a phone
    theirs = rooms.my_answers(store, b)
    assert [answer.value for _, answer in theirs][-1] == 9


def test_a_phone_that_answered_nothing_gets_an_empty_list_and_a_plain_takeaway(
    store: Store, two_phones: tuple[Room, str, str]
) -> None:
    room, _a, _b = two_phones
    late = rooms.join(store, room.join_code).token
    assert rooms.my_answers(store, late) == []
    text = pdf_text(takeaway_for(store, late))
    assert "You did not answer any prompts in this session." in text
    for value in [*A_PRINTED.values(), *B_WORDS]:
        assert value not in answers_section(text)


# --- takeaway PDF ----------------------------------------------------------------------


def test_takeaway_holds_exactly_phone_a_answers_and_none_of_b(
    store: Store, two_phones: tuple[Room, str, str]
) -> None:
    _room, a, _b = two_phones
    document = takeaway_document(store, a)
    assert document.filename == "test-circle-session-01-my-answers.pdf"
    text = pdf_text(document.data)
    # The handout is there too.
    assert "Session 1 · Session 1" in text  # running header: number · title
    assert "Honesty takes practice." in text
    section = answers_section(text)
    for question, printed in A_PRINTED.items():
        assert f"{question} {printed}" in section, (question, printed)
    for word in B_WORDS:
        assert word not in text, word
    # Six prompts answered, six questions in the section, nothing else answered.
    assert sum(section.count(question) for question in A_PRINTED) == 6


def test_a_pass_reads_passed(store: Store, two_phones: tuple[Room, str, str]) -> None:
    _room, a, b = two_phones
    assert "How are you leaving, 0 to 10? passed" in pdf_text(takeaway_for(store, a))
    assert "How are you leaving, 0 to 10? 9 of 0–10" in pdf_text(takeaway_for(store, b))


def test_building_a_takeaway_writes_nothing(
    store: Store, two_phones: tuple[Room, str, str]
) -> None:
    _room, a, _b = two_phones
    with statements(store) as seen:
        takeaway_for(store, a)
    assert seen, "the takeaway reads the store"
    writing = ("INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "CREATE", "ALTER", "DROP")
    assert [s for s in seen if s.lstrip().split()[0].upper() in writing] == []
    assert any(s.lstrip().upper().startswith("SELECT") for s in seen)


@contextmanager
def statements_with_values(store: Store) -> Iterator[list[tuple[str, list[object]]]]:
    """Every SQL statement the store runs inside the block, with the values bound to it."""
    seen: list[tuple[str, list[object]]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        seen.append((statement, list(values)))

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)


def _tables_read(statement: str) -> set[str]:
    return set(re.findall(r"\bFROM\s+\"?(\w+)", statement, flags=re.IGNORECASE))


def test_the_takeaway_finds_answers_only_by_this_tokens_recomputed_keys(
    store: Store, two_phones: tuple[Room, str, str]
) -> None:
    """docs/privacy.md, "Save my answers": its answer keys are recomputed, nothing is
    looked up by phone.

    Phone B answered every question of the same room. Building A's takeaway
    reads the ``phones`` table once, for A's own row (the room it joined),
    and the ``answers`` table only by primary key, once per question of the
    session, with exactly the keys recomputed from A's token: no statement
    reads answers by room, by prompt or by anything tied to the phone, and no
    value of B's (his phone key, his answer keys) nor either token is ever
    sent to the database.
    """
    room, a, b = two_phones
    prompts = [p.id for p in room.session.prompts()]
    assert len(prompts) >= 6
    with statements_with_values(store) as seen:
        document = takeaway_document(store, a)
    assert "Zanzibar marmalade at sunrise" in pdf_text(document.data)

    reads_answers = [(s, v) for s, v in seen if "answers" in _tables_read(s)]
    reads_phones = [(s, v) for s, v in seen if "phones" in _tables_read(s)]
    for statement, values in reads_answers:
        assert "JOIN" not in statement.upper(), statement
        where = statement.upper().split("WHERE", 1)[-1]  # the whole condition, nothing else
        assert re.fullmatch(r"\s*\"?ANSWERS\"?\.\"?KEY\"?\s*=\s*\S+\s*", where), statement
        assert len(values) == 1, (statement, values)
    assert sorted(v[0] for _s, v in reads_answers) == sorted(  # type: ignore[type-var]
        answer_key(store, a, room.id, prompt_id) for prompt_id in prompts
    )
    assert [v for _s, v in reads_phones] == [[phone_key(store, a)]]

    sent = [value for _s, values in seen for value in values]
    b_keys = {phone_key(store, b)} | {answer_key(store, b, room.id, p) for p in prompts}
    assert not b_keys & {str(v) for v in sent}
    assert not [v for v in sent if isinstance(v, str) and (a in v or b in v)]


def test_an_ended_room_refuses_the_takeaway(
    store: Store, two_phones: tuple[Room, str, str]
) -> None:
    room, a, _b = two_phones
    rooms.end_room(store, room.id)
    with pytest.raises(rooms.RoomEnded, match="has ended"):
        rooms.my_answers(store, a)
    with pytest.raises(rooms.RoomEnded):
        takeaway_for(store, a)


def test_a_tampered_or_purged_token_is_refused(
    store: Store, two_phones: tuple[Room, str, str]
) -> None:
    room, a, _b = two_phones
    flipped = a[:-1] + ("A" if a[-1] != "A" else "B")
    for token in ("x" * 30, flipped, "", "../../etc/passwd", a + "x"):
        with pytest.raises(rooms.UnknownToken, match="not valid"):
            rooms.my_answers(store, token)
        with pytest.raises(rooms.UnknownToken):
            takeaway_for(store, token)
    rooms.purge_room(store, room.id)
    with pytest.raises(rooms.UnknownToken):
        takeaway_for(store, a)


# --- group summary ---------------------------------------------------------------------


HIDDEN = "Hidden pineapple confession"
FLAGGED = "I want to end my life"
SHOWN_TEXTS = ["Grateful for the quiet", "Glad I came back", "Listening was hard"]


@pytest.fixture
def ended_room(store: Store, curriculum_text: str) -> Room:
    """An ended room: a scale with 3 answers, a choice with 2, texts with one hidden
    and one flagged (all revealed), and a word prompt closed but never revealed."""
    room = make_room(store, curriculum_text)
    phones = [rooms.join(store, room.join_code).token for _ in range(5)]

    open_step(store, room, "check-in")
    for token, value in zip(phones, [4, 6, 8], strict=False):
        answer(store, token, "check-in", value)
    answer(store, phones[3], "check-in", None)
    close_step(store, room, reveal=True)

    open_step(store, room, "choice-one")
    answer(store, phones[0], "choice-one", "Family")
    answer(store, phones[1], "choice-one", "Health")
    close_step(store, room, reveal=True)

    open_step(store, room, "one-word")
    for token, word in zip(phones, ["alpha", "bravo", "charlie", "delta"], strict=False):
        answer(store, token, "one-word", word)
    close_step(store, room, reveal=False)

    open_step(store, room, "open-text")
    for token, text in zip(phones, [*SHOWN_TEXTS, HIDDEN, FLAGGED], strict=True):
        answer(store, token, "open-text", text)
    close_step(store, room, reveal=False)
    [ref] = [
        item.ref for item in rooms.private_texts(store, room.id, "open-text") if item.text == HIDDEN
    ]
    rooms.hide_answer(store, room.id, "open-text", ref)
    current = rooms.get_room(store, room.id)
    rooms.reveal_prompt(store, room.id, current.revision)
    rooms.end_room(store, room.id)
    return room


def test_room_summaries_are_the_revealed_prompts_in_order(store: Store, ended_room: Room) -> None:
    summaries = Gate(store, Policy(K)).room_summaries(ended_room.id)
    assert [s.prompt_id for s in summaries] == ["check-in", "choice-one", "open-text"]
    assert [s.shown for s in summaries] == [True, False, True]
    assert sorted(summaries[2].texts) == sorted(SHOWN_TEXTS)


def test_group_summary_pdf_follows_the_small_number_rule_and_leaves_out_hidden_and_flagged(
    store: Store, ended_room: Room
) -> None:
    document = group_summary_for(Gate(store, Policy(K)), ended_room.id)
    assert document.filename == (
        f"test-circle-session-01-{ended_room.opened_on.isoformat()}-group-summary.pdf"
    )
    text = pdf_text(document.data)
    # Issue 15: the two dates, each labelled, in the curriculum's language.
    assert "Tuesday: session 1, Session 1" in text
    assert f"met on {format_day(ended_room.opened_on)}" in text
    assert f"data deleted on {format_day(ended_room.expires_on)}" in text
    assert ended_room.opened_on.isoformat() not in text
    # The scale: shown, with its mean.
    assert "How are you arriving, 0 to 10?" in text
    assert "average 6.0" in text
    # The choice had two answers: its question and no figure, no option, no count.
    start = text.index("Which matters most this week?")
    after = text[start : text.index("What do you want the group to know?")]
    assert "Not shown: too few answers to keep them anonymous (fewer than 3 answers)." in after
    assert "Family" not in text and "Health" not in text
    assert "responses" not in after
    # Open text: the three shown, never the hidden or the flagged one.
    for shown in SHOWN_TEXTS:
        assert shown in text
    assert "pineapple" not in text
    assert "end my life" not in text
    # The word prompt was never revealed: not in the record at all.
    assert "One word for today?" not in text
    for word in ("alpha", "bravo", "charlie", "delta"):
        assert word not in text


def test_group_summary_of_a_running_room_is_refused(store: Store, curriculum_text: str) -> None:
    room = make_room(store, curriculum_text)
    with pytest.raises(rooms.RoomNotEnded, match="end it from the console"):
        Gate(store, Policy(K)).room_summaries(room.id)
    with pytest.raises(rooms.RoomNotEnded):
        group_summary_for(Gate(store, Policy(K)), room.id)
    with pytest.raises(rooms.RoomNotFound):
        Gate(store, Policy(K)).room_summaries("no-such-room")
