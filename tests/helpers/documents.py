"""A small programme built in code, and PDF readers, for the tests of workshop.documents."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from pypdf import PdfReader

from workshop.curriculum import Curriculum
from workshop.documents.typography import typographic

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CURRICULUM = REPO / "curricula" / "men-and-intimacy.yaml"

AGREEMENTS = [
    "What is said here stays here.",
    "Speak for yourself: say I, not you or men.",
    "Anyone may pass at any time.",
    "No advice unless someone asks for it.",
    "Arrive on time and sober.",
    "Confidentiality has limits when someone's safety is at risk.",
]


def session_data(number: int, title: str, *, extra_note: str = "") -> dict[str, Any]:
    """One session with a prompt of every kind, a slide and a pairs exercise."""
    sid = f"s{number}"
    return {
        "id": sid,
        "number": number,
        "title": title,
        "goals": [f"Goal one of session {number}", f"Goal two of session {number}"],
        "minutes": 90,
        "steps": [
            {
                "id": "check-in",
                "type": "prompt",
                "role": "check-in",
                "minutes": 10,
                "notes": f"Note {number}-A: welcome everyone and explain the right to pass.",
                "question": f"How connected do you feel right now (session {number})?",
                "answer": {
                    "kind": "scale",
                    "min": 0,
                    "max": 10,
                    "min_label": "not at all",
                    "max_label": "completely",
                },
            },
            {
                "id": "teaching",
                "type": "slide",
                "minutes": 15,
                "title": f"Teaching {number}",
                "body": "Some **bold** words and *quiet* ones.\n\n- first point\n- second point",
                "notes": f"Note {number}-B: keep the teaching short. {extra_note}".strip(),
            },
            {
                "id": "pairs",
                "type": "exercise",
                "minutes": 30,
                "title": f"Listening in pairs {number}",
                "format": "pairs",
                "instructions": "One man talks for **three minutes**; the other only listens.",
                "notes": f"Note {number}-C: watch the time and ring the bell.",
            },
            {
                "id": "word",
                "type": "prompt",
                "minutes": 10,
                "notes": f"Note {number}-D: read the words aloud without comment.",
                "question": "One word for how that felt?",
                "answer": {"kind": "word", "max_words": 2},
            },
            {
                "id": "choice",
                "type": "prompt",
                "minutes": 10,
                "notes": f"Note {number}-E: no need to discuss the result.",
                "question": "Which was hardest?",
                "answer": {"kind": "choice", "options": ["Talking", "Listening", "Waiting"]},
            },
            {
                "id": "check-out",
                "type": "prompt",
                "role": "check-out",
                "minutes": 10,
                "notes": f"Note {number}-F: thank the group and close on time.",
                "question": "One thing you take with you?",
                "answer": {"kind": "text", "max_length": 200},
            },
        ],
        "handout": {
            "key_ideas": [
                f"Key idea {number}.1: naming a feeling makes it smaller.",
                f"Key idea {number}.2: listening is a skill that can be practised.",
            ],
            "practice": f"Practice {number}: once a day, name one feeling out loud.",
            "journal_prompts": [
                f"Journal {number}.1: when did you last feel close to someone?",
                f"Journal {number}.2: what stops you from asking for a hug?",
            ],
        },
    }


def programme_data(**overrides: Any) -> dict[str, Any]:
    """The test programme as YAML-shaped data: three sessions, version 1.2.3."""
    data: dict[str, Any] = {
        "id": "test-programme",
        "title": "Test Programme",
        "version": "1.2.3",
        "summary": "A small programme used by the tests.",
        "audience": "Men in the tests",
        "agreements": AGREEMENTS,
        "disclaimer": "This is a peer education group, not therapy or medical care.",
        "sessions": [
            session_data(1, "Arriving"),
            session_data(2, "Feelings have names"),
            session_data(3, "Touch and closeness"),
        ],
    }
    data.update(overrides)
    return data


def programme(**overrides: Any) -> Curriculum:
    """The test programme as a validated curriculum."""
    return Curriculum.model_validate(programme_data(**overrides))


def write_programme(path: Path, data: dict[str, Any] | None = None) -> Path:
    """Write the test programme (or ``data``) as a YAML file; return its path."""
    path.write_text(yaml.safe_dump(data or programme_data(), allow_unicode=True), encoding="utf-8")
    return path


def pdf_text(pdf: bytes) -> str:
    """All pages' text, as pypdf extracts it."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def typeset(text: str) -> str:
    """``text`` as paper prints it: curly quotes and apostrophes, real dashes (English)."""
    return typographic(text)


def flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces folded, for phrase checks."""
    return " ".join(text.split())
