"""docs/privacy.md and docs/safety.md stay true to the code and to the tests they name.

- The table "What is stored" names every column of every table in
  ``workshop/schema.py`` (as `column` in its "what is in it" cell), and
  nothing that is not a column, so a column added, renamed or dropped without
  the table saying so fails here.
- The ``settings`` row names every setting the app writes: each ``*_SETTING``
  constant in ``workshop/``, and every row an opened store with a passcode,
  a wrong guess and a right one actually holds.
- Every test either document names (``tests/x.py::test_y``, ``::test_y``
  after a named file, or a bare ``test_y``) exists, so a renamed test cannot
  leave a sentence pointing at nothing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from workshop import auth
from workshop.config import Settings
from workshop.schema import metadata
from workshop.store import open_store

ROOT = Path(__file__).resolve().parent.parent
PRIVACY = ROOT / "docs" / "privacy.md"
SAFETY = ROOT / "docs" / "safety.md"
WORKSHOP = ROOT / "workshop"

_BACKTICKED = re.compile(r"`([^`]+)`")


def _stored_table() -> dict[str, tuple[set[str], set[str]]]:
    """table -> (names in "what is in it", names in "what is not"), from the doc."""
    text = PRIVACY.read_text(encoding="utf-8")
    section = text.split("### What is stored", 1)[1].split("\n### ", 1)[0]
    rows: dict[str, tuple[set[str], set[str]]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        rows[name] = (set(_BACKTICKED.findall(cells[1])), set(_BACKTICKED.findall(cells[2])))
    return rows


def _setting_constants() -> dict[str, str]:
    """Every ``NAME_SETTING = "value"`` assignment under workshop/ (the setting names)."""
    found: dict[str, str] = {}
    for path in WORKSHOP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id.endswith("_SETTING")
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found[f"{path.relative_to(ROOT)}:{node.targets[0].id}"] = node.value.value
    return found


def test_the_table_names_every_column_of_the_schema() -> None:
    documented = _stored_table()
    assert set(documented) == set(metadata.tables), (
        "docs/privacy.md's table 'What is stored' must have one row per table of workshop/schema.py"
    )
    settings_names = set(_setting_constants().values())
    for name, table in metadata.tables.items():
        columns = {c.name for c in table.columns}
        named, _not = documented[name]
        missing = columns - named
        assert not missing, (
            f"docs/privacy.md does not say what `{name}` keeps in {sorted(missing)}: "
            "name each column in backticks in its 'what is in it' cell"
        )
        extra = named - columns - (settings_names if name == "settings" else set())
        assert not extra, f"docs/privacy.md names {sorted(extra)} in `{name}`, not columns of it"


def test_the_settings_rows_are_the_ones_named_here(tmp_path: Path) -> None:
    named, _not = _stored_table()["settings"]
    constants = _setting_constants()
    assert len(constants) >= 4  # the scan still finds the app's setting names
    for where, setting in constants.items():
        assert setting in named, f"{where} writes setting {setting!r}, which docs/privacy.md omits"

    store = open_store(Settings(data_dir=tmp_path))
    try:
        said: list[str] = []
        auth.ensure_passcode(store, "", said.append)
        [passcode] = re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", said[0])
        assert not auth.check_passcode(store, "WRONG-WRONG-WRONG", sleep=lambda _s: None)
        assert auth.check_passcode(store, passcode, sleep=lambda _s: None)
        with store.reading() as tx:
            rows = tx.raw_rows("settings")
    finally:
        store.dispose()
    stored = {str(row["name"]) for row in rows}
    assert {"server_secret", "passcode_hash", "passcode_failures"} <= stored
    assert stored <= named - {"name", "value"}, sorted(stored - named)


def _defined_tests() -> dict[str, set[str]]:
    tests: dict[str, set[str]] = {}
    for path in (ROOT / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test_")
        }
        tests[str(path.relative_to(ROOT))] = names
    return tests


def _references(path: Path) -> list[tuple[str | None, str | None]]:
    """(file, test) pairs a document names, in order, ``::`` resolved to the last file."""
    text = path.read_text(encoding="utf-8")
    pairs: list[tuple[str | None, str | None]] = []
    last_file: str | None = None
    for match in re.finditer(r"`([^`]*)`", text):
        inside = match.group(1)
        found = re.fullmatch(r"(tests/[\w/]+\.py)?(?:::(test_\w+))?", inside)
        if found and (found.group(1) or found.group(2)):
            file, test = found.group(1), found.group(2)
            if file:
                last_file = file
            elif inside.startswith("::"):
                file = last_file
            pairs.append((file, test))
        elif re.fullmatch(r"test_\w+", inside):
            pairs.append((None, inside))
    return pairs


def test_every_test_the_privacy_and_safety_docs_name_exists() -> None:
    tests = _defined_tests()
    everywhere = {name for names in tests.values() for name in names}
    for doc in (PRIVACY, SAFETY):
        refs = _references(doc)
        assert len(refs) >= 10, f"no test references found in {doc.name}: is the parser broken?"
        for file, test in refs:
            where = f"{doc.name} names {file or ''}{'::' + test if test else ''}"
            if file is not None:
                assert file in tests or (ROOT / file).is_dir(), f"{where}: no such test file"
            if test is not None:
                if file is not None:
                    assert test in tests[file], f"{where}: no such test in {file}"
                else:
                    assert test in everywhere, f"{where}: no such test anywhere"
