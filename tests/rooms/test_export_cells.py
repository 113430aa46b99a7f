"""Export cells carry no control or bidirectional characters and run no formula
(issue 11, finding 9)."""

from __future__ import annotations

import csv
import io

from workshop import rooms
from workshop.disclosure import Gate, Policy
from workshop.export import export_csv
from workshop.normalise import BIDI_CONTROLS
from workshop.store import Store

FORGED = "\u202e\x00=1+1\u2066 NUL and RLO"
# PostgreSQL stores no NUL in text: a group name carries the other control characters.
NAME = "Tues\u202e\x07=1+1\u2066\x1b BEL and RLO"


def test_no_control_or_bidi_character_reaches_the_csv(store: Store, curriculum_text: str) -> None:
    # A group name is stored as typed (spaces collapsed only), so it carries
    # the forged characters to the export; answers are normalised on the way in.
    group = rooms.create_group(store, NAME, "test-circle", curriculum_text)
    room = rooms.open_room(store, group.id, "session-1", retention_days=30)
    index = [s.id for s in room.session.steps].index("open-text")
    room = rooms.jump_to(store, room.id, room.revision, index)
    room = rooms.open_prompt(store, room.id, room.revision)
    for text in (FORGED, '\u200b=HYPERLINK("http://x")', "Glad\u200f I came"):
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-text", text)
    room = rooms.close_prompt(store, room.id, room.revision)
    rooms.reveal_prompt(store, room.id, room.revision)

    text = export_csv(Gate(store, Policy(3)), group.id).csv
    bad = {c for c in text if c in BIDI_CONTROLS or (ord(c) < 32 and c != "\n")}
    assert bad == set()
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = sorted(r["text"] for r in rows if r["prompt_id"] == "open-text")
    assert cells == ["'=1+1 NUL and RLO", '\'=HYPERLINK("http://x")', "Glad I came"]
    assert {r["group"] for r in rows} == {"Tues=1+1 BEL and RLO"}
