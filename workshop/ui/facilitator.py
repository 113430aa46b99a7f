"""The facilitator console (``/console``, behind the passcode).

Pick or create a group, open a room for one of its sessions, choose the
address the QR code carries, then run the session: steps with notes, minutes
and a countdown; prompts opened, closed, privately previewed and revealed;
private safety notices; pause, end and export. A "room view" switch hides
notes and notices when the laptop screen is mirrored to the wall.

Every change is compare-and-set on the room's revision: when a second
facilitator screen moved first (``StaleRevision``) this screen reloads
quietly and shows the room as it is. The live half (``workshop.ui.console_live``:
the fragment holding the live listener, the status line with a countdown
that ticks in the browser, and the revisions a press acts on) keeps the
screens in step: on each pushed change it redraws, on each count tick it
draws the status line and any new private notice.

Session-state keys owned here: ``console.room_view``, ``console.corner`` (the
projector's join corner, carried in the projector's address), ``console.base``,
``console.base_typed``, ``console.group`` (the live keys are
``workshop.ui.console_live``'s). Query parameter owned here: ``room``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from workshop import qr, rooms
from workshop.curriculum import (
    STEP_KIND_LABELS,
    AnyStep,
    Curriculum,
    ExerciseStep,
    PromptStep,
    SlideStep,
    TrendStep,
    step_title,
)
from workshop.rooms.machine import PREVIEWED_KINDS
from workshop.signin import Scope
from workshop.store import Store
from workshop.ui import (
    cockpit,
    console_keys,
    console_live,
    console_results,
    live_stream,
    preview,
    routes,
)
from workshop.ui.catalogue import available_curricula
from workshop.ui.console_phones import phones_panel, press_refusal
from workshop.ui.live_components import PLAIN_ERRORS, boundary, require_passcode, room_in_reach
from workshop.ui.organiser_programme import console_end_steps
from workshop.ui.services import Services, services
from workshop.ui.text import markdown_literal, show_text

ROOM_VIEW_KEY = "console.room_view"
CORNER_KEY = "console.corner"
BASE_KEY = "console.base"
BASE_TYPED_KEY = "console.base_typed"
GROUP_KEY = "console.group"
ROOM_PARAM = "room"
_TYPE_ANOTHER = "Type another address…"


# --- Helpers -----------------------------------------------------------------------


def _change(action: Callable[[], object]) -> None:
    """Run one room change, then redraw. A lost compare-and-set reloads quietly."""
    try:
        action()
    except rooms.StaleRevision:
        pass  # another console moved first: show the room as it is now
    except PLAIN_ERRORS as exc:
        press_refusal(exc)
        return
    # Our own change: the rerun draws the room as it is now.
    console_live.forget_shown()
    st.rerun()


def _group_curriculum(svc: Services, group: rooms.Group) -> Curriculum | None:
    """The group's curriculum: from a room already opened, else the file."""
    for room in rooms.list_rooms(svc.store, group.id):
        return room.curriculum
    entry = available_curricula(svc.settings.curricula_dir).get(group.curriculum_id)
    return entry[1] if entry else None


# --- Setup: group and room ---------------------------------------------------------


def _new_group_form(svc: Services) -> None:
    curricula = available_curricula(svc.settings.curricula_dir)
    with st.expander("New group", expanded=not rooms.list_groups(svc.store)):
        if not curricula:
            folder = markdown_literal(f"{svc.settings.curricula_dir}/")
            st.info(
                f"No curriculum file loads from {folder}. "
                "Add one (see the home page for problems) and reload."
            )
            return
        with st.form("new-group"):
            name = st.text_input("Group name", max_chars=200, key="console.group_name")
            curriculum_id = st.selectbox(
                "Curriculum",
                list(curricula),
                format_func=lambda cid: curricula[cid][1].title,
                key="console.group_curriculum",
            )
            created = st.form_submit_button("Create group")
        if created and curriculum_id is not None:
            path, curriculum = curricula[curriculum_id]
            try:
                group = rooms.create_group(
                    svc.store, name, curriculum.id, path.read_text(encoding="utf-8")
                )
            except PLAIN_ERRORS as exc:
                st.error(markdown_literal(str(exc)))
            else:
                st.session_state[GROUP_KEY] = group.id
                st.rerun()


