"""The facilitator's console: moves, private previews and notices.

A move loads the room, asks the pure ``machine`` where it goes next, and
writes that with compare-and-set on the room's revision: two consoles that
press at once cannot both move the room, and the loser gets ``StaleRevision``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import workshop.rooms.machine as machine
from workshop.curriculum import PromptStep
from workshop.rooms.errors import (
    AnswerNotFound,
    NotAPrompt,
    NotATextPrompt,
    RoomNotFound,
    StaleRevision,
)
from workshop.rooms.machine import RoomState, Steps
from workshop.rooms.models import (
    PendingNotice,
    PrivateText,
    Room,
    parse_snapshot,
    room_of,
    state_of,
)
from workshop.rooms.tokens import answer_ref
from workshop.store import RoomRow, Store, Tx

Transition = Callable[[RoomState, Steps], RoomState]


# --- Moves (compare-and-set) -----------------------------------------------------


def _apply(row: RoomRow, state: RoomState) -> RoomRow:
    moved = state.step_index != row.step_index
    # The page of answer cards belongs to one reveal: any other move starts over.
    same = not moved and dict(state.prompt_states) == dict(row.prompt_states)
    return dataclasses.replace(
        row,
        # Overwritten at each move: the room keeps one time, its current step's start.
        step_started=time.time() if moved else row.step_started,
        step_index=state.step_index,
        prompt_states=dict(state.prompt_states),
        paused=state.paused,
        ended=state.ended,
        text_page=state.text_page if same else 0,
        revision=row.revision + 1,
    )


def _settle_closed(tx: Tx, before: RoomRow, after: RoomRow) -> None:
    """Let the store reorder the answers of prompts that just closed."""
    for prompt_id in machine.closed_by(state_of(before), state_of(after)):
        tx.settle_answers(after.id, prompt_id)
        tx.release_notice_holds(after.id, prompt_id)


def _change(store: Store, room_id: str, expected_revision: int, transition: Transition) -> Room:
    """Apply a machine transition if the revision still matches."""
    with store.writing() as tx:
        row = tx.room(room_id, lock="update")
        if row is None:
            raise RoomNotFound(RoomNotFound.OPEN_A_NEW_ONE)
        if row.revision != expected_revision:
            raise StaleRevision(row.revision)
        steps = parse_snapshot(row.curriculum_text).session(row.session_id).steps
        new = _apply(row, transition(state_of(row), steps))
        if not tx.update_room(new, expected_revision=row.revision):
            raise StaleRevision(row.revision)
        _settle_closed(tx, row, new)
    return room_of(new)


def next_step(store: Store, room_id: str, expected_revision: int) -> Room:
    """Move to the next step (compare-and-set on the revision)."""
    return _change(store, room_id, expected_revision, machine.next_step)


def previous_step(store: Store, room_id: str, expected_revision: int) -> Room:
    """Move back one step (compare-and-set on the revision)."""
    return _change(store, room_id, expected_revision, machine.previous_step)


def jump_to(store: Store, room_id: str, expected_revision: int, step_index: int) -> Room:
    """Go to any step by its index (compare-and-set on the revision)."""
    return _change(
        store,
        room_id,
        expected_revision,
        lambda state, steps: machine.jump_to(state, steps, step_index),
    )


def open_prompt(store: Store, room_id: str, expected_revision: int) -> Room:
    """Open the current prompt for answers (again, if it was closed and nothing of it
    was shown: see ``machine.may_reopen``)."""
    with store.reading() as tx:
        row = tx.room(room_id)
        prompt = room_of(row).prompt if row is not None else None
        # Read before the change: a closed prompt takes no answers and no
        # withdrawals, so the count cannot move until it opens; any other move
        # in between changes the revision and the compare-and-set refuses.
        answered = tx.count_answers(room_id, prompt.id) if prompt is not None else 0
    return _change(
        store,
        room_id,
        expected_revision,
        lambda state, steps: machine.open_prompt(state, steps, answered),
    )


def close_prompt(store: Store, room_id: str, expected_revision: int) -> Room:
    """Close the current prompt: no more answers, changes or withdrawals."""
    return _change(store, room_id, expected_revision, machine.close_prompt)


def reveal_prompt(store: Store, room_id: str, expected_revision: int) -> Room:
    """Reveal the current (closed) prompt's results to the room."""
    return _change(store, room_id, expected_revision, machine.reveal_prompt)


def show_text_page(store: Store, room_id: str, expected_revision: int, page: int) -> Room:
    """Show the room another page of the revealed text question's cards (compare-and-set)."""
    return _change(
        store,
        room_id,
        expected_revision,
        lambda state, steps: machine.show_text_page(state, steps, page),
    )


