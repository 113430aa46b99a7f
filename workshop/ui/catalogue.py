"""The curricula on this laptop, parsed once per file version.

Loading a curriculum reads, parses and validates its YAML, which takes tens of
milliseconds for a full programme; the console, the home page, the rehearsal
and the organiser's handouts all list the curricula on every run. Each file
is therefore loaded once per process for each (path, modification time, size):
an edited file is read again on the next run, an unchanged one never is.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workshop.curriculum import Curriculum
from workshop.rehearsal import CurriculumEntry, curriculum_paths, load_entry


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_entry(path: str, mtime_ns: int, size: int) -> CurriculumEntry:
    # The file's version is the key: mtime_ns and size are never read here.
    return load_entry(Path(path))


def load_entries(folder: Path) -> list[CurriculumEntry]:
    """Every curriculum file in ``folder``, loaded (cached until the file changes)."""
    entries = []
    for path in curriculum_paths(folder):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed between listing and reading: it is simply gone
        entries.append(_cached_entry(str(path), stat.st_mtime_ns, stat.st_size))
    return entries


def available_curricula(folder: Path) -> dict[str, tuple[Path, Curriculum]]:
    """Curricula that load cleanly from ``folder``, by curriculum id (first file wins)."""
    found: dict[str, tuple[Path, Curriculum]] = {}
    for entry in load_entries(folder):
        if entry.curriculum is not None:
            # A broken file is listed with its problems on the home page.
            found.setdefault(entry.curriculum.id, (entry.path, entry.curriculum))
    return found
