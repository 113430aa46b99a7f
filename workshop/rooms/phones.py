"""What a phone may see: its room's revision, the current step, its own answers.

A phone is known only by its token (see ``tokens``). An ended room still
answers ``phone_view`` so the phone can say goodbye; a purged room or a
tampered token is refused with ``UnknownToken``.
"""

from __future__ import annotations

import dataclasses

from workshop.codes import looks_like_token
from workshop.curriculum import PromptStep
from workshop.rooms.errors import RoomDeleted, RoomEnded, UnknownToken
from workshop.rooms.models import (
    MyAnswer,
    MySession,
    PhoneView,
    Room,
    for_phone,
    my_answer_of,
    parse_snapshot,
    room_of,
)
from workshop.rooms.tokens import answer_key, phone_key, phone_room
from workshop.store import Store


def phone_revision(store: Store, token: str) -> int:
    """The revision of the phone's room: one indexed query, for the phone's poll.

    ``UnknownToken`` for a tampered token or a purged room (an ended room
    still answers, so the phone can redraw and say goodbye).
    """
    if not looks_like_token(token):
        raise UnknownToken()
    with store.reading() as tx:
        value = tx.phone_revision(phone_key(store, token))
    if value is None:
        raise UnknownToken()
    return value


def phone_room_id(store: Store, token: str) -> str:
    """The id of the room this phone joined (what its live stream follows).

    ``UnknownToken`` for a tampered token or a purged room.
    """
    with store.reading() as tx:
        return phone_room(store, tx, token)


def shared_phone_view(room: Room) -> PhoneView:
    """What every phone of ``room`` sees on its current step, before his own answer
    is added: one builder for ``phone_view`` and the per-revision cache in
    ``workshop.live.views``, so the two never disagree."""
    return PhoneView(
        revision=room.revision,
        ended=room.ended,
        paused=room.paused,
        curriculum_title=room.curriculum.title,
        session_title=room.session.title,
        step=for_phone(room.step),
        prompt_state="none" if room.ended else room.prompt_state,
        my_answer=None,
        support_resources=list(room.curriculum.support_resources),
        retention_days=max(0, (room.expires_on - room.opened_on).days),
        deletes_on=room.expires_on,
    )


def phone_view(store: Store, token: str) -> PhoneView:
    """What the phone with this token may see now.

    An ended room still answers (``ended=True``, no answer shown) so the phone
    can say goodbye; a purged room or a tampered token raises ``UnknownToken``.
    """
    with store.reading() as tx:
        room_id = phone_room(store, tx, token)
        row = tx.room(room_id)
        if row is None:
            raise RoomDeleted()
        step = parse_snapshot(row.curriculum_text).session(row.session_id).steps[row.step_index]
        mine = None
        if isinstance(step, PromptStep) and not row.ended:
            mine = my_answer_of(tx.answer(answer_key(store, token, room_id, step.id)))
    return dataclasses.replace(shared_phone_view(room_of(row)), my_answer=mine)


def my_session(store: Store, token: str) -> MySession:
    """This phone's own answers to the current session, with its curriculum.

    The answers are found only by recomputing this token's answer keys (one
    per prompt of the session): nothing in the database links them, and
    nothing here is written. Refusals: ``UnknownToken`` for a tampered token
    or a purged room, ``RoomEnded`` once the room has ended (its tokens stop
    working).
    """
    with store.reading() as tx:
        room_id = phone_room(store, tx, token)
        row = tx.room(room_id)
        if row is None:
            raise RoomDeleted()
        if row.ended:
            raise RoomEnded(
                "This session has ended, so its answers can no longer be saved from this "
                "phone. Save them while the room is open next time."
            )
        curriculum = parse_snapshot(row.curriculum_text)
        session = curriculum.session(row.session_id)
        answers: list[tuple[PromptStep, MyAnswer]] = []
        for prompt in session.prompts():
            mine = my_answer_of(tx.answer(answer_key(store, token, room_id, prompt.id)))
            if mine is not None:
                phone_step = for_phone(prompt)
                assert isinstance(phone_step, PromptStep)
                answers.append((phone_step, mine))
    return MySession(curriculum=curriculum, session=session, answers=answers)


def my_answers(store: Store, token: str) -> list[tuple[PromptStep, MyAnswer]]:
    """This phone's own answers (or passes) to the current session's prompts, in order.

    See ``my_session`` for how they are found and what is refused.
    """
    return my_session(store, token).answers
