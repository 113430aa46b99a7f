"""The curriculum validator, driven through the real command line.

Every malformed case runs ``python -m workshop validate`` (via click's runner)
on a real file and checks the exit code and that the message names the file,
the line and the field.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from workshop.cli import cli
from workshop.curriculum import (
    ANCHORS_REFUSED,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    CurriculumError,
    counted,
    load_curriculum,
    parse_curriculum_bytes,
    parse_curriculum_text,
    yamlwalk,
)
from workshop.validation import summarize, warnings

VALID = """\
id: test-programme
title: Test programme
version: "1.0"
summary: A small programme for tests.
audience: Men in a peer group.
session_minutes: 60
agreements:
  - What is said here stays here.
disclaimer: Peer education, not therapy.
sessions:
  - id: first
    number: 1
    title: Arriving
    goals: [Meet each other]
    minutes: 90
    steps:
      - id: check-in
        type: prompt
        role: check-in
        minutes: 10
        notes: Ask the room.
        question: How connected do you feel right now?
        answer: {kind: scale, min: 0, max: 10, min_label: not at all, max_label: very}
      - id: welcome
        type: slide
        minutes: 10
        notes: Say hello.
        title: Welcome
        body: "**Hello**"
      - id: pairs
        type: exercise
        minutes: 50
        notes: Watch the time.
        title: Pairs
        instructions: Talk in pairs.
        format: pairs
      - id: support
        type: slide
        role: support
        minutes: 5
        notes: Read the numbers.
        title: Support
      - id: check-out
        type: prompt
        role: check-out
        minutes: 10
        notes: One word.
        question: One word for now?
        answer: {kind: word}
    handout:
      key_ideas: [Idea]
      practice: Practise.
      journal_prompts: [Write.]
  - id: second
    number: 2
    title: Going on
    goals: [Go on]
    steps:
      - id: pick
        type: prompt
        minutes: 10
        notes: Read the options.
        question: Which one?
        answer:
          kind: choice
          options: [This, That]
      - id: say
        type: prompt
        minutes: 5
        notes: Short.
        question: Say it in a sentence.
        answer: {kind: text, max_length: 200}
    handout:
      key_ideas: [Idea]
      practice: Practise.
      journal_prompts: [Write.]
"""

PROBLEM = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<field>\((?:top level|unknown field|file)\)|.+?): (?P<message>.+ — .+)$"
)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def run_validate(*paths: Path) -> Result:
    return CliRunner().invoke(cli, ["validate", *map(str, paths)])


def write(tmp_path: Path, content: str | bytes, name: str = "programme.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def problems_of(result: Result) -> list[re.Match[str]]:
    return [m for line in result.output.splitlines() if (m := PROBLEM.match(line))]


def assert_problem(
    result: Result, path: Path, line: int, field: str, fragment: str
) -> re.Match[str]:
    """The run failed with exit 1 and one problem line names file, line, field and fragment."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for match in problems_of(result):
        if (
            match["file"] == str(path)
            and int(match["line"]) == line
            and match["field"] == field
            and fragment in match["message"]
        ):
            return match
    raise AssertionError(
        f"no problem at {path}:{line} for {field!r} containing {fragment!r}:\n{result.output}"
    )


# --- A valid file -------------------------------------------------------------------


