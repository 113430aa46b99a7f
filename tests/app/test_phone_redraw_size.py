"""What every phone receives on every redraw: a budget of page elements.

A step change redraws every phone in the room, and the server pays per element
(``docs/load.md``: the message, its queueing, the wake-up of the event loop).
The phone page on a slide is counted here, so an element added to every
redraw is a decision someone makes on purpose, not a drift.
"""

from __future__ import annotations

from typing import Any

from helpers.apptest import move_to, page

from workshop import rooms
from workshop.store import Store
from workshop.ui import routes

BUDGET = 24
"""Nodes of a phone's page on a slide, as AppTest lists them (33 before the
stylesheets, the folded support list and the takeaway's rule were merged)."""


def _nodes(at: Any) -> list[str]:
    return [getattr(node, "type", type(node).__name__) for node in at]


def test_a_phone_on_a_slide_is_drawn_within_the_element_budget(
    store: Store, room: rooms.Room
) -> None:
    at = page(routes.JOIN.script, code=room.join_code)
    room = move_to(store, room, "tonight")
    at.run()
    assert "Tonight we listen" in [t.value for t in at.text]
    nodes = _nodes(at)
    assert len(nodes) <= BUDGET, nodes
