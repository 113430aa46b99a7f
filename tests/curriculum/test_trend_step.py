"""The trend step in a curriculum file, through the real ``validate`` command.

A trend step names the scale questions it charts by step id; each must be a
check-in or check-out scale in every session that has that id. A bad reference
is one line naming the file, the line, the field, the session and the step,
and what to write instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers.sample_curricula import TREND

from workshop.cli import cli
from workshop.curriculum import TrendStep, load_curriculum

REPO = Path(__file__).resolve().parents[2]
REFERENCE = "        prompts: [check-in, check-out]\n"


def _validate(tmp_path: Path, text: str) -> Result:
    path = tmp_path / "programme.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["validate", str(path)])


def _problems(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if re.match(r"^.+:\d+:\d+: ", line)]


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_trend_step_with_named_scales_is_valid_and_counted(tmp_path: Path) -> None:
    result = _validate(tmp_path, TREND)
    assert result.exit_code == 0, result.output
    assert "1 trend" in result.output


def test_a_trend_step_without_prompts_charts_every_check_in_and_out(tmp_path: Path) -> None:
    result = _validate(tmp_path, TREND.replace(REFERENCE, ""))
    assert result.exit_code == 0, result.output
    path = tmp_path / "programme.yaml"
    [step] = [s for s in load_curriculum(path).session("two").steps if isinstance(s, TrendStep)]
    assert step.prompts is None


@pytest.mark.parametrize(
    ("reference", "bad", "says"),
    [
        ("[check-in, chek-out]", "chek-out", "no session has a step with that id — did you mean"),
        ("[check-in, our-evening]", "our-evening", "is a trend, not a question"),
    ],
)
def test_a_bad_reference_names_file_line_session_and_step(
    tmp_path: Path, reference: str, bad: str, says: str
) -> None:
    text = TREND.replace(REFERENCE, f"        prompts: {reference}\n")
    result = _validate(tmp_path, text)
    assert result.exit_code == 1
    [problem] = _problems(result)
    path = tmp_path / "programme.yaml"
    assert problem.startswith(f"{path}:{_line_of(text, '        prompts:')}:")
    assert "sessions[1].steps[1].prompts[1]" in problem
    assert f"step 'our-evening' of session 'two' charts '{bad}'" in problem
    assert says in problem
    assert "Traceback" not in result.output


def test_a_word_question_cannot_be_charted(tmp_path: Path) -> None:
    text = TREND.replace(
        "        answer: {kind: scale, min: 0, max: 10, min_label: Not at all, max_label: Very}\n"
        "    handout: {key_ideas: [Idea], practice: Practise., journal_prompts: [Write.]}\n"
        "  - id: two",
        "        answer: {kind: word}\n"
        "    handout: {key_ideas: [Idea], practice: Practise., journal_prompts: [Write.]}\n"
        "  - id: two",
    )
    [problem] = _problems(_validate(tmp_path, text))
    # Session one's check-out is a word: the id names a word question there.
    assert "charts 'check-out', which in session 'one' is a word question, not a scale" in problem
    assert "sessions[1].steps[1].prompts[1]" in problem


def test_a_scale_without_a_check_in_or_out_role_cannot_be_charted(tmp_path: Path) -> None:
    text = TREND.replace("        role: check-out\n", "", 1)
    [problem] = _problems(_validate(tmp_path, text))
    assert "which in session 'one' is a scale question without 'role: check-in'" in problem


def test_a_default_trend_with_no_check_in_anywhere_says_what_to_add(tmp_path: Path) -> None:
    text = (
        TREND.replace(REFERENCE, "")
        .replace("        role: check-in\n", "")
        .replace("        role: check-out\n", "")
    )
    [problem] = _problems(_validate(tmp_path, text))
    assert f":{_line_of(text, 'type: trend')}:" in problem
    assert "sessions[1].steps[1].type" in problem
    assert "step 'our-evening' of session 'two' charts the check-in and check-out" in problem
    assert "add 'role: check-in' or 'role: check-out'" in problem


def test_an_empty_list_and_a_misspelt_kind_are_refused_plainly(tmp_path: Path) -> None:
    empty = _problems(_validate(tmp_path, TREND.replace(REFERENCE, "        prompts: []\n")))
    assert len(empty) == 1 and "prompts: needs at least 1 item" in empty[0]
    typo = _problems(_validate(tmp_path, TREND.replace("type: trend", "type: trnd")))
    assert len(typo) == 1 and "unknown type 'trnd' — did you mean 'trend'?" in typo[0]


def test_the_default_programme_closes_with_a_trend_of_its_connection_scales() -> None:
    curriculum = load_curriculum(REPO / "curricula" / "men-and-intimacy.yaml")
    closing = curriculum.sessions[-1]
    [step] = [s for s in closing.steps if isinstance(s, TrendStep)]
    assert step.prompts == ["check-in-score", "check-out-score"]
    # Before the last check-out: the room looks back, then checks out.
    kinds = [s.role for s in closing.steps[closing.steps.index(step) + 1 :]]
    assert kinds == ["check-out", "check-out"]