def test_valid_file_exits_0_with_right_summary(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    result = run_validate(path)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"{path}: valid — Test programme (id test-programme, version 1.0)" in out
    assert "2 sessions, 7 steps (2 slide, 4 prompt, 1 exercise)" in out
    assert "4 prompts (1 scale, 1 choice, 1 word, 1 text)" in out
    # session 1: 90 minutes, 5 steps, 85 step minutes; session 2 takes session_minutes 60
    assert re.search(r"^\s+1\s+first\s+90\s+5\s+85$", out, re.MULTILINE), out
    assert re.search(r"^\s+2\s+second\s+60\s+2\s+15$", out, re.MULTILINE), out


def test_summary_of_one_session_says_one_session(tmp_path: Path) -> None:
    one = VALID[: VALID.index("  - id: second")]
    result = run_validate(write(tmp_path, one))
    assert result.exit_code == 0, result.output
    assert "  1 session, 5 steps (2 slide, 2 prompt, 1 exercise)\n" in result.output
    assert "1 sessions" not in result.output


def test_counted_says_one_without_an_s() -> None:
    assert [counted(n, "word") for n in (0, 1, 2)] == ["0 words", "1 word", "2 words"]
    assert f"up to {counted(1, 'word')}" == "up to 1 word"
    assert f"up to {counted(2, 'word')}" == "up to 2 words"
    assert counted(1, "prompt") == "1 prompt"


def test_summary_counts_match_the_models(tmp_path: Path) -> None:
    report = summarize(load_curriculum(write(tmp_path, VALID)))
    assert [s.id for s in report.sessions] == ["first", "second"]
    assert [(s.minutes, s.step_minutes, s.steps, s.prompts) for s in report.sessions] == [
        (90, 85, 5, 2),
        (60, 15, 2, 2),
    ]
    assert dict(report.steps_by_type) == {"slide": 2, "prompt": 4, "exercise": 1}
    assert dict(report.prompts_by_kind) == {"scale": 1, "choice": 1, "word": 1, "text": 1}
    assert (report.step_count, report.prompt_count) == (7, 4)


def test_warnings_are_printed_but_do_not_fail(tmp_path: Path) -> None:
    result = run_validate(write(tmp_path, VALID))
    assert result.exit_code == 0
    warned = [line for line in result.output.splitlines() if "warning:" in line]
    assert len(warned) == 4, result.output
    assert all("session 'second'" in line for line in warned)


def test_warnings_name_each_missing_role_and_unplanned_time() -> None:
    found = warnings(parse_curriculum_text(VALID))
    assert found == [
        "session 'second': no check-in prompt — add a prompt step with 'role: check-in'",
        "session 'second': no check-out prompt — add a prompt step with 'role: check-out'",
        "session 'second': no support step — add a step with 'role: support' that shows "
        "the support resources",
        "session 'second': steps add up to 15 of 60 minutes (45 unplanned) — add steps or "
        "shorten the session",
    ]


def test_warnings_slack_boundary_is_ten_minutes() -> None:
    at_limit = VALID.replace("minutes: 90", "minutes: 95")  # 85 of 95: 10 spare
    assert not [w for w in warnings(parse_curriculum_text(at_limit)) if "'first'" in w]
    over = VALID.replace("minutes: 90", "minutes: 96")  # 11 spare
    assert [w for w in warnings(parse_curriculum_text(over)) if "'first'" in w] == [
        "session 'first': steps add up to 85 of 96 minutes (11 unplanned) — add steps or "
        "shorten the session"
    ]


def test_check_in_must_be_a_prompt_to_count() -> None:
    text = VALID.replace("        type: prompt\n        role: check-in", "        type: prompt")
    text = text.replace("        title: Welcome", "        role: check-in\n        title: Welcome")
    found = warnings(parse_curriculum_text(text))
    assert "session 'first': no check-in prompt — add a prompt step with 'role: check-in'" in (
        found
    )


# --- Malformed files: each through the real CLI --------------------------------------


def test_yaml_syntax_error_names_line_and_field(tmp_path: Path) -> None:
    text = VALID.replace("notes: Say hello.", "notes: Say: hello")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "notes: Say: hello"),
        "sessions[0].steps[1]",
        "':' where YAML does not expect one",
    )


def test_unclosed_bracket_is_a_syntax_error_with_a_mark(tmp_path: Path) -> None:
    text = VALID.replace("goals: [Meet each other]", "goals: [Meet each other")
    path = write(tmp_path, text)
    result = run_validate(path)
    match = assert_problem(
        result, path, line_of(text, "    title: Arriving") + 2, "sessions[0].goals", "syntax"
    )
    assert int(match["col"]) >= 1


def test_tabs_in_indentation_are_each_reported(tmp_path: Path) -> None:
    text = VALID.replace("    number: 1\n", "\tnumber: 1\n").replace(
        "        notes: Say hello.", "\t\tnotes: Say hello."
    )
    path = write(tmp_path, text)
    result = run_validate(path)
    assert_problem(
        result, path, line_of(text, "number: 1"), "sessions[0].number", "replace tabs with spaces"
    )
    assert_problem(
        result,
        path,
        line_of(text, "notes: Say hello."),
        "sessions[0].steps[1].notes",
        "replace tabs with spaces",
    )


