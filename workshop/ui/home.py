"""The home page (``/``): what anyone gets who types the bare address.

Most often that is a man on his phone, so the page starts with one thing he
understands at 360 px: "Join a session" and a box for the code on the screen.
Below, for facilitators and organisers, links to the console, the rehearsal
and the organiser page (each behind the passcode), then the curricula found
and whether each one is ready to use. Nothing here is private: no notes, no
groups, no rooms.

Session-state key owned here: ``home.code`` (the code box).
"""

from __future__ import annotations

import streamlit as st

from workshop.ui import routes
from workshop.ui.catalogue import load_entries
from workshop.ui.live_components import hide_chrome
from workshop.ui.services import services
from workshop.ui.text import markdown_literal, show_text

CODE_KEY = "home.code"

# Readable and tappable on a 360 px phone; the laptop gets the same column.
_HOME_CSS = """
[data-testid="stMainBlockContainer"], .block-container {
  max-width: 44rem; padding: 1rem 1rem 3rem; }
.st-key-home-join input[type="text"] {
  font-size: 1.6rem !important; letter-spacing: 0.2em; text-transform: uppercase; }
.st-key-home-join [data-testid="stFormSubmitButton"] button { min-height: 3.4rem; }
.st-key-home-join [data-testid="stFormSubmitButton"] button p { font-size: 1.3rem; }
"""


def _join() -> None:
    with st.container(border=True, key="home-join"):
        st.header("Join a session")
        st.caption(
            "Type the six-character code shown on the screen in the room, or scan its QR code."
        )
        with st.form("home-join-form", border=False):
            code = st.text_input(
                "Code", max_chars=12, key=CODE_KEY, placeholder="K7QM3X", autocomplete="off"
            )
            submitted = st.form_submit_button("Join", type="primary", width="stretch")
        if submitted:
            if code.strip():
                # The join page checks the code and explains a wrong one.
                st.switch_page(routes.JOIN.script, query_params={"code": code.strip()})
            st.error("Type the code from the screen first.")
        st.caption("Anonymous: no name, no account, nothing that ties an answer to you.")


def _staff_links() -> None:
    st.subheader("Facilitators and organisers")
    st.caption("These pages ask for the facilitator passcode; one unlock carries across them.")
    st.page_link(
        routes.CONSOLE.script, label="Facilitator console: run a session", icon=":material/tune:"
    )
    st.page_link(routes.REHEARSE.script, label="Rehearse a session", icon=":material/slideshow:")
    st.page_link(
        routes.ORGANISER.script, label="Organiser: groups, exports", icon=":material/folder_open:"
    )


def _curricula() -> None:
    settings = services().settings
    st.subheader("Curricula on this laptop")
    folder = settings.curricula_dir
    entries = load_entries(folder)
    if not entries:
        st.info(
            f"No curriculum files (*.yaml) in {markdown_literal(str(folder))}. "
            "Put one there, or set WORKSHOP\\_CURRICULA\\_DIR to the folder that holds them."
        )
        return
    ready = sum(1 for entry in entries if entry.curriculum is not None)
    st.caption(f"{ready} ready, {len(entries) - ready} cannot be used.")
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


def render() -> None:
    """The landing page: join first, then the staff links and the curricula."""
    hide_chrome(_HOME_CSS)
    st.title("Open Circle")
    _join()
    st.divider()
    _staff_links()
    _curricula()
