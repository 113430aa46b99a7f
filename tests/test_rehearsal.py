"""The browser's pure logic: running clock, outline rows, step bounds, loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.sample_curricula import write_broken, write_small

from workshop.curriculum import Curriculum, step_title
from workshop.rehearsal import (
    clamp_step,
    curriculum_paths,
    has_next,
    has_previous,
    load_entry,
    next_index,
    outline_rows,
    previous_index,
    running_clock,
    step_kind,
)


@pytest.fixture
def curriculum(tmp_path: Path) -> Curriculum:
    entry = load_entry(write_small(tmp_path))
    assert entry.curriculum is not None, entry.problems
    return entry.curriculum


def test_running_clock_starts_each_step_after_the_ones_before(curriculum: Curriculum) -> None:
    clocks = running_clock(curriculum.sessions[0])
    assert [(c.step_id, c.starts_at, c.ends_at) for c in clocks] == [
        ("welcome", 0, 10),
        ("check-in", 10, 15),
        ("feeling", 15, 20),
        ("pairs", 20, 40),
        ("one-word", 40, 45),
    ]
    assert {c.session_minutes for c in clocks} == {60}
    assert {c.step_minutes for c in clocks} == {45}
    assert clocks[3].minutes_left == 40


def test_outline_lists_every_step_of_every_session_in_order(curriculum: Curriculum) -> None:
    rows = outline_rows(curriculum)
    assert [(r.session_number, r.position, r.step_id) for r in rows] == [
        (1, 1, "welcome"),
        (1, 2, "check-in"),
        (1, 3, "feeling"),
        (1, 4, "pairs"),
        (1, 5, "one-word"),
        (2, 1, "roots-slide"),
        (2, 2, "story"),
        (2, 3, "which-one"),
    ]
    story = rows[6]
    assert story.step_type == "prompt: text"
    assert story.label == "A short story from your past"
    assert story.starts_at == 15
    assert rows[1].role == "check-in"
    assert rows[0].role == ""
    assert sum(r.minutes for r in rows) == 45 + 30


def test_labels_and_kinds(curriculum: Curriculum) -> None:
    steps = curriculum.sessions[0].steps
    assert [step_title(s) for s in steps[:2]] == [
        "Welcome to the circle",
        "How connected do you feel right now?",
    ]
    assert [step_kind(s) for s in steps] == [
        "slide",
        "prompt: scale",
        "prompt: choice",
        "exercise",
        "prompt: word",
    ]


@pytest.mark.parametrize(
    ("index", "count", "expected"),
    [(-3, 5, 0), (0, 5, 0), (4, 5, 4), (9, 5, 4), (2, 0, 0), (0, 1, 0)],
)
def test_clamp_step(index: int, count: int, expected: int) -> None:
    assert clamp_step(index, count) == expected


def test_previous_at_first_and_next_at_last_stay_put() -> None:
    assert previous_index(0, 5) == 0
    assert not has_previous(0)
    assert next_index(4, 5) == 4
    assert not has_next(4, 5)
    assert next_index(1, 5) == 2
    assert previous_index(3, 5) == 2
    assert has_next(3, 5)
    assert has_previous(1)
    assert not has_next(0, 1)


def test_broken_file_gives_its_problem_lines(tmp_path: Path) -> None:
    entry = load_entry(write_broken(tmp_path))
    assert not entry.valid
    assert entry.curriculum is None
    assert any("colour" in problem for problem in entry.problems)


def test_curriculum_paths_finds_yaml_files_sorted(tmp_path: Path) -> None:
    write_small(tmp_path, "b.yaml")
    write_small(tmp_path, "a.yml")
    (tmp_path / "notes.txt").write_text("not a curriculum", encoding="utf-8")
    assert [p.name for p in curriculum_paths(tmp_path)] == ["a.yml", "b.yaml"]
    assert curriculum_paths(tmp_path / "missing") == []
