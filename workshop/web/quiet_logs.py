"""Keep Streamlit's session ids out of the server log.

A Streamlit session id resumes that session: Streamlit logs it at WARNING
when a browser reconnects ("Session with id … is already connected"), and at
DEBUG for every new session. A log line must not hand anyone a credential
(nor a phone's session, which is how the resumed-phone withdrawal of issue 11
finding 7 worked), so a filter on those loggers replaces every id in a
record's arguments and message with ``[session]``; the rest of the line stays.
"""

from __future__ import annotations

import logging
import re

_ID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
HIDDEN = "[session]"

LOGGERS = (
    "streamlit.runtime.websocket_session_manager",
    "streamlit.runtime.app_session",
    "streamlit.runtime.runtime",
    "streamlit.runtime.forward_msg_queue",
    "streamlit.web.server.starlette.starlette_websocket",
    "streamlit.web.server.browser_websocket_handler",
)
"""Streamlit's loggers that name sessions (checked against Streamlit 1.67)."""


def _scrub(value: object) -> object:
    if isinstance(value, str):
        return _ID.sub(HIDDEN, value)
    return value


class HideSessionIds(logging.Filter):
    """Replace every session id (a UUID) in a record with ``[session]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if isinstance(record.msg, str):
            record.msg = _ID.sub(HIDDEN, record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _scrub(arg) for key, arg in record.args.items()}
        return True


_FILTER = HideSessionIds()


def hide_session_ids() -> None:
    """Install the filter on every Streamlit logger that names sessions (idempotent).

    A logger Streamlit has not made yet is made here; Streamlit's own
    ``get_logger`` later returns the same object, filter included.
    """
    names = set(LOGGERS) | {
        name for name in logging.Logger.manager.loggerDict if name.startswith("streamlit")
    }
    for name in sorted(names):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
