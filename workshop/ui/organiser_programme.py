"""A programme's end, on the organiser page and the console: the group record, then deletion.

``record_buttons`` offers a group's record (one PDF, one CSV: ``workshop.programme_record``,
through the disclosure gate's ``record`` audience), built only when pressed.
``programme_end_steps`` shows, once the group's last session has ended, the next
steps in order (download the record, then delete) and the day the data is
deleted by itself; the console shows the same with a link to the organiser page.
"""

from __future__ import annotations

import functools

import streamlit as st

from workshop import rooms
from workshop.dates import format_day
from workshop.disclosure import Gate
from workshop.programme_record import record_csv, record_pdf
from workshop.ui import routes
from workshop.ui.services import Services
from workshop.ui.text import markdown_literal


def _record_csv_bytes(gate: Gate, group_id: str) -> bytes:
    return record_csv(gate, group_id).csv.encode("utf-8")


def _record_pdf_bytes(gate: Gate, group_id: str) -> bytes:
    return record_pdf(gate, group_id).data


def record_buttons(svc: Services, group: rooms.Group) -> None:
    """Download buttons for the group record, PDF and CSV (built on the press)."""
    left, right = st.columns(2)
    with left:
        st.download_button(
            "Download the group record (PDF)",
            data=functools.partial(_record_pdf_bytes, svc.gate, group.id),
            file_name=f"open-circle-{group.curriculum_id}-group-record.pdf",
            mime="application/pdf",
            key=f"organiser.record_pdf.{group.id}",
            on_click="ignore",
        )
    with right:
        st.download_button(
            "Download the group record (CSV)",
            data=functools.partial(_record_csv_bytes, svc.gate, group.id),
            file_name=f"open-circle-{group.curriculum_id}-group-record.csv",
            mime="text/csv",
            key=f"organiser.record_csv.{group.id}",
            on_click="ignore",
        )


def end_sentence(end: rooms.ProgrammeEnd, language: str = "en") -> str:
    """The programme-end advice in one paragraph: the steps in order, and the day of deletion."""
    return (
        f"The group's last session (session {end.last_session}) has ended. Next steps: "
        "1. download the group record (PDF and CSV) for your files; "
        "2. then delete the group's data. "
        f"Otherwise it is deleted by itself on {format_day(end.deletes_on, language)}."
    )


def programme_end_steps(svc: Services, group: rooms.Group, language: str = "en") -> bool:
    """On the organiser page: the programme-end advice, if the last session has ended."""
    end = rooms.programme_end(svc.store, group.id)
    if end is None:
        return False
    st.success(markdown_literal(end_sentence(end, language)))
    return True


def console_end_steps(svc: Services, room: rooms.Room) -> None:
    """On the console, under an ended room: the same advice, with the way to the organiser page."""
    end = rooms.programme_end(svc.store, room.group_id)
    if end is None:
        return
    st.success(markdown_literal(end_sentence(end, room.curriculum.language)))
    st.page_link(routes.ORGANISER.script, label="Organiser: the group record, then delete")
