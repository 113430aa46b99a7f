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
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from workshop.codes import PASSCODE_ALPHABET
from workshop.store import Store

PASSCODE_SETTING = "passcode_hash"
FAILURES_SETTING = "passcode_failures"

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_BYTES = 32

BASE_DELAY = 0.25
MAX_DELAY = 3.0
MIN_CONFIGURED_LENGTH = 8


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


def ensure_passcode(store: Store, configured: str | None, log: Callable[[str], None]) -> None:
    """Make sure a passcode hash is stored.

    ``configured`` wins when given (its hash replaces a different stored one).
    Otherwise an existing hash is kept; with none stored a passcode is made
    and passed to ``log`` exactly once (the one process that stored it logs).
    """
    configured = (configured or "").strip()
    if configured:
        with store.reading() as tx:
            stored = tx.setting(PASSCODE_SETTING)
        if stored is not None and verify_passcode(stored, configured):
            return
        if len(configured) < MIN_CONFIGURED_LENGTH:
            log(
                f"The facilitator passcode is shorter than {MIN_CONFIGURED_LENGTH} characters: "
                "anyone in the room could guess it. Choose a longer one."
            )
        hashed = hash_passcode(configured)
        with store.writing() as tx:
            tx.put_setting(PASSCODE_SETTING, hashed)
            tx.put_setting(FAILURES_SETTING, "0")
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


def check_passcode(
    store: Store, attempt: str, *, sleep: Callable[[float], None] = time.sleep
) -> bool:
    """Whether ``attempt`` is the facilitator passcode.

    Waits ``delay_for(wrong attempts so far)`` first (``sleep`` is injectable
    for tests). A right passcode resets the count; a wrong one adds one.
    """
    before = failures(store)
    sleep(delay_for(before))
    with store.reading() as tx:
        stored = tx.setting(PASSCODE_SETTING)
    ok = stored is not None and verify_passcode(stored, attempt)
    if ok and before == 0:
        return True
    with store.writing() as tx:
        # Re-read inside the write: other processes may have counted meanwhile.
        now = tx.setting(FAILURES_SETTING)
        count = int(now) if now is not None and now.isdigit() else 0
        tx.put_setting(FAILURES_SETTING, "0" if ok else str(count + 1))
    return ok
