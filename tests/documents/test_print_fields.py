"""Print fields of a curriculum (at_home, home, worksheet, sections), labels, typography.

Bad values are refused by the real loader with file, line and what to write;
a language without a full label catalogue is a warning from the validator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers.documents import programme_data

from workshop.curriculum import CurriculumError, load_curriculum
from workshop.documents import labels as labels_module
from workshop.documents.labels import ENGLISH, GERMAN, labels_for, missing_labels
from workshop.documents.typography import quotes_for, typographic
from workshop.validation import warnings


def _problems(tmp_path: Path, exercise: dict[str, Any]) -> list[str]:
    data = programme_data()
    data["sessions"][0]["steps"][2].update(exercise)
    path = tmp_path / "print.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(path)
    return caught.value.problems


def _line_of(tmp_path: Path, key: str) -> int:
    """The line of ``key`` inside the changed exercise (the step with id 'pairs')."""
    lines = (tmp_path / "print.yaml").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == "- id: pairs")
    end = next(
        (n for n in range(start + 1, len(lines)) if lines[n].strip().startswith("- id:")),
        len(lines),
    )
    return next(n for n in range(start, end) if lines[n].strip().startswith(key)) + 1


@pytest.mark.parametrize(
    ("exercise", "key", "says"),
    [
        ({"at_home": "solo"}, "at_home:", "needs the home version — add 'home:'"),
        ({"home": "Do it alone."}, "home:", "prints only with 'at_home: solo'"),
        ({"at_home": "sometimes"}, "at_home:", "use one of: solo, skip"),
        (
            {"at_home": "skip", "worksheet": {"kind": "lines"}},
            "worksheet:",
            "remove the worksheet or use 'at_home: solo'",
        ),
        ({"worksheet": {"kind": "form", "columns": ["One"]}}, "columns:", "at least two columns"),
        ({"worksheet": {"kind": "grid", "columns": ["A"]}}, "kind:", "needs 'rows' — add e.g."),
        ({"worksheet": {"kind": "lines", "ends": ["a", "b"]}}, "ends:", "has no 'ends'"),
        ({"worksheet": {"kind": "timeline", "ends": ["Now"]}}, "ends:", "at least 2"),
        ({"worksheet": {"kind": "table"}}, "kind:", "use one of: lines, grid, form, timeline"),
        ({"worksheet": {"kind": "lines", "colour": "red"}}, "colour:", "unknown key 'colour'"),
    ],
)
def test_bad_print_fields_are_refused_at_their_line(
    tmp_path: Path, exercise: dict[str, Any], key: str, says: str
) -> None:
    problems = _problems(tmp_path, exercise)
    assert len(problems) == 1, problems
    assert says in problems[0]
    line = int(problems[0].split("print.yaml:")[1].split(":")[0])
    # The key's line, or the next for a list written under its key.
    assert line in (_line_of(tmp_path, key), _line_of(tmp_path, key) + 1), problems[0]


def test_good_print_fields_load(tmp_path: Path) -> None:
    data = programme_data()
    data["sessions"][0]["steps"][2].update(
        {
            "at_home": "solo",
            "home": "Do it alone.",
            "worksheet": {"kind": "form", "columns": ["A", "B"], "lines": 3},
        }
    )
    data["sessions"][0]["handout"]["sections"] = [
        {"title": "Words", "body": "Some words.", "worksheet": {"kind": "lines", "lines": 2}}
    ]
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    curriculum = load_curriculum(path)
    step = curriculum.sessions[0].steps[2]
    assert getattr(step, "at_home", None) == "solo"
    assert curriculum.sessions[0].handout.sections[0].title == "Words"


def test_german_has_every_label_and_english_is_the_fallback() -> None:
    assert missing_labels("de") == []
    assert missing_labels("de-AT") == []
    assert set(GERMAN) == set(ENGLISH)
    assert missing_labels("pl") == list(ENGLISH)
    assert labels_for("pl")("key_ideas") == "Key ideas"
    assert labels_for("de")("page", page=1, total=3) == "Seite 1 von 3"


def test_the_validator_warns_when_labels_would_print_in_english() -> None:
    from workshop.curriculum import Curriculum

    polish = Curriculum.model_validate(programme_data(language="pl"))
    found = [w for w in warnings(polish) if w.startswith("language")]
    assert found == [
        "language 'pl': no label catalogue, so handout headings and labels print in "
        "English — use one of de, en, or add a catalogue to workshop/documents/labels.py"
    ]
    german = Curriculum.model_validate(programme_data(language="de"))
    assert not [w for w in warnings(german) if w.startswith("language")]


def test_the_validator_warns_about_a_gap_in_a_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop.curriculum import Curriculum

    gappy = {key: value for key, value in GERMAN.items() if key != "journal"}
    monkeypatch.setitem(labels_module.CATALOGUES, "de", gappy)
    german = Curriculum.model_validate(programme_data(language="de"))
    found = [w for w in warnings(german) if w.startswith("language")]
    assert found and "1 label(s) print in English (journal)" in found[0]


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ('He said "fine" and left.', "He said “fine” and left."),
        ("Don't fix it; it's Tom's.", "Don’t fix it; it’s Tom’s."),
        ("'single' quotes", "‘single’ quotes"),
        ("calm - then -- tense --- done", "calm – then – tense — done"),
        ("a 0-10 scale, well-being", "a 0-10 scale, well-being"),
    ],
)
def test_quotes_and_dashes_are_typeset(text: str, printed: str) -> None:
    assert typographic(text) == printed


def test_german_quotes() -> None:
    with quotes_for(GERMAN["quotes"]):
        assert typographic('Er sagte "gut".') == "Er sagte „gut“."
    assert typographic('"back"') == "“back”"
