"""Once-per-process initialisation for the Streamlit app.

Streamlit has no start-up hook, so the work that must happen once per process
runs in a ``st.cache_resource`` initialiser, on the first run of any page:
settings from the environment now; the store, migrations and the first-start
passcode join it later. ``streamlit run app.py`` keeps working unchanged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from workshop.config import Settings


@dataclass(frozen=True)
class AppContext:
    """What every page needs and the process builds once."""

    settings: Settings


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


@st.cache_resource(show_spinner=False)
def _initialise(workshop_env: tuple[tuple[str, str], ...]) -> AppContext:
    # Keyed by the WORKSHOP_* variables so a process (or a test run) whose
    # environment changes gets fresh settings instead of a stale cached copy.
    _no_outside_calls()
    return AppContext(settings=Settings.from_env(dict(workshop_env)))


def app_context() -> AppContext:
    """The process's context; raises ``SettingsError`` for a bad variable."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("WORKSHOP_")))
    return _initialise(env)
