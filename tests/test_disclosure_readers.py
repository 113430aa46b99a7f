"""Every reader of results goes through the disclosure gate (issue 11 item 1).

Read from the source with ``ast``: the functions that turn stored answers into
something shown (``results.summarize``, ``results.group_trend``, the rooms'
record, preview and notice readers, the store's ``answers``) may be called
only by ``workshop/disclosure.py`` (and, for the store's ``answers``, by the
store and the rooms modules that ``disclosure`` calls). Every page, export and
document path that shows figures imports the gate. The scanner is checked on
a known-bad snippet, so this test can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "workshop"
GATE = WORKSHOP / "disclosure.py"

# Names that read answers for results: only the gate may use them.
GATED = {
    "summarize",  # workshop.results
    "group_trend",  # workshop.results
    "private_texts",  # rooms.facilitation: the facilitator's preview
    "raw_notices",  # rooms.facilitation: safety notices before the hold
    "group_records",  # rooms.records: answers of a group, for the export
    "room_record",  # rooms.records: answers of a room
    "my_session",  # rooms.phones: a phone's own answers (the ``self`` audience)
    "my_answers",  # rooms.phones: the same, as a list
}
# Where a gated name may appear anyway: where it is defined or re-exported.
DEFINED_IN = {
    WORKSHOP / "results.py",
    WORKSHOP / "rooms" / "facilitation.py",
    WORKSHOP / "rooms" / "records.py",
    WORKSHOP / "rooms" / "phones.py",
    WORKSHOP / "rooms" / "__init__.py",
}
# The store's answer rows may be read by the store and the rooms modules only.
ANSWERS_READERS = (WORKSHOP / "store", WORKSHOP / "rooms")

# Every path that shows figures: it must import the gate (or use the services' gate).
SHOWS_FIGURES = {
    WORKSHOP / "export.py": "workshop.disclosure",
    WORKSHOP / "takeaway.py": "workshop.disclosure",
    WORKSHOP / "cli.py": "workshop.disclosure",
    WORKSHOP / "ui" / "services.py": "workshop.disclosure",
    WORKSHOP / "ui" / "preview.py": "workshop.disclosure",
    WORKSHOP / "ui" / "console_results.py": "workshop.ui.services",
    WORKSHOP / "ui" / "console_live.py": "workshop.disclosure",
    WORKSHOP / "ui" / "projector.py": "workshop.ui.services",
}


GATED_MODULES = ("workshop.results", "workshop.rooms")
MODULE_ALIASES = {"results", "rooms", "facilitation", "records", "phones"}


def bypasses(source: str, path: Path) -> list[str]:
    """Where ``source`` (the text of ``path``) reads answers around the gate."""
    if path == GATE or path in DEFINED_IN:
        return []
    store_or_rooms = any(path.is_relative_to(folder) for folder in ANSWERS_READERS)
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(GATED_MODULES):
            found += [
                f"{path.name}:{node.lineno} imports {alias.name}"
                for alias in node.names
                if alias.name in GATED
            ]
        elif isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if node.attr in GATED and owner in MODULE_ALIASES:
                found.append(f"{path.name}:{node.lineno} uses {owner}.{node.attr}")
            # ``tx.answers(...)``: stored answer rows, for the store and rooms only.
            if node.attr == "answers" and owner == "tx" and not store_or_rooms:
                found.append(f"{path.name}:{node.lineno} reads the store's answers")
    return sorted(set(found))


def imports(source: str) -> set[str]:
    """The modules ``source`` imports (absolute names only; the code base uses no others)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_scanner_catches_a_bypass(tmp_path: Path) -> None:
    bad = tmp_path / "sneaky.py"
    source = (
        "from workshop.results import summarize\n"
        "from workshop import rooms\n"
        "def leak(store, tx, room_id):\n"
        "    rows = tx.answers(room_id)\n"
        "    return rooms.group_records(store, 'g'), summarize\n"
    )
    found = bypasses(source, bad)
    assert any("imports summarize" in f for f in found)
    assert any("reads the store's answers" in f for f in found)
    assert any("uses rooms.group_records" in f for f in found)
    assert bypasses("def fine(gate):\n    return gate.release('r', 'p', 'room')\n", bad) == []


def test_no_module_reads_results_around_the_gate() -> None:
    found = [
        finding
        for path in sorted(WORKSHOP.rglob("*.py"))
        if "versions" not in path.parts
        for finding in bypasses(path.read_text(encoding="utf-8"), path)
    ]
    assert found == []


def test_every_path_that_shows_figures_imports_the_gate() -> None:
    missing = [
        f"{path.relative_to(ROOT)} does not import {module}"
        for path, module in SHOWS_FIGURES.items()
        if module not in imports(path.read_text(encoding="utf-8"))
    ]
    assert missing == []
    projector = (WORKSHOP / "ui" / "projector.py").read_text(encoding="utf-8")
    assert "svc.release(" in projector and "prompt_results" not in projector
