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

Each record has a scope (``Scope``): the organiser (every group, the
organiser page) or one group (that group's rooms only), decided by which
passcode signed in (``workshop.auth.check_signin``). A group's new
facilitator passcode removes that group's records (``sign_out_group``).
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass

from workshop.store import Store

COOKIE_NAME = "open_circle_signin"
"""The cookie the sign-in route sets and every facilitator page reads."""
SIGNIN_SECONDS = 12 * 3600
"""How long one sign-in lasts."""


@dataclass(frozen=True)
class Scope:
    """What a sign-in reaches: every group (``group_id`` ``None``: the organiser) or one."""

    group_id: str | None = None

    @property
    def organiser(self) -> bool:
        """Whether this is the organiser's sign-in (every group, the organiser page)."""
        return self.group_id is None

    def reaches(self, group_id: str) -> bool:
        """Whether this sign-in may see and run the rooms of ``group_id``."""
        return self.group_id is None or self.group_id == group_id


ORGANISER = Scope()
"""The organiser's scope."""

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


def sign_in(store: Store, scope: Scope = ORGANISER, *, now: float | None = None) -> str:
    """Record a new sign-in with ``scope`` and return the cookie value that names it.

    Call only after the passcode was right (``workshop.auth.check_signin``
    gives the scope). Expired records are cleared on the way.
    """
    record_id = secrets.token_hex(24)
    clock = _now(now)
    with store.writing() as tx:
        tx.delete_signins(expired_before=clock)
        tx.insert_signin(
            store.keyed_hash(_RECORD, record_id), clock + SIGNIN_SECONDS, scope.group_id
        )
    return f"{record_id}.{store.keyed_hash(_COOKIE, record_id)}"


def scope_of(store: Store, cookie: str | None, *, now: float | None = None) -> Scope | None:
    """The scope of the live sign-in ``cookie`` names, or ``None`` (none, expired, forged)."""
    record_id = _parts(store, cookie or "")
    if record_id is None:
        return None
    with store.reading() as tx:
        found = tx.signin_scope(store.keyed_hash(_RECORD, record_id))
    if found is None or found[0] <= _now(now):
        return None
    return Scope(found[1])


def signed_in(store: Store, cookie: str | None, *, now: float | None = None) -> bool:
    """Whether ``cookie`` names a sign-in that is still recorded and not expired."""
    return scope_of(store, cookie, now=now) is not None


def sign_out(store: Store, cookie: str | None) -> None:
    """Remove the sign-in ``cookie`` names (nothing for a cookie that names none)."""
    record_id = _parts(store, cookie or "")
    if record_id is None:
        return
    with store.writing() as tx:
        tx.delete_signin(store.keyed_hash(_RECORD, record_id))


def sign_out_group(store: Store, group_id: str) -> int:
    """Remove every sign-in scoped to ``group_id``: that group's tabs lock at their next run."""
    with store.writing() as tx:
        return tx.delete_group_signins(group_id)


def sign_out_everywhere(store: Store) -> int:
    """Remove every sign-in: every facilitator tab locks at its next run."""
    with store.writing() as tx:
        return tx.delete_signins()
