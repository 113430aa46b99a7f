"""The console's countdown ticks in the browser, and a cut-short page run is redrawn.

AppTest runs the real console against a real SQLite store. The countdown is
a components-v2 element whose data names the step, its minutes and when the
room says it started: the
same data on every rerun of one step (so the browser's clock is not
restarted and no server run is needed for the seconds to move), new data
for a new step. The seconds themselves are checked in Chromium
(``tests/browser/test_clock_ticks.py``).
"""

from __future__ import annotations

import json
from typing import Any

from helpers.apptest import click, page, texts, unlock
from streamlit.testing.v1 import AppTest

from workshop import rooms
from workshop.store import Store
from workshop.ui import console_live, routes

CONSOLE = routes.CONSOLE.script


def _clock_data(at: AppTest) -> list[dict[str, Any]]:
    found = []
    for node in at.get("bidi_component"):
        proto = node.proto
        if proto.component_name.endswith("open_circle_step_clock"):
            found.append(json.loads(proto.json))
    return found


def test_the_clock_gets_constant_data_per_step_and_the_status_line_no_seconds(
    store: Store, room: rooms.Room
) -> None:
    console = unlock(page(CONSOLE, room=room.id))
    first = _clock_data(console)
    assert len(first) == 1
    assert set(first[0]) == {"step", "minutes", "started"}
    assert first[0]["minutes"] == room.step.minutes
    status = [t for t in texts(console) if t.startswith("Step 1 of")]
    assert status and not any("left of" in t or "over the" in t for t in texts(console))

    console.run()  # a rerun of the same step: the browser's clock keeps going
    assert _clock_data(console) == first

    console = click(console, "Next ▶")
    moved = _clock_data(console)
    assert len(moved) == 1 and moved[0]["step"] != first[0]["step"]
    assert rooms.get_room(store, room.id).step_index == 1


def test_a_run_that_never_finished_leaves_no_drawn_mark(store: Store, room: rooms.Room) -> None:
    console = unlock(page(CONSOLE, room=room.id))
    current = rooms.get_room(store, room.id)
    assert console.session_state[console_live.DRAWN_KEY] == (room.id, current.revision)
    # What a full run does first: forget the mark, so a run cut short by the
    # fragment's own run (Streamlit 1.67 under load) leaves none, and that
    # fragment's comparison then redraws the page.
    console.session_state[console_live.REV_KEY] = (room.id, current.revision)
    console.session_state[console_live.DRAWN_KEY] = None
    console.run()
    assert console.session_state[console_live.DRAWN_KEY] == (room.id, current.revision)
