"""Writing PDFs to disk and into zips: file names, the output folder and its refusals.

Used by the command line (``python -m workshop handouts``) and the organiser page.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from workshop.curriculum import Curriculum, Session
from workshop.documents.guide import facilitator_guide_pdf
from workshop.documents.handout import session_handout_pdf
from workshop.documents.pages import HandoutError, check_paper


class OutputFolderError(HandoutError):
    """The folder for the PDFs is missing its parent, is not a folder, or cannot be written."""


@dataclass(frozen=True)
class PlannedDocument:
    """One PDF to write: its file name, a label for progress, and how to build it."""

    filename: str
    label: str
    build: Callable[[], bytes]


def handout_filename(curriculum: Curriculum, session: Session) -> str:
    """``<curriculum>-session-01-<session>.pdf``: sorts in session order, ids are file-safe."""
    return f"{curriculum.id}-session-{session.number:02d}-{session.id}.pdf"


def guide_filename(curriculum: Curriculum) -> str:
    """``<curriculum>-facilitator-guide.pdf``."""
    return f"{curriculum.id}-facilitator-guide.pdf"


def plan_documents(
    curriculum: Curriculum, paper: str = "a4", *, guide: bool = False
) -> list[PlannedDocument]:
    """Every PDF of a programme, in session order, with the guide last when asked for."""
    check_paper(paper)
    planned = [
        PlannedDocument(
            filename=handout_filename(curriculum, session),
            label=f"session {session.number}",
            build=functools.partial(session_handout_pdf, curriculum, session, paper),
        )
        for session in sorted(curriculum.sessions, key=lambda s: s.number)
    ]
    if guide:
        planned.append(
            PlannedDocument(
                filename=guide_filename(curriculum),
                label="facilitator guide",
                build=functools.partial(facilitator_guide_pdf, curriculum, paper),
            )
        )
    return planned


def zip_documents(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (file name, PDF bytes) pairs, for "download all" on the organiser page.

    Entries carry a fixed date, so the same PDFs give the same zip and the
    archive says nothing about when it was made.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for filename, data in files:
            info = zipfile.ZipInfo(filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def prepare_folder(folder: Path) -> Path:
    """Make sure ``folder`` exists and can be written; create it when only it is missing.

    Raises ``OutputFolderError`` when the parent is missing (a typo is more
    likely than a wish for a new tree), when the path is a file, or when the
    folder cannot be written.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputFolderError(f"{folder} is a file, not a folder: choose another --out folder")
    if not folder.exists():
        parent = folder.absolute().parent
        if not parent.is_dir():
            raise OutputFolderError(
                f"cannot create {folder}: its parent folder {parent} does not exist. "
                "Create it first or choose another --out folder"
            )
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputFolderError(
                f"cannot create {folder}: {exc.strerror}. Choose a folder you can write to"
            ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputFolderError(
            f"cannot write to {folder}: permission denied. Choose a folder you can write to"
        )
    return folder


def write_document(folder: Path, filename: str, data: bytes) -> Path:
    """Write one PDF into ``folder``; a half-written file never replaces a good one."""
    target = folder / filename
    partial = folder / f".{filename}.part"
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise OutputFolderError(
            f"cannot write {target}: {exc.strerror}. Choose a folder you can write to"
        ) from None
    return target