def _setup(svc: Services, scope: Scope) -> None:
    store = svc.store
    if scope.organiser:
        st.page_link(routes.ORGANISER.script, label="Organiser: groups, rooms, exports")
    st.page_link(routes.REHEARSE.script, label="Rehearse a session (notes, minutes)")
    # A group's facilitator sees his group only; only the organiser creates groups.
    groups = [group for group in rooms.list_groups(store) if scope.reaches(group.id)]
    if scope.organiser:
        _new_group_form(svc)
    if not groups:
        st.info("Create a group first: one group is one cohort that meets every week.")
        return
    by_id = {group.id: group for group in groups}
    if st.session_state.get(GROUP_KEY) not in by_id:
        st.session_state[GROUP_KEY] = groups[0].id
    group_id = st.selectbox(
        "Group",
        list(by_id),
        format_func=lambda gid: f"{by_id[gid].name} — {by_id[gid].curriculum_title}",
        key=GROUP_KEY,
    )
    group = by_id[group_id]

    live = [room for room in rooms.list_rooms(store, group.id) if not room.ended]
    if live:
        st.subheader("Rooms running now")
        for room in live:
            label = f"{room.session.title} · code {room.join_code}"
            if st.button(
                markdown_literal(f"Go to the room: {label}"), key=f"console.resume.{room.id}"
            ):
                st.query_params[ROOM_PARAM] = room.id
                st.rerun()

    st.subheader("Open a room")
    curriculum = _group_curriculum(svc, group)
    if curriculum is None:
        where = markdown_literal(f"{group.curriculum_id!r} is not in {svc.settings.curricula_dir}/")
        st.warning(f"The curriculum {where}: put its file back to open a room.")
        return
    sessions = {session.id: session for session in curriculum.sessions}
    session_id = st.selectbox(
        "Session",
        list(sessions),
        format_func=lambda sid: f"{sessions[sid].number}. {sessions[sid].title}",
        key="console.session",
    )
    if st.button("Open the room", type="primary", key="console.open"):
        try:
            room = rooms.open_room(
                store, group.id, str(session_id), retention_days=svc.settings.retention_days
            )
        except PLAIN_ERRORS as exc:
            st.error(markdown_literal(str(exc)))
        else:
            st.query_params[ROOM_PARAM] = room.id
            st.rerun()


# --- The room ------------------------------------------------------------------------


def choose_base_url(svc: Services) -> str:
    """The address the QR code encodes, picked by the facilitator."""
    port = int(st.get_option("server.port") or 8501)
    options: list[str] = []
    if svc.settings.public_url:
        options.append(svc.settings.public_url)
    options += [address.base_url(port) for address in qr.network_addresses()]
    options = [*dict.fromkeys(options), _TYPE_ANOTHER]
    choice = st.selectbox("Address phones open", options, key=BASE_KEY)
    if choice == _TYPE_ANOTHER:
        typed = st.text_input(
            "Address", placeholder=f"http://192.168.1.20:{port}", key=BASE_TYPED_KEY
        )
        return qr.normalise_base_url(typed or "")
    return qr.normalise_base_url(str(choice))


def _qr_panel(svc: Services, room: rooms.Room) -> str:
    st.subheader("Join")
    show_text(room.join_code, style="title", key="console-code")
    try:
        base = choose_base_url(svc)
    except qr.QrError as exc:
        st.error(markdown_literal(str(exc)))
        return ""
    url = qr.join_url(base, room.join_code)
    with st.container(key="console-qr"):
        st.image(qr.qr_png(url, box_size=8), width=260, alt=f"QR code: opens {url}")
    st.text(url)
    st.caption(
        "Test it from your own phone before the men arrive: scan the code and "
        "check the page opens. If it does not, phones cannot reach this laptop "
        "(see 'Running a session in a real room' in the README)."
    )
    return base


def _projector_link(room: rooms.Room, base: str) -> None:
    from urllib.parse import urlencode

    corner = st.toggle(
        "Join corner on the projector",
        value=True,
        key=CORNER_KEY,
        help=(
            "The join code and a small QR in the projector's corner, so a man who "
            "arrives late can join. Switch it off for a closed group, then open the "
            "projector window again: the setting is part of its address (corner=off)."
        ),
    )
    params = {"key": room.display_key, **({"base": base} if base else {})}
    if not corner:
        params["corner"] = "off"
    st.link_button(
        "Open the projector window",
        f"./{routes.PROJECTOR.url_path}?{urlencode(params)}",
        type="primary",
    )
    st.caption(
        "Drag that window to the projector and make it full screen (F11). The "
        "address and the corner are part of its link: after changing either, open it again."
    )


def _jump(store: Store, room: rooms.Room) -> None:
    steps = room.session.steps
    with st.form("jump"):
        target = st.selectbox(
            "Jump to",
            range(len(steps)),
            index=room.step_index,
            format_func=lambda i: f"{i + 1}. {_step_title(steps[i])}",
            key=f"console.jump.{room.step_index}",  # starts at the current step
        )
        if st.form_submit_button("Go"):
            _change(lambda: rooms.jump_to(store, room.id, room.revision, int(target or 0)))


TREND_CAPTION = (
    "The projector draws the group's check-ins and check-outs, session by session, "
    "under this slide: only what the room has seen, and only where enough phones answered."
)


def _step_title(step: AnyStep) -> str:
    prefix = f"{STEP_KIND_LABELS[step.type]}: " if isinstance(step, PromptStep) else ""
    return prefix + step_title(step)


def _current_step(room: rooms.Room, room_view: bool) -> None:
    step = room.step
    kind = STEP_KIND_LABELS[step.type]
    st.caption(f"{kind} · {step.minutes} min")
    show_text(_step_title(step), style="large", key="console-step")
    if isinstance(step, SlideStep | TrendStep) and step.body:
        st.markdown(step.body)  # organiser-written Markdown, on purpose
    if isinstance(step, TrendStep):
        st.caption(TREND_CAPTION)
    if isinstance(step, ExerciseStep):
        show_text(f"{step.instructions} ({step.format})", key="console-instructions")
    if not room_view:
        with st.container(border=True, key="console-notes"):
            st.caption("Notes (only on this screen)")
            show_text(step.notes, key="console-notes-text")


