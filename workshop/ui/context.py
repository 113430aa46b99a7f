"""What every page reads: the process's runtime, started once.

Under the server, ``app.py``'s lifespan starts the runtime at start-up
(``workshop.web.startup``) and every page finds it there. AppTest runs no
lifespan, so the first page run calls the same initialiser itself
(``start_runtime``), once per process and set of ``WORKSHOP_*`` variables, in
one ``st.cache_resource``. ``streamlit run app.py`` keeps working unchanged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from workshop.config import Settings
from workshop.store import Store
from workshop.web import startup
from workshop.web.startup import AppRuntime


@dataclass(frozen=True)
class AppContext:
    """What every page needs, shared by all sessions of the process."""

    runtime: AppRuntime

    @property
    def settings(self) -> Settings:
        """The process's settings."""
        return self.runtime.settings

    @property
    def store(self) -> Store:
        """The store; ``StoreUnavailable`` while the database cannot be reached."""
        return self.runtime.store


def secret_passcode() -> str:
    """The passcode from ``.streamlit/secrets.toml``, or "" when there is none."""
    try:
        value = st.secrets.get("facilitator_passcode", "")
    except StreamlitSecretNotFoundError:
        return ""  # no secrets.toml at all: the usual case
    return str(value).strip()


@st.cache_resource(show_spinner=False)
def _initialise(workshop_env: tuple[tuple[str, str], ...]) -> AppRuntime:
    # Keyed by the WORKSHOP_* variables so a test run whose environment
    # changes gets a fresh runtime. A raise is not cached: the next page run
    # tries again (a locked database recovers by itself).
    runtime = startup.start_runtime(dict(workshop_env), passcode=secret_passcode())
    if runtime.failure is not None:
        raise runtime.failure
    return runtime


def app_context() -> AppContext:
    """The process's context.

    Raises ``SettingsError`` for a bad variable and ``StoreError`` when the
    database cannot be opened (AppTest only; the server retries in the
    background); ``workshop.ui.main`` shows each as a plain message.
    """
    runtime = startup.current()
    if runtime is None:
        env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("WORKSHOP_")))
        runtime = _initialise(env)
        runtime.purge_if_new_day(date.today())
    return AppContext(runtime)
