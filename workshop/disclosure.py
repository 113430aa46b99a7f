"""What may be released, to whom: the one gate every result passes through.

``decide`` is the one function that rules on a prompt for an audience; it is
pure (a prompt, its state and its answers in, a released summary or a
``Withheld`` marker with its reason out). ``Gate`` reads what ``decide`` needs
from the store and owns the ``Policy`` (``k``, built from the settings
once), so no caller passes ``k`` and no caller can pass a smaller one.

Audiences:

- ``room``: the projector. Only a revealed prompt, only with ``k`` answers.
- ``facilitator``: the console. The same as the room for results, and a
  closed word or text prompt's result before the reveal (its answers are in
  the preview anyway, and it cannot be reopened once answered); the
  private preview of word and text answers (``Gate.preview``) once the prompt
  has closed, and the safety notices (``Gate.notices``), held until they no
  longer point at one phone.
- ``export``: the funders' CSV. A figure that can never change again: a
  revealed prompt (which cannot be reopened), or a scale or choice of a room
  that has ended; words and text only once revealed. Never an open prompt, so
  two exports taken a minute apart never differ by one man's answer.
- ``record``: the group summary of an ended room (revealed prompts) and the
  group trend. A pooled figure (a trend cell over rooms or prompts) is
  released only when every constituent would be released on its own, so no
  withheld figure can be recovered by differencing two released ones. The
  trend the room sees (``room_trend``: the projector's trend step and the
  organiser page) rules each constituent for the ``room`` and pools it the same way.
- ``self``: a phone's own answers, for its takeaway. ``k`` does not apply (a
  man may see what he said himself, as his phone already shows it).

Counts beside results count answers only (``PromptSummary.answered``): how
many passed is not secret (the live number minus the answers), who passed is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

import pandas as pd

from workshop.config import Settings
from workshop.curriculum import AnswerKind, PromptStep, is_trend_prompt
from workshop.results import AnswerValue, PromptSummary, TrendRow, group_trend, summarize
from workshop.rooms.errors import NotAPrompt, RoomNotEnded, RoomNotFound
from workshop.rooms.facilitation import private_texts, raw_notices
from workshop.rooms.machine import PREVIEWED_KINDS
from workshop.rooms.models import MySession, Notice, PrivateText, Room, RoomRecord
from workshop.rooms.phones import my_session
from workshop.rooms.records import group_records, room_record
from workshop.store import PromptState, Store

Audience = Literal["room", "facilitator", "export", "record", "self"]
"""Who a release is for: see the module docstring."""

Reason = Literal["not-asked", "open", "not-revealed", "not-final", "too-few"]
"""Why something was withheld."""

_REASONS: dict[Reason, str] = {
    "not-asked": "This question has not been asked yet.",
    "open": "This question is still open: nothing of it is shown until it closes.",
    "not-revealed": "The room has not seen this question's results.",
    "not-final": "This question could still be reopened: its results go out once the room "
    "has seen them or the room has ended.",
    "too-few": "Fewer than {k} answers: no result is shown, so every answer stays anonymous.",
}


@dataclass(frozen=True)
class Policy:
    """The release policy: ``k``, the small-number rule (``WORKSHOP_MIN_GROUP``)."""

    k: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy the settings ask for."""
        return cls(k=settings.min_group)


@dataclass(frozen=True)
class Withheld:
    """Nothing of this prompt is released to this audience, and why.

    No count of any kind: the marker says only which question and why.
    """

    prompt_id: str
    question: str
    kind: AnswerKind
    reason: Reason
    k: int
    shown: Literal[False] = False

    @property
    def message(self) -> str:
        """The reason in one plain sentence."""
        return _REASONS[self.reason].format(k=self.k)


Release = PromptSummary | Withheld
"""What ``decide`` returns: a released (``shown``) summary, or ``Withheld``."""


class AnswerLike(Protocol):
    """What ``decide`` reads of a stored answer (``AnswerRow`` or ``RecordedAnswer``)."""

    @property
    def value(self) -> AnswerValue | None: ...
    @property
    def passed(self) -> bool: ...
    @property
    def hidden(self) -> bool: ...
    @property
    def flagged(self) -> bool: ...


