"""The organiser page's handouts: pick a curriculum, preview, generate all, download.

Also the per-room "Group summary (PDF)" download for ended rooms. Behind the
organiser page's passcode; nothing here reads a participant's token.

Generated PDFs are kept in session state keyed by the curriculum file's path,
modification time and size and the paper, so a rerun (a click anywhere on the
page) never rebuilds them and an edited file is built afresh. Only the latest
curriculum and paper are kept, so memory stays bounded.

Session-state keys owned here: ``handouts.curriculum`` (selectbox),
``handouts.paper`` (radio), ``handouts.preview_session`` (selectbox),
``handouts.preview_page`` (number input), ``handouts.built`` (the generated
PDFs), ``handouts.preview`` (the previewed handout's PDF and page image).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from workshop import rooms
from workshop.curriculum import Curriculum
from workshop.dates import met_on
from workshop.documents import (
    guide_filename,
    handout_filename,
    page_count,
    page_png,
    plan_documents,
    session_handout_pdf,
    zip_documents,
)
from workshop.rehearsal import CurriculumEntry
from workshop.takeaway import summary_filename
from workshop.ui.catalogue import load_entries
from workshop.ui.services import Deferred, Services
from workshop.ui.text import markdown_literal, show_text

CURRICULUM_KEY = "handouts.curriculum"
PAPER_KEY = "handouts.paper"
PREVIEW_SESSION_KEY = "handouts.preview_session"
PREVIEW_PAGE_KEY = "handouts.preview_page"
BUILT_KEY = "handouts.built"
PREVIEW_KEY = "handouts.preview"

PAPERS = {"a4": "A4", "letter": "US Letter"}
PREVIEW_SCALE = 1.2
"""Preview resolution: 1.2 × 72 dpi is readable on screen and renders in well under a second."""

BuildKey = tuple[str, int, int, str]
"""(curriculum file path, modification time in ns, size, paper)."""


@dataclass(frozen=True)
class Built:
    """Every PDF of one curriculum on one paper, and the zip of them all."""

    key: BuildKey
    files: tuple[tuple[str, bytes], ...]
    archive: bytes

    def file(self, name: str) -> bytes | None:
        """The PDF with this file name, if it was built."""
        return next((data for filename, data in self.files if filename == name), None)


def chosen_paper() -> str:
    """The paper picked in the handouts section (A4 until someone picks another)."""
    paper = st.session_state.get(PAPER_KEY, "a4")
    return paper if paper in PAPERS else "a4"


def _build_key(entry: CurriculumEntry, paper: str) -> BuildKey | None:
    try:
        stat = entry.path.stat()
    except OSError:
        return None  # removed since it was listed: the next run will not list it
    return (str(entry.path), stat.st_mtime_ns, stat.st_size, paper)


def _problems(entries: list[CurriculumEntry], folder: Path, *, expanded: bool) -> None:
    bad = [entry for entry in entries if entry.curriculum is None]
    if not bad:
        return
    with st.expander(
        f"{len(bad)} curriculum file(s) with problems (not printable until fixed)",
        expanded=expanded,
    ):
        for entry in bad:
            st.markdown(f"**{markdown_literal(entry.path.name)}**")
            for problem in entry.problems:
                show_text(problem)
        st.caption(
            markdown_literal(
                f"Fix the files in {folder}/ (or run `python -m workshop validate FILE`) "
                "and reload this page."
            )
        )


def _generate(curriculum: Curriculum, key: BuildKey) -> Built:
    """Build every handout and the guide, with a progress bar."""
    planned = plan_documents(curriculum, key[3], guide=True)
    bar = st.progress(0.0, text="Starting…")
    files: list[tuple[str, bytes]] = []
    for number, document in enumerate(planned, start=1):
        bar.progress((number - 1) / len(planned), text=f"Building {document.label}…")
        files.append((document.filename, document.build()))
    bar.progress(1.0, text=f"Done: {len(files)} PDFs.")
    return Built(key=key, files=tuple(files), archive=zip_documents(files))


def _handed_over(data: bytes) -> Deferred:
    """Already-built bytes as deferred download data.

    Streamlit copies a download's bytes into its media store on every run
    that draws the button; deferred, they are handed over only on the press.
    """
    return functools.partial(bytes, data)


def _downloads(curriculum: Curriculum, built: Built) -> None:
    st.download_button(
        f"Download all as a zip ({len(built.files)} PDFs)",
        data=_handed_over(built.archive),
        file_name=f"{curriculum.id}-handouts-{built.key[3]}.zip",
        mime="application/zip",
        key="handouts.download_zip",
        type="primary",
        on_click="ignore",
    )
    guide = guide_filename(curriculum)
    guide_pdf = built.file(guide)
    if guide_pdf is not None:
        st.download_button(
            "Facilitator guide (PDF)",
            data=_handed_over(guide_pdf),
            file_name=guide,
            mime="application/pdf",
            key="handouts.download_guide",
            on_click="ignore",
        )
    with st.expander("One handout at a time"):
        for session in sorted(curriculum.sessions, key=lambda s: s.number):
            name = handout_filename(curriculum, session)
            data = built.file(name)
            if data is None:
                continue
            st.download_button(
                markdown_literal(f"Session {session.number}: {session.title} (PDF)"),
                data=_handed_over(data),
                file_name=name,
                mime="application/pdf",
                key=f"handouts.download.{session.id}",
                on_click="ignore",
            )


def _preview(curriculum: Curriculum, key: BuildKey, built: Built | None) -> None:
    sessions = sorted(curriculum.sessions, key=lambda s: s.number)
    ids = [session.id for session in sessions]
    if st.session_state.get(PREVIEW_SESSION_KEY) not in ids:
        st.session_state.pop(PREVIEW_SESSION_KEY, None)
    left, right = st.columns([3, 1])
    with left:
        session_id = st.selectbox(
            "Preview the handout of",
            ids,
            format_func=lambda sid: (
                f"{curriculum.session(sid).number}. {curriculum.session(sid).title}"
            ),
            key=PREVIEW_SESSION_KEY,
        )
    session = curriculum.session(session_id)
    name = handout_filename(curriculum, session)
    cached = st.session_state.get(PREVIEW_KEY)
    if cached is not None and cached[0] == (key, session_id):
        pdf, pages = cached[1], cached[2]
    else:
        pdf = (built.file(name) if built else None) or session_handout_pdf(
            curriculum, session, key[3]
        )
        pages = page_count(pdf)
        cached = ((key, session_id), pdf, pages, {})
        st.session_state[PREVIEW_KEY] = cached
    if st.session_state.get(PREVIEW_PAGE_KEY, 1) > pages:
        st.session_state[PREVIEW_PAGE_KEY] = 1  # another session with fewer pages
    with right:
        page = st.number_input(
            f"Page (of {pages})", min_value=1, max_value=pages, step=1, key=PREVIEW_PAGE_KEY
        )
    images: dict[int, bytes] = cached[3]
    index = min(int(page), pages) - 1
    if index not in images:
        images[index] = page_png(pdf, index, scale=PREVIEW_SCALE)
    # PNG, not Streamlit's default JPEG: small print stays sharp.
    st.image(images[index], caption=f"{name}, page {index + 1} of {pages}", output_format="PNG")


def handouts_section(svc: Services) -> None:
    """The organiser's handouts: curricula, paper, preview, generate all, downloads."""
    st.header("Handouts")
    folder = svc.settings.curricula_dir
    entries = load_entries(folder)
    good = {str(entry.path): entry for entry in entries if entry.curriculum is not None}
    titles = {path: entry.curriculum.title for path, entry in good.items() if entry.curriculum}
    _problems(entries, folder, expanded=not good)
    if not good:
        st.info(
            markdown_literal(
                f"No curriculum file in {folder}/ loads, so there is nothing to print yet."
            )
        )
        return
    paths = list(good)
    if st.session_state.get(CURRICULUM_KEY) not in paths:
        st.session_state.pop(CURRICULUM_KEY, None)
    choose, paper_column = st.columns([3, 1])
    with choose:
        path = st.selectbox(
            "Curriculum",
            paths,
            format_func=lambda p: f"{titles[p]} ({Path(p).name})",
            key=CURRICULUM_KEY,
        )
    with paper_column:
        paper = st.radio(
            "Paper",
            list(PAPERS),
            format_func=PAPERS.__getitem__,
            horizontal=True,
            key=PAPER_KEY,
        )
    entry = good[path]
    curriculum = entry.curriculum
    assert curriculum is not None
    key = _build_key(entry, paper)
    if key is None:
        st.warning("That file has just been removed or renamed: reload the page.")
        return
    st.caption(
        markdown_literal(
            f"{curriculum.title}, version {curriculum.version}: {len(curriculum.sessions)} "
            "session handouts and the facilitator guide."
        )
    )
    built = st.session_state.get(BUILT_KEY)
    if not isinstance(built, Built) or built.key != key:
        built = None
    _preview(curriculum, key, built)
    if built is None and st.button("Generate all handouts and the guide", key="handouts.generate"):
        built = _generate(curriculum, key)
        st.session_state[BUILT_KEY] = built  # only the latest: memory stays bounded
    if built is not None:
        _downloads(curriculum, built)


def group_summary_button(svc: Services, room: rooms.Room) -> None:
    """For an ended room: its group summary as a PDF, built when the button is pressed."""
    if not room.ended:
        return
    paper = chosen_paper()
    st.download_button(
        markdown_literal(
            f"Group summary (PDF): {room.session.title}, "
            f"{met_on(room.opened_on, room.curriculum.language)}"
        ),
        # Built on the click, in Streamlit's download thread: never for rooms
        # nobody asks about, and never kept in this session.
        data=svc.group_summary_later(room.id, paper),
        file_name=summary_filename(room),
        mime="application/pdf",
        key=f"organiser.summary.{room.id}",
        on_click="ignore",
    )
