"""The console on a real database: moves with compare-and-set, previews, notices, results."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from workshop import rooms, schema
from workshop.disclosure import Gate, Policy, Withheld
from workshop.rooms import Room
from workshop.store import Store

MakeRoom = Callable[..., Room]
Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def test_navigation_and_prompt_states(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    room = rooms.next_step(store, room.id, room.revision)
    assert room.step.id == "check-in" and room.revision == 2
    assert room.prompt_state == "none"
    room = rooms.open_prompt(store, room.id, room.revision)
    assert room.prompt_state == "open"
    room = rooms.close_prompt(store, room.id, room.revision)
    assert room.prompt_state == "closed"
    room = rooms.open_prompt(store, room.id, room.revision)  # reopen after close is fine
    room = rooms.close_prompt(store, room.id, room.revision)
    room = rooms.reveal_prompt(store, room.id, room.revision)
    assert room.prompt_state == "revealed"
    room = rooms.next_step(store, room.id, room.revision)
    room = rooms.previous_step(store, room.id, room.revision)
    assert room.prompt_state == "revealed"  # state is remembered per prompt
    last = len(room.session.steps) - 1
    room = rooms.jump_to(store, room.id, room.revision, last)
    assert room.step.id == "check-out"
    room = rooms.set_paused(store, room.id, room.revision, True)
    assert room.paused
    room = rooms.set_paused(store, room.id, room.revision, False)
    assert not room.paused
    assert rooms.revision(store, room.id) == room.revision


def test_leaving_an_open_prompt_closes_it(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    room = rooms.next_step(store, room.id, room.revision)
    room = rooms.previous_step(store, room.id, room.revision)
    assert room.prompt_state == "closed"


def test_navigation_refusals(store: Store, curriculum_text: str, make_room: MakeRoom) -> None:
    room = make_room(store, curriculum_text)
    with pytest.raises(rooms.NoPreviousStep):
        rooms.previous_step(store, room.id, room.revision)
    with pytest.raises(rooms.StepOutOfRange):
        rooms.jump_to(store, room.id, room.revision, 99)
    with pytest.raises(rooms.StepOutOfRange):
        rooms.jump_to(store, room.id, room.revision, -1)
    with pytest.raises(rooms.NotAPrompt):
        rooms.open_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.StaleRevision) as stale:
        rooms.next_step(store, room.id, room.revision + 5)
    assert stale.value.current == room.revision
    with pytest.raises(rooms.RoomNotFound):
        rooms.next_step(store, "missing", 1)
    last = len(room.session.steps) - 1
    room = rooms.jump_to(store, room.id, room.revision, last)
    with pytest.raises(rooms.NoNextStep):
        rooms.next_step(store, room.id, room.revision)
    with pytest.raises(rooms.PromptNotOpen):
        rooms.close_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.PromptNotClosed):
        rooms.reveal_prompt(store, room.id, room.revision)
    room = rooms.open_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.PromptAlreadyOpen):
        rooms.open_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.PromptNotClosed):
        rooms.reveal_prompt(store, room.id, room.revision)
    room = rooms.close_prompt(store, room.id, room.revision)
    room = rooms.reveal_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.PromptAlreadyRevealed):
        rooms.reveal_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.PromptAlreadyRevealed):
        rooms.open_prompt(store, room.id, room.revision)


@pytest.mark.parametrize("move", ["next", "open", "jump"])
def test_racing_facilitators_move_one_step(
    store: Store, curriculum_text: str, move: str, make_room: MakeRoom, goto: Goto
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in", open_it=False)
    if move == "next":
        room = rooms.previous_step(store, room.id, room.revision)
    racers = 8
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def press() -> None:
        barrier.wait()
        try:
            if move == "next":
                rooms.next_step(store, room.id, room.revision)
            elif move == "open":
                rooms.open_prompt(store, room.id, room.revision)
            else:
                rooms.jump_to(store, room.id, room.revision, room.step_index + 2)
            outcome = "moved"
        except rooms.StaleRevision:
            outcome = "stale"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=press) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["moved"] + ["stale"] * (racers - 1)
    after = rooms.get_room(store, room.id)
    assert after.revision == room.revision + 1
    expected = {"next": room.step_index + 1, "open": room.step_index, "jump": room.step_index + 2}
    assert after.step_index == expected[move]


def test_end_room_stops_tokens(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    [token] = tokens(store, room, 1)
    rooms.submit_answer(store, token, "check-in", 7)
    ended = rooms.end_room(store, room.id)
    assert ended.ended and ended.prompt_state == "closed"
    assert rooms.end_room(store, room.id) == ended  # idempotent
    view = rooms.phone_view(store, token)
    assert view.ended and view.my_answer is None and view.prompt_state == "none"
    with pytest.raises(rooms.RoomEnded):
        rooms.submit_answer(store, token, "check-in", 3)
    with pytest.raises(rooms.RoomEnded):
        rooms.pass_prompt(store, token, "check-in")
    with pytest.raises(rooms.RoomEnded):
        rooms.withdraw_answer(store, token, "check-in")
    with pytest.raises(rooms.RoomEnded):
        rooms.next_step(store, room.id, ended.revision)
    with pytest.raises(rooms.RoomNotFound):
        rooms.end_room(store, "missing")


def test_an_ended_room_keeps_no_second_of_its_own(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    tokens(store, room, 2)  # two joins draw from the bucket: its last second is stored

    def seconds() -> tuple[object, object, object]:
        with store.engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    schema.rooms.c.join_tokens,
                    schema.rooms.c.join_refilled,
                    schema.rooms.c.step_started,
                ).where(schema.rooms.c.id == room.id)
            ).one()
        return row[0], row[1], row[2]

    assert all(value is not None for value in seconds())  # the live room times itself
    rooms.end_room(store, room.id)
    assert seconds() == (None, None, None)  # ended: only days are left


def test_hide_private_texts(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    a, b, c = tokens(store, room, 3)
    rooms.submit_answer(store, a, "open-text", "Good week")
    rooms.submit_answer(store, b, "open-text", "Hard week")
    rooms.pass_prompt(store, c, "open-text")
    with pytest.raises(rooms.PromptNotClosed):
        rooms.private_texts(store, room.id, "open-text")
    room = rooms.close_prompt(store, room.id, room.revision)
    texts = rooms.private_texts(store, room.id, "open-text")
    assert sorted(t.text for t in texts) == ["Good week", "Hard week"]
    assert not any(t.hidden for t in texts)
    hard = next(t for t in texts if t.text == "Hard week")
    rooms.hide_answer(store, room.id, "open-text", hard.ref)
    assert rooms.revision(store, room.id) == room.revision + 1
    again = rooms.private_texts(store, room.id, "open-text")
    assert {t.text: t.hidden for t in again} == {"Good week": False, "Hard week": True}
    rooms.hide_answer(store, room.id, "open-text", hard.ref, hidden=False)
    assert not any(t.hidden for t in rooms.private_texts(store, room.id, "open-text"))
    with pytest.raises(rooms.AnswerNotFound):
        rooms.hide_answer(store, room.id, "open-text", "not-a-ref")
    with pytest.raises(rooms.NotATextPrompt):
        rooms.hide_answer(store, room.id, "check-in", hard.ref)
    with pytest.raises(rooms.NotATextPrompt):
        rooms.private_texts(store, room.id, "check-in")
    with pytest.raises(rooms.NotAPrompt):
        rooms.private_texts(store, room.id, "welcome")
    with pytest.raises(rooms.NotAPrompt):
        rooms.private_texts(store, room.id, "no-such-step")
    with pytest.raises(rooms.RoomNotFound):
        rooms.private_texts(store, "missing", "open-text")


def test_the_preview_is_in_keyed_reference_order_never_arrival_order(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    """docs/privacy.md: the private preview is sorted by a keyed reference."""
    room = goto(store, make_room(store, curriculum_text), "open-text")
    arrivals = [f"text number {i}" for i in range(10)]
    for token, text in zip(tokens(store, room, len(arrivals)), arrivals, strict=True):
        rooms.submit_answer(store, token, "open-text", text)
    room = rooms.close_prompt(store, room.id, room.revision)
    preview = rooms.private_texts(store, room.id, "open-text")
    with store.reading() as tx:
        keys = {str(row["value"]).strip('"'): str(row["key"]) for row in tx.raw_rows("answers")}
    # Each reference is derived from the answer's key under the secret, not the key itself.
    for item in preview:
        assert item.ref == store.keyed_hash("ref", keys[item.text])[:24]
        assert item.ref not in keys[item.text]
    assert [t.ref for t in preview] == sorted(t.ref for t in preview)
    assert rooms.private_texts(store, room.id, "open-text") == preview  # stable across reruns
    # Ten texts in their order of arrival by chance: 1 in 3,628,800.
    assert [t.text for t in preview] != arrivals
    assert sorted(t.text for t in preview) == sorted(arrivals)


def test_a_previewed_text_prompt_stays_closed(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    # The differencing attack: preview two texts, reopen, let one more man
    # answer, preview again; the new text would be his. Refused at reopen.
    room = goto(store, make_room(store, curriculum_text), "open-text")
    a, b = tokens(store, room, 2)
    rooms.submit_answer(store, a, "open-text", "Good week")
    room = rooms.close_prompt(store, room.id, room.revision)
    assert [t.text for t in rooms.private_texts(store, room.id, "open-text")] == ["Good week"]
    with pytest.raises(rooms.PromptAlreadyShown):
        rooms.open_prompt(store, room.id, room.revision)
    assert rooms.get_room(store, room.id).prompt_state == "closed"
    with pytest.raises(rooms.PromptNotOpen):
        rooms.submit_answer(store, b, "open-text", "Only me")
    # A text prompt closed before anyone answered shows nothing: it may reopen.
    empty = goto(store, make_room(store, curriculum_text, name="Other"), "open-text")
    empty = rooms.close_prompt(store, empty.id, empty.revision)
    assert rooms.open_prompt(store, empty.id, empty.revision).prompt_state == "open"


def test_flagged_answers_are_kept_private_and_noticed(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    a, b, c, d = tokens(store, room, 4)
    risky = "Sometimes I don't want to wake up"
    result = rooms.submit_answer(store, a, "open-text", risky)
    # Issue 11: a flagged text is not kept, only that he answered.
    assert result.flagged and result.saved == rooms.MyAnswer(None, False, flagged=True)
    assert rooms.phone_view(store, a).my_answer == rooms.MyAnswer(None, False, flagged=True)
    assert not rooms.submit_answer(store, b, "open-text", "This exercise killed me").flagged
    rooms.submit_answer(store, c, "open-text", "Good to be here")
    rooms.submit_answer(store, d, "open-text", "Glad I came")
    rooms.submit_answer(store, a, "open-text", "I've thought about ending it")
    # Issue 11 item 9: the first flag (1st of 4 answers) is released by 3 further
    # answers; the second (a's new text, no answer after it) is held until close.
    [notice] = Gate(store, Policy(3)).notices(room.id)
    assert notice == rooms.Notice("open-text", "What do you want the group to know?", 1)
    with store.reading() as tx:
        assert risky not in repr(tx.raw_rows("notices"))
    room = rooms.close_prompt(store, room.id, room.revision)
    [notice] = Gate(store, Policy(3)).notices(room.id)
    assert notice == rooms.Notice("open-text", "What do you want the group to know?", 2)
    previews = [t.text for t in rooms.private_texts(store, room.id, "open-text")]
    assert sorted(previews) == ["Glad I came", "Good to be here", "This exercise killed me"]
    room = rooms.reveal_prompt(store, room.id, room.revision)
    summary = Gate(store, Policy(3)).release(room.id, "open-text", "room")
    assert summary.shown
    assert sorted(summary.texts) == sorted(previews)
    assert summary.responses == 4  # the live number still counts the flagged answer
    assert rooms.response_count(store, room.id, "open-text") == 4
    assert Gate(store, Policy(3)).notices(make_room(store, curriculum_text, name="Other").id) == []
    with pytest.raises(rooms.RoomNotFound):
        Gate(store, Policy(3)).notices("missing")


def test_flagged_word_answer(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "one-word")
    [token] = tokens(store, room, 1)
    assert rooms.submit_answer(store, token, "one-word", "want to die").flagged
    assert not rooms.submit_answer(store, token, "one-word", "dying to try").flagged
    assert Gate(store, Policy(3)).notices(room.id) == []  # held: no k further answers yet
    rooms.close_prompt(store, room.id, room.revision)
    assert [n.count for n in Gate(store, Policy(3)).notices(room.id)] == [1]


def test_pass_counts_live_but_not_in_summary(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    a, b, c, d = tokens(store, room, 4)
    for token, value in ((a, 2), (b, 4), (c, 9)):
        rooms.submit_answer(store, token, "check-in", value)
    rooms.pass_prompt(store, d, "check-in")
    assert rooms.response_count(store, room.id, "check-in") == 4
    before = Gate(store, Policy(3)).release(room.id, "check-in", "room")
    # Issue 11: a withheld result is a marker with its reason and no figure at all.
    assert isinstance(before, Withheld) and before.reason == "open" and not before.shown
    room = rooms.close_prompt(store, room.id, room.revision)
    assert not Gate(store, Policy(3)).release(room.id, "check-in", "room").shown  # not yet revealed
    room = rooms.reveal_prompt(store, room.id, room.revision)
    summary = Gate(store, Policy(3)).release(room.id, "check-in", "room")
    assert summary.shown and summary.responses == 4 and summary.answered == 3
    assert summary.mean == pytest.approx(5.0)
    assert summary.distribution is not None
    assert int(summary.distribution["count"].sum()) == 3
    assert (
        dict(zip(summary.distribution["value"], summary.distribution["count"], strict=True))[9] == 1
    )


def test_below_k_nothing_leaks(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    a, b, *passers = tokens(store, room, 6)
    rooms.submit_answer(store, a, "open-text", "only two of us answered")
    rooms.submit_answer(store, b, "open-text", "so nothing is shown")
    for token in passers:
        rooms.pass_prompt(store, token, "open-text")
    room = rooms.close_prompt(store, room.id, room.revision)
    room = rooms.reveal_prompt(store, room.id, room.revision)
    summary = Gate(store, Policy(3)).release(room.id, "open-text", "room")
    # Issue 11: withheld, with its reason and no figure at all (not even counts).
    assert isinstance(summary, Withheld) and summary.reason == "too-few"
    assert not summary.shown
    assert summary.message.startswith("Fewer than 3 answers")
    assert "only two" not in repr(summary) and "2" not in repr(summary)


def test_hidden_text_is_not_in_the_results(
    store: Store, curriculum_text: str, make_room: MakeRoom, goto: Goto, tokens: Tokens
) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    for token, text in zip(tokens(store, room, 4), ["one", "two", "three", "rude"], strict=True):
        rooms.submit_answer(store, token, "open-text", text)
    room = rooms.close_prompt(store, room.id, room.revision)
    rude = next(t for t in rooms.private_texts(store, room.id, "open-text") if t.text == "rude")
    rooms.hide_answer(store, room.id, "open-text", rude.ref)
    room = rooms.reveal_prompt(
        store, rooms.get_room(store, room.id).id, rooms.revision(store, room.id)
    )
    summary = Gate(store, Policy(3)).release(room.id, "open-text", "room")
    assert sorted(summary.texts) == ["one", "three", "two"]
    assert summary.responses == 4 and summary.answered == 3
    with pytest.raises(rooms.NotAPrompt):
        Gate(store, Policy(3)).release(room.id, "welcome", "room")


def test_text_cards_are_paged_only_after_a_text_question_is_revealed(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    with pytest.raises(rooms.NotAPrompt):
        rooms.show_text_page(store, room.id, room.revision, 1)
    steps = [s.id for s in room.session.steps]
    kinds = {s.id: getattr(s, "kind", None) for s in room.session.steps}
    text_id = next(i for i in steps if kinds[i] == "text")
    other_id = next(i for i in steps if kinds[i] not in (None, "text"))
    room = rooms.jump_to(store, room.id, room.revision, steps.index(other_id))
    room = rooms.close_prompt(
        store, room.id, rooms.open_prompt(store, room.id, room.revision).revision
    )
    room = rooms.reveal_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.NotATextPrompt):
        rooms.show_text_page(store, room.id, room.revision, 1)
    room = rooms.jump_to(store, room.id, room.revision, steps.index(text_id))
    with pytest.raises(rooms.PromptNotRevealed):
        rooms.show_text_page(store, room.id, room.revision, 1)
    room = rooms.close_prompt(
        store, room.id, rooms.open_prompt(store, room.id, room.revision).revision
    )
    room = rooms.reveal_prompt(store, room.id, room.revision)
    assert room.text_page == 0
    paged = rooms.show_text_page(store, room.id, room.revision, 2)
    assert paged.text_page == 2 and paged.revision == room.revision + 1  # the screens follow
    assert rooms.get_room(store, room.id).text_page == 2
    assert rooms.show_text_page(store, room.id, paged.revision, -3).text_page == 0
    with pytest.raises(rooms.StaleRevision):
        rooms.show_text_page(store, room.id, paged.revision, 1)
    paused = rooms.set_paused(store, room.id, rooms.get_room(store, room.id).revision, True)
    assert paused.text_page == 0  # every other move starts the cards over
