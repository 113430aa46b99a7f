"""The curriculum catalogue is read once per file version, not on every rerun.

``workshop.rehearsal.load_entry`` (read, parse and validate one file) is
wrapped to count its calls while the console, which lists the curricula on
every run, is driven through reruns and an edit of the file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers.apptest import LIVE_DATA, PASSCODE, page, unlock

import workshop.ui.catalogue as catalogue
from workshop.ui import routes


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every curriculum file the catalogue loads, in order."""
    loaded: list[Path] = []
    real = catalogue.load_entry

    def counting(path: Path) -> catalogue.CurriculumEntry:
        loaded.append(path)
        return real(path)

    monkeypatch.setattr(catalogue, "load_entry", counting)
    return loaded


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    curricula = tmp_path / "curricula"
    curricula.mkdir()
    shutil.copy(LIVE_DATA / "mini.yaml", curricula / "mini.yaml")
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSCODE", PASSCODE)
    monkeypatch.setenv("WORKSHOP_CURRICULA_DIR", str(curricula))
    return curricula


def test_an_unchanged_file_is_read_once_and_an_edited_one_again(
    folder: Path, reads: list[Path]
) -> None:
    path = folder / "mini.yaml"
    at = unlock(page(routes.CONSOLE.script))
    assert not at.exception
    assert at.selectbox(key="console.group_curriculum").options == ["Mini Circle"]
    assert reads == [path]
    for _ in range(3):
        at.run()
    assert reads == [path]  # reruns use the parsed catalogue

    path.write_text(
        path.read_text(encoding="utf-8").replace("Mini Circle", "Mini Circle II"), encoding="utf-8"
    )
    at.run()
    assert reads == [path, path]
    assert at.selectbox(key="console.group_curriculum").options == ["Mini Circle II"]
    at.run()
    assert reads == [path, path]


def test_an_edit_that_keeps_the_size_is_seen_by_its_modification_time(
    folder: Path, reads: list[Path]
) -> None:
    path = folder / "mini.yaml"
    at = unlock(page(routes.CONSOLE.script))
    assert reads == [path]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Mini Circle", "Mini Cirque"), encoding="utf-8")  # same size
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    at.run()
    assert reads == [path, path]
    assert at.selectbox(key="console.group_curriculum").options == ["Mini Cirque"]