def test_duplicate_keys_name_both_lines(tmp_path: Path) -> None:
    text = VALID.replace("    title: Arriving\n", "    title: Arriving\n    title: Again\n")
    text = text.replace("kind: word}", "kind: word, kind: text}")
    path = write(tmp_path, text)
    result = run_validate(path)
    first = line_of(text, "title: Arriving")
    match = assert_problem(result, path, first + 1, "sessions[0].title", "duplicate key 'title'")
    assert f"first on line {first}" in match["message"]
    answer_line = line_of(text, "kind: word, kind: text")
    assert_problem(
        result, path, answer_line, "sessions[0].steps[4].answer.kind", "duplicate key 'kind'"
    )


def test_duplicate_top_level_key(tmp_path: Path) -> None:
    text = VALID + "title: Another title\n"
    path = write(tmp_path, text)
    match = assert_problem(
        run_validate(path), path, line_of(text, "title: Another"), "title", "duplicate key"
    )
    assert "first on line 2" in match["message"]


@pytest.mark.parametrize(
    ("old", "new", "field", "fragment"),
    [
        ("minutes: 50", "minutes: ten", "sessions[0].steps[2].minutes", "expected a whole number"),
        ('version: "1.0"', "version: 1.0", "version", "put it in quotes"),
        ("goals: [Go on]", "goals: Go on", "sessions[1].goals", "expected a list"),
        ("min: 0,", "min: low,", "sessions[0].steps[0].answer.min", "got 'low'"),
        ("format: pairs", "format: trio", "sessions[0].steps[2].format", "use one of"),
        ("format: pairs", "format: pair", "sessions[0].steps[2].format", "did you mean 'pairs'"),
        ("id: first", "id: First Session", "sessions[0].id", "lower-case letters"),
        ("number: 2", "number: 0", "sessions[1].number", "at least 1"),
        ("type: exercise", "type: exercize", "sessions[0].steps[2].type", "'exercise'"),
        (
            "      - id: say",
            "      - just words\n      - id: say",
            "sessions[1].steps[1]",
            "mapping",
        ),
    ],
)
def test_wrong_types_and_values(
    tmp_path: Path, old: str, new: str, field: str, fragment: str
) -> None:
    text = VALID.replace(old, new, 1)
    path = write(tmp_path, text)
    assert_problem(run_validate(path), path, line_of(text, new.split("\n")[0]), field, fragment)


def test_wrong_type_message_is_plain(tmp_path: Path) -> None:
    text = VALID.replace("minutes: 50", "minutes: ten")
    path = write(tmp_path, text)
    match = assert_problem(
        run_validate(path),
        path,
        line_of(text, "minutes: ten"),
        "sessions[0].steps[2].minutes",
        "expected a whole number, got 'ten'",
    )
    assert "Input should be" not in match["message"]


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    text = VALID.replace("options: [This, That]", "optoins: [This, That]")
    path = write(tmp_path, text)
    result = run_validate(path)
    line = line_of(text, "optoins")
    assert_problem(
        result,
        path,
        line,
        "sessions[1].steps[0].answer.optoins",
        "unknown key 'optoins' — did you mean 'options'?",
    )
    # and the options it now lacks, at the answer mapping
    assert_problem(result, path, line - 1, "sessions[1].steps[0].answer.options", "add 'options:")


def test_unknown_key_without_a_close_match_lists_allowed_keys(tmp_path: Path) -> None:
    text = VALID.replace("disclaimer: Peer", "zzzz: 1\ndisclaimer: Peer")
    path = write(tmp_path, text)
    match = assert_problem(run_validate(path), path, line_of(text, "zzzz"), "zzzz", "allowed keys")
    assert "sessions" in match["message"] and "disclaimer" in match["message"]


def test_missing_field_points_at_the_parent_mapping(tmp_path: Path) -> None:
    text = VALID.replace(
        "        minutes: 10\n        notes: Say hello.\n", "        notes: Say hello.\n"
    )
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "- id: welcome"),
        "sessions[0].steps[1].minutes",
        "add 'minutes: <number>'",
    )


def test_missing_top_level_field(tmp_path: Path) -> None:
    text = VALID.replace("disclaimer: Peer education, not therapy.\n", "")
    path = write(tmp_path, text)
    assert_problem(run_validate(path), path, 1, "disclaimer", "add 'disclaimer: <text>'")


def test_missing_step_type(tmp_path: Path) -> None:
    text = VALID.replace("        type: exercise\n", "")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "- id: pairs"),
        "sessions[0].steps[2].type",
        "add 'type: '",
    )


