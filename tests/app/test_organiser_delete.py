"""Deleting a room and a whole group from the organiser page (issue 15), under AppTest.

The typed confirmation, what the page says before and after, the phones' old
links, a console still showing the room, and a second organiser tab.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from helpers.apptest import carried, downloads, messages, page, unlock
from streamlit.testing.v1 import AppTest

from workshop import rooms
from workshop.dates import format_day
from workshop.store import Store
from workshop.ui import organiser_programme, routes

ORGANISER = routes.ORGANISER.script
CONSOLE = routes.CONSOLE.script
JOIN = routes.JOIN.script


def _delete(at: AppTest, group_id: str, what: str, typed: str) -> AppTest:
    # One run, as a browser sends it: a stale tab presses what it still shows.
    at.selectbox(key=f"organiser.delete_what.{group_id}").set_value(what)
    at.text_input(key=f"organiser.confirm.{group_id}").input(typed)
    at.button(key=f"organiser.delete.{group_id}").click()
    return at.run()


def test_delete_a_room_then_the_group_with_typed_confirmation(
    store: Store, room: rooms.Room
) -> None:
    second = rooms.open_room(store, room.group_id, "first", retention_days=30)
    phone = page(JOIN, code=room.join_code)
    token = phone.query_params["token"]
    console = unlock(page(CONSOLE, room=room.id))
    organiser = unlock(page(ORGANISER))
    other_tab = unlock(page(ORGANISER))
    third_tab = unlock(page(ORGANISER))
    assert not organiser.exception
    shown = messages(organiser)
    assert "Deletes the group 'Tuesday men' with 2 session(s)" in shown
    assert "2 session(s) still running will be ended first" in shown

    # A mistyped name deletes nothing, and says why.
    organiser = _delete(organiser, room.group_id, room.id, "Tuesday man")
    assert not organiser.exception
    assert "Nothing was deleted: the confirmation reads 'Tuesday man'" in messages(organiser)
    assert {r.id for r in rooms.list_rooms(store)} == {room.id, second.id}
    assert not rooms.get_room(store, room.id).ended

    # The right name deletes the room (ended first), and the page says what went.
    organiser = _delete(organiser, room.group_id, room.id, "Tuesday men")
    assert not organiser.exception
    said = messages(organiser)
    assert "Deleted one session of the group 'Tuesday men'" in said
    assert "links to these sessions no longer work" in said
    assert [r.id for r in rooms.list_rooms(store)] == [second.id]

    # The phone's old link shows the ended screen; the console its plain sentence.
    phone.run()
    assert not phone.exception
    assert "This session has ended, thank you." in [t.value for t in phone.title]
    assert "data has been deleted" in " ".join(str(m.value) for m in phone.markdown)
    # A fresh browser with the same link cannot tell a deleted room from a bad
    # link (nothing of its phones is kept): a plain sentence, never a traceback.
    fresh = page(JOIN, token=token)
    assert not fresh.exception and "not valid any more" in messages(fresh)
    console.run()
    assert not console.exception
    assert "This room was deleted" in messages(console)

    # The whole group.
    group_id = room.group_id
    organiser = _delete(organiser, group_id, "group", "Tuesday men")
    assert not organiser.exception
    assert "Deleted the group 'Tuesday men' with 1 session(s)" in messages(organiser)
    assert rooms.list_groups(store) == [] and rooms.list_rooms(store) == []
    with store.reading() as tx:
        for table in ("groups", "rooms", "phones", "answers", "notices"):
            assert tx.raw_rows(table) == [], table
    assert "Tuesday men" not in [s.value for s in organiser.subheader]

    # A second tab that still shows the group gets the same plain sentence.
    other_tab = _delete(other_tab, group_id, "group", "Tuesday men")
    assert not other_tab.exception
    assert "This group was deleted" in messages(other_tab)
    third_tab.number_input(key=f"organiser.retention.{group_id}").set_value(5)
    third_tab.button(key=f"organiser.retention_save.{group_id}").click()
    third_tab.run()
    assert not third_tab.exception
    assert "This group was deleted" in messages(third_tab)


def test_the_rooms_table_labels_the_day_met_and_the_day_of_deletion(
    store: Store, room: rooms.Room
) -> None:
    at = unlock(page(ORGANISER))
    [table] = at.dataframe
    frame = table.value
    assert "met on" in frame.columns and "data deleted on" in frame.columns
    assert "answers deleted on" not in frame.columns
    assert list(frame["met on"]) == [format_day(room.opened_on)]
    assert list(frame["data deleted on"]) == [format_day(room.expires_on)]
    labels = [b.label for b in at.download_button]
    assert any(f"met on {format_day(room.opened_on)}" in label for label in labels)


def test_programme_end_suggests_the_record_then_deletion_with_the_day_of_deletion(
    store: Store, room: rooms.Room, media: list[Any]
) -> None:
    organiser = unlock(page(ORGANISER))
    assert "last session" not in messages(organiser)
    rooms.end_room(store, room.id)
    organiser.run()
    said = messages(organiser)
    expected = f"deleted by itself on {format_day(room.expires_on)}"
    assert "The group's last session (session 1) has ended" in said and expected in said
    assert said.index("1. download the group record") < said.index("2. then delete")
    console = unlock(page(CONSOLE, room=room.id))
    assert not console.exception
    assert "last session (session 1) has ended" in messages(console) and expected in messages(
        console
    )
    # The record is offered and carries the session.
    buttons = downloads(organiser)
    pdf = carried(media, buttons["Download the group record (PDF)"])
    assert pdf.startswith(b"%PDF")
    table = carried(media, buttons["Download the group record (CSV)"]).decode("utf-8")
    assert table.startswith("section,group,session,session_title,met_on,data_deleted_on,step")


def test_the_organiser_shortens_a_groups_retention_and_the_phone_names_the_day(
    store: Store, room: rooms.Room
) -> None:
    phone = page(JOIN, code=room.join_code)
    assert f"deleted on {format_day(room.expires_on)}" in " ".join(c.value for c in phone.caption)
    organiser = unlock(page(ORGANISER))
    organiser.number_input(key=f"organiser.retention.{room.group_id}").set_value(5)
    organiser.button(key=f"organiser.retention_save.{room.group_id}").click()
    organiser.run()
    assert not organiser.exception
    assert "now kept 5 days after each session" in messages(organiser)
    day = room.opened_on + timedelta(days=5)
    assert rooms.get_room(store, room.id).expires_on == day
    [table] = organiser.dataframe
    assert list(table.value["data deleted on"]) == [format_day(day)]
    phone.run()
    footer = " ".join(c.value for c in phone.caption)
    assert f"Answers are deleted on {format_day(day)}, 5 days after this session." in footer


def test_the_group_record_is_built_only_when_pressed(
    store: Store, room: rooms.Room, monkeypatch: pytest.MonkeyPatch, media: list[Any]
) -> None:
    built: list[str] = []

    def counting(name: str, real: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            built.append(name)
            return real(*args)

        return wrapper

    monkeypatch.setattr(
        organiser_programme, "record_pdf", counting("pdf", organiser_programme.record_pdf)
    )
    monkeypatch.setattr(
        organiser_programme, "record_csv", counting("csv", organiser_programme.record_csv)
    )
    rooms.end_room(store, room.id)
    at = unlock(page(ORGANISER))
    for _ in range(3):
        at.run()
    assert not at.exception and built == []
    carried(media, downloads(at)["Download the group record (CSV)"])
    assert built == ["csv"]
