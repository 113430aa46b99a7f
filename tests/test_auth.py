"""The facilitator passcode: hashing, first-start generation, throttling."""

from __future__ import annotations

import itertools

import pytest

from workshop import auth
from workshop.config import SettingsError
from workshop.store import Store


def stored_hash(store: Store) -> str | None:
    with store.reading() as tx:
        return tx.setting(auth.PASSCODE_SETTING)


def test_hash_is_salted_scrypt_and_verifies() -> None:
    one = auth.hash_passcode("correct horse")
    two = auth.hash_passcode("correct horse")
    assert one != two  # salted
    assert one.startswith("scrypt$")
    assert "correct horse" not in one
    assert auth.verify_passcode(one, "correct horse")
    assert not auth.verify_passcode(one, "correct horsE")
    assert not auth.verify_passcode("garbage", "x")
    assert not auth.verify_passcode("bcrypt$1$2$3$AA==$AA==", "x")


def test_generated_once_and_logged_once(store: Store) -> None:
    logged: list[str] = []
    auth.ensure_passcode(store, None, logged.append)
    auth.ensure_passcode(store, "", logged.append)
    assert len(logged) == 1
    passcode = logged[0].split(": ", 1)[1].split()[0]
    assert len(passcode) == 14
    stored = stored_hash(store)
    assert stored is not None and passcode not in stored
    with store.reading() as tx:
        for table in ("settings",):
            assert all(passcode not in str(v) for row in tx.raw_rows(table) for v in row.values())
    assert auth.check_passcode(store, passcode, sleep=lambda _s: None)
    assert not auth.check_passcode(store, "wrong", sleep=lambda _s: None)


def test_configured_passcode_wins_and_is_kept(store: Store) -> None:
    logged: list[str] = []
    auth.ensure_passcode(store, None, logged.append)
    auth.ensure_passcode(store, "a long passcode", logged.append)
    first = stored_hash(store)
    auth.ensure_passcode(store, "a long passcode", logged.append)
    assert stored_hash(store) == first  # unchanged config: no rehash
    assert len(logged) == 1  # only the generated one
    no_sleep = lambda _s: None  # noqa: E731
    assert auth.check_passcode(store, "a long passcode", sleep=no_sleep)
    assert not auth.check_passcode(store, logged[0].split(": ", 1)[1].split()[0], sleep=no_sleep)


def test_short_configured_passcode_refuses_to_start(store: Store) -> None:
    # Issue 11 (finding 8): a short configured passcode used to be only warned
    # about; now it stops the start with one plain sentence, and stores nothing.
    logged: list[str] = []
    with pytest.raises(SettingsError) as refused:
        auth.ensure_passcode(store, "123456789", logged.append)
    message = str(refused.value)
    assert "9 characters" in message and "at least 10" in message
    assert "123456789" not in message
    assert stored_hash(store) is None and not logged
    auth.ensure_passcode(store, "1234567890", logged.append)  # ten is enough
    assert auth.check_passcode(store, "1234567890", sleep=lambda _s: None)


def test_no_passcode_stored_never_matches(store: Store) -> None:
    assert not auth.check_passcode(store, "", sleep=lambda _s: None)


def test_delay_policy_grows_and_is_capped() -> None:
    delays = [auth.delay_for(n) for n in range(0, 12)]
    assert delays[0] == 0.0
    assert delays[1:5] == [0.25, 0.5, 1.0, 2.0]
    assert all(a <= b for a, b in itertools.pairwise(delays))
    assert max(delays) == auth.MAX_DELAY <= 5.0
    assert auth.delay_for(10**9) == auth.MAX_DELAY


def test_wrong_attempts_slow_down_and_right_one_resets(store: Store) -> None:
    auth.ensure_passcode(store, "the real passcode", lambda _m: None)
    slept: list[float] = []
    for _ in range(6):
        assert not auth.check_passcode(store, "guess", sleep=slept.append)
    assert slept == [0.0, 0.25, 0.5, 1.0, 2.0, 3.0]
    assert auth.failures(store) == 6
    # The real facilitator still gets in, after at most MAX_DELAY.
    assert auth.check_passcode(store, "the real passcode", sleep=slept.append)
    assert slept[-1] == auth.MAX_DELAY
    assert auth.failures(store) == 0
    assert auth.check_passcode(store, "the real passcode", sleep=slept.append)
    assert slept[-1] == 0.0


@pytest.mark.parametrize("length", [3, 5])
def test_make_passcode_alphabet(length: int) -> None:
    codes = {auth.make_passcode() for _ in range(length)}
    assert len(codes) == length
    for code in codes:
        assert not set(code.replace("-", "")) - set(auth.PASSCODE_ALPHABET)


def test_checking_a_passcode_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/privacy.md: 'Checking is constant-time' (hmac.compare_digest, on equal lengths)."""
    compared: list[tuple[int, int]] = []
    original = auth.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((len(a), len(b)))
        return original(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    stored = auth.hash_passcode("the right passcode")
    assert auth.verify_passcode(stored, "the right passcode")
    assert not auth.verify_passcode(stored, "a wrong one of another length entirely")
    assert len(compared) == 2
    assert all(a == b for a, b in compared)  # the digests, never the typed text