def test_duplicate_session_id_points_at_second(tmp_path: Path) -> None:
    text = VALID.replace("id: second", "id: first")
    path = write(tmp_path, text)
    match = assert_problem(
        run_validate(path),
        path,
        line_of(text, "- id: first", 2),
        "sessions[1].id",
        "session id 'first' is used twice",
    )
    assert f"first on line {line_of(text, '- id: first')}" in match["message"]


def test_duplicate_session_number(tmp_path: Path) -> None:
    text = VALID.replace("number: 2", "number: 1")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "number: 1", 2),
        "sessions[1].number",
        "session number '1' is used twice",
    )


def test_duplicate_step_id_points_at_second(tmp_path: Path) -> None:
    text = VALID.replace("- id: pairs", "- id: welcome")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "- id: welcome", 2),
        "sessions[0].steps[2].id",
        "step id 'welcome' is used twice",
    )


def test_same_step_id_in_two_sessions_is_fine(tmp_path: Path) -> None:
    text = VALID.replace("- id: pick", "- id: check-in")
    assert run_validate(write(tmp_path, text)).exit_code == 0


def test_empty_option_list(tmp_path: Path) -> None:
    text = VALID.replace("options: [This, That]", "options: []")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "options: []"),
        "sessions[1].steps[0].answer.options",
        "needs at least 2",
    )


def test_scale_min_not_below_max(tmp_path: Path) -> None:
    text = VALID.replace("min: 0, max: 10", "min: 10, max: 10")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "min: 10, max: 10"),
        "sessions[0].steps[0].answer.min",
        "scale min (10) must be less than max (10)",
    )


def test_step_minutes_over_the_sessions(tmp_path: Path) -> None:
    text = VALID.replace("minutes: 90", "minutes: 80")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "minutes: 80"),
        "sessions[0].minutes",
        "steps add up to 85 minutes, more than the session's 80",
    )


def test_step_minutes_over_the_default_session_minutes(tmp_path: Path) -> None:
    text = VALID.replace("session_minutes: 60", "session_minutes: 12")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "- id: second"),
        "sessions[1].minutes",
        "add 'minutes: 15'",
    )


@pytest.mark.parametrize("content", ["", "\n\n   \n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, content)
    assert_problem(
        run_validate(path),
        path,
        1,
        "(top level)",
        "add 'id:'" if content.strip() else "the file is empty",
    )


@pytest.mark.parametrize(
    ("content", "what"), [("- a\n- b\n", "a list"), ("just some text\n", "a single value")]
)
def test_file_that_is_not_a_mapping(tmp_path: Path, content: str, what: str) -> None:
    path = write(tmp_path, content)
    assert_problem(run_validate(path), path, 1, "(top level)", f"the file is {what}")


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    # Invalid YAML and bad UTF-8 after the limit: only the size may be reported.
    content = VALID.encode() + b"#" * (MAX_BYTES - len(VALID)) + b"\xff: ["
    path = write(tmp_path, content)
    result = run_validate(path)
    assert_problem(result, path, 1, "(file)", f"more than the limit of {MAX_BYTES}")
    assert len(problems_of(result)) == 1


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    content = VALID.encode() + b"#" * (MAX_BYTES - len(VALID) - 1) + b"\n"
    assert len(content) == MAX_BYTES
    assert run_validate(write(tmp_path, content)).exit_code == 0


def test_huge_sparse_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * MAX_BYTES)  # sparse: costs nothing on disk
    assert_problem(run_validate(path), path, 1, "(file)", f"{50 * MAX_BYTES} bytes")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_size_is_checked_by_bytes_read_when_stat_says_zero() -> None:
    # /dev/zero reports size 0 and never ends: only counting the bytes read stops it.
    path = Path("/dev/zero")
    assert path.stat().st_size == 0
    assert_problem(run_validate(path), path, 1, "(file)", f"{MAX_BYTES + 1} bytes")


def test_size_limit_applies_to_bytes_too() -> None:
    with pytest.raises(CurriculumError) as info:
        parse_curriculum_bytes(b"a" * (MAX_BYTES + 1), Path("mem.yaml"))
    assert info.value.problems == [
        f"mem.yaml:1:1: (file): the file is {MAX_BYTES + 1} bytes, more than the limit of "
        f"{MAX_BYTES} — split the programme into several files or shorten it"
    ]


def test_non_utf8_bytes_name_the_offset_and_line(tmp_path: Path) -> None:
    content = VALID.replace("Say hello.", "Say h\udce9llo.").encode("utf-8", "surrogateescape")
    offset = content.index(b"\xe9")
    path = write(tmp_path, content)
    match = assert_problem(
        run_validate(path),
        path,
        line_of(VALID, "Say hello."),
        "sessions[0].steps[1].notes",
        f"byte 0xE9 at byte offset {offset} is not valid UTF-8",
    )
    assert "save the file as UTF-8" in match["message"]


def test_utf16_file_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.encode("utf-16"))
    assert_problem(run_validate(path), path, 1, "(unknown field)", "byte 0xFF at byte offset 0")


