"""The README is the front door: keep it in step with the code it describes."""

import re
from pathlib import Path

from workshop.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default() -> None:
    for variable, default, _help in Settings.help_rows():
        row = next(
            (line for line in README.splitlines() if line.startswith(f"| `{variable}` |")), None
        )
        assert row is not None, f"{variable} is missing from the README's configuration table"
        if default:
            assert f"`{default}`" in row, f"README gives another default for {variable}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -r requirements-dev.txt && python -m pytest" in README
    assert re.search(r"^python -m pytest", ci, re.MULTILINE)


def test_linked_docs_and_images_exist() -> None:
    for target in re.findall(r"\]\(((?:docs)/[^)#]+)", README):
        assert (ROOT / target).is_file(), f"README links to {target}, which does not exist"
