"""The organiser's deletions on a real database: a room or a whole group, now,
behind the group's name typed again; and ``purge --group`` on the command line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner

from workshop import rooms
from workshop.cli import cli
from workshop.config import Settings
from workshop.rooms import Room
from workshop.store import Store

Goto = Callable[..., Room]
Tokens = Callable[[Store, Room, int], list[str]]


def _env(settings: Settings) -> dict[str, str]:
    if settings.database_url:
        return {"WORKSHOP_DATABASE_URL": settings.database_url}
    return {"WORKSHOP_DATA_DIR": str(settings.data_dir), "WORKSHOP_DATABASE_URL": ""}


def _programme(
    store: Store, text: str, goto: Goto, tokens: Tokens, name: str = "Tuesday"
) -> tuple[rooms.Group, Room, Room, list[str]]:
    """A group with an ended room (3 answers) and a running one (2 answers)."""
    group = rooms.create_group(store, name, "test-circle", text)
    first = goto(
        store, rooms.open_room(store, group.id, "session-1", retention_days=30), "check-in"
    )
    first_tokens = tokens(store, first, 3)
    for value, token in enumerate(first_tokens, start=2):
        rooms.submit_answer(store, token, "check-in", value)
    rooms.end_room(store, first.id)
    second = goto(
        store, rooms.open_room(store, group.id, "session-2", retention_days=30), "check-in"
    )
    second_tokens = tokens(store, second, 2)
    for token in second_tokens:
        rooms.submit_answer(store, token, "check-in", 4)
    return group, first, second, first_tokens + second_tokens


def test_the_plan_names_sessions_and_answers_and_a_mistyped_name_deletes_nothing(
    store: Store, curriculum_text: str, goto: Goto, tokens: Tokens
) -> None:
    group, first, second, _ = _programme(store, curriculum_text, goto, tokens)
    plan = rooms.group_deletion(store, group.id)
    assert plan.group_name == "Tuesday" and plan.whole_group
    assert {r.id for r in plan.rooms} == {first.id, second.id}
    assert plan.answers == 5 and plan.running == 1
    assert rooms.room_deletion(store, first.id).answers == 3
    for typed in ("tuesday", "Tuesday!", "", "Wednesday"):
        with pytest.raises(rooms.ConfirmationMismatch) as info:
            rooms.delete_group(store, group.id, typed)
        assert str(info.value).startswith("Nothing was deleted")
        assert "'Tuesday'" in str(info.value)
        with pytest.raises(rooms.ConfirmationMismatch):
            rooms.delete_room(store, second.id, typed)
    # Nothing moved: both rooms, the running one still running, every answer kept.
    assert {r.id for r in rooms.list_rooms(store, group.id)} == {first.id, second.id}
    assert not rooms.get_room(store, second.id).ended
    assert rooms.group_deletion(store, group.id).answers == 5


def test_deleting_a_running_room_ends_it_then_leaves_no_row(
    store: Store, curriculum_text: str, goto: Goto, tokens: Tokens
) -> None:
    group, first, second, phones = _programme(store, curriculum_text, goto, tokens)
    done = rooms.delete_room(store, second.id, " Tuesday ")
    assert not done.whole_group and done.answers == 2 and [r.id for r in done.rooms] == [second.id]
    assert [r.id for r in rooms.list_rooms(store, group.id)] == [first.id]
    with store.reading() as tx:
        assert {row["room_id"] for row in tx.raw_rows("answers")} == {first.id}
        assert {row["room_id"] for row in tx.raw_rows("phones")} == {first.id}
    # The phones' old links say the data was deleted; the console's next run too.
    for token in phones[3:]:
        with pytest.raises(rooms.UnknownToken):
            rooms.phone_view(store, token)
    with pytest.raises(rooms.RoomNotFound) as info:
        rooms.get_room(store, second.id)
    assert "This room was deleted" in str(info.value)
    # A second tab pressing again reads a plain sentence.
    with pytest.raises(rooms.RoomNotFound, match="This room was deleted"):
        rooms.delete_room(store, second.id, "Tuesday")


def test_deleting_a_group_takes_every_room_and_leaves_the_others(
    store: Store, curriculum_text: str, goto: Goto, tokens: Tokens
) -> None:
    group, _first, _second, phones = _programme(store, curriculum_text, goto, tokens)
    other, kept, _, _ = _programme(store, curriculum_text, goto, tokens, name="Thursday")
    done = rooms.delete_group(store, group.id, "Tuesday")
    assert done.whole_group and len(done.rooms) == 2 and done.answers == 5
    assert [g.id for g in rooms.list_groups(store)] == [other.id]
    assert {r.group_id for r in rooms.list_rooms(store)} == {other.id}
    for token in phones:
        with pytest.raises(rooms.UnknownToken):
            rooms.phone_view(store, token)
    with store.reading() as tx:
        assert tx.count_room_answers(kept.id) == 3
    with pytest.raises(rooms.GroupNotFound, match="This group was deleted"):
        rooms.delete_group(store, group.id, "Tuesday")
    with pytest.raises(rooms.GroupNotFound, match="This group was deleted"):
        rooms.group_deletion(store, group.id)


def test_cli_purge_group(
    store: Store, store_settings: Settings, curriculum_text: str, goto: Goto, tokens: Tokens
) -> None:
    group, _first, _second, _ = _programme(store, curriculum_text, goto, tokens)
    runner = CliRunner()
    env = _env(store_settings)
    done = runner.invoke(cli, ["purge", "--group", "tuesday"], env=env)
    assert done.exit_code == 1 and "No group is called 'tuesday'" in done.output
    assert "Traceback" not in done.output
    assert [g.id for g in rooms.list_groups(store)] == [group.id]
    done = runner.invoke(cli, ["purge", "--group", "Tuesday", "--room", "x"], env=env)
    assert done.exit_code == 1 and "not both" in done.output
    done = runner.invoke(cli, ["purge", "--group", "Tuesday"], env=env)
    assert done.exit_code == 0, done.output
    assert "Deleted the group 'Tuesday': 2 rooms and 5 stored answers" in done.output
    assert rooms.list_groups(store) == [] and rooms.list_rooms(store) == []


def test_programme_end_comes_once_the_last_session_has_ended_and_nothing_runs(
    store: Store, curriculum_text: str
) -> None:
    group = rooms.create_group(store, "Tuesday", "test-circle", curriculum_text)
    assert rooms.programme_end(store, group.id) is None
    first = rooms.open_room(store, group.id, "session-1", retention_days=30)
    rooms.end_room(store, first.id)
    assert rooms.programme_end(store, group.id) is None  # session 2 has not met
    last = rooms.open_room(store, group.id, "session-2", retention_days=20)
    assert rooms.programme_end(store, group.id) is None  # still running
    again = rooms.open_room(store, group.id, "session-1", retention_days=10)
    rooms.end_room(store, last.id)
    assert rooms.programme_end(store, group.id) is None  # a room still runs
    rooms.end_room(store, again.id)
    end = rooms.programme_end(store, group.id)
    assert end is not None and end.last_session == 2
    assert end.deletes_on == max(r.expires_on for r in rooms.list_rooms(store, group.id))