def test_control_character_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("Say hello.", "Say h\x07llo.")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "Say h"),
        "sessions[0].steps[1].notes",
        "control character U+0007",
    )


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:pathlib.Path ['{marker}']",
        "!!python/name:os.system",
        "!custom Hello",
        "!!binary aGVsbG8=",
        "!!set {{a, b}}",
    ],
)
def test_tags_that_build_objects_are_refused(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "marker"
    text = VALID.replace("title: Welcome", "title: " + tag.format(marker=marker))
    path = write(tmp_path, text)
    match = assert_problem(
        run_validate(path),
        path,
        line_of(text, "title: !"),
        "sessions[0].steps[1].title",
        "is not allowed — remove it",
    )
    assert tag.split()[0].split("[")[0] in match["message"]
    assert not marker.exists()


def test_tag_on_the_whole_document_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "!!python/object:workshop.curriculum.Curriculum\nid: x\n")
    assert_problem(run_validate(path), path, 1, "(top level)", "'!!python/object:")


def test_an_alias_and_its_anchor_are_refused(tmp_path: Path) -> None:
    text = VALID.replace(
        "agreements:\n  - What is said here stays here.\n",
        "agreements: [&rule What is said here stays here., *rule]\n",
    )
    path = write(tmp_path, text)
    result = run_validate(path)
    line = line_of(text, "agreements:")
    anchor = assert_problem(result, path, line, "agreements[0]", ANCHORS_REFUSED)
    alias = assert_problem(result, path, line, "agreements[1]", ANCHORS_REFUSED)
    star = text.splitlines()[line - 1].index("*") + 1
    assert (int(anchor["col"]), int(alias["col"])) == (14, star)
    assert ANCHORS_REFUSED == "anchors and aliases are not allowed in a curriculum"
    assert len(problems_of(result)) == 2, result.output


def test_an_anchor_alone_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("    title: Arriving", "    title: &t Arriving")
    path = write(tmp_path, text)
    result = run_validate(path)
    match = assert_problem(
        result, path, line_of(text, "&t Arriving"), "sessions[0].title", ANCHORS_REFUSED
    )
    assert "remove '&t'" in match["message"]
    assert len(problems_of(result)) == 1, result.output


def test_an_anchored_mapping_reused_by_alias_is_refused_at_both(tmp_path: Path) -> None:
    text = VALID.replace("    handout:\n", "    handout: &h\n", 1).replace(
        "    handout:\n      key_ideas: [Idea]\n      practice: Practise.\n"
        "      journal_prompts: [Write.]\n",
        "    handout: *h\n",
    )
    assert text.count("*h") == 1
    path = write(tmp_path, text)
    result = run_validate(path)
    assert_problem(result, path, line_of(text, "handout: &h"), "sessions[0].handout", "anchors")
    assert_problem(result, path, line_of(text, "handout: *h"), "sessions[1].handout", "aliases")
    # the refused alias is not reported again as a missing handout
    assert len(problems_of(result)) == 2, result.output


def billion_laughs(levels: int, width: int) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_without_expanding_anything(tmp_path: Path) -> None:
    # 10 levels of 10: 10**10 values if it were expanded; every alias is refused instead.
    text = billion_laughs(levels=9, width=10)
    path = write(tmp_path, text)
    result = run_validate(path)
    assert_problem(result, path, line_of(text, "l4:"), "l4[0]", ANCHORS_REFUSED)
    assert "aliases" in result.output and "expand" not in result.output


