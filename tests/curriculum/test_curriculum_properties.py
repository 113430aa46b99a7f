"""Random YAML into the curriculum loader (issue 11): a located CurriculumError or a
curriculum, never a traceback.

Hypothesis draws raw bytes, random text, YAML dumped from random nested data, and
a valid curriculum with random edits (a character inserted, deleted or
replaced, a line dropped or duplicated). Every problem must name the file, a
line and a column: ``mini.yaml:LINE:COLUMN: field: what to do``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.curriculum import Curriculum, CurriculumError, parse_curriculum_bytes

VALID = (Path(__file__).parent.parent / "live_data" / "mini.yaml").read_bytes()
PATH = Path("mini.yaml")
LOCATED = re.compile(r"mini\.yaml:\d+:\d+: \S.*")
QUICK = settings(max_examples=200, deadline=None)


def _loads_or_refuses_plainly(data: bytes) -> None:
    try:
        curriculum = parse_curriculum_bytes(data, PATH)
    except CurriculumError as refusal:
        assert refusal.problems
        for problem in refusal.problems:
            assert LOCATED.fullmatch(problem), problem
            assert "Traceback" not in problem
    else:
        assert isinstance(curriculum, Curriculum)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
)
nested = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=12), st.integers()), children, max_size=4),
    ),
    max_leaves=25,
)
KEYS = ["id", "title", "version", "sessions", "steps", "answer", "kind", "type", "options"]


@QUICK
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _loads_or_refuses_plainly(data)


@QUICK
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    _loads_or_refuses_plainly(text.encode("utf-8", "surrogatepass"))


@QUICK
@given(nested, st.dictionaries(st.sampled_from(KEYS), nested, max_size=6))
def test_random_yaml_documents(value: object, mapping: dict[str, object]) -> None:
    for document in (value, mapping):
        _loads_or_refuses_plainly(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace", "drop line", "double line"]),
        st.integers(min_value=0, max_value=len(VALID)),
        st.sampled_from([*":-[]{}&*!|>'\"#%@` \t\n", "\u00e9", "\u200b", "\x00", "  "]),
    ),
    min_size=1,
    max_size=4,
)


@QUICK
@given(edits)
def test_a_valid_curriculum_with_random_edits(changes: list[tuple[str, int, str]]) -> None:
    text = VALID.decode("utf-8")
    for action, at, piece in changes:
        at = min(at, len(text))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + 1 :]
        elif action == "replace":
            text = text[:at] + piece + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            line = min(text.count("\n", 0, at), len(lines) - 1)
            kept = [lines[line]] * (2 if action == "double line" else 0)
            lines[line : line + 1] = kept
            text = "".join(lines)
    _loads_or_refuses_plainly(text.encode("utf-8"))


def test_a_key_with_a_line_break_stays_on_one_report_line() -> None:
    # Found by test_random_yaml_documents: the key "\n" split its problem over
    # two lines of the report.
    _loads_or_refuses_plainly(b"? '\n\n  '\n: null\n")
    with_tab = b"id: x\n'a\tb': 1\n"
    _loads_or_refuses_plainly(with_tab)
