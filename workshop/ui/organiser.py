"""The organiser page (``/organiser``, behind the passcode).

Groups and their rooms at a glance, each room's anonymous results as CSV and,
once a room has ended, its group summary as PDF; then the handouts
(``workshop.ui.handouts``). Per group: the rooms with the day each met and
the day its data is deleted, the group's check-ins and check-outs over the
weeks as the room sees them (``workshop.ui.room_trend``), the group record
and, once its last session has ended, the next steps
(``workshop.ui.organiser_programme``); how long its data is kept
(``workshop.ui.organiser_retention``); and a panel to delete it, or one of
its rooms, now (``workshop.ui.organiser_delete``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workshop import rooms
from workshop.dates import format_day, met_on
from workshop.ui import room_trend, routes
from workshop.ui.group_access import group_access_section
from workshop.ui.handouts import group_summary_button, handouts_section
from workshop.ui.live_components import boundary, require_organiser
from workshop.ui.organiser_delete import delete_panel, outcome
from workshop.ui.organiser_programme import programme_end_steps, record_buttons
from workshop.ui.organiser_retention import retention_outcome, retention_panel
from workshop.ui.services import Services, services
from workshop.ui.text import markdown_literal


def _rooms_table(room_list: list[rooms.Room]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "session": f"{room.session.number}. {room.session.title}",
                "state": "ended" if room.ended else ("paused" if room.paused else "running"),
                "step": f"{room.step_index + 1} of {len(room.session.steps)}",
                "met on": format_day(room.opened_on, room.curriculum.language),
                "data deleted on": format_day(room.expires_on, room.curriculum.language),
            }
            for room in room_list
        ]
    )


def _organiser(svc: Services) -> None:
    st.title("Organiser")
    outcome()
    retention_outcome()
    st.page_link(routes.CONSOLE.script, label="Facilitator console", icon="🎛️")
    st.page_link(routes.REHEARSE.script, label="Rehearse a session", icon=":material/slideshow:")
    _groups(svc)
    st.divider()
    group_access_section(svc)
    st.divider()
    handouts_section(svc)


def _groups(svc: Services) -> None:
    st.header("Groups and results")
    groups = rooms.list_groups(svc.store)
    if not groups:
        st.info("No groups yet: the facilitator console creates them.")
        return
    for group in groups:
        # Names and titles are typed by people: escaped, so they read as written.
        st.subheader(markdown_literal(group.name))
        st.caption(
            markdown_literal(f"{group.curriculum_title} · created {group.created_on.isoformat()}")
        )
        retention_panel(svc, group)
        room_list = rooms.list_rooms(svc.store, group.id)
        if not room_list:
            st.text("No rooms opened yet.")
            delete_panel(svc, group, room_list)
            continue
        st.dataframe(_rooms_table(room_list), hide_index=True)
        with st.expander("Our evening over the weeks: check-in and check-out"):
            # The projector's trend step draws the same chart, from the same release.
            room_trend.show_trend(
                svc.gate,
                group.id,
                room_list[-1].curriculum,
                None,
                large=False,
                key=f"organiser-trend-{group.id}",
            )
        programme_end_steps(svc, group, room_list[-1].curriculum.language)
        record_buttons(svc, group)
        st.download_button(
            markdown_literal(f"Export the whole group {group.name!r} as CSV (with the trend)"),
            # Built on the press, in Streamlit's download thread: a rerun of
            # this page never exports the groups nobody asked for.
            data=svc.export_csv_later(group.name),
            file_name=f"open-circle-{group.curriculum_id}-group.csv",
            mime="text/csv",
            key=f"organiser.export_group.{group.id}",
            on_click="ignore",
        )
        for room in room_list:
            st.download_button(
                markdown_literal(
                    f"Export {room.session.title} "
                    f"({met_on(room.opened_on, room.curriculum.language)}) as CSV"
                ),
                data=svc.export_csv_later(room.id),
                file_name=f"open-circle-{room.session.id}-{room.id[:8]}.csv",
                mime="text/csv",
                key=f"organiser.export.{room.id}",
                on_click="ignore",
            )
            group_summary_button(svc, room)
        delete_panel(svc, group, room_list)
    st.caption(
        f"Exports hold aggregates only where at least {svc.min_group} phones "
        "answered, and written answers only where the room saw them revealed; no keys "
        "of any kind. A group summary (ended rooms only) holds the revealed results under the "
        "same rule, without hidden or flagged text."
    )


def render() -> None:
    """The organiser page."""
    with boundary():
        svc = services()
        if require_organiser(svc.store, page="Organiser"):
            _organiser(svc)
