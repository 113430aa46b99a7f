"""Facilitator sign-in records: what a browser's cookie names once the passcode was right.

A sign-in is a random id. The browser holds it in an HttpOnly,
``SameSite=Strict`` cookie as ``ID.MAC`` (the MAC is an HMAC under the
store's server secret, so a made-up value is refused before the database is
asked); the store keeps only the keyed hash of the id and the second it
expires (``SIGNIN_SECONDS`` after sign-in). Every page run checks the cookie
against that record (``signed_in``), so a Streamlit session id alone opens
nothing, a reload does not ask again, and removing the record (sign-out, a
changed passcode: ``workshop.auth.ensure_passcode``) locks every tab at its
next run. The record names no person, no address, no browser.
"""

from __future__ import annotations

import hmac
import secrets
import time

from workshop.store import Store

COOKIE_NAME = "open_circle_signin"
"""The cookie the sign-in route sets and every facilitator page reads."""
SIGNIN_SECONDS = 12 * 3600
"""How long one sign-in lasts."""

_RECORD = "signin-record"
_COOKIE = "signin-cookie"


def _now(now: float | None) -> int:
    return int(time.time() if now is None else now)


def _parts(store: Store, cookie: str) -> str | None:
    """The record id a cookie names if its MAC is right, else ``None``."""
    record_id, dot, mac = cookie.partition(".")
    if not dot or not 20 <= len(record_id) <= 64 or not record_id.isalnum():
        return None
    if not hmac.compare_digest(mac.encode(), store.keyed_hash(_COOKIE, record_id).encode()):
        return None
    return record_id


def sign_in(store: Store, *, now: float | None = None) -> str:
    """Record a new sign-in and return the cookie value that names it.

    Call only after the passcode was right (``workshop.auth.check_passcode``).
    Expired records are cleared on the way.
    """
    record_id = secrets.token_hex(24)
    clock = _now(now)
    with store.writing() as tx:
        tx.delete_signins(expired_before=clock)
        tx.insert_signin(store.keyed_hash(_RECORD, record_id), clock + SIGNIN_SECONDS)
    return f"{record_id}.{store.keyed_hash(_COOKIE, record_id)}"


def signed_in(store: Store, cookie: str | None, *, now: float | None = None) -> bool:
    """Whether ``cookie`` names a sign-in that is still recorded and not expired."""
    record_id = _parts(store, cookie or "")
    if record_id is None:
        return False
    with store.reading() as tx:
        expires = tx.signin_expiry(store.keyed_hash(_RECORD, record_id))
    return expires is not None and expires > _now(now)


def sign_out(store: Store, cookie: str | None) -> None:
    """Remove the sign-in ``cookie`` names (nothing for a cookie that names none)."""
    record_id = _parts(store, cookie or "")
    if record_id is None:
        return
    with store.writing() as tx:
        tx.delete_signin(store.keyed_hash(_RECORD, record_id))


def sign_out_everywhere(store: Store) -> int:
    """Remove every sign-in: every facilitator tab locks at its next run."""
    with store.writing() as tx:
        return tx.delete_signins()