def test_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "id: x\nloop: &a [1, *a]\n")
    result = run_validate(path)
    assert_problem(result, path, 2, "loop", ANCHORS_REFUSED)
    assert_problem(result, path, 2, "loop[1]", ANCHORS_REFUSED)


def test_undefined_alias_is_refused_as_an_alias(tmp_path: Path) -> None:
    path = write(tmp_path, "id: x\ntitle: *missing\n")
    assert_problem(run_validate(path), path, 2, "title", ANCHORS_REFUSED)


def test_merge_key_is_refused(tmp_path: Path) -> None:
    text = VALID.replace(
        "        title: Welcome\n", "        title: Welcome\n        <<: {body: x}\n"
    )
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "<<:"),
        "sessions[0].steps[1].<<",
        "merge keys ('<<') are not allowed in a curriculum",
    )


@pytest.mark.parametrize("tag", ["!!str", "!!int", "!"])
def test_even_standard_tags_are_refused(tmp_path: Path, tag: str) -> None:
    text = VALID.replace("number: 2", f"number: {tag} 2")
    path = write(tmp_path, text)
    match = assert_problem(
        run_validate(path), path, line_of(text, f"number: {tag}"), "sessions[1].number", "tag"
    )
    assert f"'{tag}' is not allowed" in match["message"]


def test_more_values_than_the_limit_are_refused(tmp_path: Path) -> None:
    text = "id: x\nmany: [" + ", ".join(["1"] * MAX_NODES) + "]\n"
    path = write(tmp_path, text)
    # the top-level mapping, id, x, many and the list are five values
    assert_problem(
        run_validate(path), path, 2, f"many[{MAX_NODES - 5}]", f"more than {MAX_NODES} values"
    )


def test_values_up_to_the_limit_are_read(tmp_path: Path) -> None:
    text = "id: x\nmany: [" + ", ".join(["1"] * (MAX_NODES - 5)) + "]\n"
    result = run_validate(write(tmp_path, text))
    assert result.exit_code == 1
    assert "more than" not in result.output and "unknown key 'many'" in result.output


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    text = "id: x\ndeep: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    path = write(tmp_path, text)
    result = run_validate(path)
    match = assert_problem(result, path, 2, "deep" + "[0]" * (MAX_DEPTH - 1), "nested more")
    assert int(match["col"]) > 1


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = (
        VALID.replace("minutes: 50", "minutes: ten")
        .replace("options: [This, That]", "optoins: [This, That]")
        .replace("id: second", "id: first")
        .replace("min: 0, max: 10", "min: 10, max: 10")
        .replace("title: Arriving\n", "title: Arriving\n    title: Again\n")
    )
    path = write(tmp_path, text)
    result = run_validate(path)
    fields = [m["field"] for m in problems_of(result)]
    assert fields == [
        "sessions[0].title",
        "sessions[0].steps[0].answer.min",
        "sessions[0].steps[2].minutes",
        "sessions[1].id",
        "sessions[1].steps[0].answer.options",
        "sessions[1].steps[0].answer.optoins",
    ], result.output
    assert f"{path}: NOT valid — 6 problem(s)" in result.output


def test_several_files_one_bad(tmp_path: Path) -> None:
    good = write(tmp_path, VALID, "good.yaml")
    bad = write(tmp_path, VALID.replace("minutes: 50", "minutes: ten"), "bad.yaml")
    result = run_validate(good, bad)
    assert result.exit_code == 1
    assert f"{good}: valid" in result.output
    assert f"{bad}: NOT valid — 1 problem(s)" in result.output


def test_missing_path_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert_problem(run_validate(missing), missing, 1, "(file)", "no such file")
    assert_problem(run_validate(tmp_path), tmp_path, 1, "(file)", "this is a folder")


def test_validate_needs_a_path() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert "Missing argument" in result.output