def set_paused(store: Store, room_id: str, expected_revision: int, paused: bool) -> Room:
    """Pause or resume the room's screens (answers are not affected)."""
    return _change(
        store, room_id, expected_revision, lambda state, _steps: machine.set_paused(state, paused)
    )


def end_room(store: Store, room_id: str) -> Room:
    """End the room: open prompts close and phone tokens stop working.

    Not compare-and-set: ending must always work. Ending an ended room
    returns it unchanged. The store forgets the order in which the phones
    joined (their rows stay, for the phones' goodbye page) and the room's two
    seconds: when its join bucket was last drawn from (the last join) and when
    its step started. An ended room keeps only days.
    """
    with store.writing() as tx:
        row = tx.room(room_id, lock="update")
        if row is None:
            raise RoomNotFound()
        if row.ended:
            return room_of(row)
        new = dataclasses.replace(_apply(row, machine.end(state_of(row))), step_started=None)
        tx.update_room(new, expected_revision=row.revision)
        _settle_closed(tx, row, new)
        tx.settle_phones(room_id)
        tx.forget_join_bucket(room_id)
    return room_of(new)


# --- Previews and notices ---------------------------------------------------------


def _room_prompt(tx: Tx, room_id: str, prompt_id: str) -> tuple[RoomRow, PromptStep]:
    row = tx.room(room_id)
    if row is None:
        raise RoomNotFound()
    curriculum = parse_snapshot(row.curriculum_text)
    try:
        step = curriculum.session(row.session_id).step(prompt_id)
    except KeyError:
        raise NotAPrompt(f"This session has no question {prompt_id!r}.") from None
    if not isinstance(step, PromptStep):
        raise NotAPrompt(f"Step {prompt_id!r} is not a question.")
    return row, step


def private_texts(store: Store, room_id: str, prompt_id: str) -> list[PrivateText]:
    """The facilitator's private preview of a word or text prompt's answers.

    Only once the prompt is closed (while it is open, a text appearing could be
    matched to the man who just typed). Flagged answers are left out (they are
    counted in ``notices``); hidden ones are included, marked hidden. The
    order is by ``ref``: stable across reruns and unrelated to arrival.
    """
    with store.reading() as tx:
        row, prompt = _room_prompt(tx, room_id, prompt_id)
        if prompt.kind not in ("word", "text"):
            raise NotATextPrompt()
        machine.check_previewable(state_of(row), prompt_id)
        items = [
            PrivateText(
                ref=answer_ref(store, answer.key), text=str(answer.value), hidden=answer.hidden
            )
            for answer in tx.answers(room_id, prompt_id)
            if not answer.passed and not answer.flagged
        ]
    return sorted(items, key=lambda item: item.ref)


def hide_answer(store: Store, room_id: str, prompt_id: str, ref: str, hidden: bool = True) -> None:
    """Hide (or show again) one word or text answer, found by its preview ``ref``.

    Bumps the room's revision so the projector redraws without it.
    """
    with store.writing() as tx:
        _row, prompt = _room_prompt(tx, room_id, prompt_id)
        if prompt.kind not in ("word", "text"):
            raise NotATextPrompt("Only word and text answers can be hidden.")
        target = next(
            (a for a in tx.answers(room_id, prompt_id) if answer_ref(store, a.key) == ref), None
        )
        if target is None:
            raise AnswerNotFound()
        tx.set_hidden(target.key, hidden)
        tx.bump_revision(room_id)


def raw_notices(store: Store, room_id: str) -> list[PendingNotice]:
    """The room's safety notices as stored, for ``workshop.disclosure`` to hold or release.

    Prompt, count and holds, no text. Not for pages: the console asks the
    disclosure gate, which holds a notice until it cannot point at one phone.
    """
    with store.reading() as tx:
        row = tx.room(room_id)
        if row is None:
            raise RoomNotFound()
        stored = tx.notices(room_id)
        arrived = {pid: tx.count_answers(room_id, pid) for pid, _count, _held in stored}
    session = parse_snapshot(row.curriculum_text).session(row.session_id)
    questions = {prompt.id: prompt.question for prompt in session.prompts()}
    state = state_of(row)
    return [
        PendingNotice(
            prompt_id=pid,
            question=questions.get(pid, pid),
            count=count,
            held=tuple(held),
            answers=arrived[pid],
            closed=state.ended or state.state_of(pid) not in ("none", "open"),
        )
        for pid, count, held in stored
    ]


# --- Results ---------------------------------------------------------------------


def response_count(store: Store, room_id: str, prompt_id: str) -> int:
    """The live number: answers and passes together (hidden and flagged included,
    so hiding never makes the number drop)."""
    with store.reading() as tx:
        return tx.count_answers(room_id, prompt_id)
