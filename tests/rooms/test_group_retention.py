"""A group's own retention (issue 15): shorter, never past the setting; rooms follow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workshop import rooms
from workshop.store import Store

MAXIMUM = 30


def test_shorter_retention_brings_rooms_forward_and_new_rooms_follow(
    store: Store, curriculum_text: str
) -> None:
    group = rooms.create_group(store, "Tuesday", "test-circle", curriculum_text)
    old_day = date.today() - timedelta(days=3)
    old = rooms.open_room(store, group.id, "session-1", retention_days=MAXIMUM, today=old_day)
    token = rooms.join(store, old.join_code).token
    assert rooms.phone_view(store, token).deletes_on == old_day + timedelta(days=MAXIMUM)
    assert rooms.group_retention_days(rooms.get_group(store, group.id), MAXIMUM) == MAXIMUM

    done = rooms.set_group_retention(store, group.id, 7, MAXIMUM)
    assert (done.days, done.shortened_rooms) == (7, 1)
    moved = rooms.get_room(store, old.id)
    assert moved.expires_on == old_day + timedelta(days=7)
    assert moved.revision > old.revision  # its phones redraw the new day
    assert rooms.phone_view(store, token).deletes_on == old_day + timedelta(days=7)
    assert rooms.group_retention_days(rooms.get_group(store, group.id), MAXIMUM) == 7
    new = rooms.open_room(store, group.id, "session-2", retention_days=MAXIMUM)
    assert new.expires_on == date.today() + timedelta(days=7)

    # Lengthening again (within the maximum) never moves a promised day later.
    done = rooms.set_group_retention(store, group.id, 20, MAXIMUM)
    assert done.shortened_rooms == 0
    assert rooms.get_room(store, old.id).expires_on == old_day + timedelta(days=7)
    # A smaller server setting still wins over the group's choice.
    smaller = rooms.open_room(store, group.id, "session-2", retention_days=5)
    assert smaller.expires_on == date.today() + timedelta(days=5)


@pytest.mark.parametrize("days", [0, -1, MAXIMUM + 1, 365])
def test_retention_outside_one_to_the_maximum_is_refused_and_changes_nothing(
    store: Store, curriculum_text: str, days: int
) -> None:
    group = rooms.create_group(store, "Tuesday", "test-circle", curriculum_text)
    room = rooms.open_room(store, group.id, "session-1", retention_days=MAXIMUM)
    with pytest.raises(rooms.InvalidRetention) as info:
        rooms.set_group_retention(store, group.id, days, MAXIMUM)
    assert f"between 1 and {MAXIMUM} days" in str(info.value)
    assert "Nothing was changed" in str(info.value)
    assert rooms.get_group(store, group.id).retention_days is None
    assert rooms.get_room(store, room.id).expires_on == room.expires_on


def test_a_deleted_group_cannot_be_given_a_retention(store: Store, curriculum_text: str) -> None:
    group = rooms.create_group(store, "Tuesday", "test-circle", curriculum_text)
    rooms.delete_group(store, group.id, "Tuesday")
    with pytest.raises(rooms.GroupNotFound, match="This group was deleted"):
        rooms.set_group_retention(store, group.id, 7, MAXIMUM)