def _gate_state(
    audience: Audience, prompt: PromptStep, state: PromptState, ended: bool
) -> Reason | None:
    if state == "none":
        return "not-asked"
    if state == "open":
        return "open"  # to anyone: a bar that moves can be matched to who just tapped
    if audience == "self":
        return None
    if state == "revealed":
        return None
    if audience == "facilitator" and prompt.kind in PREVIEWED_KINDS:
        # The console reads every one of these in its private preview already, and
        # the machine refuses to reopen one once answered: nothing to difference.
        return None
    if audience != "export":
        return "not-revealed"
    # Free input goes out only once the facilitator previewed it and revealed it.
    if prompt.kind not in ("scale", "choice"):
        return "not-revealed"
    # A closed prompt of a running room may be opened again: exported now and
    # again after one more answer, the difference would be that answer.
    return None if ended else "not-final"


def decide(
    policy: Policy,
    audience: Audience,
    prompt: PromptStep,
    state: PromptState,
    answers: Iterable[AnswerLike],
    *,
    ended: bool = False,
) -> Release:
    """The one ruling: what of this prompt's answers ``audience`` may have now.

    ``state`` is the prompt's state and ``ended`` whether its room has ended.
    Hidden and flagged answers never count and are never shown; passes count
    in ``responses`` only. Below ``policy.k`` answers nothing is released
    (the ``self`` audience is not ruled here: see ``Gate.own_answers``).
    """
    reason = _gate_state(audience, prompt, state, ended)

    def withheld(why: Reason) -> Withheld:
        return Withheld(prompt.id, prompt.question, prompt.kind, why, policy.k)

    if reason is not None:
        return withheld(reason)
    rows = list(answers)
    values = [a.value for a in rows if a.value is not None and not _left_out(a)]
    passes = sum(1 for a in rows if a.passed)
    kept_out = sum(1 for a in rows if not a.passed and (a.hidden or a.flagged))
    summary = summarize(prompt, values, passes, policy.k, withheld=kept_out)
    return summary if summary.shown else withheld("too-few")


def _left_out(answer: AnswerLike) -> bool:
    return answer.passed or answer.hidden or answer.flagged


@dataclass(frozen=True)
class Preview:
    """The facilitator's private preview of a closed word or text prompt.

    ``texts`` are every answer (hidden ones marked); ``shown`` is how many the
    room will see; ``k`` the rule. ``withheld`` is true when fewer than ``k``
    would be shown (the room then sees no result at all); ``last_k`` when
    hiding one more answer would drop it under ``k``.
    """

    texts: tuple[PrivateText, ...]
    shown: int
    k: int

    @property
    def withheld(self) -> bool:
        """The room will see no result: fewer than ``k`` answers would be shown."""
        return self.shown < self.k

    @property
    def last_k(self) -> bool:
        """Hiding one more answer would withhold the whole result."""
        return self.shown == self.k


@dataclass(frozen=True)
class RoomRelease:
    """One room's released prompt summaries, in session order."""

    room: Room
    summaries: tuple[PromptSummary, ...]


@dataclass(frozen=True)
class ExportRelease:
    """Everything an export may write: rooms oldest first, and the trend (or ``None``)."""

    rooms: tuple[RoomRelease, ...]
    trend: pd.DataFrame | None


def _state_in(record: RoomRecord, prompt_id: str) -> PromptState:
    return record.states.get(prompt_id, "none")


