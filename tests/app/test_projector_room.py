"""The projector's room furniture under AppTest: the join corner on every step.

Issue 12: a man who arrives during a slide must be able to join, so the join
code and a small QR are on the projector whenever the room is open, hidden on
Pause and gone once the room has ended; a closed group switches it off from
the console, which carries that in the projector's address (``corner=off``).
A revealed text question's cards, paged from the console or the remote, and
the console's list of them with the ones on the wall now marked and first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from helpers.apptest import click, html_blocks, html_text, move_to, open_current, page, unlock

from workshop import rooms
from workshop.store import Store
from workshop.ui import routes

PROJECTOR = routes.PROJECTOR.script
CONSOLE = routes.CONSOLE.script
PROJECTOR_LINK = "Open the projector window"


def _corner_text(at: object) -> str:
    return " ".join(html_text(m)[0] for m in html_blocks(at) if "oc-corner" in m)


def test_the_join_code_is_in_the_corner_during_a_slide_and_hidden_on_pause(
    store: Store, room: rooms.Room
) -> None:
    projector = page(PROJECTOR, key=room.display_key)
    assert room.join_code in _corner_text(projector)

    console = click(unlock(page(CONSOLE, room=room.id)), "Pause (blank the projector)")
    projector.run()
    assert room.join_code not in _corner_text(projector)
    click(console, "Resume the projector")
    projector.run()
    assert room.join_code in _corner_text(projector)


def test_an_open_question_shows_the_large_qr_instead_of_the_corner(
    store: Store, room: rooms.Room
) -> None:
    room = move_to(store, room, "check-in")
    open_current(store, room)
    projector = page(PROJECTOR, key=room.display_key)
    assert _corner_text(projector) == ""
    assert len(projector.image) == 1


def test_an_ended_room_shows_no_code(store: Store, room: rooms.Room) -> None:
    rooms.end_room(store, room.id)
    projector = page(PROJECTOR, key=room.display_key)
    assert room.join_code not in _corner_text(projector)


def test_an_exercise_shows_a_countdown_of_its_minutes(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "pairs")
    projector = page(PROJECTOR, key=room.display_key)
    [timer] = [m for m in html_blocks(projector) if "oc-countdown" in m]
    assert "--oc-left: 1200;" in timer  # the step's 20 minutes
    assert room.join_code in _corner_text(projector)


def test_a_slide_has_no_countdown(room: rooms.Room) -> None:
    projector = page(PROJECTOR, key=room.display_key)
    assert not [m for m in html_blocks(projector) if "oc-countdown" in m]


def test_the_corner_can_be_switched_off_in_the_projector_address(room: rooms.Room) -> None:
    projector = page(PROJECTOR, key=room.display_key, corner="off")
    assert "Welcome to the circle" in [t.value for t in projector.text]
    assert room.join_code not in _corner_text(projector)


def _projector_url(console: Any) -> str:
    """Where the console's "Open the projector window" button leads."""
    [link] = [b for b in console.get("link_button") if b.proto.label == PROJECTOR_LINK]
    return str(link.proto.url)


def test_the_console_toggle_switches_the_corner_off_in_the_projector_link(
    room: rooms.Room,
) -> None:
    console = unlock(page(CONSOLE, room=room.id))
    assert "corner=" not in _projector_url(console)  # on by default
    console.toggle(key="console.corner").set_value(False).run()
    url = _projector_url(console)
    assert "corner=off" in url and f"key={room.display_key}" in url
    query = dict(parse_qsl(urlsplit(url).query))
    projector = page(PROJECTOR, **query)  # the window that link opens
    assert "Welcome to the circle" in [t.value for t in projector.text]
    assert room.join_code not in _corner_text(projector)
    console.toggle(key="console.corner").set_value(True).run()
    assert "corner=" not in _projector_url(console)


TEXTS = [f"Answer number {i:02d}" for i in range(14)]  # three pages of six


def _cards(projector: Any) -> list[str]:
    [cards] = [m for m in html_blocks(projector) if "oc-cards" in m]
    return [t for t in TEXTS if t in cards]


def _cards_in_order(projector: Any) -> list[str]:
    """The cards on the projector, in the order the room reads them."""
    [cards] = [m for m in html_blocks(projector) if "oc-cards" in m]
    return sorted((t for t in TEXTS if t in cards), key=cards.index)


