"""Rehearsal: the pure logic behind the curriculum browser.

A facilitator rehearses a session step by step before running it. This module
answers the questions the browser asks (where am I in the clock, what comes
next, what does the whole programme look like) without importing streamlit,
so the answers are tested directly and reused by the live console.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workshop.curriculum import (
    AnyStep,
    Curriculum,
    CurriculumError,
    PromptStep,
    Session,
    load_curriculum,
    step_title,
)


@dataclass(frozen=True)
class StepClock:
    """Where one step sits in its session's running clock.

    ``starts_at`` is the minutes elapsed when the step begins (the sum of the
    steps before it); ``ends_at`` adds the step's own minutes.
    """

    index: int
    step_id: str
    minutes: int
    starts_at: int
    ends_at: int
    session_minutes: int
    step_minutes: int

    @property
    def minutes_left(self) -> int:
        """Minutes of the session left when this step begins."""
        return self.session_minutes - self.starts_at


@dataclass(frozen=True)
class OutlineRow:
    """One line of the programme outline: a step of a session."""

    session_number: int
    session_id: str
    session_title: str
    position: int
    step_id: str
    step_type: str
    label: str
    role: str
    minutes: int
    starts_at: int


@dataclass(frozen=True)
class CurriculumEntry:
    """A curriculum file and what loading it gave: the curriculum or its problems."""

    path: Path
    curriculum: Curriculum | None
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        """True when the file loaded without problems."""
        return self.curriculum is not None


def step_kind(step: AnyStep) -> str:
    """``slide``, ``exercise``, or ``prompt: <answer kind>``."""
    if isinstance(step, PromptStep):
        return f"prompt: {step.kind}"
    return step.type


def running_clock(session: Session) -> list[StepClock]:
    """The running clock of every step of ``session``, in order."""
    clocks: list[StepClock] = []
    elapsed = 0
    total = session.step_minutes
    for index, step in enumerate(session.steps):
        clocks.append(
            StepClock(
                index=index,
                step_id=step.id,
                minutes=step.minutes,
                starts_at=elapsed,
                ends_at=elapsed + step.minutes,
                session_minutes=session.minutes,
                step_minutes=total,
            )
        )
        elapsed += step.minutes
    return clocks


def outline_rows(curriculum: Curriculum) -> list[OutlineRow]:
    """Every step of every session as a flat outline, sessions in file order."""
    rows: list[OutlineRow] = []
    for session in curriculum.sessions:
        clocks = running_clock(session)
        for step, clock in zip(session.steps, clocks, strict=True):
            rows.append(
                OutlineRow(
                    session_number=session.number,
                    session_id=session.id,
                    session_title=session.title,
                    position=clock.index + 1,
                    step_id=step.id,
                    step_type=step_kind(step),
                    label=step_title(step),
                    role=step.role or "",
                    minutes=step.minutes,
                    starts_at=clock.starts_at,
                )
            )
    return rows


def clamp_step(index: int, count: int) -> int:
    """``index`` forced into ``0 .. count-1`` (0 for an empty session)."""
    if count <= 0:
        return 0
    return max(0, min(index, count - 1))


def has_previous(index: int) -> bool:
    """Whether there is a step before ``index``."""
    return index > 0


def has_next(index: int, count: int) -> bool:
    """Whether there is a step after ``index`` in a session of ``count`` steps."""
    return index < count - 1


def previous_index(index: int, count: int) -> int:
    """The step before ``index``; stays on the first step."""
    return clamp_step(index - 1, count)


def next_index(index: int, count: int) -> int:
    """The step after ``index``; stays on the last step."""
    return clamp_step(index + 1, count)


def load_entry(path: Path) -> CurriculumEntry:
    """Load one curriculum file into an entry; a bad file gives its problem lines."""
    try:
        curriculum = load_curriculum(path)
    except CurriculumError as exc:
        return CurriculumEntry(path=path, curriculum=None, problems=tuple(exc.problems))
    return CurriculumEntry(path=path, curriculum=curriculum, problems=())


def curriculum_paths(folder: Path) -> list[Path]:
    """The curriculum files in ``folder`` (``*.yaml`` and ``*.yml``), sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(
        path for path in folder.iterdir() if path.suffix in {".yaml", ".yml"} and path.is_file()
    )
