"""The live-room pages under AppTest: what each page renders, for whom.

A real SQLite store in tmp_path; rooms are set up through ``workshop.rooms``
(the same functions the console calls) and the pages are driven through their
widgets. Two AppTest instances share ``st.cache_resource``, so two phones (or
two consoles) act on one store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.apptest import (
    APP,
    LIVE_DATA,
    PASSCODE,
    TIMEOUT,
    charts,
    click,
    everything,
    html_blocks,
    html_text,
    messages,
    move_to,
    open_current,
    page,
    phone_params,
    signin_form_shown,
    texts,
    unlock,
)
from streamlit.testing.v1 import AppTest

from workshop import rooms
from workshop.disclosure import Gate, Policy
from workshop.store import Store
from workshop.ui import routes
from workshop.ui.takeaway import SAVE_LABEL

CURRICULA = LIVE_DATA
CONSOLE = routes.CONSOLE.script
PROJECTOR = routes.PROJECTOR.script
JOIN = routes.JOIN.script
ORGANISER = routes.ORGANISER.script
REHEARSE = routes.REHEARSE.script
HOME = routes.HOME.script
NOTES = "Greet everyone by the door."


# --- Console and its gate ---------------------------------------------------------------


def test_console_refuses_a_wrong_passcode(room: rooms.Room) -> None:
    at = page(CONSOLE, room=room.id)
    assert not at.exception
    at = unlock(at, "not the passcode")
    # The sentence for a wrong passcode is the sign-in route's now (tests/test_signin_route.py).
    assert signin_form_shown(at)
    content = everything(at)
    assert NOTES not in content
    assert room.display_key not in content
    assert room.join_code not in content
    assert not [b for b in at.button if b.label.startswith("Next")]


def test_console_with_the_passcode_creates_a_group_and_runs_a_room(store: Store) -> None:
    at = unlock(page(CONSOLE))
    assert not at.exception
    at.text_input(key="console.group_name").input("Thursday circle")
    at = click(at, "Create group")
    assert [g.name for g in rooms.list_groups(store)] == ["Thursday circle"]
    at = click(at, "Open the room")
    [opened] = rooms.list_rooms(store)
    assert at.query_params["room"] == opened.id
    assert opened.join_code in texts(at)
    assert NOTES in texts(at)
    assert any(opened.join_code in t for t in texts(at) if t.startswith("http://192.168.1.20"))
    assert len(at.image) == 1  # the QR code

    at = click(at, "Next ▶")
    assert rooms.get_room(store, opened.id).step_index == 1
    assert "Say the agreements aloud." in texts(at)

    at.toggle(key="console.room_view").set_value(True).run()
    assert "Say the agreements aloud." not in texts(at)


def test_console_opens_closes_previews_hides_and_reveals(store: Store, room: rooms.Room) -> None:
    at = unlock(page(CONSOLE, room=room.id))
    at.selectbox(key="console.jump.0").set_value(2)
    at = click(at, "Go")
    assert rooms.get_room(store, room.id).step.id == "open-words"
    at = click(at, "Open the question")
    assert rooms.get_room(store, room.id).prompt_state == "open"
    words = ["one", "two", "three", "four"]
    for word in words:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-words", word)
    at = click(at, "Close the question")
    assert sorted(t for t in texts(at) if t in words) == sorted(words)
    # Previewed answers: the console no longer offers to reopen the question.
    labels = {b.label for b in at.button}
    assert "Open it again" not in labels and "Reveal the results" in labels
    hide = next(c for c in at.checkbox if c.label == "Hide" and not c.value)
    hide.check()
    at = at.run()
    assert sum(1 for item in rooms.private_texts(store, room.id, "open-words") if item.hidden) == 1
    at = click(at, "Reveal the results")
    summary = Gate(store, Policy(3)).release(room.id, "open-words", "room")
    assert rooms.get_room(store, room.id).prompt_state == "revealed"
    assert len(summary.texts) == 3


def test_two_consoles_stay_in_step_and_a_stale_press_reloads_quietly(
    store: Store, room: rooms.Room
) -> None:
    first = unlock(page(CONSOLE, room=room.id))
    second = unlock(page(CONSOLE, room=room.id))
    first = click(first, "Next ▶")
    second = click(second, "Next ▶")  # drawn at the old revision: loses the race
    assert rooms.get_room(store, room.id).step_index == 1
    assert not second.exception
    assert not second.error
    assert "Say the agreements aloud." in texts(second)


def test_console_ends_the_room(store: Store, room: rooms.Room) -> None:
    at = unlock(page(CONSOLE, room=room.id))
    at = click(at, "Yes, end the room")
    assert rooms.get_room(store, room.id).ended
    assert "This room has ended" in messages(at)


# --- No way in from a phone's link ------------------------------------------------------


PATHS = [route.script for route in routes.ALL]


@pytest.mark.parametrize("path", PATHS)
def test_a_phone_link_reaches_no_console_organiser_or_projector_content(
    store: Store, room: rooms.Room, path: str
) -> None:
    room = move_to(store, room, "check-in")
    open_current(store, room)
    token = rooms.join(store, room.join_code).token
    for params in phone_params(room, token):
        at = page(path, **params)
        assert not at.exception, (path, params)
        content = everything(at)
        assert NOTES not in content and "Invite, never press." not in content, (path, params)
        assert room.display_key not in content, (path, params)
        assert len(at.image) == 0, (path, params)  # no projector QR, no console QR
        # Issue 12: the phone's own "save my answers" is a one-tap download now;
        # nothing else is ever offered for download, and that only on /join.
        saves = [SAVE_LABEL] if path == JOIN else []
        assert [b.label for b in at.download_button] in ([], saves), (path, params)
        labels = {b.label for b in at.button}
        assert not labels & {"Next ▶", "◀ Previous", "Close the question", "Yes, end the room"}
        assert "Tuesday men" not in content, (path, params)  # the organiser's group list


# --- The phone ------------------------------------------------------------------------


def test_joining_by_the_qr_code_puts_a_token_in_the_url(room: rooms.Room) -> None:
    at = page(JOIN, code=room.join_code.lower())
    assert not at.exception
    assert "code" not in at.query_params
    token = at.query_params["token"]
    assert len(token) >= 20
    assert "First Evening" in texts(at)
    assert "Welcome to the circle" in texts(at)
    assert "Anonymous" in " ".join(c.value for c in at.caption)
    assert [e.label for e in at.expander] == ["Support, any time"]
    # The token lives in the URL: the page never shows it. The one other place
    # it goes is the address of the phone's own live event stream.
    stream = f"./live/events?room={room.id}&token={token}"
    assert stream in everything(at)
    assert token not in everything(at).replace(stream, "")


def test_a_wrong_code_says_what_to_do(room: rooms.Room) -> None:
    at = page(JOIN, code="ZZZZZZ")
    assert "No room has the code" in messages(at)
    assert "token" not in at.query_params
    at.text_input(key="phone.code").input(room.join_code)
    at = click(at, "Join")
    assert "token" in at.query_params


def test_a_tampered_token_gets_a_plain_message_and_the_join_form(room: rooms.Room) -> None:
    at = page(JOIN, token="x" * 30)
    assert "not valid any more" in messages(at)
    assert at.text_input(key="phone.code") is not None
    assert not at.exception


def test_answering_changing_and_withdrawing(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "open-words")
    at = page(JOIN, code=room.join_code)
    assert "This question opens in a moment" in messages(at)
    open_current(store, room)
    at.run()
    at.text_area(key="phone.answer.open-words").input("First thought")
    at = click(at, "Send")
    assert "Saved" in messages(at)
    assert "First thought" in texts(at)
    assert rooms.response_count(store, room.id, "open-words") == 1

    at.text_area(key="phone.answer.open-words").input("Second thought")
    at = click(at, "Send")
    assert "Second thought" in texts(at)
    assert rooms.response_count(store, room.id, "open-words") == 1

    at = click(at, "Withdraw my answer")
    assert "Withdrawn" in messages(at)
    assert rooms.response_count(store, room.id, "open-words") == 0

    at = click(at, "Pass")
    assert "you passed" in messages(at)
    # Issue 11: the promise about passes, in the phone's own words.
    assert "No one can see who passed; the room can work out how many did." in everything(at)
    assert rooms.response_count(store, room.id, "open-words") == 1


def test_bad_answers_get_plain_messages(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "open-words")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at = click(at, "Send")
    assert "Nothing to send yet" in messages(at)
    assert rooms.response_count(store, room.id, "open-words") == 0
    # Over-long text is refused, never cut (tests/app/test_phone_input.py); too many words
    # get the server's message.
    room = move_to(store, room, "feeling")
    open_current(store, room)
    at.run()
    at.text_input(key="phone.answer.feeling").input("far too many words")
    at = click(at, "Send")
    assert "Use up to 3 words." in messages(at)
    assert rooms.response_count(store, room.id, "feeling") == 0
    assert not at.exception


def test_a_closed_prompt_shows_the_saved_answer_and_no_send(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "check-in")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.radio(key="phone.answer.check-in").set_value(7)
    at = click(at, "Send")
    current = rooms.get_room(store, room.id)
    rooms.close_prompt(store, room.id, current.revision)
    at.run()
    assert "closed" in messages(at)
    # Issue 12: once closed, his answer is no longer on show (a neighbour can read a phone).
    assert "7" not in texts(at)
    assert "Saved: you answered." in [c.value for c in at.caption]
    assert "Send" not in {b.label for b in at.button}


def test_two_phones_against_one_store(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "needs")
    open_current(store, room)
    first = page(JOIN, code=room.join_code)
    second = page(JOIN, code=room.join_code)
    assert first.query_params["token"] != second.query_params["token"]
    first.radio(key="phone.answer.needs").set_value("Listening")
    second.radio(key="phone.answer.needs").set_value("Quiet")
    first = click(first, "Send")
    second = click(second, "Send")
    assert rooms.response_count(store, room.id, "needs") == 2
    assert "Listening" in texts(first) and "Quiet" not in texts(first)
    assert "Quiet" in texts(second) and "Listening" not in texts(second)


def test_a_reload_keeps_the_answer(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "feeling")
    open_current(store, room)
    at = page(JOIN, code=room.join_code)
    at.text_input(key="phone.answer.feeling").input("hopeful")
    at = click(at, "Send")
    token = at.query_params["token"]
    again = page(JOIN, token=token)  # a new session: empty session state
    assert again.text_input(key="phone.answer.feeling").value == "hopeful"
    assert "hopeful" in texts(again)
    assert rooms.response_count(store, room.id, "feeling") == 1


def test_an_ended_room_thanks_the_phone(store: Store, room: rooms.Room) -> None:
    at = page(JOIN, code=room.join_code)
    rooms.end_room(store, room.id)
    at.run()
    assert "This session has ended, thank you." in [t.value for t in at.title]


# --- The projector ------------------------------------------------------------------


def test_projector_refuses_a_wrong_key(room: rooms.Room) -> None:
    at = page(PROJECTOR, key="not-the-key-" + "x" * 20)
    assert "not valid" in messages(at)
    assert "Welcome to the circle" not in texts(at)


def test_projector_shows_slide_open_prompt_and_results_only_after_reveal(
    store: Store, room: rooms.Room
) -> None:
    at = page(PROJECTOR, key=room.display_key)
    assert "Welcome to the circle" in texts(at)
    assert NOTES not in everything(at)

    room = move_to(store, room, "check-in")
    open_current(store, room)
    at.run()
    assert "How connected do you feel right now?" in texts(at)
    assert room.join_code in texts(at)
    assert "0 responded" in texts(at)
    assert len(at.image) == 1

    tokens = [rooms.join(store, room.join_code).token for _ in range(3)]
    for token, value in zip(tokens[:2], [4, 8], strict=True):
        rooms.submit_answer(store, token, "check-in", value)
    at.run()
    assert "2 responded" in texts(at)
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)
    at.run()
    assert any("Fewer than 3 answers" in t for t in texts(at))
    assert "vega_lite_chart" not in everything(at)
    assert not [m for m in html_blocks(at) if "oc-room" in m]  # no result markup either


def test_projector_shows_the_aggregate_after_three_answers(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "check-in")
    open_current(store, room)
    for value in (3, 6, 9):
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "check-in", value)
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)
    at = page(PROJECTOR, key=room.display_key)
    # Drawn as HTML (issue 12): the mean and both end labels are page text.
    [markup] = [m for m in html_blocks(at) if "oc-room" in m]
    text, _ = html_text(markup)
    assert "mean 6.0" in text
    assert "0 = Not at all" in text and "10 = Very" in text
    assert "vega_lite_chart" not in everything(at)


def test_the_number_beside_results_counts_answers_only(store: Store, room: rooms.Room) -> None:
    # Issue 11, finding 11: "4 responded" beside bars that add up to 3.
    room = move_to(store, room, "check-in")
    open_current(store, room)
    for value in (3, 6, 9):
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "check-in", value)
    rooms.pass_prompt(store, rooms.join(store, room.join_code).token, "check-in")
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)
    at = page(PROJECTOR, key=room.display_key)
    assert "3 answered" in texts(at)
    assert not any("4" in t for t in texts(at))


# --- Organiser ------------------------------------------------------------------------


def test_organiser_lists_groups_and_exports(store: Store, room: rooms.Room) -> None:
    at = page(ORGANISER)
    assert "Tuesday men" not in everything(at)
    at = unlock(at)
    assert "Tuesday men" in [s.value for s in at.subheader]
    # The whole group, its one room, and (issue 15) the group record as PDF and CSV.
    assert len(at.download_button) == 4


# --- Safety, pause, second tab, export, a broken data folder ----------------------------


def test_a_flagged_answer_shows_support_at_once_and_a_private_notice(
    store: Store, room: rooms.Room
) -> None:
    room = move_to(store, room, "open-words")
    open_current(store, room)
    phone = page(JOIN, code=room.join_code)
    [support] = phone.expander
    assert not support.proto.expanded
    phone.text_area(key="phone.answer.open-words").input("I want to end my life")
    phone = click(phone, "Send")
    # Issue 12: the numbers in full on the screen itself, in place of a banner.
    assert "You do not have to carry this alone" in everything(phone)
    assert "Samaritans (United Kingdom and Ireland): call 116 123, free, 24/7" in texts(phone)
    assert phone.warning == []

    console = unlock(page(CONSOLE, room=room.id))
    # Issue 11 item 9: held while it would point at the phone that just sent it.
    assert "Private safety notice" not in messages(console)
    current = rooms.get_room(store, room.id)
    rooms.close_prompt(store, room.id, current.revision)
    console.run()
    assert "Private safety notice: 1 answer(s)" in messages(console)  # released by the close
    assert "I want to end my life" not in everything(console)  # not in the preview either
    console.toggle(key="console.room_view").set_value(True).run()
    assert "Private safety notice" not in messages(console)


def test_pause_blanks_the_projector(store: Store, room: rooms.Room) -> None:
    projector = page(PROJECTOR, key=room.display_key)
    assert "Welcome to the circle" in texts(projector)
    console = unlock(page(CONSOLE, room=room.id))
    console = click(console, "Pause (blank the projector)")
    assert rooms.get_room(store, room.id).paused
    projector.run()
    assert texts(projector) == []
    phone = page(JOIN, code=room.join_code)
    assert "Paused" in messages(phone)
    click(console, "Resume the projector")
    projector.run()
    assert "Welcome to the circle" in texts(projector)


def test_a_second_tab_with_the_same_link_is_the_same_phone(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "feeling")
    open_current(store, room)
    first = page(JOIN, code=room.join_code)
    token = first.query_params["token"]
    second = page(JOIN, token=token)
    first.text_input(key="phone.answer.feeling").input("tired")
    first = click(first, "Send")
    second.text_input(key="phone.answer.feeling").input("calm")
    second = click(second, "Send")
    first.run()
    assert "calm" in texts(first)  # the later answer replaced the first
    assert rooms.response_count(store, room.id, "feeling") == 1


def test_an_unusable_data_folder_gets_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(blocker / "data"))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSCODE", PASSCODE)
    for path in PATHS:
        at = page(path, code="ABCDEF")
        assert not at.exception, path
        assert "WORKSHOP_DATA_DIR" in messages(at), path


@pytest.mark.parametrize(
    ("step_id", "answers", "shown"),
    [
        ("feeling", ["Tired", "tired ", "hopeful"], ["tired 2", "hopeful 1"]),
        ("needs", ["Listening", "Quiet", "Listening"], ["Listening 2", "Advice 0", "Quiet 1"]),
    ],
)
def test_projector_draws_words_and_choices_as_page_text(
    store: Store,
    room: rooms.Room,
    step_id: str,
    answers: list[str],
    shown: list[str],
) -> None:
    # Issue 12: HTML, not an Altair canvas; every label (or word) with its count.
    room = move_to(store, room, step_id)
    open_current(store, room)
    for answer in answers:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, step_id, answer)
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)
    at = page(PROJECTOR, key=room.display_key)
    assert not charts(at)
    [markup] = [m for m in html_blocks(at) if "oc-room" in m]
    text, _ = html_text(markup)
    words = " ".join(text.split())
    for item in shown:
        assert item in words
    # The room never learns how many answered (against the live number, that
    # would say how many passed).
    assert not [c for c in at.caption if "answer" in c.value]


def test_a_typed_code_is_echoed_as_text_not_markup(room: rooms.Room) -> None:
    at = page(JOIN, code=":red[x]$y$")
    [error] = at.error
    # Every punctuation mark escaped: Markdown shows it as typed (upper-cased).
    assert "\\:RED\\[X\\]\\$Y\\$" in error.value
    assert ":RED[X]$Y$" in messages(at)


# --- One initialiser for every page ---------------------------------------------------


def test_the_home_page_alone_readies_the_store_and_purges_expired_rooms(store: Store) -> None:
    from datetime import date, timedelta

    from workshop import auth

    text = (CURRICULA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Old group", "mini", text)
    expired = rooms.open_room(
        store, group.id, "first", retention_days=30, today=date.today() - timedelta(days=31)
    )
    kept = rooms.open_room(store, group.id, "first", retention_days=30)
    assert {r.id for r in rooms.list_rooms(store)} == {expired.id, kept.id}
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()  # the home page, nothing else
    assert not at.exception
    # The start-up work ran before any live page was opened.
    assert [r.id for r in rooms.list_rooms(store)] == [kept.id]
    assert auth.check_passcode(store, PASSCODE, sleep=lambda _: None)


def test_the_passcode_can_come_from_secrets_toml(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKSHOP_FACILITATOR_PASSCODE")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["facilitator_passcode"] = "from the secrets file"
    at.run()
    at.switch_page(CONSOLE).run()
    assert not at.exception
    at = unlock(at, "from the secrets file")
    assert not signin_form_shown(at)
    assert "Create a group first" in messages(at)


def test_home_join_with_the_code_joins_the_room(room: rooms.Room) -> None:
    at = page(HOME)
    at.text_input(key="home.code").input(room.join_code.lower())
    at = click(at, "Join")
    assert not at.exception
    assert len(at.query_params["token"]) >= 20
    assert "Welcome to the circle" in texts(at)


def answer_widgets(at: AppTest) -> list[tuple[str, str]]:
    """(element type, proto without id/form/disabled) of each answer widget, in order."""
    found: list[tuple[str, str]] = []
    for node in at:
        key = getattr(node, "key", None)
        proto = getattr(node, "proto", None)
        if proto is not None and isinstance(key, str) and "answer" in key:
            copy = type(proto)()
            copy.CopyFrom(proto)
            for field in ("id", "form_id", "disabled"):
                copy.ClearField(field)
            found.append((str(getattr(node, "type", "")), str(copy)))
    return found


@pytest.mark.parametrize("step_id", ["open-words", "check-in", "feeling", "needs"])
def test_the_rehearsal_previews_exactly_the_phone_s_widget(
    store: Store, room: rooms.Room, step_id: str
) -> None:
    room = move_to(store, room, step_id)
    open_current(store, room)
    phone = page(JOIN, code=room.join_code)
    on_phone = answer_widgets(phone)
    assert len(on_phone) >= 1

    number = [s.id for s in room.session.steps].index(step_id) + 1
    rehearsal = unlock(page(REHEARSE, curriculum="mini.yaml", session="first", step=str(number)))
    assert not rehearsal.exception
    assert answer_widgets(rehearsal) == on_phone
    # The scale's end labels read the same on both.
    ends = [t for t in texts(phone) if " = " in t]
    assert ends == [t for t in texts(rehearsal) if " = " in t]
