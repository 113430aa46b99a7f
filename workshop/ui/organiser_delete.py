"""Deleting now, on the organiser page: a room, or a whole group with all its rooms.

Each group gets a "Delete…" panel: choose the whole group or one of its
rooms, read what goes (sessions, how many answers), type the group's name, press.
The press runs in a callback (``_delete``) that calls one domain function
(``rooms.delete_group`` / ``rooms.delete_room``) and keeps its outcome for the
next run, which shows it at the top of the page (``outcome``). A callback runs
even when the panel it came from is gone (another tab deleted the group), so
that tab reads the same plain sentence, never a traceback.

Session-state keys owned here: ``organiser.deleted``, ``organiser.delete_open``
(a panel whose press failed opens again) and the panel's widgets
``organiser.delete_what.<group>`` and ``organiser.confirm.<group>``.
"""

from __future__ import annotations

import streamlit as st

from workshop import rooms
from workshop.dates import met_on
from workshop.ui.live_components import PLAIN_ERRORS
from workshop.ui.services import Services
from workshop.ui.text import markdown_literal

OUTCOME_KEY = "organiser.deleted"
OPEN_KEY = "organiser.delete_open"
WHOLE_GROUP = "group"


def _what_key(group_id: str) -> str:
    return f"organiser.delete_what.{group_id}"


def _confirm_key(group_id: str) -> str:
    return f"organiser.confirm.{group_id}"


def _met(room: rooms.Room) -> str:
    return met_on(room.opened_on, room.curriculum.language)


def describe(deletion: rooms.Deletion, *, done: bool) -> str:
    """What a deletion takes (``done=False``) or took, in one plain paragraph."""
    sessions = "; ".join(
        f"{room.session.number}. {room.session.title} ({_met(room)})" for room in deletion.rooms
    )
    what = (
        f"the group {deletion.group_name!r} with {len(deletion.rooms)} session(s)"
        if deletion.whole_group
        else f"one session of the group {deletion.group_name!r}"
    )
    answers = f"{deletion.answers} stored answer(s) and passes"
    if not done:
        running = (
            f" {deletion.running} session(s) still running will be ended first."
            if deletion.running
            else ""
        )
        listed = f": {sessions}" if sessions else ""
        return f"Deletes {what}{listed}, and {answers}.{running} This cannot be undone."
    return (
        f"Deleted {what}{': ' + sessions if sessions else ''}, and {answers}. "
        "The phones' links to these sessions no longer work: they now say the "
        "session's data has been deleted."
    )


def _delete(svc: Services, group_id: str) -> None:
    """The press: delete what the panel chose, if the typed name matches."""
    what = st.session_state.get(_what_key(group_id), WHOLE_GROUP)
    typed = str(st.session_state.get(_confirm_key(group_id), ""))
    try:
        if what == WHOLE_GROUP:
            done = rooms.delete_group(svc.store, group_id, typed)
        else:
            done = rooms.delete_room(svc.store, str(what), typed)
    except PLAIN_ERRORS as exc:
        st.session_state[OUTCOME_KEY] = ("error", str(exc))
        st.session_state[OPEN_KEY] = group_id  # the panel stays open to type again
        return
    st.session_state[OUTCOME_KEY] = ("success", describe(done, done=True))
    st.session_state.pop(OPEN_KEY, None)
    st.session_state[_confirm_key(group_id)] = ""


def outcome() -> None:
    """The last deletion's outcome (what went, or why nothing did), shown once."""
    kept = st.session_state.pop(OUTCOME_KEY, None)
    if kept is None:
        return
    kind, sentence = kept
    if kind == "success":
        st.success(markdown_literal(sentence))
    else:
        st.error(markdown_literal(sentence))


def delete_panel(svc: Services, group: rooms.Group, room_list: list[rooms.Room]) -> None:
    """The "Delete…" panel of one group: choose, read what goes, type the name, press."""
    labels = {WHOLE_GROUP: f"The whole group {group.name!r} ({len(room_list)} session(s))"}
    for room in room_list:
        labels[room.id] = (
            f"Only {room.session.number}. {room.session.title} "
            f"({_met(room)}, code {room.join_code})"
        )
    # Kept open from a failed press until a deletion succeeds: an expander
    # whose "expanded" flips back would fold up under the organiser's hand.
    reopen = st.session_state.get(OPEN_KEY) == group.id
    with st.expander(markdown_literal(f"Delete data of {group.name!r} now…"), expanded=reopen):
        what = st.selectbox(
            "What to delete",
            list(labels),
            format_func=lambda key: labels.get(key, key),
            key=_what_key(group.id),
        )
        try:
            plan = (
                rooms.group_deletion(svc.store, group.id)
                if what == WHOLE_GROUP
                else rooms.room_deletion(svc.store, str(what))
            )
        except PLAIN_ERRORS as exc:
            st.error(markdown_literal(str(exc)))
            return
        st.warning(markdown_literal(describe(plan, done=False)))
        # A plain label: a screen reader reads a widget's label as given, so
        # it carries no escaped name; the name is in the warning above.
        st.text_input(
            "Type the group's name, exactly as shown, to confirm", key=_confirm_key(group.id)
        )
        st.button(
            "Delete now",
            type="primary",
            key=f"organiser.delete.{group.id}",
            on_click=_delete,
            args=(svc, group.id),
        )