def test_python_dash_m_workshop_validate(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = write(tmp_path, VALID.replace("format: pairs", "format: pair"))
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "validate", str(bad)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert done.returncode == 1
    assert f"{bad}:{line_of(VALID, 'format: pairs')}:17: sessions[0].steps[2].format:" in (
        done.stdout
    )
    assert done.stderr == ""


# --- Never a traceback, whatever the bytes ----------------------------------------------

_YAML_BYTES = b" \t\n:-[]{}&*!|>'\"#,?%@`<=~abc019.\xff\xc3\xa9"


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        pos = rng.randrange(len(buf) + 1)
        op = rng.randrange(4)
        if op == 0 and pos < len(buf):
            buf[pos] = rng.choice(_YAML_BYTES)
        elif op == 1:
            del buf[pos : pos + rng.randrange(1, 30)]
        elif op == 2:
            buf[pos:pos] = bytes(rng.choice(_YAML_BYTES) for _ in range(rng.randrange(1, 6)))
        elif buf:  # duplicate a chunk (repeats keys, ids, anchors)
            start = rng.randrange(len(buf))
            buf[pos:pos] = buf[start : start + rng.randrange(1, 80)]
    return bytes(buf)


_GENERATORS: dict[str, Callable[[random.Random], bytes]] = {
    "random bytes": lambda rng: rng.randbytes(rng.randrange(0, 400)),
    "yaml-ish bytes": lambda rng: bytes(
        rng.choice(_YAML_BYTES) for _ in range(rng.randrange(0, 400))
    ),
    "mutated valid file": lambda rng: _mutate(rng, VALID.encode()),
}


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser and again with PyYAML's own (the fallback)."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlwalk, "LOADER", yaml.SafeLoader)
    elif yamlwalk.LOADER is yaml.SafeLoader:
        pytest.skip("PyYAML was built without libyaml")
    return str(request.param)


@pytest.mark.parametrize("kind", sorted(_GENERATORS))
def test_garbage_gives_problems_never_a_traceback(kind: str, parser: str) -> None:
    rng = random.Random(f"open-circle-{kind}")
    source = Path("fuzz.yaml")
    failures = 0
    for _ in range(300):
        data = _GENERATORS[kind](rng)
        try:
            parse_curriculum_bytes(data, source)
        except CurriculumError as exc:
            failures += 1
            assert exc.problems, data
            for problem in exc.problems:
                assert PROBLEM.match(problem), (problem, data)
                assert problem.startswith("fuzz.yaml:"), (problem, data)
    assert failures > 250  # almost all garbage must be refused


def test_garbage_through_the_cli(tmp_path: Path) -> None:
    rng = random.Random(2026)
    for index in range(20):
        path = write(tmp_path, _mutate(rng, VALID.encode()), f"m{index}.yaml")
        result = run_validate(path)
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


def test_repeated_options_point_at_the_options(tmp_path: Path) -> None:
    text = VALID.replace("options: [This, That]", "options: [This, this]")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "options: [This, this]"),
        "sessions[1].steps[0].answer.options",
        "options must differ; repeated: this — make each option different",
    )


def test_scale_given_as_quoted_numbers_is_still_checked(tmp_path: Path) -> None:
    text = VALID.replace("min: 0, max: 10", 'min: "10", max: 1')
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "- id: check-in") + 6,
        "sessions[0].steps[0].answer",
        "scale min (10) must be less than max (1)",
    )


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())
    assert run_validate(path).exit_code == 0


def test_dates_are_read_as_the_text_written() -> None:
    text = VALID.replace('version: "1.0"', "version: 2026-11-01")
    assert parse_curriculum_text(text).version == "2026-11-01"


_BOTH_PARSERS_CASES = [
    VALID.replace("Say hello.", "Säy héllo \x07."),
    VALID.replace("title: Welcome", "title: Wélcome: x"),
    VALID.replace("goals: [Meet each other]", "goals: [Meet each other"),
    VALID.replace("    number: 1\n", "\tnumber: 1\n"),
    VALID.replace("title: Arriving\n", "title: Arriving\n    title: Again\n"),
    VALID.replace("minutes: 50", "minutes: ten").replace("id: second", "id: first"),
    "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n",
    billion_laughs(levels=9, width=10),
    "id: x\nloop: &a [1, *a]\n",
    "a: *missing\n",
    "- a\n- b\n",
    VALID + "---\nid: again\n",
]


