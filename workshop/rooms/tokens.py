"""How a phone's token becomes the keys that are stored, and finds its room.

Privacy (see ``docs/privacy.md``): a phone's token is never stored. The phones
table keeps ``HMAC(secret, "phone", token)`` with the room id, written once at
join; each answer's primary key is ``HMAC(secret, "answer", token, room,
prompt)``. A phone that answers again replaces its answer, and a copy of the
database cannot join two answers of one phone. (The room is a plain column of
the phones table because ``phone_view`` gets only the token and must find its
room.)
"""

from __future__ import annotations

from workshop.codes import looks_like_token
from workshop.rooms.errors import UnknownToken
from workshop.store import Store, Tx


def phone_key(store: Store, token: str) -> str:
    """The stored key of a phone: its token hashed with the server secret."""
    return store.keyed_hash("phone", token)


def answer_key(store: Store, token: str, room_id: str, prompt_id: str) -> str:
    """The stored key of one phone's answer to one prompt of one room."""
    return store.keyed_hash("answer", token, room_id, prompt_id)


def answer_ref(store: Store, key: str) -> str:
    """The facilitator's handle on an answer: derived from its key, not the key."""
    return store.keyed_hash("ref", key)[:24]


def phone_room(store: Store, tx: Tx, token: str) -> str:
    """The id of the room this token joined; ``UnknownToken`` when there is none."""
    if not looks_like_token(token):
        raise UnknownToken()
    room_id = tx.phone_room_id(phone_key(store, token))
    if room_id is None:
        raise UnknownToken()
    return room_id
