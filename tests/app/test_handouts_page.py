"""Handouts in the app, under AppTest: the organiser's section, the group summary
download, and the phone's "save my answers".

A real SQLite store in tmp_path and a real curricula folder (two good files
and a broken one). The bytes a download button carries are read back from
Streamlit's in-memory media storage (kept by a subclass of Streamlit's own
``MediaFileManager``; our code is not replaced), and every PDF is read with pypdf.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.apptest import (
    LIVE_DATA,
    PASSCODE,
    carried,
    click,
    downloads,
    everything,
    messages,
    move_to,
    open_current,
    page,
    phone_params,
    unlock,
)
from helpers.sample_curricula import write_broken, write_small
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.testing.v1 import AppTest

from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store
from workshop.ui import routes
from workshop.ui.handouts import BUILT_KEY, PREVIEW_KEY
from workshop.ui.takeaway import NOTHING_KEPT, SAVE_LABEL

Managers = list[MediaFileManager]
JOIN = routes.JOIN.script
ORGANISER = routes.ORGANISER.script


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The curricula folder: the live tests' mini programme, a small one, a broken one."""
    curricula = tmp_path / "curricula"
    curricula.mkdir()
    shutil.copy(LIVE_DATA / "mini.yaml", curricula / "mini.yaml")
    write_small(curricula)
    write_broken(curricula)
    return curricula


@pytest.fixture
def store(tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSCODE", PASSCODE)
    monkeypatch.setenv("WORKSHOP_CURRICULA_DIR", str(folder))
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", "http://192.168.1.20:8501")
    monkeypatch.setenv("WORKSHOP_MIN_GROUP", "3")
    opened = open_store(Settings.from_env())
    yield opened
    opened.dispose()


@pytest.fixture
def room(store: Store, folder: Path) -> rooms.Room:
    text = (folder / "mini.yaml").read_text(encoding="utf-8")
    group = rooms.create_group(store, "Tuesday men", "mini", text)
    return rooms.open_room(store, group.id, "first", retention_days=30)


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def organiser(store: Store) -> AppTest:
    at = unlock(page(ORGANISER))
    assert not at.exception
    return at


# --- The organiser's handouts section ------------------------------------------------------


def test_organiser_lists_curricula_and_the_broken_one_with_its_problem(store: Store) -> None:
    at = organiser(store)
    assert "Handouts" in [h.value for h in at.header]
    picker = at.selectbox(key="handouts.curriculum")
    assert list(picker.options) == ["Mini Circle (mini.yaml)", "Rehearsal sample (small.yaml)"]
    [problems] = [e for e in at.expander if "with problems" in e.label]
    assert problems.label.startswith("1 curriculum file")
    content = everything(problems)
    assert "broken.yaml" in content
    assert "colour" in content  # the unknown key is named


def test_organiser_previews_a_page_as_an_image(store: Store, folder: Path) -> None:
    at = organiser(store)
    [image] = at.image
    assert "mini-session-01-first.pdf, page 1 of" in everything(image)
    at.selectbox(key="handouts.curriculum").set_value(str(folder / "small.yaml")).run()
    at.selectbox(key="handouts.preview_session").set_value("roots").run()
    assert not at.exception
    [image] = at.image
    assert "rehearsal-sample-session-02-roots.pdf, page 1 of" in everything(image)
    pages = at.number_input(key="handouts.preview_page")
    assert pages.label == "Page (of 2)"
    pages.set_value(2).run()
    [image] = at.image
    assert "rehearsal-sample-session-02-roots.pdf, page 2 of 2" in everything(image)
    at.selectbox(key="handouts.curriculum").set_value(str(folder / "mini.yaml")).run()
    assert not at.exception
    assert "mini-session-01-first.pdf, page 2 of 2" in everything(at.image[0])


def test_generate_all_offers_a_zip_of_every_handout_and_the_guide(
    store: Store, folder: Path, media: Managers
) -> None:
    at = organiser(store)
    at.selectbox(key="handouts.curriculum").set_value(str(folder / "small.yaml")).run()
    assert "Download all as a zip (3 PDFs)" not in downloads(at)
    at = click(at, "Generate all handouts and the guide")
    assert not at.exception
    assert at.get("progress"), "a progress bar was drawn"
    buttons = downloads(at)
    assert set(buttons) >= {
        "Download all as a zip (3 PDFs)",
        "Facilitator guide (PDF)",
        "Session 1: Opening the circle (PDF)",
        "Session 2: The roots (PDF)",
    }
    archive = zipfile.ZipFile(io.BytesIO(carried(media, buttons["Download all as a zip (3 PDFs)"])))
    assert archive.namelist() == [
        "rehearsal-sample-session-01-opening.pdf",
        "rehearsal-sample-session-02-roots.pdf",
        "rehearsal-sample-facilitator-guide.pdf",
    ]
    assert "Session 1 · Opening the circle" in pdf_text(
        archive.read("rehearsal-sample-session-01-opening.pdf")
    )
    assert "Session 2 · The roots" in pdf_text(
        archive.read("rehearsal-sample-session-02-roots.pdf")
    )
    assert "Facilitator guide" in pdf_text(archive.read("rehearsal-sample-facilitator-guide.pdf"))
    single = carried(media, buttons["Session 2: The roots (PDF)"])
    assert single == archive.read("rehearsal-sample-session-02-roots.pdf")
    guide = carried(media, buttons["Facilitator guide (PDF)"])
    assert guide == archive.read("rehearsal-sample-facilitator-guide.pdf")


def test_generated_pdfs_are_kept_across_reruns_and_rebuilt_for_another_paper(
    store: Store, folder: Path
) -> None:
    at = organiser(store)
    at = click(at, "Generate all handouts and the guide")
    built = at.session_state[BUILT_KEY]
    at.run()
    at.selectbox(key="handouts.preview_session").set_value("first").run()
    assert at.session_state[BUILT_KEY] is built  # reruns reuse the bytes
    assert "Generate all handouts and the guide" not in [b.label for b in at.button]

    at.radio(key="handouts.paper").set_value("letter").run()
    assert "Generate all handouts and the guide" in [b.label for b in at.button]
    preview_pdf = at.session_state[PREVIEW_KEY][1]
    width, height = PdfReader(io.BytesIO(preview_pdf)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (612, 792)  # US Letter
    at = click(at, "Generate all handouts and the guide")
    assert at.session_state[BUILT_KEY] is not built
    assert at.session_state[BUILT_KEY].key[3] == "letter"

    # An edited file is built afresh: its modification time is part of the key.
    path = folder / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Mini Circle", "Mini Circle II"))
    at.run()
    assert "Generate all handouts and the guide" in [b.label for b in at.button]


def test_an_empty_curricula_folder_says_so(store: Store, folder: Path) -> None:
    for path in folder.iterdir():
        if path.name != "broken.yaml":
            path.unlink()
    at = organiser(store)
    assert "nothing to print yet" in messages(at)
    [problems] = [e for e in at.expander if "with problems" in e.label]
    assert problems.proto.expanded
    assert len(at.image) == 0


# --- Group summary ------------------------------------------------------------------------


def test_an_ended_room_offers_its_group_summary(
    store: Store, room: rooms.Room, media: Managers
) -> None:
    room = move_to(store, room, "check-in")
    open_current(store, room)
    for value in (2, 5, 8):
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "check-in", value)
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)
    room = move_to(store, room, "open-words")
    open_current(store, room)
    for text in ("Kept quiet", "Spoke up"):
        rooms.submit_answer(store, rooms.join(store, room.join_code).token, "open-words", text)
    current = rooms.get_room(store, room.id)
    current = rooms.close_prompt(store, room.id, current.revision)
    rooms.reveal_prompt(store, room.id, current.revision)

    at = organiser(store)
    assert not [label for label in downloads(at) if label.startswith("Group summary")]
    rooms.end_room(store, room.id)
    at.run()
    [label] = [label for label in downloads(at) if label.startswith("Group summary")]
    text = pdf_text(carried(media, downloads(at)[label]))
    assert "Tuesday men: session 1, First Evening" in text
    assert "How connected do you feel right now?" in text
    assert "average 5.0" in text
    assert "What is on your mind tonight?" in text  # two answers: question, no figure
    assert "Kept quiet" not in text and "Spoke up" not in text


