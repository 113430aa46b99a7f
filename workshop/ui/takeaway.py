"""The phone's "save my answers" control: this session's handout with his own answers.

Built only when he presses the button, from his token (``workshop.takeaway``),
and offered once as a download in that same run. The bytes are not put in
session state or anywhere else: Streamlit holds the file in memory only until
the page's next runs, and nothing of it is written to the database.

Widget keys owned here: ``takeaway.build`` (the button), ``takeaway.download``.
"""

from __future__ import annotations

import streamlit as st

from workshop.store import Store
from workshop.takeaway import takeaway_document
from workshop.ui.live_components import PLAIN_ERRORS, style
from workshop.ui.text import markdown_literal

SAVE_LABEL = "Save my answers (PDF)"
DOWNLOAD_LABEL = "Download my answers (PDF)"
NOTHING_KEPT = (
    "This session's handout with the answers you sent from this phone, made when you "
    "press the button and sent only to this phone. Nothing of it is kept on the server. "
    "Save it before the session ends: after that your answers cannot be fetched."
)

# The phone page sizes its buttons for thumbs; the download button gets the same.
_CSS = """
.st-key-phone-takeaway [data-testid="stDownloadButton"] button { min-height: 3.2rem; }
.st-key-phone-takeaway [data-testid="stDownloadButton"] button p { font-size: 1.15rem; }
"""


def save_my_answers(store: Store, token: str) -> None:
    """The button, and once pressed, the download of the PDF built for this token."""
    style(_CSS)
    with st.container(key="phone-takeaway"):
        st.divider()  # apart from the answer buttons: this is for later, at home
        if st.button(SAVE_LABEL, key="takeaway.build", width="stretch"):
            try:
                document = takeaway_document(store, token)
            except PLAIN_ERRORS as exc:
                st.error(markdown_literal(str(exc)))
            else:
                st.download_button(
                    DOWNLOAD_LABEL,
                    data=document.data,
                    file_name=document.filename,
                    mime="application/pdf",
                    key="takeaway.download",
                    type="primary",
                    width="stretch",
                    # No rerun on tap: the file stays offered until the page
                    # next changes, then it is gone from the server's memory.
                    on_click="ignore",
                )
        st.caption(NOTHING_KEPT)
