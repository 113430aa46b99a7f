"""Pieces the live-room pages share: the passcode gate, the error boundary,
hidden chrome and the support/privacy footer (the store and settings come
from ``workshop.ui.services``).

Session-state keys owned here: ``auth.ok`` (the passcode flag).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import streamlit as st

from workshop import auth, rooms
from workshop.config import SettingsError
from workshop.curriculum import CurriculumError, SupportResource
from workshop.export import ExportError
from workshop.qr import QrError
from workshop.store import Store, StoreError, StoreUnavailable
from workshop.ui.text import markdown_literal, show_text

AUTH_KEY = "auth.ok"

# Streamlit's header, toolbar, main menu, deploy button, status widget and
# footer. The toolbar is already in viewer mode (config.toml); phones and the
# projector show nothing but the room.
_CHROME_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="stStatusWidget"],
[data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; }
</style>
"""


PLAIN_ERRORS: tuple[type[Exception], ...] = (
    rooms.RoomError,
    StoreError,
    SettingsError,
    QrError,
    CurriculumError,
    ExportError,
)
"""Refusals whose message is written for a person and shown as is."""

POLL_ERRORS: tuple[type[Exception], ...] = PLAIN_ERRORS
"""What a polling fragment swallows: it tries again on the next tick."""

_DATABASE_TROUBLE = (
    "The database cannot be read right now (busy, locked or missing). Wait a few "
    "seconds and reload the page; answers already saved are kept. If it persists, "
    "tell the facilitator."
)


@contextlib.contextmanager
def boundary() -> Iterator[None]:
    """Show a refusal as a plain message instead of a traceback.

    Every page body runs inside this. Our errors carry a message a person can
    act on; anything else is left to Streamlit, whose error details are off.
    """
    try:
        yield
    except POLL_ERRORS as exc:
        show_refusal(exc)


def show_refusal(exc: Exception) -> None:
    """One of ``POLL_ERRORS`` as the plain message a person reads."""
    if isinstance(exc, StoreUnavailable):
        # Raised by the store when the SQLite file is locked past its busy
        # timeout, deleted under us, or PostgreSQL is down.
        st.error(_DATABASE_TROUBLE)
    else:
        st.error(markdown_literal(str(exc)))


def hide_chrome() -> None:
    """Hide Streamlit's header, menu and footer (phones and projector)."""
    st.html(_CHROME_CSS)


def style(css: str) -> None:
    """Add page CSS (our own constant strings only, never participant text)."""
    st.html(f"<style>{css}</style>")


def require_passcode(store: Store, *, page: str) -> bool:
    """The passcode gate for the console and organiser pages.

    Returns True when this browser session has entered the passcode; else
    draws the form and returns False, and the page must show nothing else.
    """
    if st.session_state.get(AUTH_KEY) is True:
        return True
    st.title(page)
    st.caption("This page is for the facilitator and organisers.")
    with st.form("passcode-form"):
        attempt = st.text_input("Passcode", type="password", key="passcode-attempt")
        submitted = st.form_submit_button("Unlock", type="primary")
    if submitted:
        if attempt and auth.check_passcode(store, attempt):
            st.session_state[AUTH_KEY] = True
            st.rerun()
        st.error(
            "That passcode is not right. Check it and try again; the organiser "
            "who set up this laptop has it."
        )
    return False


def support_resources(
    resources: Sequence[SupportResource], *, expanded: bool = False, title: str | None = None
) -> None:
    """The support services, in an expander (open at once when ``expanded``)."""
    with st.expander(title or "Support, any time", expanded=expanded):
        st.markdown(
            "If you are struggling, or worried about someone, these services "
            "listen, free and in confidence:"
        )
        for resource in resources:
            # Curriculum text, not participant text; still shown as text so
            # a stray '$' or ':' in a phone number never turns into markup.
            show_text(f"{resource.service} ({resource.region}): {resource.how}")


def privacy_note(retention_days: int) -> None:
    """The short privacy promise shown on every phone screen."""
    st.caption(
        f"Anonymous: no name, no account, nothing that ties an answer to you. "
        f"Answers are deleted after {retention_days} days."
    )
