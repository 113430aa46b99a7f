"""Facilitator sign-in records (issue 11, finding 7) and the shared guess bucket
(finding 8), on SQLite and PostgreSQL. Clocks are injected: no test sleeps."""

from __future__ import annotations

import pytest

from workshop import auth, signin
from workshop.store import Store

T0 = 1_800_000_000.0
PASSCODE = "the real passcode"


def test_a_sign_in_lasts_twelve_hours_and_names_no_one(store: Store) -> None:
    cookie = signin.sign_in(store, now=T0)
    assert signin.signed_in(store, cookie, now=T0)
    assert signin.signed_in(store, cookie, now=T0 + 12 * 3600 - 1)
    assert not signin.signed_in(store, cookie, now=T0 + 12 * 3600)
    with store.reading() as tx:
        [row] = tx.raw_rows("signins")
    # Issue 14 adds the scope: NULL for the organiser, a group id for a group's facilitator.
    assert set(row) == {"key", "expires_at", "group_id"}
    assert row["group_id"] is None
    record_id = cookie.split(".")[0]
    assert record_id not in row["key"] and row["key"] not in cookie


def test_forged_and_odd_cookies_open_nothing(store: Store) -> None:
    cookie = signin.sign_in(store, now=T0)
    record_id, mac = cookie.split(".")
    for forged in (
        None,
        "",
        record_id,
        f"{record_id}.",
        f"{record_id}.{'0' * len(mac)}",
        f"{'a' * len(record_id)}.{mac}",
        f"{record_id}x.{mac}",
        cookie + "0",
        "a.b.c",
        "x" * 5000,
    ):
        assert not signin.signed_in(store, forged, now=T0), forged
    signin.sign_out(store, "nonsense")  # names nothing: nothing happens
    assert signin.signed_in(store, cookie, now=T0)


def test_sign_out_and_a_changed_passcode_revoke(store: Store) -> None:
    auth.ensure_passcode(store, PASSCODE, lambda _m: None)
    one, two, three = (signin.sign_in(store, now=T0) for _ in range(3))
    signin.sign_out(store, one)
    assert not signin.signed_in(store, one, now=T0)
    assert signin.signed_in(store, two, now=T0) and signin.signed_in(store, three, now=T0)
    auth.ensure_passcode(store, PASSCODE, lambda _m: None)  # unchanged: nobody signed out
    assert signin.signed_in(store, two, now=T0)
    auth.ensure_passcode(store, "a brand new passcode", lambda _m: None)
    assert not signin.signed_in(store, two, now=T0)
    assert not signin.signed_in(store, three, now=T0)
    four = signin.sign_in(store, now=T0)
    assert signin.sign_out_everywhere(store) == 1
    assert not signin.signed_in(store, four, now=T0)


def test_expired_records_are_cleared_by_the_next_sign_in(store: Store) -> None:
    signin.sign_in(store, now=T0)
    signin.sign_in(store, now=T0 + 13 * 3600)
    with store.reading() as tx:
        assert len(tx.raw_rows("signins")) == 1


class Clock:
    """A clock that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = T0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_shared_bucket_allows_a_burst_then_its_rate(store: Store) -> None:
    drawn = [auth.take_guess(store, T0) for _ in range(auth.GUESS_BURST)]
    assert drawn == [0.0] * auth.GUESS_BURST
    wait = auth.take_guess(store, T0)
    assert wait == pytest.approx(1.0 / auth.GUESS_RATE)
    half = 0.5 / auth.GUESS_RATE
    assert auth.take_guess(store, T0 + half) == pytest.approx(half)
    assert auth.take_guess(store, T0 + 1.0 / auth.GUESS_RATE) == 0.0
    assert auth.take_guess(store, T0 + 1.0 / auth.GUESS_RATE) > 0
    # A clock that went back refills nothing.
    assert auth.take_guess(store, T0 - 100) > 0


def test_checks_wait_for_their_turn_and_the_right_one_still_gets_in(store: Store) -> None:
    auth.ensure_passcode(store, PASSCODE, lambda _m: None)
    clock = Clock()
    guesses = 40
    for _ in range(guesses):
        assert not auth.check_passcode(store, "wrong guess", sleep=clock.sleep, clock=clock.time)
    # However fast they came, the checks spread over at least this much time:
    # the burst, then GUESS_RATE a second (plus the growing delay on top).
    assert clock.now - T0 >= (guesses - auth.GUESS_BURST) / auth.GUESS_RATE
    before = clock.now
    assert auth.check_passcode(store, PASSCODE, sleep=clock.sleep, clock=clock.time)
    # The facilitator waited the capped delay and at most one turn of the bucket.
    assert clock.now - before <= auth.MAX_DELAY + 1.0 / auth.GUESS_RATE
    assert auth.failures(store) == 0