def _prompt_controls(svc: Services, room: rooms.Room, room_view: bool) -> None:
    prompt = room.prompt
    if prompt is None:
        return
    state = room.prompt_state
    st.caption(f"Question state: {state}")
    if state == "closed" and not room_view and prompt.kind in PREVIEWED_KINDS:
        preview.render(svc, room, prompt.id, _change)
    console_results.render(svc, room, room_view, _change)


def _notices(notices: list[rooms.Notice]) -> None:
    for notice in notices:
        with st.container(border=True, key=f"console-notice-{notice.prompt_id}"):
            st.warning(
                f"Private safety notice: {notice.count} answer(s) to a question here "
                "showed signs of risk. They are never shown or exported; the phone "
                "that sent it was shown support resources."
            )
            show_text(f"Question: {notice.question}", key=f"notice-{notice.prompt_id}")
            st.caption(
                "At a natural pause, remind the whole room of the support numbers on "
                "the handout. If someone tells you he is in danger: ask directly, "
                "listen, do not leave him alone, call emergency services."
            )


def _room_controls(svc: Services, room: rooms.Room) -> None:
    store = svc.store
    label = "Resume the projector" if room.paused else "Pause (blank the projector)"
    if st.button(label, key="console.pause"):
        _change(lambda: rooms.set_paused(store, room.id, room.revision, not room.paused))
    if room.prompt_state == "open":
        # Nothing of an open question leaves (the gate withholds it anyway); the
        # button is not offered so no one exports twice around one more answer.
        st.caption("Export is offered again once the question is closed.")
    else:
        st.download_button(
            "Export results (CSV)",
            data=svc.export_csv_later(room.id),  # built on the press, not on every rerun
            file_name=f"open-circle-{room.session.id}-{room.opened_on.isoformat()}.csv",
            mime="text/csv",
            key="console.export",
            on_click="ignore",
        )
    with st.popover("End the room"):
        st.write("Ending closes any open question and stops every phone link.")
        if st.button("Yes, end the room", key="console.end"):
            _change(lambda: rooms.end_room(store, room.id))


def _room(svc: Services, current: rooms.Room) -> None:
    store = svc.store
    room = console_live.shown_revision(current)
    notices = svc.gate.notices(room.id)
    # Drawn below, checked by the fragment.
    st.session_state[console_live.NOTICES_KEY] = console_live.notice_counts(notices)

    top_left, top_right = st.columns([3, 1])
    with top_left:
        show_text(f"{room.curriculum.title} — {room.session.title}", key="console-session")
    with top_right:
        room_view = st.toggle(
            "Room view",
            key=ROOM_VIEW_KEY,
            help="Hides notes, notices and the preview: use the presenter remote for those.",
        )
    if room.ended:
        st.info("This room has ended. Export its results below, or open a new room.")
        console_end_steps(svc, room)
        st.download_button(
            "Export results (CSV)",
            data=svc.export_csv_later(room.id),
            file_name=f"open-circle-{room.session.id}.csv",
            mime="text/csv",
            key="console.export_ended",
            on_click="ignore",
        )
        if st.button("Back to groups", key="console.leave"):
            del st.query_params[ROOM_PARAM]
            st.rerun()
        return
    url = live_stream.events_url(room.id, ticket=console_live.ticket(store, room.id))
    live = partial(
        st.fragment(console_live.live_tick), svc.gate, room, url, svc.settings.poll_seconds
    )
    press = console_keys.listen()
    if press is not None:
        cockpit.follow(store, current, press, _change)
    cockpit.render(svc, room, live, _change, revision=current.revision)
    if room.paused:
        st.warning("Paused: the projector is blank.")
    if not room_view:
        _notices(notices)

    main, side = st.columns([3, 2], gap="large")
    with main:
        _current_step(room, room_view)
        _prompt_controls(svc, room, room_view)
        _jump(store, room)
    with side:
        base = _qr_panel(svc, room)
        _projector_link(room, base)
        _room_controls(svc, room)
        phones_panel(svc, room.id)
        st.page_link(
            routes.REMOTE.script,
            label="Presenter remote (open it on your own phone)",
            query_params={ROOM_PARAM: room.id},
        )
        if st.button("Leave this room (it keeps running)", key="console.leave"):
            del st.query_params[ROOM_PARAM]
            st.rerun()


def render() -> None:
    """The facilitator console."""
    with boundary():
        svc = services()
        scope = require_passcode(svc.store, page="Facilitator console")
        if scope is None:
            return
        st.title("Facilitator console")
        live_stream.page_hook(key="console-live-page")
        room = room_in_reach(svc.store, scope, param=ROOM_PARAM)
        if room is not None:
            _room(svc, room)
            console_live.drawn(room)  # not reached when the run was cut short
            return
        _setup(svc, scope)
