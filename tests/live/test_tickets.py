"""Signed tickets: a genuine unexpired ticket opens its own room's stream, nothing else does."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.config import Settings
from workshop.live.tickets import TICKET_SECONDS, check_ticket, make_ticket, ticket_expiry
from workshop.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(Settings(data_dir=tmp_path))


def test_a_fresh_ticket_names_its_room(store: Store) -> None:
    ticket = make_ticket(store, "room1", now=1000)
    assert check_ticket(store, ticket, now=1001) == "room1"
    assert ticket_expiry(ticket) == 1000 + TICKET_SECONDS


def test_an_expired_ticket_opens_nothing(store: Store) -> None:
    ticket = make_ticket(store, "room1", now=1000)
    assert check_ticket(store, ticket, now=1000 + TICKET_SECONDS) is None


def _flip_first_mac_digit(ticket: str) -> str:
    head, mac = ticket.rsplit(".", 1)
    return f"{head}.{'1' if mac[0] == '0' else '0'}{mac[1:]}"


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t.replace("room1", "room2", 1),  # another room's id, same MAC
        lambda t: _flip_first_mac_digit(t),  # MAC changed (always: 1 in 16 MACs start with 0)
        lambda t: "room1." + str(10**11) + "." + t.rsplit(".", 1)[1],  # later expiry
        lambda t: t + ".x",
        lambda t: "",
        lambda t: "room1.abc.def",
    ],
)
def test_a_changed_ticket_opens_nothing(store: Store, forge: object) -> None:
    ticket = make_ticket(store, "room1", now=1000)
    assert callable(forge)
    forged = forge(ticket)
    assert forged != ticket  # a forgery that changed nothing would test nothing
    assert check_ticket(store, forged, now=1001) is None


def test_another_servers_ticket_opens_nothing(store: Store, tmp_path: Path) -> None:
    other = open_store(Settings(data_dir=tmp_path / "other"))
    try:
        assert check_ticket(store, make_ticket(other, "room1", now=1000), now=1001) is None
    finally:
        other.dispose()
