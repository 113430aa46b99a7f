"""The home page: the curricula found and whether each one is ready to use."""

from __future__ import annotations

import streamlit as st

from workshop.ui.browser import load_entries
from workshop.ui.context import app_context
from workshop.ui.text import markdown_literal, show_text


def render() -> None:
    """List every curriculum file with its validation state and problems."""
    settings = app_context().settings
    st.title("Open Circle")
    st.write(
        "Run a men's group programme from this laptop: rehearse a session here, "
        "then run it live with the room's phones."
    )
    st.page_link(
        "workshop/ui/pages/rehearse.py", label="Rehearse a session", icon=":material/slideshow:"
    )
    st.subheader("Curricula")
    folder = settings.curricula_dir
    entries = load_entries(folder)
    if not entries:
        st.info(
            f"No curriculum files (*.yaml) in {markdown_literal(str(folder))}. "
            "Put one there, or set WORKSHOP\\_CURRICULA\\_DIR to the folder that holds them."
        )
        return
    for entry in entries:
        with st.container(border=True):
            if entry.curriculum is not None:
                c = entry.curriculum
                steps = sum(len(s.steps) for s in c.sessions)
                st.markdown(f":green[**Ready**] · {markdown_literal(entry.path.name)}")
                show_text(c.title, style="large", key=f"home-{entry.path.name}")
                show_text(
                    f"{len(c.sessions)} sessions, {steps} steps, version {c.version}. {c.summary}"
                )
            else:
                st.markdown(
                    f":red[**Cannot be used**] · {markdown_literal(entry.path.name)} · "
                    f"{len(entry.problems)} problem(s) to fix:"
                )
                for problem in entry.problems:
                    show_text(problem)