@pytest.mark.parametrize("text", _BOTH_PARSERS_CASES)
def test_both_parsers_locate_problems_the_same_way(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def located(problems: list[str]) -> list[tuple[str, str, str, str]]:
        found = [PROBLEM.match(problem) for problem in problems]
        return [(m["line"], m["col"], m["field"], m["message"][:12]) for m in found if m]

    with pytest.raises(CurriculumError) as fast:
        parse_curriculum_text(text, "p.yaml")
    monkeypatch.setattr(yamlwalk, "LOADER", yaml.SafeLoader)
    with pytest.raises(CurriculumError) as fallback:
        parse_curriculum_text(text, "p.yaml")
    assert located(fast.value.problems) == located(fallback.value.problems)
    assert len(located(fast.value.problems)) == len(fast.value.problems)


def _doc_blocks() -> list[str]:
    doc = Path(__file__).resolve().parents[2] / "docs" / "curriculum-format.md"
    return re.findall(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL)


def test_the_format_guide_examples_are_valid() -> None:
    """Every step, answer and handout example in docs/curriculum-format.md validates."""
    blocks = _doc_blocks()
    steps = [b for b in blocks if b.startswith("- id:")]
    answers = [b for b in blocks if b.startswith("  answer:")]
    handouts = [b for b in blocks if b.startswith("handout:")]
    assert (len(steps), len(answers), len(handouts)) == (4, 3, 1)  # slide, exercise, prompt, trend
    prompt = next(s for s in steps if "type: prompt" in s)
    variants = [prompt] + [
        prompt.split("  answer:")[0].replace("id: check-in", f"id: answer-{n}") + answer
        for n, answer in enumerate(answers)
    ]

    def indent(block: str, spaces: int) -> str:
        return "".join(" " * spaces + line + "\n" for line in block.splitlines())

    session = (
        "  - id: from-the-guide\n    number: 3\n    title: Guide\n    goals: [g]\n"
        "    minutes: 600\n    steps:\n"
        + "".join(indent(step, 6) for step in [*steps, *variants[1:]])
        + indent(handouts[0], 4)
    )
    curriculum = parse_curriculum_text(VALID + session, "guide.yaml")
    kinds = [p.kind for p in curriculum.session("from-the-guide").prompts()]
    assert kinds == ["scale", "choice", "word", "text"]


def test_the_format_guide_limits_match_the_code() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "curriculum-format.md"
    limits = doc.read_text(encoding="utf-8").split("## Limits")[1]
    assert f"{MAX_BYTES:,} bytes" in limits
    assert f"at most {MAX_NODES:,} |" in limits
    assert f"at most {MAX_DEPTH} levels" in limits
    assert ANCHORS_REFUSED in limits
    for refused in ("YAML tags", "merge keys"):
        row = next(line for line in limits.splitlines() if line.startswith(f"| {refused}"))
        assert "| not allowed |" in row
    assert "expand" not in limits  # nothing is expanded: aliases are refused


def test_every_anchor_is_refused_even_a_repeated_one(tmp_path: Path) -> None:
    text = VALID.replace("goals: [Meet each other]", "goals: [&g Meet each other]").replace(
        "goals: [Go on]", "goals: [&g Go on]"
    )
    path = write(tmp_path, text)
    result = run_validate(path)
    assert_problem(result, path, line_of(text, "&g Meet"), "sessions[0].goals[0]", ANCHORS_REFUSED)
    assert_problem(
        result, path, line_of(text, "goals: [&g Go on]"), "sessions[1].goals[0]", ANCHORS_REFUSED
    )


def test_bad_session_minutes_is_reported_once_where_written(tmp_path: Path) -> None:
    text = VALID.replace("session_minutes: 60", "session_minutes: an hour")
    path = write(tmp_path, text)
    result = run_validate(path)
    assert_problem(result, path, line_of(text, "session_minutes"), "session_minutes", "got 'an")
    assert len(problems_of(result)) == 1, result.output


def test_value_starting_with_a_reserved_character(tmp_path: Path) -> None:
    text = VALID.replace("title: Welcome", "title: @home")
    path = write(tmp_path, text)
    assert_problem(
        run_validate(path),
        path,
        line_of(text, "title: @home"),
        "sessions[0].steps[1].title",
        "put the text in quotes",
    )


def test_a_flood_of_aliases_is_listed_once_up_to_a_limit(tmp_path: Path) -> None:
    # 2,000 aliases would print 2,000 lines; the list stops at a screenful and says so.
    text = "id: x\nanchor: &a 1\nmany: [" + ", ".join(["*a"] * 2000) + "]\n"
    path = write(tmp_path, text)
    result = run_validate(path)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ANCHORS_REFUSED in line]
    assert 1 < len(lines) <= 100
    assert "more than 100 problems — fix these, then check the file again" in result.output
