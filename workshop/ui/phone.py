"""The phone page (``/join``): join by QR or code, follow the room, answer.

No account: the token from ``rooms.join`` goes into the URL (``?token=``), so a
reload, a sleeping phone or a lost Wi-Fi keeps his place and his answers. The
page follows the facilitator through a small fragment in its head holding the
live listener (``workshop.ui.live_stream``, ``workshop.ui.phone_live``): the
server pushes each change of the room's revision; from one step with nothing
to answer to another the fragment redraws the head alone, and any other change
reruns the page (every ``poll_seconds`` while the stream is down). The answer inputs
live outside that fragment and are keyed by prompt id, so typing is never
reset by an update: Streamlit keeps a widget's unsent text while the widget
stays on the page. For the same reason the last word/text question's box
stays on the screen (with what he typed) when the facilitator moves on to a
slide, unless it holds just what he sent: a sent answer shows, in small type,
only while its question is open (issue 12; ``workshop.ui.phone_parts``).

Session-state keys owned here: ``phone.rev`` (revision drawn, None on an
error screen or while a run draws), ``phone.prompt`` (id of the last prompt drawn), ``phone.flash``
(what was just saved), ``phone.error`` (why a press saved nothing),
``phone.flagged`` (id of the prompt whose answer was flagged: support numbers
in full while it is on screen), ``phone.room`` (token and the room it follows),
``phone.view`` (token and the last view drawn: while the database is
away the page draws it again, so the answer box and what he typed stay; the
key itself is defined in ``phone_live``, whose head-only redraw moves it on).
Query parameters owned here: ``code`` (consumed), ``token``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workshop import rooms
from workshop.curriculum import (
    DEFAULT_SUPPORT_RESOURCES,
    ChoiceAnswer,
    PromptStep,
    TextAnswer,
    WordAnswer,
)
from workshop.store import Store, StoreUnavailable
from workshop.ui import live_stream
from workshop.ui.components import answer_value, answer_widget
from workshop.ui.live_components import (
    PLAIN_ERRORS,
    boundary,
    hide_chrome,
    privacy_note,
    show_refusal,
    style,
    support_resources,
)
from workshop.ui.phone_live import (
    BODY_KEY,
    REV_KEY,
    ROOM_KEY,
    VIEW_KEY,
    deleted,
    follow,
    phone_view,
)
from workshop.ui.phone_parts import (
    FLAGGED_INTRO,
    HIDE_BOX_CSS,
    HIDE_BUTTONS_CSS,
    SENT_FLASH,
    SUPPORT_CSS,
    THUMB_CSS,
    body_key,
    confirmation,
    holds_only_sent,
    remember_sent,
    support_panel,
)
from workshop.ui.services import Services, services
from workshop.ui.takeaway import TAKEAWAY_CSS, save_my_answers
from workshop.ui.text import markdown_literal, show_text

PROMPT_KEY = "phone.prompt"
FLASH_KEY = "phone.flash"
FLAGGED_KEY = "phone.flagged"
ERROR_KEY = "phone.error"
AWAY = (
    "The room cannot be reached for a moment. What you typed stays here; this "
    "page comes back by itself. Nothing you sent before is lost."
)

# Big tap targets and readable text on a 360 px screen.
_PHONE_CSS = """
[data-testid="stMainBlockContainer"], .block-container {
  max-width: 40rem; padding: 1rem 1rem 3rem; }
[data-testid="stButton"] button, [data-testid="stFormSubmitButton"] button {
  min-height: 3.2rem; }
[data-testid="stButton"] button p, [data-testid="stFormSubmitButton"] button p {
  font-size: 1.15rem; }
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label {
  min-height: 2.9rem; min-width: 2.9rem; align-items: center; }
