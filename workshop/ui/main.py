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


def run() -> None:
    """Entry point called by ``app.py``."""
    st.set_page_config(page_title="Open Circle", layout="wide")
    page = st.navigation([st.Page(_curricula_page, title="Curricula", url_path="curricula")])
    page.run()