class Gate:
    """The gate as the app uses it: the store to read from and the policy to apply."""

    def __init__(self, store: Store, policy: Policy) -> None:
        self.store = store
        self.policy = policy

    @classmethod
    def from_settings(cls, store: Store, settings: Settings) -> Gate:
        """The gate with the settings' policy."""
        return cls(store, Policy.from_settings(settings))

    @property
    def k(self) -> int:
        """The small-number rule this gate applies (for the words beside a result)."""
        return self.policy.k

    def _record(self, room_id: str) -> RoomRecord:
        return room_record(self.store, room_id)

    def release(self, room_id: str, prompt_id: str, audience: Audience) -> Release:
        """``decide`` for one prompt of a stored room (``RoomNotFound``, ``NotAPrompt``)."""
        record = self._record(room_id)
        prompt = _prompt(record.room, prompt_id)
        answers = [a for a in record.answers if a.prompt_id == prompt_id]
        state = _state_in(record, prompt_id)
        return decide(self.policy, audience, prompt, state, answers, ended=record.room.ended)

    def preview(self, room_id: str, prompt_id: str) -> Preview:
        """The facilitator's private preview, with how many the room will see.

        Refused (``PromptNotClosed``) while the prompt is open or not asked.
        """
        texts = tuple(private_texts(self.store, room_id, prompt_id))
        return Preview(texts=texts, shown=sum(1 for t in texts if not t.hidden), k=self.policy.k)

    def notices(self, room_id: str) -> list[Notice]:
        """The console's safety notices, each held until it cannot point at one phone.

        A flagged answer is counted once at least ``k`` further answers to its
        prompt arrived, or once the prompt closed, whichever comes first; a
        notice with nothing released yet is not listed.
        """
        released: list[Notice] = []
        for pending in raw_notices(self.store, room_id):
            held = sum(1 for at in pending.held if pending.answers < at + self.policy.k)
            count = pending.count - (0 if pending.closed else held)
            if count > 0:
                released.append(Notice(pending.prompt_id, pending.question, count))
        return released

    def room_summaries(self, room_id: str) -> list[Release]:
        """An ended room's revealed prompts for the group summary (``record``).

        Only prompts the room saw revealed are listed (what the room never saw
        is not put on record either). ``RoomNotEnded`` while it runs.
        """
        record = self._record(room_id)
        if not record.room.ended:
            raise RoomNotEnded()
        return [
            decide(
                self.policy,
                "record",
                prompt,
                "revealed",
                [a for a in record.answers if a.prompt_id == prompt.id],
                ended=True,
            )
            for prompt in record.room.session.prompts()
            if _state_in(record, prompt.id) == "revealed"
        ]

    def export(self, group_id: str | None = None, room_id: str | None = None) -> ExportRelease:
        """What an export of a group (or one room) may write, read at one moment."""
        if group_id is not None:
            records = group_records(self.store, group_id)
        elif room_id is not None:
            records = [self._record(room_id)]
        else:
            raise RoomNotFound()
        ordered = sorted(records, key=lambda r: (r.room.session.number, r.room.opened_on))
        releases: list[RoomRelease] = []
        trend_rows: list[TrendRow] = []
        for record in ordered:
            session = record.room.session
            shown: list[PromptSummary] = []
            for prompt in session.prompts():
                mine = [a for a in record.answers if a.prompt_id == prompt.id]
                state = _state_in(record, prompt.id)
                ruling = decide(self.policy, "export", prompt, state, mine, ended=record.room.ended)
                if isinstance(ruling, PromptSummary):
                    shown.append(ruling)
                if prompt.role in ("check-in", "check-out") and prompt.kind == "scale":
                    trend_rows.append(
                        _trend_row(session.number, session.title, prompt, state, ruling)
                    )
            releases.append(RoomRelease(record.room, tuple(shown)))
        trend = group_trend(trend_rows, self.policy.k) if trend_rows else None
        return ExportRelease(tuple(releases), trend)


@dataclass(frozen=True)
class RecordedRoom:
    """One ended room in a group's record: its revealed prompts, as ``room_summaries``."""

    room: Room
    releases: tuple[Release, ...]


@dataclass(frozen=True)
class GroupRecord:
    """What a group's record may hold (``record``): ended rooms, oldest session first,
    the trend over their revealed check-ins and check-outs (or ``None``), and the
    rooms left out because they still run."""

    rooms: tuple[RecordedRoom, ...]
    trend: pd.DataFrame | None
    running: tuple[Room, ...]