[data-testid="stRadio"] label p, [data-testid="stCheckbox"] label p,
[data-testid="stRadio"] label div, [data-testid="stCheckbox"] label div { font-size: 1.2rem; }
[data-testid="stRadio"] [role="radiogroup"] { gap: 0.2rem 0.9rem; }
textarea, input[type="text"] { font-size: 1.15rem !important; }
"""


def _answer_key(prompt_id: str) -> str:
    return f"phone.answer.{prompt_id}"


def _join_form(store: Store, max_phones: int) -> None:
    st.subheader("Join the circle")
    st.caption("Type the six-character code shown on the screen.")
    with st.form("join-form"):
        code = st.text_input("Code", max_chars=12, key="phone.code")
        submitted = st.form_submit_button("Join", type="primary", width="stretch")
    if submitted:
        try:
            joined = rooms.join(store, code, max_phones=max_phones)
        except PLAIN_ERRORS as exc:
            st.error(markdown_literal(str(exc)))
        else:
            _start(joined.token)


def _start(token: str) -> None:
    st.query_params.clear()
    st.query_params["token"] = token
    for key in (REV_KEY, PROMPT_KEY, FLASH_KEY, ERROR_KEY, FLAGGED_KEY, ROOM_KEY, BODY_KEY):
        st.session_state.pop(key, None)
    st.rerun()


def _footer(resources: Any, retention_days: int, deletes_on: date | None = None) -> None:
    st.divider()
    privacy_note(retention_days, deletes_on)
    # Always folded here: where the numbers matter they are shown in full
    # higher up (support step, right after a flagged answer).
    support_resources(resources)


def _input(prompt: PromptStep, *, disabled: bool) -> Any:
    """The answer widget; kept under the same key while the prompt is on screen."""
    # The same function draws the rehearsal's preview: what he sees is what
    # the facilitator rehearsed.
    return answer_widget(prompt, key=_answer_key(prompt.id), disabled=disabled)


def _press_buttons(store: Store, token: str, prompt: PromptStep, *, form: bool, live: bool) -> None:
    """Send and Pass, as button callbacks (see :func:`_on_press`)."""
    button = st.form_submit_button if form else st.button
    send, skip = st.columns(2)
    with send:
        button(
            "Send",
            type="primary",
            key="phone.send",
            width="stretch",
            on_click=_on_press,
            args=(store, token, prompt, "send"),
            disabled=not live,
        )
    with skip:
        button(
            "Pass",
            key="phone.pass",
            width="stretch",
            on_click=_on_press,
            args=(store, token, prompt, "pass"),
            disabled=not live,
        )


def _word_form(store: Store, token: str, prompt: PromptStep, *, live: bool) -> None:
    """A word question: its box and buttons in a form, so Enter on the keyboard sends.

    Enter presses the form's first button (Send), whose callback saves before
    the page runs, like any press. Drawn the same way in every state that
    shows the box, so the box never moves and keeps what he is typing; the
    buttons are greyed out (and Enter does nothing) while it cannot be sent.
    """
    with st.form(f"phone-word-{prompt.id}", border=False):
        _input(prompt, disabled=False)
        _press_buttons(store, token, prompt, form=True, live=live)


def _prefill(prompt: PromptStep, mine: rooms.MyAnswer | None) -> None:
    """After a reload the widget starts from his saved answer, not empty."""
    key = _answer_key(prompt.id)
    if mine is None or mine.passed or mine.value is None:
        return
    spec = prompt.answer
    if isinstance(spec, ChoiceAnswer) and spec.multiple:
        for i, option in enumerate(spec.options):
            st.session_state.setdefault(
                f"{key}.{i}", isinstance(mine.value, list) and option in mine.value
            )
        return
    if isinstance(spec, ChoiceAnswer) and isinstance(mine.value, list) and mine.value:
        st.session_state.setdefault(key, mine.value[0])
        return
    st.session_state.setdefault(key, mine.value)


# A press the database could not take: nothing changed, and the box keeps his text.
_NOT_SAVED = {
    "send": (
        "Not sent: the database is busy right now. What you wrote is still here: "
        "press Send again in a few seconds."
    ),
    "pass": "Not passed: the database is busy right now. Press Pass again in a few seconds.",
    "withdraw": (
        "Not withdrawn: the database is busy right now, so your saved answer is unchanged. "
        "Press Withdraw again in a few seconds."
    ),
}


def _on_press(store: Store, token: str, prompt: PromptStep, action: str) -> None:
    """Send, pass or withdraw, as a button callback.

    Streamlit runs a callback when the press arrives, before the page script.
    Handled in the script body instead, a press was lost whenever the polling
    fragment's next tick interrupted that run first (the 1.67 browser sends
    ticks on a timer even while a run is in progress; 2-4 of 30 presses lost,
    ``benchmarks/load_press_race.py``). So this callback saves the answer and
    sets state for the page to show; nothing else.
    """
    value: Any = None
    if action == "send":
        value = answer_value(prompt, key=_answer_key(prompt.id))
        if value is None or value == [] or (isinstance(value, str) and not value.strip()):
            st.session_state[ERROR_KEY] = (
                "Nothing to send yet: pick or type an answer, or press Pass."
            )
            return
    try:
        if action == "send":
            result = rooms.submit_answer(store, token, prompt.id, value)
            remember_sent(prompt.id, value)
            if result.flagged:
                st.session_state[FLAGGED_KEY] = prompt.id
            st.session_state[FLASH_KEY] = SENT_FLASH
        elif action == "pass":
            rooms.pass_prompt(store, token, prompt.id)
            st.session_state[FLASH_KEY] = "Saved: you passed. That is always fine."
        else:
            rooms.withdraw_answer(store, token, prompt.id)
            st.session_state[FLASH_KEY] = "Withdrawn: nothing is saved for this question now."
    except StoreUnavailable:
        # Locked past the busy timeout, disk full, connection cut: the write
        # rolled back whole, so what was saved before is still what is saved.
        st.session_state[ERROR_KEY] = _NOT_SAVED[action]
    except PLAIN_ERRORS as exc:
        st.session_state[ERROR_KEY] = str(exc)


def _prompt(
    store: Store,
    token: str,
    view: rooms.PhoneView,
    prompt: PromptStep,
    box: DeltaGenerator,
    below: DeltaGenerator,
) -> None:
    state = view.prompt_state
    mine = view.my_answer
    st.session_state[PROMPT_KEY] = prompt
    if state == "open":
        _prefill(prompt, mine)
    if mine is not None and not mine.passed and mine.value is not None:
        remember_sent(prompt.id, mine.value)
    closed = state in ("closed", "revealed")
    typed = isinstance(prompt.answer, WordAnswer | TextAnswer)
    with box:
        # A closed question shows no input. Typed boxes are still drawn, and
        # hidden by CSS: a box taken off the page (or turned disabled) is drawn
        # afresh from the server's copy, and words he has not sent yet (only in
        # his browser) would be gone if the facilitator opens it again.
        if isinstance(prompt.answer, WordAnswer):
            _word_form(store, token, prompt, live=state == "open")
        elif not closed or typed:
            _input(prompt, disabled=False)
    with below:
        if closed and typed:
            style(HIDE_BOX_CSS)
        if state == "none":
            st.info("This question opens in a moment. You can start thinking.")
            return
        if state == "open":
            if not isinstance(prompt.answer, WordAnswer):
                _press_buttons(store, token, prompt, form=False, live=True)
            error = st.session_state.get(ERROR_KEY)
            if error:
                st.error(markdown_literal(error))
            confirmation(mine, st.session_state.get(FLASH_KEY), open_now=True)
            _flagged_support(view, prompt)
            if mine is not None:
                st.button(
                    "Withdraw my answer",
                    key="phone.withdraw",
                    width="stretch",
                    on_click=_on_press,
                    args=(store, token, prompt, "withdraw"),
                )
            return
        if state == "closed":
            st.info("This question is closed: answers can no longer change.")
        else:
            st.info("The results are on the screen.")
        confirmation(mine, st.session_state.get(FLASH_KEY), open_now=False)
        _flagged_support(view, prompt)


def _flagged_support(view: rooms.PhoneView, prompt: PromptStep) -> None:
    """Right after a flagged answer, the numbers in full (while that question is on screen)."""
    if st.session_state.get(FLAGGED_KEY) == prompt.id:
        support_panel(view.support_resources, intro=FLAGGED_INTRO)


def _leftover(previous: object, step: object) -> PromptStep | None:
    """The last word/text question's box, kept on screen after the room moved on.

    Drawn even when nothing was sent: words he is typing right now are only
    in his browser, and survive only while the box stays on the page. Not
    drawn when it holds just what he sent: that is not carried to later steps.
    """
    if isinstance(step, PromptStep) or not isinstance(previous, PromptStep):
        return None
    if not isinstance(previous.answer, WordAnswer | TextAnswer):
        return None
    if holds_only_sent(previous.id, st.session_state.get(_answer_key(previous.id))):
        return None
    return previous


def _last_view(token: str) -> rooms.PhoneView | None:
    """The view this page last drew in full for ``token`` (kept in this session only)."""
    kept = st.session_state.get(VIEW_KEY)
    if isinstance(kept, tuple) and kept[0] == token and isinstance(kept[1], rooms.PhoneView):
        return kept[1]
    return None


def _view(svc: Services, token: str) -> None:
    store = svc.store
    away = False
    try:
        view = phone_view(svc, token)
    except StoreUnavailable as exc:
        # The database is away (down, locked past the timeout, disk full). A
        # page redrawn as an error would drop the answer box, and with it what
        # he was typing: draw the last screen again, say so, and keep following.
        last = _last_view(token)
        if last is None:
            follow(svc, token, None)
            _trouble(svc, token, exc)
            return
        view, away = last, True
    except PLAIN_ERRORS as exc:
        follow(svc, token, None)
        _trouble(svc, token, exc)
        return
    if view.ended:
        follow(svc, token, None)
        st.title("This session has ended, thank you.")
        st.write("Your answers stay anonymous. Take care of yourself this week.")
        # Last week's link: the new code goes in right here.
        _join_form(store, svc.settings.max_phones)
        _footer(view.support_resources, view.retention_days, view.deletes_on)
        st.session_state[REV_KEY] = view.revision
        return
    if not away:
        st.session_state[VIEW_KEY] = (token, view)
    # Three fixed places: the answer widget always sits alone at the same spot
    # of the page, whatever the step. Streamlit keeps a widget's unsent text
    # across reruns only while it stays in place; a widget that moves up the
    # page is drawn afresh, and what he was typing would be gone.
    head = st.container(key="phone-head")
    box = st.container(key="phone-box")
    below = st.container(key="phone-below")
    step = view.step
    leftover = _leftover(st.session_state.get(PROMPT_KEY), step)
    if not (isinstance(step, PromptStep) and st.session_state.get(FLAGGED_KEY) == step.id):
        st.session_state.pop(FLAGGED_KEY, None)  # support in full right after, no banner later
    with head:
        show_text(view.session_title, style="muted", key="phone-session")
        follow(svc, token, view)  # the live fragment draws the rest of the head
        if away:
            st.warning(AWAY)
    if isinstance(step, PromptStep):
        _prompt(store, token, view, step, box, below)
    elif leftover is not None:
        with box:
            if isinstance(leftover.answer, WordAnswer):
                _word_form(store, token, leftover, live=False)
                style(HIDE_BUTTONS_CSS)
            else:
                _input(leftover, disabled=False)
    if not away:
        save_my_answers(store, token)  # below the answer: never moves the answer widget
    _footer(view.support_resources, view.retention_days, view.deletes_on)
    # Recorded only once the whole page is drawn: a run cut short by a poll
    # tick leaves None, so the next tick redraws the page, messages included.
    # While the database is away it stays None: the first revision read when it
    # is back differs, and the page redraws from the database.
    st.session_state[REV_KEY] = None if away else view.revision
    # The next change may redraw only the head when it leaves all this as it is.
    st.session_state[BODY_KEY] = None if away else body_key(view)
    for key in (FLASH_KEY, ERROR_KEY):
        st.session_state.pop(key, None)


def _trouble(svc: Services, token: str, exc: Exception) -> None:
    """The page for a view that cannot be read: deleted room, bad link, database away."""
    store = svc.store
    if deleted(exc, token):
        # The room was deleted under this phone: the ended screen, saying so.
        st.title("This session has ended, thank you.")
        st.write(rooms.RoomDeleted.message)
        _footer(DEFAULT_SUPPORT_RESOURCES, svc.settings.retention_days)
        st.session_state[REV_KEY] = None
        return
    # The poll keeps running (registered in render), so e.g. a locked
    # database recovers by itself; a bad token polls None and stays put.
    show_refusal(exc)  # a plain sentence; never the database driver's words
    if isinstance(exc, rooms.UnknownToken):
        _join_form(store, svc.settings.max_phones)
    _footer(DEFAULT_SUPPORT_RESOURCES, svc.settings.retention_days)
    st.session_state[REV_KEY] = None


def render() -> None:
    """The phone page."""
    with boundary():
        svc = services()
        params = st.query_params
        token = params.get("token")
        if token:
            # Until the page is drawn in full, the drawn revision is None, so if
            # this run is cut short the next event redraws the whole page (a
            # cut-short run keeps the last run's listener on the page).
            st.session_state[REV_KEY] = None
            st.session_state[BODY_KEY] = None
        hide_chrome(_PHONE_CSS + THUMB_CSS + SUPPORT_CSS + TAKEAWAY_CSS)
        code = params.get("code")
        if not token and code:
            try:
                joined = rooms.join(svc.store, code, max_phones=svc.settings.max_phones)
            except PLAIN_ERRORS as exc:
                del params["code"]
                st.error(markdown_literal(str(exc)))
            else:
                _start(joined.token)
        if token:
            _view(svc, token)
        else:
            _join_form(svc.store, svc.settings.max_phones)
            _footer(DEFAULT_SUPPORT_RESOURCES, svc.settings.retention_days)
        # Last, with the revision drawn in full (None when cut short or on an
        # error screen): an event of another revision then reruns the page
        # directly, or (a step with nothing to answer) runs the fragment first.
        drawn = st.session_state.get(REV_KEY) if token else None
        direct = st.session_state.get(BODY_KEY) is None
        live_stream.page_hook(key="phone-live-page", revision=drawn, direct=direct)
