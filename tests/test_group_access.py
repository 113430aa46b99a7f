"""Access per group (issue 14): the organiser passcode reaches every group; a
group's facilitator passcode reaches that group only; rotating it signs that
group's facilitators out; any wrong passcode is counted and rate-limited like
the organiser's. On SQLite and PostgreSQL; clocks are injected, no test sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop import auth, rooms, signin
from workshop.store import Store

T0 = 1_800_000_000.0
ORGANISER_PASSCODE = "the organiser passcode"
CURRICULUM = (Path(__file__).parent / "live_data" / "mini.yaml").read_text(encoding="utf-8")


def no_sleep(_seconds: float) -> None:
    """Checks here never wait: the delay is proven in tests/test_signin.py."""


def two_groups(store: Store) -> tuple[rooms.Group, rooms.Group]:
    auth.ensure_passcode(store, ORGANISER_PASSCODE, lambda _m: None)
    return (
        rooms.create_group(store, "Tuesday men", "mini", CURRICULUM),
        rooms.create_group(store, "Thursday men", "mini", CURRICULUM),
    )


def test_each_passcode_decides_its_scope(store: Store) -> None:
    tuesday, thursday = two_groups(store)
    passcode = auth.set_group_passcode(store, tuesday.id)
    assert passcode is not None and len(passcode) >= auth.MIN_CONFIGURED_LENGTH
    scope = auth.check_signin(store, passcode, sleep=no_sleep)
    assert scope == signin.Scope(tuesday.id)
    assert scope.reaches(tuesday.id) and not scope.reaches(thursday.id)
    assert not scope.organiser
    organiser = auth.check_signin(store, ORGANISER_PASSCODE, sleep=no_sleep)
    assert organiser == signin.ORGANISER and organiser.organiser
    assert organiser.reaches(tuesday.id) and organiser.reaches(thursday.id)
    # A group passcode is not the organiser's.
    assert not auth.check_passcode(store, passcode, sleep=no_sleep)
    # The cookie carries the scope through the store.
    cookie = signin.sign_in(store, scope, now=T0)
    assert signin.scope_of(store, cookie, now=T0) == signin.Scope(tuesday.id)
    assert signin.scope_of(store, signin.sign_in(store, now=T0), now=T0) == signin.ORGANISER


def test_groups_without_a_passcode_are_organiser_only(store: Store) -> None:
    tuesday, thursday = two_groups(store)
    assert auth.groups_with_passcode(store) == set()
    assert auth.check_signin(store, "", sleep=no_sleep) is None
    assert auth.set_group_passcode(store, "no-such-group") is None
    other = auth.set_group_passcode(store, thursday.id)
    assert other is not None
    assert auth.groups_with_passcode(store) == {thursday.id}
    # Tuesday has none: only the organiser reaches it.
    assert not auth.check_signin(store, other, sleep=no_sleep).reaches(tuesday.id)  # type: ignore[union-attr]
    assert signin.ORGANISER.reaches(tuesday.id)


def test_a_wrong_group_passcode_counts_like_any_wrong_one(store: Store) -> None:
    tuesday, _ = two_groups(store)
    passcode = auth.set_group_passcode(store, tuesday.id)
    assert passcode is not None
    slept: list[float] = []
    for _ in range(3):
        wrong = auth.check_signin(store, passcode + "x", sleep=slept.append, clock=lambda: T0)
        assert wrong is None
    assert auth.failures(store) == 3
    # The growing delay before the fourth check is the console's.
    assert auth.check_signin(store, passcode, sleep=slept.append, clock=lambda: T0) is not None
    assert slept[:4] == [0.0, auth.delay_for(1), auth.delay_for(2), auth.delay_for(3)]
    # Every check drew from the one shared bucket (four of its burst are gone).
    assert auth.take_guess(store, T0) == 0.0
    with store.reading() as tx:
        tokens = float((tx.setting(auth.GUESS_SETTING) or "").split(":")[0])
    assert tokens == auth.GUESS_BURST - 5
    assert auth.failures(store) == 0


def test_rotating_signs_out_only_that_group(store: Store) -> None:
    tuesday, thursday = two_groups(store)
    old = auth.set_group_passcode(store, tuesday.id)
    other = auth.set_group_passcode(store, thursday.id)
    assert old is not None and other is not None
    tuesday_cookie = signin.sign_in(store, signin.Scope(tuesday.id), now=T0)
    thursday_cookie = signin.sign_in(store, signin.Scope(thursday.id), now=T0)
    organiser_cookie = signin.sign_in(store, now=T0)
    new = auth.set_group_passcode(store, tuesday.id)
    assert new is not None and new != old
    assert signin.scope_of(store, tuesday_cookie, now=T0) is None
    assert signin.scope_of(store, thursday_cookie, now=T0) == signin.Scope(thursday.id)
    assert signin.scope_of(store, organiser_cookie, now=T0) == signin.ORGANISER
    assert auth.check_signin(store, old, sleep=no_sleep) is None
    assert auth.check_signin(store, new, sleep=no_sleep) == signin.Scope(tuesday.id)
    assert auth.check_signin(store, other, sleep=no_sleep) == signin.Scope(thursday.id)


def test_a_new_organiser_passcode_signs_every_group_out(store: Store) -> None:
    tuesday, _ = two_groups(store)
    cookie = signin.sign_in(store, signin.Scope(tuesday.id), now=T0)
    auth.ensure_passcode(store, "a different organiser passcode", lambda _m: None)
    assert signin.scope_of(store, cookie, now=T0) is None


def test_only_one_salted_hash_per_group_is_stored(store: Store) -> None:
    tuesday, thursday = two_groups(store)
    first = auth.set_group_passcode(store, tuesday.id)
    second = auth.set_group_passcode(store, tuesday.id)
    third = auth.set_group_passcode(store, thursday.id)
    assert first and second and third
    with store.reading() as tx:
        rows = tx.raw_rows("group_access")
    assert sorted(row["group_id"] for row in rows) == sorted([tuesday.id, thursday.id])
    for row in rows:
        assert set(row) == {"group_id", "passcode_hash"}
        assert row["passcode_hash"].startswith("scrypt$")
        for passcode in (first, second, third):
            assert passcode not in row["passcode_hash"]
    salts = {row["passcode_hash"].split("$")[4] for row in rows}
    assert len(salts) == 2


def test_deleting_a_group_signs_its_facilitators_out_and_forgets_its_passcode(
    store: Store,
) -> None:
    tuesday, thursday = two_groups(store)
    passcode = auth.set_group_passcode(store, tuesday.id)
    assert passcode is not None
    tuesday_cookie = signin.sign_in(store, signin.Scope(tuesday.id), now=T0)
    thursday_cookie = signin.sign_in(store, signin.Scope(thursday.id), now=T0)
    rooms.delete_group(store, tuesday.id, "Tuesday men")
    assert signin.scope_of(store, tuesday_cookie, now=T0) is None
    assert signin.scope_of(store, thursday_cookie, now=T0) == signin.Scope(thursday.id)
    assert auth.check_signin(store, passcode, sleep=no_sleep) is None
    assert auth.groups_with_passcode(store) == set()


def test_every_check_compares_with_every_hash_whatever_matched(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/privacy.md: the organiser hash and every group hash, no early exit."""
    tuesday, thursday = two_groups(store)
    tuesday_passcode = auth.set_group_passcode(store, tuesday.id)
    assert tuesday_passcode is not None
    assert auth.set_group_passcode(store, thursday.id) is not None
    real = auth.verify_passcode
    compared: list[str] = []

    def counting(stored: str, attempt: str) -> bool:
        compared.append(stored)
        return real(stored, attempt)

    monkeypatch.setattr(auth, "verify_passcode", counting)
    for attempt in (ORGANISER_PASSCODE, tuesday_passcode, "no such passcode at all"):
        compared.clear()
        auth.check_signin(store, attempt, sleep=no_sleep)
        assert len(compared) == 3 and len(set(compared)) == 3, attempt
