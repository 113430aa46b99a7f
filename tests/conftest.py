"""Shared fixtures: a real store on SQLite (and PostgreSQL when configured) and
a small valid curriculum with one prompt of each kind, built in code.

Without PostgreSQL its tests skip with a reason; under ``CI=true`` they fail
(``helpers.ci.require_or_skip``), so CI cannot pass having skipped them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers.ci import in_ci, require_or_skip
from helpers.pg import isolated_schema
from hypothesis import settings as hypothesis_settings

from workshop.config import Settings
from workshop.store import Store, open_store

# Property tests explore new random examples on a developer's machine; CI runs a
# fixed sequence, so a green CI run is repeatable (a failure found locally is
# kept as an explicit example beside the test).
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if in_ci():
    hypothesis_settings.load_profile("ci")

PG_ENV = "WORKSHOP_TEST_DATABASE_URL"


def _step(kind: str, **extra: Any) -> dict[str, Any]:
    return {"minutes": 5, "notes": f"Facilitator notes for the {kind} step.", **extra}


def curriculum_dict() -> dict[str, Any]:
    """Two short sessions; the first has a prompt of every kind."""

    def session(number: int) -> dict[str, Any]:
        return {
            "id": f"session-{number}",
            "number": number,
            "title": f"Session {number}",
            "goals": ["Practise answering honestly."],
            "minutes": 90,
            "steps": [
                _step("slide", id="welcome", type="slide", title="Welcome", body="Hello."),
                _step(
                    "check-in",
                    id="check-in",
                    type="prompt",
                    role="check-in",
                    question="How are you arriving, 0 to 10?",
                    answer={
                        "kind": "scale",
                        "min": 0,
                        "max": 10,
                        "min_label": "rough",
                        "max_label": "great",
                    },
                ),
                _step(
                    "choice",
                    id="choice-one",
                    type="prompt",
                    question="Which matters most this week?",
                    answer={"kind": "choice", "options": ["Work", "Family", "Health"]},
                ),
                _step(
                    "choices",
                    id="choice-many",
                    type="prompt",
                    question="Which of these did you do?",
                    answer={
                        "kind": "choice",
                        "options": ["Walked", "Called a friend", "Slept well"],
                        "multiple": True,
                    },
                ),
                _step(
                    "word",
                    id="one-word",
                    type="prompt",
                    question="One word for today?",
                    answer={"kind": "word", "max_words": 3},
                ),
                _step(
                    "text",
                    id="open-text",
                    type="prompt",
                    question="What do you want the group to know?",
                    answer={"kind": "text", "max_length": 120},
                ),
                _step(
                    "exercise",
                    id="pairs",
                    type="exercise",
                    title="Pairs",
                    instructions="Talk in pairs.",
                    format="pairs",
                ),
                _step(
                    "check-out",
                    id="check-out",
                    type="prompt",
                    role="check-out",
                    question="How are you leaving, 0 to 10?",
                    answer={
                        "kind": "scale",
                        "min": 0,
                        "max": 10,
                        "min_label": "rough",
                        "max_label": "great",
                    },
                ),
            ],
            "handout": {
                "key_ideas": ["Honesty takes practice."],
                "practice": "Notice one feeling a day.",
                "journal_prompts": ["What did you notice?"],
            },
        }

    return {
        "id": "test-circle",
        "title": "Test Circle",
        "version": "1",
        "summary": "A tiny curriculum for tests.",
        "audience": "Testers.",
        "agreements": ["What is said here stays here."],
        "disclaimer": "Not therapy.",
        "sessions": [session(1), session(2)],
    }


@pytest.fixture
def curriculum_text() -> str:
    """The test curriculum as YAML text."""
    return yaml.safe_dump(curriculum_dict(), sort_keys=False)


def _pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
    ]
)
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the store fixture uses."""
    return str(request.param)


@pytest.fixture
def store_settings(backend: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a fresh, isolated database: a SQLite file in tmp_path, or a
    schema of its own on PostgreSQL (dropped afterwards)."""
    if backend == "sqlite":
        yield Settings(data_dir=tmp_path / "data")
        return
    url = _pg_url()
    if url is None:
        require_or_skip(
            f"PostgreSQL tests need {PG_ENV}, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    with isolated_schema(url, "t_") as isolated:
        yield Settings(database_url=isolated)


@pytest.fixture
def store(store_settings: Settings) -> Iterator[Store]:
    """An opened store (schema at head, server secret made)."""
    opened = open_store(store_settings)
    try:
        yield opened
    finally:
        opened.dispose()
