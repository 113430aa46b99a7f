"""Which questions a trend step may chart, checked across the whole programme.

A trend step names scale questions by step id (``prompts``), and step ids are
unique only within a session: every step with a named id, in any session, must
be a check-in or check-out scale, as the group trend pools answers by role
(``results.group_trend``). Each problem is a ``PydanticCustomError`` with
``ctx["path"]`` relative to the curriculum, as ``models`` expects.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence

from pydantic_core import PydanticCustomError

from workshop.curriculum.steps import TREND_ROLES, AnyStep, PromptStep, TrendStep

SessionSteps = tuple[str, Sequence[AnyStep]]
"""A session's id and its steps, in order."""


def is_trend_prompt(step: AnyStep) -> bool:
    """True for a question a trend step can chart: a check-in or check-out scale."""
    return isinstance(step, PromptStep) and step.kind == "scale" and step.role in TREND_ROLES


def _trend_fault(step: AnyStep) -> str | None:
    """Why a trend step cannot chart ``step``, or ``None`` when it can."""
    if not isinstance(step, PromptStep):
        return f"a {step.type}, not a question"
    if step.kind != "scale":
        return f"a {step.kind} question, not a scale: a chart needs numbers"
    if step.role not in TREND_ROLES:
        return "a scale question without 'role: check-in' or 'role: check-out'"
    return None


def trend_problems(sessions: Sequence[SessionSteps]) -> Iterator[PydanticCustomError]:
    """The trend steps' references that do not name a chartable question, one error each.

    A reference is a step id; every step with that id, in any session, must be
    a check-in or check-out scale (``is_trend_prompt``), as the group trend pools
    by role. A trend step without ``prompts`` needs at least one such question.
    """
    steps = [(session_id, step) for session_id, listed in sessions for step in listed]
    chartable = sorted({step.id for _, step in steps if is_trend_prompt(step)})
    for s_index, (session_id, listed) in enumerate(sessions):
        for t_index, trend in enumerate(listed):
            if not isinstance(trend, TrendStep):
                continue
            where = f"step '{trend.id}' of session '{session_id}'"
            at = ("sessions", s_index, "steps", t_index)
            if trend.prompts is None and not chartable:
                yield PydanticCustomError(
                    "trend_nothing",
                    "{where} charts the check-in and check-out scale questions, and no "
                    "session has one — add 'role: check-in' or 'role: check-out' to a "
                    "prompt whose answer is a scale",
                    {"where": where, "path": (*at, "type")},
                )
            for p_index, prompt_id in enumerate(trend.prompts or ()):
                ctx = {"where": where, "prompt": prompt_id, "path": (*at, "prompts", p_index)}
                yield from _reference(prompt_id, steps, chartable, ctx)


def _reference(
    prompt_id: str,
    steps: Sequence[tuple[str, AnyStep]],
    chartable: list[str],
    ctx: Mapping[str, object],
) -> Iterator[PydanticCustomError]:
    """The problem with one reference of a trend step, if it has one."""
    named = [(session_id, step) for session_id, step in steps if step.id == prompt_id]
    if not named:
        close = difflib.get_close_matches(prompt_id, chartable, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else _trend_hint(chartable)
        yield PydanticCustomError(
            "trend_unknown",
            "{where} charts '{prompt}', and no session has a step with that id — {hint}",
            {**ctx, "hint": hint, "value": prompt_id},
        )
        return
    for session_id, step in named:
        fault = _trend_fault(step)
        if fault is not None:
            yield PydanticCustomError(
                "trend_not_scale",
                "{where} charts '{prompt}', which in session '{other}' is {fault} — {hint}",
                {
                    **ctx,
                    "other": session_id,
                    "fault": fault,
                    "hint": _trend_hint(chartable),
                    "value": prompt_id,
                },
            )
            return


def _trend_hint(chartable: list[str]) -> str:
    if not chartable:
        return "chart a prompt with a scale answer and 'role: check-in' or 'role: check-out'"
    return "chart check-in or check-out scale questions: " + ", ".join(chartable)
