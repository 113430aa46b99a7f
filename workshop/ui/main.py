"""Builds the page list and runs the selected page.

Navigation is hidden: a phone must never see a menu of facilitator pages, so
pages link to each other explicitly (``st.page_link``) and a participant's
link leads only where it names. Add a page by adding it to ``workshop.ui.routes``.
"""

from __future__ import annotations

import streamlit as st

from workshop.config import SettingsError
from workshop.store import StoreError
from workshop.ui import routes
from workshop.ui.context import app_context
from workshop.ui.live_components import show_refusal
from workshop.ui.text import install_text_styles, markdown_literal

_PAGES_KEY = "app.pages"


def pages() -> list[st.Page]:
    """Every page of the app, in order; the first is the default.

    Each live page checks its own access: the console and organiser the
    passcode, the projector its display key; the phone page shows only what
    a phone may see.
    """
    return [
        # The default page is served at "/" (Streamlit ignores its url_path).
        st.Page(route.script, title=route.title, url_path=route.url_path or None, default=i == 0)
        for i, route in enumerate(routes.ALL)
    ]


def _initialised() -> bool:
    """Run the one once-per-process initialiser; on failure show why, plainly.

    Settings, store, migrations, passcode and retention purge happen before
    any page runs, so every page (and a phone on the home page) finds them
    ready. A failure is not cached: the next run tries again.
    """
    try:
        app_context()
    except SettingsError as exc:
        # A plain message that says what to fix; never a traceback.
        st.error(
            f"Open Circle cannot start: {markdown_literal(str(exc))}. "
            "Fix that environment variable and restart the app."
        )
        return False
    except StoreError as exc:
        show_refusal(exc)  # the same plain words every page uses for the database
        return False
    return True


def _session_pages() -> list[st.Page]:
    # Built once per browser session: st.Page resolves each script's path on
    # disk, a fifth of a phone's redraw when done every run. Not shared across
    # sessions, because a page object carries per-run state.
    kept = st.session_state.get(_PAGES_KEY)
    if not isinstance(kept, list):
        kept = pages()
        st.session_state[_PAGES_KEY] = kept
    return kept


def run() -> None:
    """Entry point called by ``app.py``."""
    st.set_page_config(page_title="Open Circle", layout="wide")
    install_text_styles()
    if not _initialised():
        st.stop()
    st.navigation(_session_pages(), position="hidden").run()