def group_record(gate: Gate, group_id: str) -> GroupRecord:
    """A group's record through ``gate`` (the ``record`` audience).

    Per ended room, what ``Gate.room_summaries`` releases (prompts the room saw
    revealed; under ``k`` a ``Withheld`` with no figure). The trend pools only
    revealed check-ins and check-outs of ended rooms, each constituent at least
    ``k`` on its own (``results.group_trend``), so no released figure minus
    another gives a withheld one away. A running room is left out whole: its
    figures could still change.
    """
    records = sorted(
        group_records(gate.store, group_id),
        key=lambda r: (r.room.session.number, r.room.opened_on),
    )
    recorded: list[RecordedRoom] = []
    trend_rows: list[TrendRow] = []
    for record in records:
        if not record.room.ended:
            continue
        session = record.room.session
        releases: list[Release] = []
        for prompt in session.prompts():
            state = _state_in(record, prompt.id)
            mine = [a for a in record.answers if a.prompt_id == prompt.id]
            ruling = decide(gate.policy, "record", prompt, state, mine, ended=True)
            if state == "revealed":
                releases.append(ruling)
            if prompt.role in ("check-in", "check-out") and prompt.kind == "scale":
                trend_rows.append(_trend_row(session.number, session.title, prompt, state, ruling))
        recorded.append(RecordedRoom(record.room, tuple(releases)))
    trend = group_trend(trend_rows, gate.k) if trend_rows else None
    running = tuple(r.room for r in records if not r.room.ended)
    return GroupRecord(tuple(recorded), trend, running)


def room_trend(
    gate: Gate, group_id: str, prompt_ids: Collection[str] | None = None
) -> pd.DataFrame | None:
    """A group's check-in/check-out trend as the room may see it (the ``room`` audience).

    For the projector's trend step and the organiser page, which draw the same
    chart. Every room of the group counts, running or ended: each check-in or
    check-out scale (only those whose step id is in ``prompt_ids``, when given)
    is ruled by ``decide`` for the room, so only a revealed one with at least
    ``k`` answers adds its answers. The room saw each of those already, and a
    revealed question cannot be reopened, so the figures never change under
    it. The pooling is ``results.group_trend``'s, as for the record: a cell
    pools only constituents that are each released on their own, and one
    asked but withheld (still open, closed unrevealed, under ``k``) withholds
    the cell. ``None`` when the group has no such question yet.
    """
    wanted = None if prompt_ids is None else frozenset(prompt_ids)
    records = sorted(
        group_records(gate.store, group_id),
        key=lambda r: (r.room.session.number, r.room.opened_on),
    )
    trend_rows: list[TrendRow] = []
    for record in records:
        session = record.room.session
        for prompt in session.prompts():
            if not is_trend_prompt(prompt) or (wanted is not None and prompt.id not in wanted):
                continue
            state = _state_in(record, prompt.id)
            mine = [a for a in record.answers if a.prompt_id == prompt.id]
            ruling = decide(gate.policy, "room", prompt, state, mine, ended=record.room.ended)
            trend_rows.append(_trend_row(session.number, session.title, prompt, state, ruling))
    return group_trend(trend_rows, gate.k) if trend_rows else None


def own_answers(store: Store, token: str) -> MySession:
    """A phone's own answers, for its takeaway (the ``self`` audience).

    ``k`` does not apply and no policy is needed: a man sees only what he said
    himself, found by recomputing his own answer keys, as his phone already
    shows it. Refusals come from ``rooms.my_session``.
    """
    return my_session(store, token)


def _trend_row(
    number: int, title: str, prompt: PromptStep, state: PromptState, ruling: Release
) -> TrendRow:
    # A constituent that was never asked adds nothing and withholds nothing;
    # one that is withheld (open, not final, too few) withholds the pooled cell.
    role = str(prompt.role)
    if state == "none":
        return (number, title, role, [], 0)
    if not isinstance(ruling, PromptSummary) or ruling.distribution is None:
        return (number, title, role, None, 0)
    points: list[int] = []
    for value, count in zip(
        ruling.distribution["value"], ruling.distribution["count"], strict=True
    ):
        points.extend([int(value)] * int(count))
    return (number, title, role, points, 0)


def _prompt(room: Room, prompt_id: str) -> PromptStep:
    try:
        step = room.session.step(prompt_id)
    except KeyError:
        raise NotAPrompt(f"This session has no question {prompt_id!r}.") from None
    if not isinstance(step, PromptStep):
        raise NotAPrompt(f"Step {prompt_id!r} is not a question.")
    return step
