"""Writing PDFs: planned files, zips, the output folder and the command line."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.documents import (
    flat,
    pdf_text,
    programme,
    programme_data,
    write_programme,
)
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from workshop.cli import cli
from workshop.curriculum import Curriculum
from workshop.documents import (
    OutputFolderError,
    guide_filename,
    handout_filename,
    plan_documents,
    prepare_folder,
    zip_documents,
)
from workshop.documents import files as document_files


def test_zip_holds_every_planned_pdf_and_is_repeatable(curriculum: Curriculum) -> None:
    planned = plan_documents(curriculum, "letter", guide=True)
    files = [(document.filename, document.build()) for document in planned]
    data = zip_documents(files)
    assert data == zip_documents(files)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [name for name, _ in files]
        for name, pdf in files:
            assert archive.read(name) == pdf
    assert [d.label for d in planned][-1] == "facilitator guide"
    assert plan_documents(curriculum)[0].filename == "test-programme-session-01-s1.pdf"


# --- Output folder ------------------------------------------------------------------------


def test_prepare_folder_creates_only_the_last_level(tmp_path: Path) -> None:
    assert prepare_folder(tmp_path / "out").is_dir()
    with pytest.raises(OutputFolderError, match="does not exist"):
        prepare_folder(tmp_path / "missing" / "out")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputFolderError, match="is a file"):
        prepare_folder(tmp_path / "file")


# --- Command line ----------------------------------------------------------------------


def test_cli_writes_one_pdf_per_session_and_the_guide(tmp_path: Path) -> None:
    source = write_programme(tmp_path / "programme.yaml")
    out = tmp_path / "handouts"
    result = CliRunner().invoke(
        cli, ["handouts", str(source), "--out", str(out), "--paper", "letter", "--guide"]
    )
    assert result.exit_code == 0, result.output
    curriculum = programme()
    expected = [handout_filename(curriculum, s) for s in curriculum.sessions]
    expected.append(guide_filename(curriculum))
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for session in curriculum.sessions:
        pdf = (out / handout_filename(curriculum, session)).read_bytes()
        assert session.title in flat(pdf_text(pdf))
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        assert float(page.mediabox.height) == pytest.approx(LETTER[1])
    assert "Note 3-F" in flat(pdf_text((out / guide_filename(curriculum)).read_bytes()))
    assert "Wrote 4 PDFs" in result.output


def test_cli_defaults_to_handouts_folder_and_a4(tmp_path: Path) -> None:
    source = write_programme(tmp_path / "programme.yaml")
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(cli, ["handouts", str(source)])
        assert result.exit_code == 0, result.output
        pdfs = sorted(Path("handouts").glob("*.pdf"))
        assert len(pdfs) == 3
        width = PdfReader(io.BytesIO(pdfs[0].read_bytes())).pages[0].mediabox.width
        assert float(width) == pytest.approx(A4[0])


def test_cli_bad_curriculum_lists_problems(tmp_path: Path) -> None:
    data = programme_data()
    del data["disclaimer"]
    data["sessions"][0]["minutes"] = 20
    source = write_programme(tmp_path / "bad.yaml", data)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "disclaimer" in result.output
    assert "more than the session's 20" in result.output
    assert not out.exists()


def test_cli_missing_curriculum_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["handouts", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "nope.yaml" in result.output


def test_cli_refuses_a_folder_whose_parent_is_missing(tmp_path: Path) -> None:
    source = write_programme(tmp_path / "programme.yaml")
    out = tmp_path / "no" / "such" / "folder"
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_cli_refuses_a_file_as_folder(tmp_path: Path) -> None:
    source = write_programme(tmp_path / "programme.yaml")
    (tmp_path / "taken").write_text("not a folder")
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(tmp_path / "taken")])
    assert result.exit_code == 1
    assert "is a file, not a folder" in result.output


def test_cli_refuses_a_folder_it_cannot_write_into(tmp_path: Path) -> None:
    # A folder stands where the first PDF must go. Permission bits do not stop root
    # (and CI runs as root); a file cannot replace a folder for anyone.
    source = write_programme(tmp_path / "programme.yaml")
    curriculum = programme()
    out = tmp_path / "out"
    blocked = out / handout_filename(curriculum, curriculum.sessions[0])
    (blocked / "kept").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert f"cannot write {blocked}" in result.output
    assert "Choose a folder you can write to" in result.output
    assert "Traceback" not in result.output
    # Nothing half-written is left behind, and what was there is untouched.
    assert [path.name for path in out.iterdir()] == [blocked.name]
    assert (blocked / "kept").is_dir()


def test_prepare_folder_refuses_a_folder_the_system_says_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root passes every permission check, so the answer is the system's, not a chmod's.
    asked: list[tuple[Path, int]] = []

    def read_only(path: Path, mode: int) -> bool:
        asked.append((path, mode))
        return False

    monkeypatch.setattr(document_files.os, "access", read_only)
    with pytest.raises(OutputFolderError, match=r"cannot write to .*: permission denied"):
        prepare_folder(tmp_path)
    assert asked == [(tmp_path, os.W_OK | os.X_OK)]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_cli_refuses_an_unwritable_place_even_as_root(tmp_path: Path) -> None:
    source = write_programme(tmp_path / "programme.yaml")
    # /proc refuses new folders even to root: the "cannot create" branch.
    result = CliRunner().invoke(cli, ["handouts", str(source), "--out", "/proc/open-circle"])
    assert result.exit_code == 1
    assert "cannot create /proc/open-circle" in result.output
