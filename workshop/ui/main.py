"""Builds the page list and runs the selected page."""

from __future__ import annotations

import streamlit as st

from workshop.config import Settings


def _curricula_page() -> None:
    from workshop.curriculum import CurriculumError, load_curriculum

    settings = Settings.from_env()
    st.title("Open Circle")
    st.subheader("Curricula")
    paths = sorted(settings.curricula_dir.glob("*.yaml"))
    if not paths:
        st.info(f"No curriculum files found in {settings.curricula_dir}/.")
    for path in paths:
        try:
            curriculum = load_curriculum(path)
        except CurriculumError as exc:
            st.error(f"{path.name}: {len(exc.problems)} problem(s)")
            st.code("\n".join(exc.problems), language=None)
        else:
            st.success(f"{path.name}: {curriculum.title} — {len(curriculum.sessions)} sessions")


# Live-room pages (page scripts relative to app.py). Each checks its own
# access: the console and organiser the passcode, the projector its display
# key; the phone page shows only what a phone may see.
CONSOLE = "workshop/ui/pages/console.py"
PROJECTOR = "workshop/ui/pages/projector.py"
JOIN = "workshop/ui/pages/join.py"
ORGANISER = "workshop/ui/pages/organiser.py"


def live_pages() -> list[st.Page]:
    """The live-room pages: console, projector, phone and organiser."""
    return [
        st.Page(CONSOLE, title="Facilitator console", url_path="console"),
        st.Page(PROJECTOR, title="Projector", url_path="projector"),
        st.Page(JOIN, title="Join", url_path="join"),
        st.Page(ORGANISER, title="Organiser", url_path="organiser"),
    ]


def run() -> None:
    """Entry point called by ``app.py``."""
    st.set_page_config(page_title="Open Circle", layout="wide")
    pages = [st.Page(_curricula_page, title="Curricula", url_path="curricula", default=True)]
    page = st.navigation(pages + live_pages(), position="hidden")
    page.run()
