"""The load benchmark's room: its curriculum, an open room, the app's environment.

Shared by ``benchmarks/load_phones.py``, ``benchmarks/load_press_race.py``,
``benchmarks/load_tick_cost.py`` and ``tests/test_load_client.py``, so the test
drives exactly the room the benchmark measures. Rooms are made through the
domain API (``workshop.rooms``), never by writing rows.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import make_url

from workshop import rooms
from workshop.config import Settings
from workshop.store import Store

PASSCODE = "load benchmark passcode"
CURRICULUM_ID = "load-circle"
SESSION_ID = "load"
PROMPT_ID = "load-word"
QUESTION = "Load benchmark: one word for tonight"
SEND_KEY = "phone.send"
ANSWER_KEY = f"phone.answer.{PROMPT_ID}"


def slide_title(number: int) -> str:
    """The title of benchmark slide ``number`` (what phones must show)."""
    return f"Load slide {number:02d}"


def _filler_session(number: int) -> dict[str, Any]:
    body = (
        "A paragraph of the kind a real session has: what we do tonight, why it "
        "matters, and how to take part without being pushed. " * 3
    ).strip()
    steps: list[dict[str, Any]] = []
    for i in range(10):
        steps.append(
            {
                "id": f"s{number}-slide-{i}",
                "type": "slide",
                "minutes": 5,
                "title": f"Session {number}, part {i}",
                "body": body,
                "notes": "Facilitator notes: " + body,
            }
        )
    steps.append(
        {
            "id": f"s{number}-check-out",
            "type": "prompt",
            "minutes": 5,
            "role": "check-out",
            "question": "How are you leaving, 0 to 10?",
            "answer": {
                "kind": "scale",
                "min": 0,
                "max": 10,
                "min_label": "rough",
                "max_label": "great",
            },
            "notes": "Invite, never press.",
        }
    )
    return {
        "id": f"filler-{number}",
        "number": number,
        "title": f"Filler session {number}",
        "goals": ["Give the snapshot a real curriculum's size."],
        "minutes": 120,
        "steps": steps,
        "handout": {
            "key_ideas": ["Listening helps."],
            "practice": "Listen to one friend this week.",
            "journal_prompts": ["What did I hear?"],
        },
    }


def curriculum_text(slides: int, filler_sessions: int = 8) -> str:
    """The benchmark curriculum as YAML: ``slides`` numbered slides, then the
    word prompt; plus filler sessions (a real curriculum is tens of KB)."""
    steps: list[dict[str, Any]] = [
        {
            "id": f"load-slide-{n:02d}",
            "type": "slide",
            "minutes": 1,
            "title": slide_title(n),
            "body": f"Body of slide {n}.",
            "notes": "Benchmark notes.",
        }
        for n in range(1, slides + 1)
    ]
    steps.append(
        {
            "id": PROMPT_ID,
            "type": "prompt",
            "minutes": 1,
            "question": QUESTION,
            "answer": {"kind": "word", "max_words": 1},
            "notes": "Benchmark notes.",
        }
    )
    session = {
        "id": SESSION_ID,
        "number": 1,
        "title": "Load benchmark session",
        "goals": ["Measure the live room."],
        "minutes": max(10, slides + 1),
        "steps": steps,
        "handout": {
            "key_ideas": ["Measure first."],
            "practice": "Run the benchmark.",
            "journal_prompts": ["What did the numbers say?"],
        },
    }
    document = {
        "id": CURRICULUM_ID,
        "title": "Load Benchmark Circle",
        "version": "1",
        "summary": "Numbered slides and one word prompt, for the load benchmark.",
        "audience": "Benchmarks.",
        "agreements": ["What is said here stays here."],
        "disclaimer": "A peer group, not therapy.",
        "sessions": [session] + [_filler_session(n) for n in range(2, 2 + filler_sessions)],
    }
    return yaml.safe_dump(document, sort_keys=False)


@dataclass(frozen=True)
class BenchRoom:
    """The room the phones join."""

    room_id: str
    join_code: str
    revision: int
    prompt_index: int


def open_bench_room(store: Store, slides: int) -> BenchRoom:
    """A group and an open room for the benchmark curriculum (domain API only)."""
    text = curriculum_text(slides)
    group = rooms.create_group(store, "Load benchmark group", CURRICULUM_ID, text)
    room = rooms.open_room(store, group.id, SESSION_ID, retention_days=30)
    return BenchRoom(
        room_id=room.id, join_code=room.join_code, revision=room.revision, prompt_index=slides
    )


@contextmanager
def fresh_database(database_url: str | None, folder: Path) -> Iterator[Settings]:
    """Settings for a fresh database: SQLite in ``folder``, or a new schema on
    PostgreSQL that is dropped afterwards (the same isolation the store tests use)."""
    if not database_url:
        yield Settings(data_dir=folder / "data")
        return
    schema = "load_" + secrets.token_hex(5)
    admin = sa.create_engine(database_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    isolated = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield Settings(database_url=isolated.render_as_string(hide_password=False))
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def app_env(settings: Settings, poll: float, phones: int = 0) -> dict[str, str]:
    """The ``WORKSHOP_*`` variables an app process needs for this database.

    ``phones`` raises the room's phone cap (``WORKSHOP_MAX_PHONES``, default
    60) to fit the run; an app that has no cap ignores it.
    """
    env = {
        "WORKSHOP_FACILITATOR_PASSCODE": PASSCODE,
        "WORKSHOP_POLL_SECONDS": str(poll),
        "WORKSHOP_MAX_PHONES": str(max(60, phones)),
    }
    if settings.database_url:
        env["WORKSHOP_DATABASE_URL"] = settings.database_url
    else:
        env["WORKSHOP_DATA_DIR"] = str(settings.data_dir)
    return env
