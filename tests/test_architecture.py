"""The shape of the code, checked: layers point down, no circles, modules stay small.

DESIGN.md's rules, read from the source with ``ast`` (imports inside functions
count too, since a function-level import hides a circle rather than removing it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "workshop"
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> Iterator[Path]:
    for path in sorted(WORKSHOP.rglob("*.py")):
        if "versions" not in path.parts:
            yield path


MODULES = {_module_name(path): path for path in _sources()}


def _imports(path: Path) -> set[str]:
    """Every name a file imports, at any depth, resolved to absolute dotted names."""
    package = _module_name(path) if path.is_relative_to(ROOT) else ""
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _workshop_edges(path: Path) -> set[str]:
    """The workshop modules a file depends on (a name imported from a package that
    is itself a module counts as that module)."""
    return {name for name in _imports(path) if name in MODULES} - {_module_name(path)}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle a depth-first walk of ``graph`` meets (empty when it has none)."""
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, set())):
            if state.get(target) == 1:
                circles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return circles


def test_the_checker_sees_function_level_imports_and_circles(tmp_path: Path) -> None:
    hidden = tmp_path / "hidden.py"
    hidden.write_text("def later():\n    from workshop import qr\n", encoding="utf-8")
    assert "workshop.qr" in _imports(hidden)
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_two_workshop_modules_import_each_other() -> None:
    graph = {name: _workshop_edges(path) for name, path in MODULES.items()}
    circles = _circles(graph)
    assert circles == [], "import circles: " + "; ".join(" -> ".join(c) for c in circles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_workshop_module_is_over_500_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines: split it along its seams"


def test_only_the_ui_imports_streamlit() -> None:
    offenders = [
        name
        for name, path in MODULES.items()
        if not name.startswith("workshop.ui")
        and any(m.split(".")[0] == "streamlit" for m in _imports(path))
    ]
    assert offenders == []


def test_only_the_store_schema_and_migrations_import_sqlalchemy() -> None:
    allowed = ("workshop.store", "workshop.schema", "workshop.migrations")
    offenders = [
        name
        for name, path in MODULES.items()
        if not name.startswith(allowed)
        and any(m.split(".")[0] in {"sqlalchemy", "alembic"} for m in _imports(path))
    ]
    assert offenders == []


def test_the_domain_never_imports_the_ui() -> None:
    offenders = [
        name
        for name, path in MODULES.items()
        if not name.startswith("workshop.ui")
        and any(m.startswith("workshop.ui") for m in _workshop_edges(path))
    ]
    assert offenders == []
