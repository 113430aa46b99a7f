"""Joining is limited (issue 11, finding 6): a room lets in at most its cap of
phones, and joins draw from a bucket (a burst up to the cap, then 2 a second)
kept in the room's row, so every process limits from the same numbers. The
clock is injected: no test sleeps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workshop import rooms
from workshop.rooms import Room
from workshop.rooms.lifecycle import JOIN_RATE
from workshop.store import Store

MakeRoom = Callable[..., Room]
T0 = 1_800_000_000.0


def test_a_room_admits_its_cap_and_then_says_so_plainly(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    for _ in range(5):
        rooms.join(store, room.join_code, max_phones=5, now=T0)
    with pytest.raises(rooms.RoomFull) as refused:
        rooms.join(store, room.join_code, max_phones=5, now=T0 + 3600)
    assert str(refused.value) == (
        "This room is full: no more phones can join. Ask the facilitator, who can let more in."
    )
    assert rooms.phone_count(store, room.id, max_phones=5) == rooms.PhoneCount(joined=5, cap=5)


def test_the_facilitator_raises_the_cap_for_one_room(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    other = make_room(store, curriculum_text, name="Thursday")
    for _ in range(3):
        rooms.join(store, room.join_code, max_phones=3, now=T0)
    rooms.set_max_phones(store, room.id, 4)
    rooms.join(store, room.join_code, max_phones=3, now=T0 + 60)
    with pytest.raises(rooms.RoomFull):
        rooms.join(store, room.join_code, max_phones=3, now=T0 + 120)
    assert rooms.phone_count(store, room.id, max_phones=3) == rooms.PhoneCount(4, 4)
    # The other room keeps the process default.
    assert rooms.phone_count(store, other.id, max_phones=3) == rooms.PhoneCount(0, 3)
    for bad in (1, 0, -5, 1001):
        with pytest.raises(rooms.InvalidPhoneCap):
            rooms.set_max_phones(store, room.id, bad)
    with pytest.raises(rooms.RoomNotFound):
        rooms.set_max_phones(store, "no-such-room", 10)


def test_joins_burst_up_to_the_cap_then_two_a_second(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    rooms.set_max_phones(store, room.id, 100)
    # A whole room arriving at the same instant: the burst is the room's cap.
    joined = [rooms.join(store, room.join_code, now=T0) for _ in range(100)]
    assert len({j.token for j in joined}) == 100
    with pytest.raises(rooms.RoomFull):
        rooms.join(store, room.join_code, now=T0)


def test_the_bucket_refills_at_the_join_rate(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    rooms.set_max_phones(store, room.id, 200)
    for _ in range(200 - 20):
        rooms.join(store, room.join_code, now=T0)
    # 180 of the burst of 200 used; take the other 20 at the same instant.
    for _ in range(20):
        rooms.join(store, room.join_code, now=T0)
    assert rooms.phone_count(store, room.id).joined == 200
    rooms.set_max_phones(store, room.id, 1000)
    with pytest.raises(rooms.JoinsTooFast) as refused:
        rooms.join(store, room.join_code, now=T0 + 0.1)
    assert str(refused.value) == (
        "Many phones are joining at this moment. Wait a few seconds and try again."
    )
    # One second later: JOIN_RATE joins, and not one more.
    later = T0 + 1.0
    for _ in range(int(JOIN_RATE)):
        rooms.join(store, room.join_code, now=later)
    with pytest.raises(rooms.JoinsTooFast):
        rooms.join(store, room.join_code, now=later)
    # A clock that went back (another process's) refills nothing and breaks nothing.
    with pytest.raises(rooms.JoinsTooFast):
        rooms.join(store, room.join_code, now=T0 - 50)
    # Ten seconds on: twenty more.
    for _ in range(int(10 * JOIN_RATE)):
        rooms.join(store, room.join_code, now=later + 10)
    with pytest.raises(rooms.JoinsTooFast):
        rooms.join(store, room.join_code, now=later + 10)
    assert rooms.phone_count(store, room.id).joined == 200 + int(JOIN_RATE) + int(10 * JOIN_RATE)


def test_a_refused_join_stores_nothing_and_ended_rooms_still_say_ended(
    store: Store, curriculum_text: str, make_room: MakeRoom
) -> None:
    room = make_room(store, curriculum_text)
    rooms.join(store, room.join_code, max_phones=2, now=T0)
    rooms.join(store, room.join_code, max_phones=2, now=T0)
    with pytest.raises(rooms.RoomFull):
        rooms.join(store, room.join_code, max_phones=2, now=T0)
    with store.reading() as tx:
        assert len(tx.raw_rows("phones")) == 2
    rooms.end_room(store, room.id)
    with pytest.raises(rooms.RoomEnded):
        rooms.join(store, room.join_code, max_phones=2, now=T0)
