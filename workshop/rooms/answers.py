"""A phone's answers: checked against the prompt, screened, saved, replaced, withdrawn.

A phone may answer only the current prompt, only while it is open (the
machine's ``accepting``). Text and word answers are screened for signs of
risk: a flagged answer is stored flagged (never shown or exported), the room
gets a private notice (prompt and count only), and the phone is told to show
support resources.
"""

from __future__ import annotations

from workshop.curriculum import ChoiceAnswer, PromptStep, ScaleAnswer, TextAnswer, WordAnswer
from workshop.normalise import has_visible, normalise_text
from workshop.results import AnswerValue
from workshop.rooms.errors import InvalidAnswer, RoomDeleted
from workshop.rooms.machine import accepting
from workshop.rooms.models import MyAnswer, SubmitResult, parse_snapshot, state_of
from workshop.rooms.tokens import answer_key, phone_room
from workshop.safety import screen
from workshop.store import AnswerRow, Store, Tx

MAX_WORD_ANSWER_CHARS = 60


def validate_answer(prompt: PromptStep, value: object) -> AnswerValue:
    """Check a value against the prompt and return it in stored form.

    Scale: a whole number (``int``, never ``bool``, ``float`` or text) in
    range. Choice: a list of existing options (one when not ``multiple``),
    stored in the prompt's option order. Word and text: normalised first
    (``workshop.normalise``: NFKC, invisible and control characters removed,
    spaces collapsed), then one to ``max_words`` words of at most
    ``MAX_WORD_ANSWER_CHARS`` characters, or 1..max_length characters. Text
    with nothing visible left is empty; text over the limit is refused, never
    cut. Anything else is refused with ``InvalidAnswer`` and a sentence.
    """
    spec = prompt.answer
    if isinstance(spec, ScaleAnswer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidAnswer(f"Pick a whole number from {spec.min} to {spec.max}.")
        if not spec.min <= value <= spec.max:
            raise InvalidAnswer(f"Pick a number from {spec.min} to {spec.max}.")
        return int(value)
    if isinstance(spec, ChoiceAnswer):
        return _valid_choice(spec, value)
    if isinstance(spec, WordAnswer):
        if not isinstance(value, str):
            raise InvalidAnswer("Type a word.")
        words = [
            word for word in _normalised(value, MAX_WORD_ANSWER_CHARS).split() if has_visible(word)
        ]
        if not words:
            raise InvalidAnswer("Type a word, or pass.")
        if len(words) > spec.max_words:
            limit = "one word" if spec.max_words == 1 else f"up to {spec.max_words} words"
            raise InvalidAnswer(f"Use {limit}.")
        joined = " ".join(words)
        if len(joined) > MAX_WORD_ANSWER_CHARS:
            raise InvalidAnswer(f"Keep it under {MAX_WORD_ANSWER_CHARS} characters.")
        return joined
    assert isinstance(spec, TextAnswer)
    if not isinstance(value, str):
        raise InvalidAnswer("Type a short answer.")
    text = _normalised(value, spec.max_length)
    if not has_visible(text):
        raise InvalidAnswer("Type something, or pass.")
    if len(text) > spec.max_length:
        raise InvalidAnswer(
            f"Keep it to {spec.max_length} characters (this is {len(text)}); shorten it."
        )
    return text


def _normalised(value: str, limit: int) -> str:
    """``normalise_text``, refusing a text far over ``limit`` before the work."""
    # Normalising removes invisible characters and NFKC may lengthen a text;
    # past this margin no honest answer fits, so the cost is not worth paying.
    if len(value) > 10 * limit + 1000:
        raise InvalidAnswer(f"Keep it to {limit} characters (this is {len(value)}); shorten it.")
    return normalise_text(value)


def _valid_choice(spec: ChoiceAnswer, value: object) -> list[str]:
    picked = [value] if isinstance(value, str) else value
    if not isinstance(picked, list | tuple) or not all(isinstance(v, str) for v in picked):
        raise InvalidAnswer("Pick one of the options.")
    unknown = [v for v in picked if v not in spec.options]
    if unknown:
        raise InvalidAnswer("That option is not on the list: pick one of the options shown.")
    if not picked:
        raise InvalidAnswer("Pick at least one option, or pass.")
    if len(set(picked)) != len(picked):
        raise InvalidAnswer("Each option can be picked once.")
    if not spec.multiple and len(picked) != 1:
        raise InvalidAnswer("Pick just one option.")
    # Stored in the prompt's order: the stored value says nothing about tap order.
    return [option for option in spec.options if option in picked]


def _open_prompt_for(store: Store, tx: Tx, token: str, prompt_id: str) -> tuple[str, PromptStep]:
    """The phone's room id and the prompt, refusing unless it is open now."""
    room_id = phone_room(store, tx, token)
    # FOR SHARE on PostgreSQL: a facilitator closing the prompt waits for this
    # answer to land (or this answer sees the prompt closed), never in between.
    row = tx.room(room_id, lock="share")
    if row is None:
        raise RoomDeleted()
    steps = parse_snapshot(row.curriculum_text).session(row.session_id).steps
    return room_id, accepting(state_of(row), steps, prompt_id)


def submit_answer(store: Store, token: str, prompt_id: str, value: object) -> SubmitResult:
    """Save (or replace) this phone's answer to the open prompt.

    Text and word answers are screened for signs of risk: a flagged answer is
    stored as a flag without its text (it counts, and is never shown or
    exported), the room gets a private notice
    (prompt and count only), and ``flagged=True`` tells the phone to show
    support resources. Refusals: ``UnknownToken``, ``RoomEnded``,
    ``PromptNotOpen``, ``InvalidAnswer``.
    """
    with store.writing() as tx:
        room_id, prompt = _open_prompt_for(store, tx, token, prompt_id)
        clean = validate_answer(prompt, value)
        flagged = (
            isinstance(clean, str) and prompt.kind in ("word", "text") and screen(clean).flagged
        )
        tx.upsert_answer(
            AnswerRow(
                key=answer_key(store, token, room_id, prompt_id),
                room_id=room_id,
                prompt_id=prompt_id,
                # A flagged text is kept by no one: no screen, export or person
                # may read it, so only its flag (and so its count) is stored.
                value=None if flagged else clean,
                passed=False,
                hidden=False,
                flagged=flagged,
            )
        )
        if flagged:
            tx.add_notice(room_id, prompt_id)
    saved = MyAnswer(value=None, passed=False, flagged=True) if flagged else MyAnswer(clean, False)
    return SubmitResult(saved=saved, flagged=flagged)


def pass_prompt(store: Store, token: str, prompt_id: str) -> SubmitResult:
    """Pass on the open prompt (replacing any answer). A pass counts in the live
    number, never in the results."""
    with store.writing() as tx:
        room_id, _prompt = _open_prompt_for(store, tx, token, prompt_id)
        tx.upsert_answer(
            AnswerRow(
                key=answer_key(store, token, room_id, prompt_id),
                room_id=room_id,
                prompt_id=prompt_id,
                value=None,
                passed=True,
                hidden=False,
                flagged=False,
            )
        )
    return SubmitResult(saved=MyAnswer(value=None, passed=True), flagged=False)


def withdraw_answer(store: Store, token: str, prompt_id: str) -> None:
    """Delete this phone's answer (or pass) to the open prompt; no answer is fine."""
    with store.writing() as tx:
        room_id, _prompt = _open_prompt_for(store, tx, token, prompt_id)
        tx.delete_answer(answer_key(store, token, room_id, prompt_id))
