"""The store, the schema and the migrations import each other one way only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

WORKSHOP = Path(__file__).resolve().parents[2] / "workshop"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any level (function bodies included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_importing_the_migrations_does_not_load_the_store() -> None:
    code = "import sys, workshop.migrations; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=WORKSHOP.parent,
    )
    loaded = set(result.stdout.split())
    assert "workshop.migrations" in loaded
    assert not {m for m in loaded if m == "workshop.store" or m.startswith("workshop.store.")}


def test_migrations_and_schema_never_import_the_store() -> None:
    files = [WORKSHOP / "schema.py", *sorted((WORKSHOP / "migrations").rglob("*.py"))]
    for path in files:
        workshop_imports = {m for m in imported_modules(path) if m.startswith("workshop")}
        assert workshop_imports <= {"workshop.schema", "workshop.schema.metadata"}, path


def test_nothing_above_the_store_imports_sqlalchemy() -> None:
    allowed = (WORKSHOP / "store", WORKSHOP / "migrations", WORKSHOP / "schema.py")
    for path in sorted(WORKSHOP.rglob("*.py")):
        if any(path == root or root in path.parents for root in allowed):
            continue
        imported = imported_modules(path)
        assert not {m for m in imported if m.split(".")[0] == "sqlalchemy"}, path
