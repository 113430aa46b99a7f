"""The phone's "save my answers" control: this session's handout with his own answers.

One tap: a download button whose file is built only when it is pressed
(Streamlit's deferred ``data``), from his token (``workshop.takeaway``). The
bytes are not put in session state or anywhere else, and nothing of it is
written to the database. A modest secondary action below the answers: it is
for later, at home, not the first thing on the screen.

Session-state keys owned here: ``takeaway.name`` (token and the file's name).
Widget keys: ``takeaway.download``.
"""

from __future__ import annotations

import functools

import streamlit as st

from workshop.disclosure import own_answers
from workshop.store import Store
from workshop.takeaway import takeaway_document, takeaway_filename
from workshop.ui.live_components import PLAIN_ERRORS

SAVE_LABEL = "Save my answers (PDF)"
NAME_KEY = "takeaway.name"
NOTHING_KEPT = (
    "This session's handout with the answers you sent from this phone, made when you "
    "press the button and sent only to this phone. Nothing of it is kept on the server. "
    "Save it before the session ends: after that your answers cannot be fetched."
)

# Thumb-sized like the rest of the page, but in the small type of a secondary action.
TAKEAWAY_CSS = """
.st-key-phone-takeaway [data-testid="stDownloadButton"] button { min-height: 2.75rem; }
.st-key-phone-takeaway { border-top: 1px solid rgba(49, 51, 63, 0.2); padding-top: 1rem;
  margin-top: 1rem; }
"""
"""The control's stylesheet, added by the page in its one stylesheet element (the
rule line above it, apart from the answer buttons: this is for later, at home)."""


def _build(store: Store, token: str) -> bytes:
    # Runs in Streamlit's download handler on the tap; a refusal (room ended,
    # link no longer valid) reaches the phone as its plain sentence.
    return takeaway_document(store, token).data


def _filename(store: Store, token: str) -> str | None:
    kept = st.session_state.get(NAME_KEY)
    if isinstance(kept, tuple) and kept[0] == token:
        return str(kept[1])
    try:
        name = takeaway_filename(own_answers(store, token))
    except PLAIN_ERRORS:
        return None
    st.session_state[NAME_KEY] = (token, name)
    return name


def save_my_answers(store: Store, token: str) -> None:
    """One download button; the PDF is built for this token only when tapped.

    The page adds :data:`TAKEAWAY_CSS` to its stylesheet.
    """
    with st.container(key="phone-takeaway"):
        name = _filename(store, token)
        if name is None:
            return
        st.download_button(
            SAVE_LABEL,
            data=functools.partial(_build, store, token),
            file_name=name,
            mime="application/pdf",
            key="takeaway.download",
            type="tertiary",
            width="stretch",
            on_click="ignore",
        )
        st.caption(NOTHING_KEPT)