def _revealed_texts(store: Store, room: rooms.Room) -> rooms.Room:
    """The room at its text question, every one of ``TEXTS`` answered by its own phone, revealed."""
    room = move_to(store, room, "open-words")
    room = rooms.open_prompt(store, room.id, room.revision)
    for text in TEXTS:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-words", text)
    room = rooms.close_prompt(store, room.id, rooms.get_room(store, room.id).revision)
    return rooms.reveal_prompt(store, room.id, room.revision)


def test_the_console_pages_the_text_cards_the_projector_shows(
    store: Store, room: rooms.Room
) -> None:
    room = _revealed_texts(store, room)
    projector = page(PROJECTOR, key=room.display_key)
    first = _cards(projector)
    assert len(first) == 6

    console = unlock(page(CONSOLE, room=room.id))
    assert "The room sees cards 1-6 of 14" in [c.value for c in console.caption]
    click(console, "Show next cards ▶")
    assert rooms.get_room(store, room.id).text_page == 1
    assert "The room sees cards 7-12 of 14" in [c.value for c in console.caption]
    projector.run()
    second = _cards(projector)
    assert len(second) == 6 and not set(first) & set(second)
    click(console, "Show next cards ▶")
    projector.run()
    third = _cards(projector)
    assert len(third) == 2 and set(first) | set(second) | set(third) == set(TEXTS)
    assert console.button(key="console.cards_next").disabled  # the last page
    click(console, "◀ Earlier cards")
    projector.run()
    assert _cards(projector) == second
    remote = click(unlock(page(routes.REMOTE.script, room=room.id)), "Show next cards ▶")
    assert rooms.get_room(store, room.id).text_page == 2  # the remote pages them too
    click(remote, "◀ Earlier cards")
    assert rooms.get_room(store, room.id).text_page == 1

    # Any other move starts the cards over (Next, then back to the question).
    current = rooms.next_step(store, room.id, rooms.get_room(store, room.id).revision)
    assert current.text_page == 0
    rooms.previous_step(store, room.id, current.revision)
    projector.run()
    assert _cards(projector) == first


def _console_wall(console: Any) -> list[tuple[str, list[str]]]:
    """The console's revealed texts as (caption, texts under it), in page order."""
    groups: list[tuple[str, list[str]]] = []
    for node in console:
        kind = getattr(node, "type", "")
        if kind == "caption" and node.value in ("On the wall now", "Still to come", "Shown before"):
            groups.append((node.value, []))
        elif kind == "text" and groups and node.value in TEXTS:
            groups[-1][1].append(node.value)
    return groups


def test_the_console_marks_the_texts_on_the_wall_now(store: Store, room: rooms.Room) -> None:
    """Issue 12: the console lists every text, the cards the room sees first and marked."""
    room = _revealed_texts(store, room)
    projector = page(PROJECTOR, key=room.display_key)
    console = unlock(page(CONSOLE, room=room.id))

    def agree() -> list[tuple[str, list[str]]]:
        projector.run()
        groups = _console_wall(console)
        assert groups[0] == ("On the wall now", _cards_in_order(projector)), groups
        listed = [text for _label, texts in groups for text in texts]
        assert sorted(listed) == sorted(TEXTS)  # every text, each once
        assert "14 answered" in [t.value for t in console.text]
        return groups

    first = agree()
    assert [label for label, _ in first] == ["On the wall now", "Still to come"]
    click(console, "Show next cards ▶")
    second = agree()
    assert [label for label, _ in second] == ["On the wall now", "Still to come", "Shown before"]
    assert second[2][1] == first[0][1]  # the first page, now behind
    assert second[0][1] + second[1][1] == first[1][1]  # the card order never changes
    click(console, "Show next cards ▶")
    third = agree()
    assert [label for label, _ in third] == ["On the wall now", "Shown before"]
    assert len(third[0][1]) == 2


def test_a_few_texts_are_all_on_the_wall(store: Store, room: rooms.Room) -> None:
    room = move_to(store, room, "open-words")
    room = rooms.open_prompt(store, room.id, room.revision)
    for text in TEXTS[:4]:
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-words", text)
    room = rooms.close_prompt(store, room.id, rooms.get_room(store, room.id).revision)
    rooms.reveal_prompt(store, room.id, room.revision)
    console = unlock(page(CONSOLE, room=room.id))
    [(label, texts)] = _console_wall(console)
    assert label == "On the wall now" and sorted(texts) == sorted(TEXTS[:4])
    assert not [b for b in console.button if "cards" in b.label]  # one page: no paging
