"""Composition root: ``app = st.App(...)``. Run with ``streamlit run app.py``.

Streamlit finds ``app`` and serves it (ASGI): the pages of ``app_pages.py``,
and our routes (``workshop.web.routes``: ``/healthz``, the live event stream,
``/signin`` and ``/signout``). Streamlit's session ids are kept out of the
log (``workshop.web.quiet_logs``): an id resumes a session. A cross-origin
websocket is refused before Streamlit's origin check, which would look the
machine's public address up on the internet (``workshop.web.origin``).
The lifespan does the start-up work once, before any page: settings (a bad
one stops with one plain sentence), the store and its migrations, the
first-start passcode, the retention purge, the live notifier, and the
start-up message with the addresses. ``WORKSHOP_TEST_HOOKS=1`` adds the test
hooks of ``workshop.web.routes``; never set it in production.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from workshop import qr
from workshop.config import SettingsError
from workshop.ui import routes
from workshop.ui.context import secret_passcode
from workshop.web import startup
from workshop.web.affinity import NodeCookieMiddleware
from workshop.web.banner import startup_message
from workshop.web.origin import SameOriginSocketMiddleware, trusted_names
from workshop.web.quiet_logs import hide_session_ids
from workshop.web.routes import app_routes

ENTRY_SCRIPT = "app_pages.py"
TEST_HOOKS = "WORKSHOP_TEST_HOOKS"


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    """Start-up and shutdown of the process (see the module docstring)."""
    hide_session_ids()
    env = {k: v for k, v in os.environ.items() if k.startswith("WORKSHOP_")}
    try:
        runtime = await asyncio.to_thread(startup.start_runtime, env, passcode=secret_passcode())
    except SettingsError as exc:
        # A raise here would end in the server's traceback: one sentence instead.
        print(
            f"Open Circle cannot start: {exc}. Fix that environment variable and start it again.",
            file=sys.stderr,
            flush=True,
        )
        sys.stdout.flush()
        os._exit(2)
    loop = asyncio.get_running_loop()
    startup.install(runtime)
    runtime.start_background(loop)
    undo_signals = startup.close_streams_on_exit(runtime, loop)
    message = startup_message(
        port=int(st.get_option("server.port") or 8501),
        bind_address=str(st.get_option("server.address") or ""),
        public_url=runtime.settings.public_url,
        addresses=qr.network_addresses(),
        console_path=routes.CONSOLE.url_path,
    )
    print(message, file=sys.stderr, flush=True)
    try:
        yield
    finally:
        undo_signals()
        startup.install(None)
        await asyncio.to_thread(runtime.stop)


app = st.App(
    ENTRY_SCRIPT,
    lifespan=lifespan,
    routes=app_routes(test_hooks=os.environ.get(TEST_HOOKS) == "1"),
    middleware=[
        Middleware(NodeCookieMiddleware),
        Middleware(
            SameOriginSocketMiddleware,
            cors_enabled=lambda: bool(st.get_option("server.enableCORS")),
            trusted=lambda: trusted_names(
                str(st.get_option("browser.serverAddress") or ""),
                st.get_option("server.corsAllowedOrigins") or [],
            ),
        ),
    ],
)
