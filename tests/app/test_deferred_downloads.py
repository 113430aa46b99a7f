"""Exports and PDFs are built when their button is pressed, never on a rerun.

The builders the pages' downloads call (``workshop.export.export_csv`` and
``workshop.takeaway.group_summary_for``, as ``workshop.ui.services`` uses them)
are wrapped to count their calls; Streamlit and our pages run unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from helpers.apptest import carried, downloads, page, unlock
from streamlit.runtime.media_file_manager import MediaFileManager

import workshop.ui.services as services_module
from workshop import rooms
from workshop.store import Store
from workshop.ui import routes

Calls = list[tuple[str, tuple[Any, ...]]]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Every call of a download's builder, in order, with its arguments."""
    calls: Calls = []

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            calls.append((name, args))
            return real(*args)

        return wrapper

    monkeypatch.setattr(
        services_module, "export_csv", counting("export", services_module.export_csv)
    )
    monkeypatch.setattr(
        services_module,
        "group_summary_for",
        counting("summary", services_module.group_summary_for),
    )
    return calls


def test_the_organiser_page_builds_no_export_or_summary_until_one_is_pressed(
    store: Store, room: rooms.Room, builds: Calls, media: list[MediaFileManager]
) -> None:
    second = rooms.open_room(store, room.group_id, "first", retention_days=30)
    rooms.end_room(store, second.id)
    at = unlock(page(routes.ORGANISER.script))
    assert not at.exception
    for _ in range(3):
        at.run()  # plain reruns: a click anywhere else on the page
    assert not at.exception
    # The group, two rooms, one group summary, and (issue 15) the group record PDF and CSV.
    assert len(at.download_button) == 6
    buttons = downloads(at)
    assert builds == []

    [group_label] = [label for label in buttons if label.startswith("Export the whole group")]
    csv = carried(media, buttons[group_label]).decode("utf-8")
    assert csv.startswith("section,group,")  # the export's header row
    assert [name for name, _ in builds] == ["export"]
    # The group, through the disclosure gate whose k comes from the settings (issue 11).
    assert builds[0][1][1:] == ("Tuesday men",) and builds[0][1][0].k == 3

    [summary_label] = [label for label in buttons if label.startswith("Group summary")]
    assert carried(media, buttons[summary_label]).startswith(b"%PDF-")
    assert [name for name, _ in builds] == ["export", "summary"]
    assert builds[1][1][1:] == (second.id, "a4") and builds[1][1][0].k == 3


def test_the_console_builds_no_export_on_a_rerun(
    store: Store, room: rooms.Room, builds: Calls, media: list[MediaFileManager]
) -> None:
    at = unlock(page(routes.CONSOLE.script, room=room.id))
    assert not at.exception
    at.run()
    [export] = [b for b in at.download_button if b.label == "Export results (CSV)"]
    assert builds == []
    assert carried(media, export).decode("utf-8").startswith("section,group,")
    assert [(name, args[1:]) for name, args in builds] == [("export", (room.id,))]
    assert builds[0][1][0].k == 3  # the gate's policy, from the settings
