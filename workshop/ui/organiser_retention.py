"""A group's own retention, on the organiser page: keep its data for fewer days.

The organiser may shorten how long a group's answers are kept, never lengthen
it past the server's setting (``WORKSHOP_RETENTION_DAYS``): the box stops at
the setting and the domain (``rooms.set_group_retention``) refuses more.
Rooms already open are brought forward when the new period ends sooner; their
phones' footer then names the new day. The press runs in a callback that calls
that one function and keeps its outcome for the next run.

Session-state keys owned here: ``organiser.retention_said`` and the boxes
``organiser.retention.<group>``.
"""

from __future__ import annotations

import streamlit as st

from workshop import rooms
from workshop.ui.live_components import PLAIN_ERRORS
from workshop.ui.services import Services
from workshop.ui.text import markdown_literal

SAID_KEY = "organiser.retention_said"


def _days_key(group_id: str) -> str:
    return f"organiser.retention.{group_id}"


def _save(svc: Services, group_id: str) -> None:
    days = int(st.session_state.get(_days_key(group_id)) or 0)
    maximum = svc.settings.retention_days
    try:
        done = rooms.set_group_retention(svc.store, group_id, days, maximum)
    except PLAIN_ERRORS as exc:
        st.session_state[SAID_KEY] = ("error", str(exc))
        return
    moved = (
        f" {done.shortened_rooms} room(s) already held now go sooner; their phones show the "
        "new day."
        if done.shortened_rooms
        else ""
    )
    st.session_state[SAID_KEY] = (
        "success",
        f"This group's data is now kept {done.days} days after each session.{moved}",
    )


def retention_outcome() -> None:
    """The last change's outcome, shown once at the top of the page (where a
    tab whose group was deleted meanwhile still sees it)."""
    said = st.session_state.pop(SAID_KEY, None)
    if said is None:
        return
    kind, sentence = said
    (st.success if kind == "success" else st.error)(markdown_literal(sentence))


def retention_panel(svc: Services, group: rooms.Group) -> None:
    """How long the group's data is kept, and the box to shorten it."""
    maximum = svc.settings.retention_days
    days = rooms.group_retention_days(group, maximum)
    with st.expander(f"Keep this group's data for {days} days after each session"):
        st.number_input(
            f"Days (1 to {maximum}; {maximum} is the most this server keeps anything)",
            min_value=1,
            max_value=maximum,
            value=days,
            step=1,
            key=_days_key(group.id),
        )
        st.button(
            "Keep for this many days",
            key=f"organiser.retention_save.{group.id}",
            on_click=_save,
            args=(svc, group.id),
        )
