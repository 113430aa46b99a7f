"""The article-to-programme map: every idea lands on a step or handout that exists.

Reads the map and the default curriculum from the repository only (a user's
clone has no ../shared). The broken-copy tests show the checker does fail.
"""

from pathlib import Path

import pytest
from helpers.curriculum_map import (
    CurriculumMapError,
    MapEntry,
    check_curriculum_map,
    check_map_file,
    missing_ideas,
    parse_curriculum_map,
)

from workshop.curriculum import load_curriculum

REPO = Path(__file__).resolve().parents[2]
MAP = REPO / "docs" / "curriculum-map.md"
CURRICULUM = REPO / "curricula" / "men-and-intimacy.yaml"

# The article's section headings and bullet-level idea names. The map must
# name each one (as part of an idea cell), so dropping a row is caught.
ARTICLE_IDEAS = [
    "Introduction",
    "silent epidemic",
    "stoicism and self-reliance",
    "fear of vulnerability",
    "emotional presence",
    "Not about blame",
    "pathways to healing",
    "Understanding the Core: What Are Male Intimacy Issues?",
    "Persistent difficulties",
    "traditional masculine code",
    "Invulnerability",
    "Equating intimacy solely with sex",
    "loneliness, relationship conflict, anxiety and depression",
    'Recognizing the Signs: More Than Just "Emotional Distance"',
    "He never opens up",
    "Communication Gaps",
    "Confusing Sex with Intimacy",
    "Performance Anxiety",
    "Emotional Management Over Connection",
    "The Roots of the Struggle: Causes and Contributing Factors",
    'Understanding the "why"',
    "Socialization and Traditional Masculinity",
    "Unresolved Trauma and Attachment Wounds",
    "Past romantic betrayals",
    "Lack of Emotional Literacy",
    "The Pressure of Performance",
    "A Path Forward: How Men Can Cultivate Intimacy",
    "Healing and Growth Are Achievable",
    "Consistent and intentional effort",
    "Develop Emotional Intelligence (EQ)",
    "EQ is learnable, not inborn",
    "self-reflection",
    "Naming emotions as they arise",
    "Journaling",
    "Helpful tools: Therapy",
    "Practice Vulnerability in Small Steps",
    "Small, consistent moments",
    "Share a minor worry",
    "Express a genuine appreciation",
    "Terry Real",
    "Broaden Your Definition of Intimacy",
    "four essential dimensions",
    "Emotional Intimacy: sharing feelings, fears and dreams",
    "being seen and emotionally safe",
    "Emotional Intimacy simple action",
    "Intellectual Intimacy: sharing ideas",
    "mutual curiosity and respect",
    "Intellectual Intimacy simple action",
    "Physical Intimacy (Non-Sexual): holding hands",
    "comfort and emotional bonding",
    "Physical Intimacy simple action",
    "Spiritual Intimacy: sharing values",
    "religious, philosophical or experiential",
    "Spiritual Intimacy simple action",
    "Seek Professional Guidance",
    "Direct yet compassionate guidance",
    "effective tool for men",
    "a non-judgmental space",
    "support to unpack trauma",
    "insight into relationship patterns",
    "practice with healthier communication skills",
    "Relational Life Therapy (RLT)",
    "especially men",
    "breaking dysfunctional relational patterns",
    "Conclusion",
    "not a character flaw",
    "understanding the roots",
    "signs without self-judgment",
    "small steps toward vulnerability",
    "Redefining strength to include emotional openness",
    "Fulfilling, connected relationships",
]


@pytest.fixture(scope="module")
def curriculum():
    return load_curriculum(CURRICULUM)


def _entries() -> list[MapEntry]:
    return parse_curriculum_map(MAP.read_text(encoding="utf-8"))


def test_map_has_no_problems(curriculum) -> None:
    problems = check_map_file(MAP, curriculum)
    assert problems == [], "\n".join(str(problem) for problem in problems)


def test_map_names_every_idea_of_the_article() -> None:
    entries = _entries()
    assert len(entries) >= len(ARTICLE_IDEAS) - 5
    assert missing_ideas(entries, ARTICLE_IDEAS) == []


def test_every_session_receives_ideas(curriculum) -> None:
    landed_sessions = {landing.split("/")[0] for entry in _entries() for landing in entry.landings}
    assert landed_sessions == {session.id for session in curriculum.sessions}


