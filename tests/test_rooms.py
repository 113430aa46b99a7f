"""The live room on a real database: every function and every refusal."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from workshop import codes, rooms
from workshop.rooms import Room
from workshop.store import Store


def make_room(
    store: Store, text: str, session_id: str = "session-1", name: str = "Tuesday"
) -> Room:
    group = rooms.create_group(store, name, "test-circle", text)
    return rooms.open_room(store, group.id, session_id, retention_days=30)


def goto(store: Store, room: Room, step_id: str, *, open_it: bool = True) -> Room:
    index = [s.id for s in room.session.steps].index(step_id)
    room = rooms.jump_to(store, room.id, room.revision, index)
    if open_it:
        room = rooms.open_prompt(store, room.id, room.revision)
    return room


def tokens(store: Store, room: Room, n: int) -> list[str]:
    return [rooms.join(store, room.join_code).token for _ in range(n)]


# --- groups ----------------------------------------------------------------------


def test_create_and_list_groups(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "  Tuesday   group ", "test-circle", curriculum_text)
    assert group.name == "Tuesday group"
    assert group.curriculum_title == "Test Circle"
    assert group.created_on == date.today()
    assert rooms.list_groups(store) == [group]
    assert rooms.get_group(store, group.id) == group


def test_group_refusals(store: Store, curriculum_text: str) -> None:
    with pytest.raises(rooms.InvalidGroupName):
        rooms.create_group(store, "   ", "test-circle", curriculum_text)
    with pytest.raises(rooms.InvalidGroupName):
        rooms.create_group(store, "x" * 201, "test-circle", curriculum_text)
    with pytest.raises(rooms.InvalidCurriculum) as info:
        rooms.create_group(store, "A", "test-circle", "id: test-circle\n")
    assert info.value.problems
    with pytest.raises(rooms.CurriculumMismatch):
        rooms.create_group(store, "A", "other-id", curriculum_text)
    rooms.create_group(store, "A", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNameTaken):
        rooms.create_group(store, "A", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNameTaken):
        rooms.create_group(store, " a ", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNotFound):
        rooms.get_group(store, "nope")


# --- rooms -----------------------------------------------------------------------


def test_open_room_snapshots_and_starts_at_first_step(store: Store, curriculum_text: str) -> None:
    room = make_room(store, curriculum_text)
    assert room.step_index == 0 and room.revision == 1
    assert room.prompt_state == "none" and room.prompt is None
    assert room.session.title == "Session 1"
    assert room.expires_on == date.today() + timedelta(days=30)
    assert len(room.join_code) == 6
    assert not set(room.join_code) & set("0O1IL")
    assert set(room.join_code) <= set(codes.JOIN_CODE_ALPHABET)
    assert len(room.display_key) >= 32
    assert rooms.get_room(store, room.id) == room
    assert rooms.list_rooms(store) == [room]
    assert rooms.list_rooms(store, room.group_id) == [room]
    assert rooms.list_rooms(store, "other") == []
    assert rooms.room_for_display(store, room.display_key) == room
    assert rooms.revision(store, room.id) == 1


def test_snapshot_survives_a_newer_curriculum(store: Store, curriculum_text: str) -> None:
    room = make_room(store, curriculum_text)
    changed = curriculum_text.replace("How are you arriving", "How do you arrive")
    newer = rooms.open_room(
        store, room.group_id, "session-1", retention_days=5, curriculum_text=changed
    )
    assert "How do you arrive" in newer.session.steps[1].question  # type: ignore[union-attr]
    assert "How are you arriving" in rooms.get_room(store, room.id).session.steps[1].question  # type: ignore[union-attr]


def test_open_room_refusals(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    with pytest.raises(rooms.GroupNotFound):
        rooms.open_room(store, "missing", "session-1", retention_days=30)
    with pytest.raises(rooms.SessionNotFound):
        rooms.open_room(store, group.id, "session-9", retention_days=30)
    with pytest.raises(rooms.InvalidCurriculum):
        rooms.open_room(store, group.id, "session-1", retention_days=3, curriculum_text="x: 1")
    other = curriculum_text.replace("id: test-circle", "id: other-circle")
    with pytest.raises(rooms.CurriculumMismatch):
        rooms.open_room(store, group.id, "session-1", retention_days=3, curriculum_text=other)
    with pytest.raises(rooms.RoomNotFound):
        rooms.get_room(store, "missing")
    with pytest.raises(rooms.RoomNotFound):
        rooms.room_for_display(store, "wrong-key-wrong-key-wrong-key")
    with pytest.raises(rooms.RoomNotFound):
        rooms.revision(store, "missing")


# --- joining ---------------------------------------------------------------------


def test_join_gives_fresh_tokens_and_accepts_sloppy_codes(
    store: Store, curriculum_text: str
) -> None:
    room = make_room(store, curriculum_text)
    sloppy = " " + room.join_code[:3].lower() + "-" + room.join_code[3:] + " "
    a = rooms.join(store, room.join_code)
    b = rooms.join(store, sloppy)
    assert a.room_id == b.room_id == room.id
    assert a.token != b.token
    view = rooms.phone_view(store, a.token)
    assert view.session_title == "Session 1"
    assert view.step.id == "welcome"
    assert view.step.notes == ""  # facilitator notes never reach a phone
    assert view.my_answer is None
    assert view.retention_days == 30
    assert view.support_resources


def test_phone_revision_follows_the_room(store: Store, curriculum_text: str) -> None:
    room = make_room(store, curriculum_text)
    token = rooms.join(store, room.join_code).token
    assert rooms.phone_revision(store, token) == room.revision
    room = rooms.next_step(store, room.id, room.revision)
    assert (
        rooms.phone_revision(store, token)
        == room.revision
        == rooms.phone_view(store, token).revision
    )
    ended = rooms.end_room(store, room.id)
    assert rooms.phone_revision(store, token) == ended.revision
    for bad in ("z" * 32, "short", "../../etc"):
        with pytest.raises(rooms.UnknownToken):
            rooms.phone_revision(store, bad)
    rooms.purge_room(store, room.id)
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_revision(store, token)


def test_find_room_by_id_or_code(store: Store, curriculum_text: str) -> None:
    room = make_room(store, curriculum_text)
    assert rooms.find_room(store, room.id) == room
    assert rooms.find_room(store, room.join_code.lower()) == room
    with pytest.raises(rooms.RoomNotFound):
        rooms.find_room(store, "nothing")


def test_join_refusals(store: Store, curriculum_text: str) -> None:
    room = make_room(store, curriculum_text)
    with pytest.raises(rooms.WrongJoinCode):
        rooms.join(store, "AAAAAA" if room.join_code != "AAAAAA" else "BBBBBB")
    with pytest.raises(rooms.WrongJoinCode):
        rooms.join(store, "O0I1L!")
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_view(store, "x" * 32)
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_view(store, "not a token at all")
    rooms.end_room(store, room.id)
    with pytest.raises(rooms.RoomEnded):
        rooms.join(store, room.join_code)


# --- the step machine ------------------------------------------------------------


def test_navigation_and_prompt_states(store: Store, curriculum_text: str) -> None:
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


def test_leaving_an_open_prompt_closes_it(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    room = rooms.next_step(store, room.id, room.revision)
    room = rooms.previous_step(store, room.id, room.revision)
    assert room.prompt_state == "closed"


def test_navigation_refusals(store: Store, curriculum_text: str) -> None:
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
def test_racing_facilitators_move_one_step(store: Store, curriculum_text: str, move: str) -> None:
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


def test_end_room_stops_tokens(store: Store, curriculum_text: str) -> None:
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


# --- answers ---------------------------------------------------------------------


def test_submit_resubmit_withdraw_pass(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    [token] = tokens(store, room, 1)
    result = rooms.submit_answer(store, token, "check-in", 4)
    assert result == rooms.SubmitResult(saved=rooms.MyAnswer(4, False), flagged=False)
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(4, False)
    rooms.submit_answer(store, token, "check-in", 9)  # resubmission replaces
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(9, False)
    assert rooms.response_count(store, room.id, "check-in") == 1
    rooms.withdraw_answer(store, token, "check-in")
    assert rooms.phone_view(store, token).my_answer is None
    assert rooms.response_count(store, room.id, "check-in") == 0
    rooms.withdraw_answer(store, token, "check-in")  # nothing to withdraw is fine
    passed = rooms.pass_prompt(store, token, "check-in")
    assert passed.saved == rooms.MyAnswer(None, True)
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(None, True)
    assert rooms.response_count(store, room.id, "check-in") == 1


def test_answers_only_while_open(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in", open_it=False)
    [token] = tokens(store, room, 1)
    for call in (
        lambda: rooms.submit_answer(store, token, "check-in", 5),
        lambda: rooms.pass_prompt(store, token, "check-in"),
        lambda: rooms.withdraw_answer(store, token, "check-in"),
    ):
        with pytest.raises(rooms.PromptNotOpen):
            call()
    room = rooms.open_prompt(store, room.id, room.revision)
    rooms.submit_answer(store, token, "check-in", 5)
    with pytest.raises(rooms.PromptNotOpen):  # not the current prompt
        rooms.submit_answer(store, token, "check-out", 5)
    room = rooms.close_prompt(store, room.id, room.revision)
    with pytest.raises(rooms.PromptNotOpen):
        rooms.submit_answer(store, token, "check-in", 6)
    with pytest.raises(rooms.PromptNotOpen):
        rooms.withdraw_answer(store, token, "check-in")
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(5, False)
    with pytest.raises(rooms.UnknownToken):
        rooms.submit_answer(store, "y" * 32, "check-in", 5)


@pytest.mark.parametrize(
    ("prompt_id", "good", "stored", "bad"),
    [
        ("check-in", 0, 0, [11, -1, 2.5, "5", True, None, [5]]),
        ("check-in", 10, 10, []),
        ("choice-one", ["Family"], ["Family"], [["Work", "Family"], ["Dog"], [], None, 3]),
        ("choice-one", "Health", ["Health"], ["Nope"]),
        (
            "choice-many",
            ["Slept well", "Walked"],
            ["Walked", "Slept well"],
            [["Walked", "Walked"], ["Swam"], []],
        ),
        (
            "one-word",
            "  tired   but ok ",
            "tired but ok",
            ["", "   ", "one two three four", 5, "x" * 61],
        ),
        (
            "open-text",
            "  I had a good week.  ",
            "I had a good week.",
            ["", "   ", "x" * 121, 7, None],
        ),
    ],
)
def test_values_are_validated(
    store: Store,
    curriculum_text: str,
    prompt_id: str,
    good: object,
    stored: object,
    bad: list[object],
) -> None:
    room = goto(store, make_room(store, curriculum_text), prompt_id)
    [token] = tokens(store, room, 1)
    assert rooms.submit_answer(store, token, prompt_id, good).saved.value == stored
    for value in bad:
        with pytest.raises(rooms.InvalidAnswer):
            rooms.submit_answer(store, token, prompt_id, value)
    assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(stored, False)  # type: ignore[arg-type]


def test_hide_private_texts(store: Store, curriculum_text: str) -> None:
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


# --- retention -------------------------------------------------------------------


def test_purge_expired_and_purge_room(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    old = rooms.open_room(
        store, group.id, "session-1", retention_days=30, today=date.today() - timedelta(days=31)
    )
    fresh = rooms.open_room(store, group.id, "session-2", retention_days=30)
    old = goto(store, old, "check-in")
    [token] = tokens(store, old, 1)
    rooms.submit_answer(store, token, "check-in", 3)
    assert rooms.purge_expired(store, today=date.today() - timedelta(days=5)) == 0
    assert rooms.purge_expired(store) == 1
    assert [r.id for r in rooms.list_rooms(store)] == [fresh.id]
    with pytest.raises(rooms.UnknownToken):
        rooms.phone_view(store, token)
    with store.reading() as tx:
        assert tx.raw_rows("answers") == []
        assert tx.raw_rows("phones") == []
    rooms.purge_room(store, fresh.id)
    assert rooms.list_rooms(store) == []
    with pytest.raises(rooms.RoomNotFound):
        rooms.purge_room(store, fresh.id)


# --- safety and results ------------------------------------------------------------


def test_flagged_answers_are_kept_private_and_noticed(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    a, b, c, d = tokens(store, room, 4)
    risky = "Sometimes I don't want to wake up"
    result = rooms.submit_answer(store, a, "open-text", risky)
    assert result.flagged and result.saved.value == risky
    assert rooms.phone_view(store, a).my_answer == rooms.MyAnswer(risky, False)
    assert not rooms.submit_answer(store, b, "open-text", "This exercise killed me").flagged
    rooms.submit_answer(store, c, "open-text", "Good to be here")
    rooms.submit_answer(store, d, "open-text", "Glad I came")
    rooms.submit_answer(store, a, "open-text", "I've thought about ending it")
    [notice] = rooms.notices(store, room.id)
    assert notice == rooms.Notice("open-text", "What do you want the group to know?", 2)
    with store.reading() as tx:
        assert risky not in repr(tx.raw_rows("notices"))
    room = rooms.close_prompt(store, room.id, room.revision)
    previews = [t.text for t in rooms.private_texts(store, room.id, "open-text")]
    assert sorted(previews) == ["Glad I came", "Good to be here", "This exercise killed me"]
    room = rooms.reveal_prompt(store, room.id, room.revision)
    summary = rooms.prompt_results(store, room.id, "open-text", k=3)
    assert summary.shown
    assert sorted(summary.texts) == sorted(previews)
    assert summary.responses == 4  # the live number still counts the flagged answer
    assert rooms.response_count(store, room.id, "open-text") == 4
    assert rooms.notices(store, make_room(store, curriculum_text, name="Other").id) == []
    with pytest.raises(rooms.RoomNotFound):
        rooms.notices(store, "missing")


def test_flagged_word_answer(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "one-word")
    [token] = tokens(store, room, 1)
    assert rooms.submit_answer(store, token, "one-word", "want to die").flagged
    assert not rooms.submit_answer(store, token, "one-word", "dying to try").flagged
    assert [n.count for n in rooms.notices(store, room.id)] == [1]


def test_pass_counts_live_but_not_in_summary(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    a, b, c, d = tokens(store, room, 4)
    for token, value in ((a, 2), (b, 4), (c, 9)):
        rooms.submit_answer(store, token, "check-in", value)
    rooms.pass_prompt(store, d, "check-in")
    assert rooms.response_count(store, room.id, "check-in") == 4
    before = rooms.prompt_results(store, room.id, "check-in", k=3)
    assert before.responses == 4 and not before.shown and before.distribution is None
    room = rooms.close_prompt(store, room.id, room.revision)
    assert not rooms.prompt_results(store, room.id, "check-in", k=3).shown  # not yet revealed
    room = rooms.reveal_prompt(store, room.id, room.revision)
    summary = rooms.prompt_results(store, room.id, "check-in", k=3)
    assert summary.shown and summary.responses == 4 and summary.answered == 3
    assert summary.mean == pytest.approx(5.0)
    assert summary.distribution is not None
    assert int(summary.distribution["count"].sum()) == 3
    assert (
        dict(zip(summary.distribution["value"], summary.distribution["count"], strict=True))[9] == 1
    )


def test_below_k_nothing_leaks(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    a, b, *passers = tokens(store, room, 6)
    rooms.submit_answer(store, a, "open-text", "only two of us answered")
    rooms.submit_answer(store, b, "open-text", "so nothing is shown")
    for token in passers:
        rooms.pass_prompt(store, token, "open-text")
    room = rooms.close_prompt(store, room.id, room.revision)
    room = rooms.reveal_prompt(store, room.id, room.revision)
    summary = rooms.prompt_results(store, room.id, "open-text", k=3)
    assert summary.responses == 6 and summary.answered == 2
    assert not summary.shown
    assert summary.texts == () and summary.words is None and summary.distribution is None
    assert summary.mean is None
    assert "only two" not in repr(summary)


def test_hidden_text_is_not_in_the_results(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "open-text")
    for token, text in zip(tokens(store, room, 4), ["one", "two", "three", "rude"], strict=True):
        rooms.submit_answer(store, token, "open-text", text)
    room = rooms.close_prompt(store, room.id, room.revision)
    rude = next(t for t in rooms.private_texts(store, room.id, "open-text") if t.text == "rude")
    rooms.hide_answer(store, room.id, "open-text", rude.ref)
    room = rooms.reveal_prompt(
        store, rooms.get_room(store, room.id).id, rooms.revision(store, room.id)
    )
    summary = rooms.prompt_results(store, room.id, "open-text", k=3)
    assert sorted(summary.texts) == ["one", "three", "two"]
    assert summary.responses == 4 and summary.answered == 3
    with pytest.raises(rooms.NotAPrompt):
        rooms.prompt_results(store, room.id, "welcome", k=3)


# --- what a phone sees, and the cost of polling ------------------------------------


def test_phone_view_follows_prompt_states(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "choice-many", open_it=False)
    token = rooms.join(store, room.join_code).token
    view = rooms.phone_view(store, token)
    assert view.prompt_state == "none" and view.step.id == "choice-many"
    assert view.curriculum_title == "Test Circle" and not view.paused
    room = rooms.open_prompt(store, room.id, room.revision)
    rooms.submit_answer(store, token, "choice-many", ["Slept well", "Walked"])
    view = rooms.phone_view(store, token)
    assert view.prompt_state == "open" and view.revision == room.revision
    assert view.my_answer == rooms.MyAnswer(["Walked", "Slept well"], False)
    room = rooms.set_paused(store, room.id, room.revision, True)
    assert rooms.phone_view(store, token).paused
    with pytest.raises(rooms.StaleRevision):
        rooms.set_paused(store, room.id, room.revision - 1, False)
    room = rooms.next_step(store, room.id, room.revision)
    view = rooms.phone_view(store, token)
    assert view.step.id == "one-word" and view.my_answer is None  # another prompt: no answer yet


def _statements(store: Store, call: object) -> list[str]:
    import sqlalchemy as sa

    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        call()  # type: ignore[operator]
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
    return [
        s for s in seen if s.strip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE"))
    ]


def test_polls_are_one_indexed_query(store: Store, curriculum_text: str) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    token = rooms.join(store, room.join_code).token
    polls = {
        "revision": lambda: rooms.revision(store, room.id),
        "phone_revision": lambda: rooms.phone_revision(store, token),
        "response_count": lambda: rooms.response_count(store, room.id, "check-in"),
    }
    for name, poll in polls.items():
        statements = _statements(store, poll)
        assert len(statements) == 1, (name, statements)
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                params = {
                    "revision": (room.id,),
                    "phone_revision": (store.keyed_hash("phone", token),),
                    "response_count": (room.id, "check-in"),
                }[name]
                plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statements[0], params).all()
            details = " ".join(str(row[-1]) for row in plan)
            assert "SCAN" not in details, (name, details)
            assert "SEARCH" in details, (name, details)


def test_answers_racing_a_close_land_before_it_or_are_refused(
    store: Store, curriculum_text: str
) -> None:
    room = goto(store, make_room(store, curriculum_text), "check-in")
    phones = tokens(store, room, 12)
    barrier = threading.Barrier(len(phones) + 1)
    accepted: list[str] = []
    refused: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def answer(token: str) -> None:
        barrier.wait()
        try:
            rooms.submit_answer(store, token, "check-in", 5)
        except rooms.PromptNotOpen:
            with lock:
                refused.append(token)
        except BaseException as exc:  # noqa: BLE001 - a deadlock or lock error fails the test
            with lock:
                failures.append(exc)
        else:
            with lock:
                accepted.append(token)

    def close() -> None:
        barrier.wait()
        try:
            rooms.close_prompt(store, room.id, room.revision)
        except BaseException as exc:  # noqa: BLE001
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=answer, args=(t,)) for t in phones]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(accepted) + len(refused) == len(phones)
    assert rooms.response_count(store, room.id, "check-in") == len(accepted)
    for token in accepted:
        assert rooms.phone_view(store, token).my_answer == rooms.MyAnswer(5, False)
    assert rooms.get_room(store, room.id).prompt_state == "closed"


def test_a_token_only_ever_answers_in_its_own_room(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    first, second = (
        goto(store, rooms.open_room(store, group.id, "session-1", retention_days=30), "check-in")
        for _ in range(2)
    )
    token = rooms.join(store, first.join_code).token
    rooms.submit_answer(store, token, "check-in", 6)
    assert rooms.response_count(store, first.id, "check-in") == 1
    assert rooms.response_count(store, second.id, "check-in") == 0
    rooms.end_room(store, first.id)
    with pytest.raises(rooms.RoomEnded):  # the open prompt next door is out of reach
        rooms.submit_answer(store, token, "check-in", 6)
    assert rooms.response_count(store, second.id, "check-in") == 0
