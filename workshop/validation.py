"""What a valid curriculum contains, and what an organiser may want to look at again.

``summarize`` counts sessions, steps and prompts; ``warnings`` lists things
that are allowed but usually a mistake (a session with no check-in prompt, no
support step, a lot of unplanned time, a language whose printed labels would
fall back to English). Warnings never make a file invalid.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from workshop.curriculum import Curriculum, PromptStep, Session
from workshop.documents.labels import CATALOGUES, missing_labels

SLACK_MINUTES = 10
"""Step minutes may fall this far short of the session's before we warn."""


@dataclass(frozen=True)
class SessionReport:
    """One session at a glance: its steps and how its minutes are used."""

    id: str
    number: int
    title: str
    minutes: int
    step_minutes: int
    steps: int
    prompts: int


@dataclass(frozen=True)
class CurriculumReport:
    """Counts for a whole curriculum, as printed by ``validate``."""

    id: str
    title: str
    version: str
    sessions: tuple[SessionReport, ...]
    steps_by_type: tuple[tuple[str, int], ...]
    prompts_by_kind: tuple[tuple[str, int], ...]

    @property
    def step_count(self) -> int:
        """All steps in all sessions."""
        return sum(count for _, count in self.steps_by_type)

    @property
    def prompt_count(self) -> int:
        """All prompt steps in all sessions."""
        return sum(count for _, count in self.prompts_by_kind)


_STEP_TYPES = ("slide", "prompt", "exercise")
_RARE_STEP_TYPES = ("trend",)
"""Listed in the summary only when the curriculum has one."""
_ANSWER_KINDS = ("scale", "choice", "word", "text")


def summarize(curriculum: Curriculum) -> CurriculumReport:
    """Count sessions, steps by type and prompts by answer kind, and minutes per session."""
    step_types: Counter[str] = Counter()
    answer_kinds: Counter[str] = Counter()
    sessions = []
    for session in curriculum.sessions:
        prompts = list(session.prompts())
        step_types.update(step.type for step in session.steps)
        answer_kinds.update(prompt.kind for prompt in prompts)
        sessions.append(
            SessionReport(
                id=session.id,
                number=session.number,
                title=session.title,
                minutes=session.minutes,
                step_minutes=session.step_minutes,
                steps=len(session.steps),
                prompts=len(prompts),
            )
        )
    return CurriculumReport(
        id=curriculum.id,
        title=curriculum.title,
        version=curriculum.version,
        sessions=tuple(sessions),
        steps_by_type=tuple(
            (name, step_types[name])
            for name in (*_STEP_TYPES, *_RARE_STEP_TYPES)
            if name in _STEP_TYPES or step_types[name]
        ),
        prompts_by_kind=tuple((name, answer_kinds[name]) for name in _ANSWER_KINDS),
    )


def _has_prompt(session: Session, role: str) -> bool:
    return any(isinstance(step, PromptStep) and step.role == role for step in session.steps)


def warnings(curriculum: Curriculum) -> list[str]:
    """Things worth a second look, each naming the session id; empty when none."""
    found: list[str] = _label_warnings(curriculum.language)
    for session in curriculum.sessions:
        where = f"session '{session.id}'"
        if not _has_prompt(session, "check-in"):
            found.append(f"{where}: no check-in prompt — add a prompt step with 'role: check-in'")
        if not _has_prompt(session, "check-out"):
            found.append(f"{where}: no check-out prompt — add a prompt step with 'role: check-out'")
        if not any(step.role == "support" for step in session.steps):
            found.append(
                f"{where}: no support step — add a step with 'role: support' "
                "that shows the support resources"
            )
        spare = session.minutes - session.step_minutes
        if spare > SLACK_MINUTES:
            found.append(
                f"{where}: steps add up to {session.step_minutes} of {session.minutes} "
                f"minutes ({spare} unplanned) — add steps or shorten the session"
            )
    return found


def _label_warnings(language: str) -> list[str]:
    """A warning when fixed words on paper would print in English in another language."""
    primary = language.split("-", 1)[0].lower()
    if primary == "en":
        return []
    if primary not in CATALOGUES:
        shipped = ", ".join(sorted(CATALOGUES))
        return [
            f"language '{language}': no label catalogue, so handout headings and labels "
            f"print in English — use one of {shipped}, or add a catalogue to "
            "workshop/documents/labels.py"
        ]
    missing = missing_labels(language)
    if not missing:
        return []
    return [
        f"language '{language}': {len(missing)} label(s) print in English "
        f"({', '.join(missing[:5])}) — add them to workshop/documents/labels.py"
    ]
