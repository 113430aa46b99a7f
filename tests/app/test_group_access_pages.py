"""Access per group on the pages (issue 14), under AppTest: a group's
facilitator sees his group only, another group's room by URL reads exactly
like a room that is not there, a projector without its key is refused as for
anyone, the organiser page refuses a facilitator, and the organiser makes a
group's passcode there (shown once)."""

from __future__ import annotations

from helpers.apptest import (
    LIVE_DATA,
    PASSCODE,
    click,
    everything,
    messages,
    page,
    signin_form_shown,
    unlock,
)
from streamlit.testing.v1 import AppTest

from workshop import auth, rooms, signin
from workshop.store import Store
from workshop.ui import routes
from workshop.ui.live_components import ORGANISER_ONLY

CONSOLE = routes.CONSOLE.script
ORGANISER = routes.ORGANISER.script
PROJECTOR = routes.PROJECTOR.script
NOTES = "Greet everyone by the door."


def plain(at: AppTest) -> str:
    """The page's content with Markdown escapes taken out, as a reader sees it."""
    return everything(at).replace("\\", "")


def other_group(store: Store) -> tuple[rooms.Group, str]:
    """A second group, "Thursday men", with a room and a facilitator passcode."""
    text = (LIVE_DATA / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Thursday men", "mini", text)
    rooms.open_room(store, group.id, "first", retention_days=30)
    passcode = auth.set_group_passcode(store, group.id)
    assert passcode is not None
    return group, passcode


def test_a_facilitator_runs_his_own_groups_room(store: Store, room: rooms.Room) -> None:
    passcode = auth.set_group_passcode(store, room.group_id)
    assert passcode is not None
    at = unlock(page(CONSOLE, room=room.id), passcode)
    assert not at.exception
    assert NOTES in everything(at)
    assert [b for b in at.button if b.label.startswith("Next")]


def test_the_console_refuses_another_groups_room(store: Store, room: rooms.Room) -> None:
    _thursday, passcode = other_group(store)
    at = unlock(page(CONSOLE, room=room.id), passcode)
    assert not at.exception and not signin_form_shown(at)
    content = everything(at)
    assert NOTES not in content
    assert room.display_key not in content and room.join_code not in content
    assert not [b for b in at.button if b.label.startswith("Next")]
    assert not at.download_button
    refusal = messages(at)
    assert refusal == rooms.RoomNotFound.OPEN_A_NEW_ONE
    # The same words as for a room that does not exist at all.
    missing = unlock(page(CONSOLE, room="no-such-room-id"), passcode)
    assert messages(missing) == refusal
    # His own group is listed; Tuesday's is not, and he cannot create groups.
    assert "Tuesday men" not in everything(at)
    assert "Thursday men" in everything(at)
    assert not [e for e in at.expander if e.label == "New group"]


def test_a_projector_without_its_key_is_refused_even_when_signed_in(
    store: Store, room: rooms.Room
) -> None:
    _thursday, passcode = other_group(store)
    stranger = page(PROJECTOR, key="not-the-key-" + "x" * 20)
    facilitator = unlock(page(PROJECTOR, key="not-the-key-" + "x" * 20), passcode)
    assert messages(facilitator) == messages(stranger)
    assert "not valid" in messages(facilitator)
    assert room.join_code not in everything(facilitator)


def test_the_organiser_page_refuses_a_facilitator(store: Store, room: rooms.Room) -> None:
    _thursday, passcode = other_group(store)
    at = unlock(page(ORGANISER), passcode)
    assert not at.exception
    assert ORGANISER_ONLY in messages(at)
    content = everything(at)
    assert "Tuesday men" not in content and "Thursday men" not in content
    assert not at.download_button
    assert not [b for b in at.button if b.label.startswith("Make")]


def test_the_organiser_makes_a_groups_passcode_shown_once(store: Store, room: rooms.Room) -> None:
    at = unlock(page(ORGANISER), PASSCODE)
    assert "Tuesday men: organiser only" in plain(at)
    at = click(at, "Make a facilitator passcode")
    shown = [m.value for m in at.success if "shown once" in m.value]
    assert len(shown) == 1
    passcode = shown[0].rsplit(" ", 1)[1].replace("\\", "")
    assert auth.check_signin(store, passcode, sleep=lambda _s: None) == signin.Scope(room.group_id)
    assert "Tuesday men: has a facilitator passcode" in plain(at)
    # Never again: the next run does not show it.
    at = at.run()
    assert passcode not in plain(at)
    # A new one replaces it and signs the group's facilitators out.
    cookie = signin.sign_in(store, signin.Scope(room.group_id))
    at = click(at, "Make a new passcode")
    assert signin.scope_of(store, cookie) is None
    assert auth.check_signin(store, passcode, sleep=lambda _s: None) is None