def _row_of(text: str, idea: str) -> tuple[int, list[str]]:
    """The index and cells (section, idea, keyword, lands in) of the row for ``idea``."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1] == idea:
            return index, cells
    raise AssertionError(f"no map row for {idea!r}")


def _broken_copy(
    tmp_path: Path, idea: str, lands_in: str, keyword: str | None = None
) -> tuple[Path, int]:
    """A copy of the map whose row for ``idea`` lands in ``lands_in``; returns path and line."""
    text = MAP.read_text(encoding="utf-8")
    index, cells = _row_of(text, idea)
    lines = text.splitlines()
    word = cells[2] if keyword is None else keyword
    lines[index] = f"| {cells[0]} | {cells[1]} | {word} | {lands_in} |"
    path = tmp_path / "curriculum-map.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, index + 1


def test_checker_reports_an_idea_whose_landing_was_removed(tmp_path: Path, curriculum) -> None:
    path, line = _broken_copy(tmp_path, "Share a minor worry", "")
    problems = check_map_file(path, curriculum)
    assert len(problems) == 1
    assert problems[0].line == line
    assert problems[0].idea == "Share a minor worry"
    assert "no landing place" in problems[0].message


def test_checker_reports_a_step_that_does_not_exist(tmp_path: Path, curriculum) -> None:
    path, line = _broken_copy(
        tmp_path, "Share a minor worry", "small-steps/teach-small, small-steps/no-such-step"
    )
    problems = check_map_file(path, curriculum)
    assert [(p.line, p.idea) for p in problems] == [(line, "Share a minor worry")]
    assert "has no step 'no-such-step'" in problems[0].message


def test_checker_reports_a_session_that_does_not_exist(tmp_path: Path, curriculum) -> None:
    path, line = _broken_copy(tmp_path, "Confusing Sex with Intimacy", "week-two/teach-signs")
    problems = check_map_file(path, curriculum)
    assert [(p.line, p.idea) for p in problems] == [(line, "Confusing Sex with Intimacy")]
    assert "no session 'week-two'" in problems[0].message


def test_checker_reports_a_malformed_landing(tmp_path: Path, curriculum) -> None:
    path, _ = _broken_copy(tmp_path, "Confusing Sex with Intimacy", "teach-signs")
    problems = check_map_file(path, curriculum)
    assert len(problems) == 1
    assert "is not 'session-id/step-id'" in problems[0].message


def test_every_row_has_a_keyword(curriculum) -> None:
    assert all(entry.keyword for entry in _entries())


def test_checker_reports_a_landing_that_never_says_the_keyword(tmp_path: Path, curriculum) -> None:
    # The welcome slide of session 5 never talks about worries: an over-claimed landing.
    path, line = _broken_copy(
        tmp_path, "Share a minor worry", "small-steps/worry-pairs, small-steps/welcome"
    )
    problems = check_map_file(path, curriculum)
    assert [(p.line, p.idea) for p in problems] == [(line, "Share a minor worry")]
    assert "landing 'small-steps/welcome' never says 'worry'" in problems[0].message


def test_checker_reports_an_empty_keyword(tmp_path: Path, curriculum) -> None:
    path, line = _broken_copy(tmp_path, "Share a minor worry", "small-steps/worry-pairs", "")
    problems = check_map_file(path, curriculum)
    assert [(p.line, "keyword cell is empty" in p.message) for p in problems] == [(line, True)]


def test_the_keyword_is_read_from_handouts_and_notes(curriculum) -> None:
    handout = MapEntry(1, "s", "x", ("naming-feelings/handout",), keyword="Feeling Wheel")
    notes = MapEntry(2, "s", "y", ("core-and-code/agreements",), keyword="do not leave him alone")
    assert check_curriculum_map([handout, notes], curriculum) == []


def test_missing_ideas_reports_a_dropped_row() -> None:
    kept = [e for e in _entries() if not e.idea.startswith("Performance Anxiety")]
    assert missing_ideas(kept, ARTICLE_IDEAS) == ["Performance Anxiety"]


def test_checker_reports_a_duplicate_idea(curriculum) -> None:
    entry = MapEntry(line=1, section="s", idea="Share a minor worry", landings=("signs/handout",))
    twin = MapEntry(line=2, section="s", idea="share a MINOR worry", landings=("signs/handout",))
    problems = check_curriculum_map([entry, twin], curriculum)
    assert [(p.line, "listed twice" in p.message) for p in problems] == [(2, True)]


def test_handout_landings_are_accepted(curriculum) -> None:
    entry = MapEntry(line=7, section="s", idea="x", landings=("roots/handout",))
    assert check_curriculum_map([entry], curriculum) == []


def test_a_file_without_a_map_table_is_refused(tmp_path: Path, curriculum) -> None:
    path = tmp_path / "map.md"
    path.write_text("# Map\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n", encoding="utf-8")
    with pytest.raises(CurriculumMapError, match="no map table"):
        check_map_file(path, curriculum)
