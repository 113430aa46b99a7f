"""Row types the store's queries take and return, and their conversions.

Callers see frozen dataclasses, never SQLAlchemy rows; the JSON encoding of
``prompt_states`` and of an answer's value stays here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from workshop.schema import PromptState


@dataclass(frozen=True)
class GroupRow:
    """A stored group (a cohort that meets weekly)."""

    id: str
    name: str
    curriculum_id: str
    curriculum_title: str
    curriculum_text: str
    created_on: date
    retention_days: int | None = None
    """The organiser's shorter retention for this group; ``None``: the setting."""


@dataclass(frozen=True)
class RoomRow:
    """A stored room; ``prompt_states`` maps prompt step id to its state."""

    id: str
    group_id: str
    curriculum_id: str
    curriculum_text: str
    session_id: str
    step_index: int
    prompt_states: Mapping[str, PromptState]
    paused: bool
    ended: bool
    revision: int
    join_code: str
    display_key: str
    opened_on: date
    expires_on: date
    step_started: float | None = None
    """When the current step started (epoch seconds); ``None`` in rooms from before it."""
    text_page: int = 0
    """The page of a revealed text question's cards the room sees (0: the first)."""


@dataclass(frozen=True)
class AnswerRow:
    """A stored answer. ``value`` is the decoded JSON value (``None`` for a pass)."""

    key: str
    room_id: str
    prompt_id: str
    value: Any
    passed: bool
    hidden: bool
    flagged: bool


def room_row(row: sa.Row[Any]) -> RoomRow:
    """A ``rooms`` row as a ``RoomRow``."""
    m = row._mapping
    return RoomRow(
        id=m["id"],
        group_id=m["group_id"],
        curriculum_id=m["curriculum_id"],
        curriculum_text=m["curriculum_text"],
        session_id=m["session_id"],
        step_index=m["step_index"],
        prompt_states=json.loads(m["prompt_states"]),
        paused=bool(m["paused"]),
        ended=bool(m["ended"]),
        revision=m["revision"],
        join_code=m["join_code"],
        display_key=m["display_key"],
        opened_on=m["opened_on"],
        expires_on=m["expires_on"],
        step_started=m["step_started"],
        text_page=m["text_page"] or 0,
    )


def group_row(row: sa.Row[Any]) -> GroupRow:
    """A ``groups`` row as a ``GroupRow``."""
    m = row._mapping
    return GroupRow(
        id=m["id"],
        name=m["name"],
        curriculum_id=m["curriculum_id"],
        curriculum_title=m["curriculum_title"],
        curriculum_text=m["curriculum_text"],
        created_on=m["created_on"],
        retention_days=m["retention_days"],
    )


def answer_row(row: sa.Row[Any]) -> AnswerRow:
    """An ``answers`` row as an ``AnswerRow`` (the value decoded from JSON)."""
    m = row._mapping
    return AnswerRow(
        key=m["key"],
        room_id=m["room_id"],
        prompt_id=m["prompt_id"],
        value=None if m["value"] is None else json.loads(m["value"]),
        passed=bool(m["passed"]),
        hidden=bool(m["hidden"]),
        flagged=bool(m["flagged"]),
    )


def room_values(room: RoomRow) -> dict[str, Any]:
    """The column values that store ``room``."""
    return {
        "id": room.id,
        "group_id": room.group_id,
        "curriculum_id": room.curriculum_id,
        "curriculum_text": room.curriculum_text,
        "session_id": room.session_id,
        "step_index": room.step_index,
        # Sorted keys: the stored text depends only on the states, not on the
        # order in which prompts were opened.
        "prompt_states": json.dumps(dict(room.prompt_states), sort_keys=True),
        "paused": room.paused,
        "ended": room.ended,
        "revision": room.revision,
        "join_code": room.join_code,
        "display_key": room.display_key,
        "opened_on": room.opened_on,
        "expires_on": room.expires_on,
        "step_started": room.step_started,
        "text_page": room.text_page,
    }


def answer_values(answer: AnswerRow) -> dict[str, Any]:
    """The column values that store ``answer`` (the value encoded as JSON)."""
    return {
        "key": answer.key,
        "room_id": answer.room_id,
        "prompt_id": answer.prompt_id,
        "value": None if answer.value is None else json.dumps(answer.value),
        "passed": answer.passed,
        "hidden": answer.hidden,
        "flagged": answer.flagged,
    }
