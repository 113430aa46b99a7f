"""The console's phone count: how many phones joined, how many the room lets in.

One small panel the console draws beside the room's controls (the screens
issue moves it into a cockpit): the count from the store, and a popover that
raises (or lowers) the room's cap. Nobody in the room could see how many
phones joined before; the facilitator can now compare it with the people he
sees (docs/privacy.md, "Two phones, one man").

It also hands the console ``press_refusal`` (from ``live_components``), so
the console's presses say one plain sentence when the database cannot take
them, with one import line in ``facilitator`` (which is near its 500 lines).

Session-state keys owned here: ``console.max_phones`` (the cap being typed).
"""

from __future__ import annotations

import streamlit as st

from workshop import rooms
from workshop.ui.live_components import PLAIN_ERRORS, press_refusal, show_refusal
from workshop.ui.services import Services

CAP_KEY = "console.max_phones"

__all__ = ["CAP_KEY", "phone_line", "phones_panel", "press_refusal"]


def phone_line(count: rooms.PhoneCount) -> str:
    """The sentence the console shows, e.g. 'Phones joined: 12 (this room lets in 60).'"""
    return f"Phones joined: {count.joined} (this room lets in {count.cap})."


def phones_panel(svc: Services, room_id: str) -> None:
    """The count, and the popover that changes this room's cap."""
    try:
        count = rooms.phone_count(svc.store, room_id, max_phones=svc.settings.max_phones)
    except PLAIN_ERRORS as exc:
        show_refusal(exc)
        return
    st.caption(phone_line(count))
    with st.popover("Let more phones in"):
        st.write(
            "Compare the count with the people in the room: more phones than men "
            "means someone joined twice, and the small-number rule counts phones."
        )
        wanted = st.number_input(
            "Phones this room lets in",
            min_value=2,
            max_value=rooms.MAX_PHONES_LIMIT,
            value=count.cap,
            step=5,
            key=CAP_KEY,
        )
        if st.button("Save", key="console.max_phones.save"):
            try:
                rooms.set_max_phones(svc.store, room_id, int(wanted))
            except PLAIN_ERRORS as exc:
                show_refusal(exc)
                return
            st.rerun()
