"""Under ``CI=true`` a missing PostgreSQL or Chromium fails the run; elsewhere it skips.

Each check runs pytest in a subprocess on a tiny generated test file that uses
the suite's real ``store`` and ``browser`` fixtures, against PostgreSQL on port
1 (nothing listens there) and a PATH without Chromium, and reads the outcome.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.chromium import CHROMIUM_NAMES, find_chromium

REPO = Path(__file__).resolve().parents[1]
ROOT_CONFTEST = str(REPO / "tests" / "conftest.py")
BROWSER_CONFTEST = str(REPO / "tests" / "browser" / "conftest.py")
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test"

_CONFTEST = f"""\
import runpy

# The suite's own fixtures, not copies: the root conftest's store, and only the
# browser fixture from the browser conftest (its module-scoped store is another).
globals().update(
    (name, value)
    for name, value in runpy.run_path({ROOT_CONFTEST!r}).items()
    if not name.startswith("__")
)
browser = runpy.run_path({BROWSER_CONFTEST!r})["browser"]
"""

_TESTS = """\
def test_store(store, backend):
    assert backend == "postgresql"


def test_browser(browser):
    pass
"""


def _run(tmp_path: Path, *, ci: bool, database_url: str | None) -> subprocess.CompletedProcess[str]:
    """Run the tiny suite with the given environment; Chromium is never on its PATH."""
    (tmp_path / "conftest.py").write_text(_CONFTEST, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(_TESTS, encoding="utf-8")
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CI", "WORKSHOP_TEST_DATABASE_URL", "PYTEST_ADDOPTS"}
    }
    env["PATH"] = str(empty_bin)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "tests")])
    if ci:
        env["CI"] = "true"
    if database_url is not None:
        env["WORKSHOP_TEST_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-k", "not sqlite"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ci_fails_when_postgres_is_unreachable_and_chromium_missing(tmp_path: Path) -> None:
    run = _run(tmp_path, ci=True, database_url=UNREACHABLE)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "2 errors" in output, output
    assert "skipped" not in output, output
    # The report names the database that could not be reached, and what is missing.
    assert "postgresql+psycopg://postgres@127.0.0.1:1/test is unreachable" in output, output
    assert "no Chromium on PATH" in output, output


def test_ci_fails_when_no_database_is_configured(tmp_path: Path) -> None:
    run = _run(tmp_path, ci=True, database_url=None)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "PostgreSQL tests need WORKSHOP_TEST_DATABASE_URL" in output, output


def test_a_developer_run_skips_them_with_a_reason(tmp_path: Path) -> None:
    run = _run(tmp_path, ci=False, database_url=UNREACHABLE)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "2 skipped" in output, output
    assert "postgresql+psycopg://postgres@127.0.0.1:1/test is unreachable" in output, output
    assert "no Chromium on PATH" in output, output


@pytest.mark.parametrize("name", CHROMIUM_NAMES)
def test_chromium_is_found_on_path_under_each_name(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    executable = tmp_path / name
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() == executable


def test_no_chromium_on_path_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() is None


# --- .ci/run itself -----------------------------------------------------------------

_FAKE_PYTHON = """\
#!/bin/sh
# pip installs nothing; pytest exits with the status the test asks for.
if [ "$2" = "pytest" ]; then exit "$FAKE_PYTEST_STATUS"; fi
exit 0
"""


def _ci_run(tmp_path: Path, pytest_status: int) -> subprocess.CompletedProcess[str]:
    """``.ci/run`` with stand-ins for python, ruff, mypy, Chromium, nginx and npm on its PATH."""
    (tmp_path / ".ci").mkdir(exist_ok=True)
    script = tmp_path / ".ci" / "run"
    script.write_text((REPO / ".ci" / "run").read_text(encoding="utf-8"), encoding="utf-8")
    fake_bin = tmp_path / "fake-bin"
    fake_bin.mkdir(exist_ok=True)
    for name, text in {
        "python": _FAKE_PYTHON,
        "ruff": "#!/bin/sh\nexit 0\n",
        "mypy": "#!/bin/sh\nexit 0\n",
        "chromium": "#!/bin/sh\nexit 0\n",
        "nginx": "#!/bin/sh\nexit 0\n",
        "npm": "#!/bin/sh\nexit 0\n",
    }.items():
        (fake_bin / name).write_text(text, encoding="utf-8")
        (fake_bin / name).chmod(0o755)
    env = {
        "PATH": os.pathsep.join([str(fake_bin), "/usr/bin", "/bin"]),
        "FAKE_PYTEST_STATUS": str(pytest_status),
    }
    return subprocess.run(
        ["bash", str(script)], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(("pytest_status", "expected"), [(0, 0), (1, 1), (5, 1)])
def test_ci_run_fails_when_pytest_fails_or_collects_nothing(
    tmp_path: Path, pytest_status: int, expected: int
) -> None:
    run = _ci_run(tmp_path, pytest_status)
    assert run.returncode == expected, run.stdout + run.stderr
    assert "test suite took" in run.stdout
    if pytest_status == 5:
        assert "collected no tests" in run.stderr
