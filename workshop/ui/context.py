"""The one once-per-process initialiser of the Streamlit app.

Streamlit has no start-up hook, so the work that must happen once per process
runs in one ``st.cache_resource`` initialiser, on the first run of any page
(``workshop.ui.main`` calls it before a page runs): settings from the
environment, the passcode from ``.streamlit/secrets.toml`` when the
environment has none, no outside network calls, the store opened and migrated,
the first-start passcode, and the retention purge of expired rooms. Every page
reads :func:`app_context`. ``streamlit run app.py`` keeps working unchanged.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from workshop import auth, rooms
from workshop.config import Settings
from workshop.store import Store, open_store


@dataclass(frozen=True)
class AppContext:
    """What every page needs, made once per process and shared by all sessions."""

    settings: Settings
    store: Store


def _no_outside_calls() -> None:
    """Stop Streamlit from asking the internet for this machine's public address.

    Streamlit looks the address up at checkip.amazonaws.com for its start
    banner (hidden in ``.streamlit/config.toml``) and again whenever a browser
    connects from an origin that is not the server's own address (its CORS and
    websocket origin check). The app promises no outside network calls, and a
    room's Wi-Fi often has no internet anyway (the lookup would then stall a
    connection for up to two seconds). An empty string is a cached "no
    address": the check simply never matches it. Private: re-check on upgrade.
    """
    import streamlit.net_util as net_util

    net_util._external_ip = ""


def _secret_passcode() -> str:
    """The passcode from ``.streamlit/secrets.toml``, or "" when there is none."""
    try:
        value = st.secrets.get("facilitator_passcode", "")
    except StreamlitSecretNotFoundError:
        return ""  # no secrets.toml at all: the usual case
    return str(value).strip()


def _log(message: str) -> None:
    # The terminal that started the app is where the facilitator reads a
    # generated passcode; nothing else of his ends up there.
    print(f"[open-circle] {message}", file=sys.stderr, flush=True)


@st.cache_resource(show_spinner=False)
def _initialise(workshop_env: tuple[tuple[str, str], ...]) -> AppContext:
    # Keyed by the WORKSHOP_* variables so a process (or a test run) whose
    # environment changes gets a fresh context instead of a stale cached copy.
    # A raise is not cached: the next page run tries again (a locked database
    # at start recovers by itself).
    _no_outside_calls()
    settings = Settings.from_env(dict(workshop_env))
    store = open_store(settings)  # creates or upgrades the schema (migrations)
    try:
        auth.ensure_passcode(store, settings.facilitator_passcode or _secret_passcode(), _log)
    except BaseException:
        store.dispose()
        raise
    return AppContext(settings=settings, store=store)


@st.cache_resource(show_spinner=False, max_entries=4)
def _purge_for_day(workshop_env: tuple[tuple[str, str], ...], today: date) -> int:
    # Once per process per day, not only at start: a laptop left running for
    # weeks must still delete rooms past their retention period.
    purged = rooms.purge_expired(_initialise(workshop_env).store, today)
    if purged:
        _log(f"Deleted {purged} room(s) past their retention period, with their answers.")
    return purged


def app_context() -> AppContext:
    """The process's context.

    Raises ``SettingsError`` for a bad variable, ``StoreError`` or a
    SQLAlchemy error when the database cannot be opened; ``workshop.ui.main``
    shows each as a plain message.
    """
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("WORKSHOP_")))
    context = _initialise(env)
    _purge_for_day(env, date.today())
    return context