# --- The phone's takeaway ----------------------------------------------------------------


def test_the_phone_saves_its_own_answers_while_the_room_is_open(
    store: Store, room: rooms.Room, media: Managers
) -> None:
    room = move_to(store, room, "feeling")
    open_current(store, room)
    phone = page(JOIN, code=room.join_code)
    other = page(JOIN, code=room.join_code)
    assert NOTHING_KEPT in [c.value for c in phone.caption]
    # Issue 12: one tap. The button is the download itself; its file is built
    # only when tapped (deferred), never on a rerun.
    [button] = phone.download_button
    assert button.proto.HasField("deferred_file_id")
    assert button.proto.type == "tertiary"  # a modest secondary action
    phone.text_input(key="phone.answer.feeling").input("marigold")
    phone = click(phone, "Send")
    other.text_input(key="phone.answer.feeling").input("thunder")
    other = click(other, "Send")
    assert not phone.exception
    [button] = phone.download_button
    assert button.label == SAVE_LABEL
    text = pdf_text(carried(media, button))
    assert "One word for how you arrive marigold" in text
    assert "thunder" not in text
    assert "First Evening" in text  # the handout is there too
    state = phone.session_state.to_dict()
    assert not [key for key, value in state.items() if isinstance(value, bytes | bytearray)]


def test_no_save_control_once_the_room_has_ended(store: Store, room: rooms.Room) -> None:
    phone = page(JOIN, code=room.join_code)
    assert SAVE_LABEL in [b.label for b in phone.download_button]
    rooms.end_room(store, room.id)
    phone.run()
    assert "This session has ended, thank you." in [t.value for t in phone.title]
    assert not phone.download_button


def test_a_save_tapped_just_after_the_room_ended_gets_a_plain_sentence(
    store: Store, room: rooms.Room, media: Managers
) -> None:
    phone = page(JOIN, code=room.join_code)
    [button] = phone.download_button
    rooms.end_room(store, room.id)
    # The tap's build is refused with the room's own sentence (Streamlit shows
    # the download's failure); nothing is built, nothing is kept.
    refusals = []
    for manager in media:
        try:
            manager.execute_deferred(button.proto.deferred_file_id)
        except MediaFileStorageError as exc:
            refusals.append(str(exc))
    assert any("ended" in r for r in refusals), refusals
    assert not phone.exception


# --- No way in from a phone's link ------------------------------------------------------


def test_a_phone_link_never_reaches_the_handouts_section(store: Store, room: rooms.Room) -> None:
    token = rooms.join(store, room.join_code).token
    rooms.end_room(store, room.id)  # so a group summary would be on offer behind the gate
    for params in phone_params(room, token):
        at = page(ORGANISER, **params)
        assert not at.exception, params
        assert "Handouts" not in [h.value for h in at.header], params
        assert not [b for b in at.button if b.label.startswith("Generate all")], params
        assert len(at.download_button) == 0 and len(at.image) == 0, params
        assert "Mini Circle" not in everything(at), params
        assert BUILT_KEY not in at.session_state and PREVIEW_KEY not in at.session_state
