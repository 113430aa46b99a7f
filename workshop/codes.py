"""The codes people read, type and carry: join codes, phone tokens, display keys.

One place for their alphabets and shapes, so the join code the console shows,
the code a phone types and the address in the QR code all agree on what a
code may contain.
"""

from __future__ import annotations

import re
import secrets

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Upper-case letters and digits without look-alikes: no 0/O, no 1/I/L."""

JOIN_CODE_LENGTH = 6

PASSCODE_ALPHABET = JOIN_CODE_ALPHABET
"""The generated first-start passcode is read off a terminal and typed: the same
look-alike-free alphabet as join codes."""

TOKEN_BYTES = 24
"""Random bytes in a phone token or a projector's display key (192 bits)."""

_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_join_code() -> str:
    """A fresh random join code (about 30 bits: unique among open rooms by retry)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """Upper-case the code and drop the spaces and dashes people type."""
    return re.sub(r"[\s-]+", "", text).upper()


def is_join_code(text: str) -> bool:
    """True when ``text`` (already normalised) has the shape of a join code."""
    return len(text) == JOIN_CODE_LENGTH and all(c in JOIN_CODE_ALPHABET for c in text)


def new_token() -> str:
    """A fresh phone token or display key: URL-safe, never stored in clear."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(text: str) -> bool:
    """True when ``text`` could be a token this app made (a cheap check before hashing)."""
    return bool(_TOKEN_PATTERN.match(text))
