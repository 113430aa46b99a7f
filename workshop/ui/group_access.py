"""The organiser page's "Facilitator passcodes" section (organiser only).

Each group can have its own facilitator passcode: whoever signs in with it
sees and runs that group's rooms only. The organiser makes one here; it is
shown once, on the run right after the press, and never again (only its
salted hash is stored, ``workshop.auth.set_group_passcode``). Making a new one
replaces the old one and signs that group's facilitators out. A group without
one is reached with the organiser passcode only.

Session-state keys owned here: ``group_access.shown`` (the passcode just made,
with its group id, until it has been drawn once), ``group_access.error``.
"""

from __future__ import annotations

import streamlit as st

from workshop import auth, rooms
from workshop.store import Store
from workshop.ui.live_components import PLAIN_ERRORS, press_refusal
from workshop.ui.services import Services
from workshop.ui.text import markdown_literal

SHOWN_KEY = "group_access.shown"
ERROR_KEY = "group_access.error"


def _make(store: Store, group_id: str) -> None:
    """The button's callback: one domain call, then state for the next run to draw."""
    try:
        passcode = auth.set_group_passcode(store, group_id)
    except PLAIN_ERRORS as exc:
        st.session_state[ERROR_KEY] = (group_id, exc)
        return
    if passcode is None:
        st.session_state[ERROR_KEY] = (group_id, rooms.RoomError("That group does not exist."))
        return
    st.session_state[SHOWN_KEY] = (group_id, passcode)


def group_access_section(svc: Services) -> None:
    """Make or replace each group's facilitator passcode (call from the organiser page only)."""
    st.header("Facilitator passcodes")
    st.caption(
        "A group's facilitator passcode opens that group's rooms only, on the console. "
        "It is shown once: write it down and hand it over in person. Making a new one "
        "signs that group's facilitators out. A group without one is run with the "
        "organiser passcode."
    )
    groups = rooms.list_groups(svc.store)
    if not groups:
        st.info("No groups yet.")
        return
    having = auth.groups_with_passcode(svc.store)
    # Popped now: the passcode is drawn on this run only, never on a later one.
    shown = st.session_state.pop(SHOWN_KEY, None)
    failed = st.session_state.pop(ERROR_KEY, None)
    for group in groups:
        left, right = st.columns([3, 2])
        with left:
            state = "has a facilitator passcode" if group.id in having else "organiser only"
            st.markdown(markdown_literal(f"{group.name}: {state}"))
        with right:
            label = "Make a new passcode" if group.id in having else "Make a facilitator passcode"
            st.button(
                label,
                key=f"group_access.make.{group.id}",
                on_click=_make,
                args=(svc.store, group.id),
            )
        if shown is not None and shown[0] == group.id:
            st.success(
                markdown_literal(f"Facilitator passcode for {group.name} (shown once): {shown[1]}")
            )
        if failed is not None and failed[0] == group.id:
            press_refusal(failed[1])
