"""The facilitator passcode: stored only as a salted scrypt hash.

``ensure_passcode`` runs once per process at start: a configured passcode
(``WORKSHOP_FACILITATOR_PASSCODE`` or Streamlit secrets, passed in by the UI)
replaces the stored hash when it differs; with none configured and none
stored, one is generated and written once to the server log.

``check_passcode`` compares in constant time and slows down repeated wrong
attempts: after n wrong attempts in a row every check waits
``delay_for(n)`` seconds (0.25 s doubling, capped at ``MAX_DELAY`` = 3 s), so
guessing is slow but the real facilitator is never locked out for more than a
few seconds. The count lives in the database, so every app process shares it,
and one right passcode resets it.

However many sessions or connections guess at once, checks are limited twice
(finding 8 of issue 11): one at a time per process (a lock), and
``GUESS_RATE`` a second over all processes together, from a bucket of
``GUESS_BURST`` kept in the settings table. A check waits its turn instead of
being refused, so the real facilitator's right passcode is checked within a
few seconds even while someone floods wrong ones (a flood from many
connections at once makes him wait about its size / ``GUESS_RATE`` seconds).

A configured passcode shorter than ``MIN_CONFIGURED_LENGTH`` stops the app
at start with a plain sentence (``SettingsError``).

Access per group (issue 14): the passcode above is the organiser's. The
organiser gives a group its own facilitator passcode (``set_group_passcode``:
made here, shown once, stored only as a salted scrypt hash; making a new one
signs that group's facilitators out). One sign-in form serves both:
``check_signin`` compares the attempt with the organiser hash and with every
group hash, all of them whatever matched (so the time taken does not tell
which scope, if any, was right), under the same delay, lock and shared bucket,
and answers the scope (``workshop.signin.Scope``) or ``None``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

from workshop.codes import PASSCODE_ALPHABET
from workshop.config import SettingsError
from workshop.signin import ORGANISER, Scope
from workshop.store import Store

PASSCODE_SETTING = "passcode_hash"
FAILURES_SETTING = "passcode_failures"
GUESS_SETTING = "passcode_guess_bucket"
"""The shared guess bucket: ``tokens:refilled`` (Unix seconds)."""

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_BYTES = 32

BASE_DELAY = 0.25
MAX_DELAY = 3.0
MIN_CONFIGURED_LENGTH = 10
GUESS_BURST = 10
"""Checks the shared bucket allows at once."""
GUESS_RATE = 1.0
"""Checks a second over every app process together, once the burst is used."""

# One check at a time in this process, however many sessions ask.
_one_check = threading.Lock()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_passcode(passcode: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash: ``scrypt$n$r$p$salt$hash`` (base64 parts)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        passcode.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=SCRYPT_BYTES,
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_passcode(stored: str, attempt: str) -> bool:
    """Whether ``attempt`` matches the stored hash (constant-time compare)."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(
            attempt.encode("utf-8"),
            salt=salt,
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest, expected)


def make_passcode() -> str:
    """A new passcode like ``K7QM-3XTR-9PWD`` (about 59 bits)."""
    groups = ("".join(secrets.choice(PASSCODE_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def require_long_enough(configured: str | None) -> None:
    """``SettingsError`` (one plain sentence) for a configured passcode that is too short."""
    configured = (configured or "").strip()
    if configured and len(configured) < MIN_CONFIGURED_LENGTH:
        raise SettingsError(
            f"the facilitator passcode (WORKSHOP_FACILITATOR_PASSCODE or facilitator_passcode "
            f"in .streamlit/secrets.toml) has {len(configured)} characters, and anyone in the "
            f"room could guess one that short: choose one of at least {MIN_CONFIGURED_LENGTH}"
        )


def ensure_passcode(store: Store, configured: str | None, log: Callable[[str], None]) -> None:
    """Make sure a passcode hash is stored.

    ``configured`` wins when given (its hash replaces a different stored one,
    and every sign-in made with the old one is revoked). Otherwise an
    existing hash is kept; with none stored a passcode is made and passed to
    ``log`` exactly once (the one process that stored it logs). A configured
    passcode that is too short raises ``SettingsError`` (``require_long_enough``).
    """
    configured = (configured or "").strip()
    if configured:
        require_long_enough(configured)
        with store.reading() as tx:
            stored = tx.setting(PASSCODE_SETTING)
        if stored is not None and verify_passcode(stored, configured):
            return
        hashed = hash_passcode(configured)
        with store.writing() as tx:
            tx.put_setting(PASSCODE_SETTING, hashed)
            tx.put_setting(FAILURES_SETTING, "0")
            tx.delete_signins()  # a changed passcode signs every browser out
        return
    with store.reading() as tx:
        if tx.setting(PASSCODE_SETTING) is not None:
            return
    passcode = make_passcode()
    with store.writing() as tx:
        made = tx.add_setting(PASSCODE_SETTING, hash_passcode(passcode))
    if made:
        log(
            f"Facilitator passcode (shown once, write it down): {passcode}  "
            "To choose your own, set WORKSHOP_FACILITATOR_PASSCODE and restart."
        )


def delay_for(failures: int) -> float:
    """Seconds to wait before checking, after ``failures`` wrong attempts in a row."""
    if failures <= 0:
        return 0.0
    return min(MAX_DELAY, BASE_DELAY * float(2 ** min(failures - 1, 16)))


def failures(store: Store) -> int:
    """Wrong attempts in a row since the last right one."""
    with store.reading() as tx:
        text = tx.setting(FAILURES_SETTING)
    return int(text) if text is not None and text.isdigit() else 0


def _parse_bucket(text: str | None) -> tuple[float, float] | None:
    try:
        tokens, refilled = (float(part) for part in (text or "").split(":"))
    except ValueError:
        return None
    return tokens, refilled


def take_guess(store: Store, now: float) -> float:
    """Draw one check from the shared bucket: 0.0 when drawn, else seconds to wait first.

    Nothing is drawn when it answers a wait; the caller waits and asks again.
    """
    with store.writing() as tx:
        bucket = _parse_bucket(tx.setting(GUESS_SETTING))
        if bucket is None:
            tokens = float(GUESS_BURST)
        else:
            # A clock that went back (another process's) refills nothing.
            tokens = min(float(GUESS_BURST), bucket[0] + max(0.0, now - bucket[1]) * GUESS_RATE)
        if tokens < 1.0:
            return (1.0 - tokens) / GUESS_RATE
        tx.put_setting(GUESS_SETTING, f"{tokens - 1.0:.6f}:{now:.6f}")
    return 0.0


def _scope_for(store: Store, attempt: str) -> Scope | None:
    """Which scope ``attempt`` opens: every hash is checked, whatever matched first."""
    with store.reading() as tx:
        organiser = tx.setting(PASSCODE_SETTING)
        by_group = tx.group_passcode_hashes()
    found: Scope | None = None
    if organiser is not None and verify_passcode(organiser, attempt):
        found = ORGANISER
    for group_id, hashed in sorted(by_group.items()):
        # No early exit: a right group passcode takes as long as a wrong one.
        if verify_passcode(hashed, attempt) and found is None:
            found = Scope(group_id)
    return found


def check_signin(
    store: Store,
    attempt: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> Scope | None:
    """The scope ``attempt`` signs in to (organiser or one group), or ``None``.

    Waits ``delay_for(wrong attempts so far)`` first, then its turn: one check
    at a time per process, and one draw from the shared bucket (``sleep`` and
    ``clock`` are injectable for tests). Any right passcode resets the count;
    a wrong one (organiser's or any group's: one count) adds one. Blocking:
    call it from a worker thread, never from the server's event loop.
    """
    before = failures(store)
    sleep(delay_for(before))
    with _one_check:
        while (wait := take_guess(store, clock())) > 0:
            sleep(wait)
        scope = _scope_for(store, attempt) if attempt else None
    if scope is not None and failures(store) == 0:
        return scope
    with store.writing() as tx:
        # Re-read inside the write: other processes may have counted meanwhile.
        now = tx.setting(FAILURES_SETTING)
        count = int(now) if now is not None and now.isdigit() else 0
        tx.put_setting(FAILURES_SETTING, "0" if scope is not None else str(count + 1))
    return scope


def check_passcode(
    store: Store,
    attempt: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> bool:
    """Whether ``attempt`` is the organiser passcode (``check_signin``, organiser scope)."""
    return check_signin(store, attempt, sleep=sleep, clock=clock) == ORGANISER


def set_group_passcode(store: Store, group_id: str) -> str | None:
    """Give a group a new facilitator passcode; return it (shown once), ``None`` for no group.

    Only its salted scrypt hash is stored; it replaces any earlier one, and
    every sign-in made with the earlier one is removed.
    """
    passcode = make_passcode()
    with store.writing() as tx:
        if not tx.put_group_passcode_hash(group_id, hash_passcode(passcode)):
            return None
        # In the same transaction: no sign-in made with the old one survives.
        tx.delete_group_signins(group_id)
    return passcode


def groups_with_passcode(store: Store) -> set[str]:
    """The ids of the groups that have a facilitator passcode."""
    with store.reading() as tx:
        return set(tx.group_passcode_hashes())
