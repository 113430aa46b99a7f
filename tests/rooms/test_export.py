"""Export and purge: what leaves the database, through the function and the CLI."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from workshop import rooms
from workshop.cli import cli
from workshop.config import Settings
from workshop.disclosure import Gate, Policy
from workshop.export import COLUMNS, ExportTargetNotFound, export_csv
from workshop.rooms import Room
from workshop.store import Store, metadata

K = 3


def ask(store: Store, room: Room, step_id: str) -> Room:
    index = [s.id for s in room.session.steps].index(step_id)
    room = rooms.jump_to(store, room.id, room.revision, index)
    return rooms.open_prompt(store, room.id, room.revision)


def close_and_reveal(store: Store, room: Room) -> Room:
    room = rooms.close_prompt(store, room.id, room.revision)
    return rooms.reveal_prompt(store, room.id, room.revision)


def answer_all(
    store: Store, room: Room, prompt_id: str, values: list[object], passes: int = 0
) -> list[str]:
    tokens = []
    for value in values:
        token = rooms.join(store, room.join_code).token
        rooms.submit_answer(store, token, prompt_id, value)
        tokens.append(token)
    for _ in range(passes):
        token = rooms.join(store, room.join_code).token
        rooms.pass_prompt(store, token, prompt_id)
        tokens.append(token)
    return tokens


@pytest.fixture
def programme(store: Store, curriculum_text: str) -> dict[str, object]:
    """A group that met twice, with prompts above and below k, hidden, flagged
    and unrevealed text."""
    group = rooms.create_group(store, "Tuesday group", "test-circle", curriculum_text)
    one = rooms.open_room(store, group.id, "session-1", retention_days=30)
    tokens: list[str] = []
    one = ask(store, one, "check-in")
    tokens += answer_all(store, one, "check-in", [2, 4, 6, 8], passes=1)
    one = ask(store, one, "choice-one")
    tokens += answer_all(store, one, "choice-one", ["Work", "Family"], passes=3)  # below k
    one = ask(store, one, "one-word")
    tokens += answer_all(store, one, "one-word", ["Calm", "calm ", "tired"])
    one = close_and_reveal(store, one)
    one = ask(store, one, "open-text")
    tokens += answer_all(
        store,
        one,
        "open-text",
        [
            "Glad I came",
            '=HYPERLINK("http://x")',
            "rude remark",
            "I want to kill myself",
            "Good week",
        ],
    )
    one = rooms.close_prompt(store, one.id, one.revision)
    rude = next(
        t for t in rooms.private_texts(store, one.id, "open-text") if t.text == "rude remark"
    )
    rooms.hide_answer(store, one.id, "open-text", rude.ref)
    one = rooms.reveal_prompt(store, one.id, rooms.revision(store, one.id))
    one = ask(store, one, "check-out")
    tokens += answer_all(store, one, "check-out", [7, 7, 9])
    rooms.end_room(store, one.id)

    two = rooms.open_room(store, group.id, "session-2", retention_days=30)
    two = ask(store, two, "check-in")
    tokens += answer_all(store, two, "check-in", [5, 6], passes=2)  # below k
    two = ask(store, two, "open-text")
    tokens += answer_all(
        store, two, "open-text", ["never revealed a", "never revealed b", "never revealed c"]
    )
    return {"group": group, "one": one, "two": two, "tokens": tokens}


def parse(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_group_export_contents(store: Store, programme: dict[str, object]) -> None:
    result = export_csv(Gate(store, Policy(K)), "tuesday GROUP")
    assert result.group == "Tuesday group" and result.sessions == 2
    rows = parse(result.csv)
    assert result.rows == len(rows)
    prompts = [r for r in rows if r["section"] == "prompt"]
    assert {(r["session"], r["prompt_id"]) for r in prompts} == {
        ("1", "check-in"),
        ("1", "one-word"),
        ("1", "open-text"),
        ("1", "check-out"),
    }
    check_in = [r for r in prompts if r["prompt_id"] == "check-in"]
    assert [r["item"] for r in check_in] == [str(n) for n in range(11)]
    assert {r["item"]: r["count"] for r in check_in}["4"] == "1"
    assert {r["mean"] for r in check_in} == {"5.0"} and {r["answered"] for r in check_in} == {"4"}
    words = {r["item"]: r["count"] for r in prompts if r["prompt_id"] == "one-word"}
    assert words == {"calm": "2", "tired": "1"}
    texts = sorted(r["text"] for r in prompts if r["prompt_id"] == "open-text")
    assert texts == ['\'=HYPERLINK("http://x")', "Glad I came", "Good week"]
    assert {r["session_title"] for r in prompts} == {"Session 1"}
    assert {r["met_on"] for r in rows} == {date.today().isoformat()}

    trend = {r["session"]: r for r in rows if r["section"] == "trend"}
    assert trend["1"]["check_in_mean"] == "5.0" and trend["1"]["check_in_n"] == "4"
    assert trend["1"]["check_out_mean"] == "7.67" and trend["1"]["check_out_n"] == "3"
    # Below k neither the mean nor the number of answers goes out (issue 11, finding 2).
    assert trend["2"]["check_in_mean"] == "" and trend["2"]["check_in_n"] == ""

    for secret in ("rude remark", "kill myself", "never revealed", "Work", "Family"):
        assert secret not in result.csv


def test_export_carries_no_key_of_any_kind(store: Store, programme: dict[str, object]) -> None:
    text = export_csv(Gate(store, Policy(K)), "Tuesday group").csv
    for token in programme["tokens"]:  # type: ignore[attr-defined]
        assert token not in text
    with store.reading() as tx:
        for table in metadata.tables:
            for row in tx.raw_rows(table):
                for column, value in row.items():
                    if column in ("key", "id", "group_id", "room_id", "join_code", "display_key"):
                        assert str(value) not in text, (table, column)
                if table == "settings":
                    assert row["value"] not in text


def test_room_export_by_join_code(store: Store, programme: dict[str, object]) -> None:
    one: Room = programme["one"]  # type: ignore[assignment]
    rows = parse(export_csv(Gate(store, Policy(K)), one.join_code.lower()).csv)
    assert {r["session"] for r in rows} == {"1"}
    by_id = parse(export_csv(Gate(store, Policy(K)), one.id).csv)
    assert sorted(map(str, by_id)) == sorted(map(str, rows))


def test_below_k_nothing_leaks_even_with_k_raised(
    store: Store, programme: dict[str, object]
) -> None:
    rows = parse(export_csv(Gate(store, Policy(5)), "Tuesday group").csv)
    prompts = [r for r in rows if r["section"] == "prompt"]
    assert {r["prompt_id"] for r in prompts} == set()  # no prompt had 5 answers left
    assert all(r["check_in_mean"] == "" and r["check_out_mean"] == "" for r in rows)


def test_unknown_target_is_a_friendly_refusal(store: Store, programme: dict[str, object]) -> None:
    with pytest.raises(ExportTargetNotFound) as info:
        export_csv(Gate(store, Policy(K)), "Wednesday group")
    assert "'Tuesday group'" in str(info.value) and "join code" in str(info.value)


# --- the command line --------------------------------------------------------------


def env_for(settings: Settings) -> dict[str, str]:
    if settings.database_url:
        return {"WORKSHOP_DATABASE_URL": settings.database_url, "WORKSHOP_MIN_GROUP": str(K)}
    return {
        "WORKSHOP_DATA_DIR": str(settings.data_dir),
        "WORKSHOP_DATABASE_URL": "",
        "WORKSHOP_MIN_GROUP": str(K),
    }


def test_cli_export_to_file_and_stdout(
    store: Store, store_settings: Settings, programme: dict[str, object], tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "results.csv"
    done = runner.invoke(
        cli, ["export", "Tuesday group", "--out", str(out)], env=env_for(store_settings)
    )
    assert done.exit_code == 0, done.output
    assert "Wrote" in done.output and str(out) in done.output
    written = parse(out.read_text(encoding="utf-8"))
    assert any(r["prompt_id"] == "check-in" for r in written)
    shown = runner.invoke(cli, ["export", "Tuesday group"], env=env_for(store_settings))
    assert shown.exit_code == 0
    assert sorted(map(str, parse(shown.output))) == sorted(map(str, written))


def test_cli_export_unknown_group(
    store: Store, store_settings: Settings, programme: dict[str, object]
) -> None:
    done = CliRunner().invoke(cli, ["export", "nobody"], env=env_for(store_settings))
    assert done.exit_code == 1
    assert "No group or room called 'nobody'" in done.output
    assert "Traceback" not in done.output


def test_cli_purge(store: Store, store_settings: Settings, curriculum_text: str) -> None:
    group = rooms.create_group(store, "G", "test-circle", curriculum_text)
    old = rooms.open_room(
        store, group.id, "session-1", retention_days=7, today=date.today() - timedelta(days=8)
    )
    fresh = rooms.open_room(store, group.id, "session-2", retention_days=7)
    runner = CliRunner()
    env = env_for(store_settings)
    done = runner.invoke(cli, ["purge"], env=env)
    assert done.exit_code == 0 and "Deleted 1 expired room" in done.output
    assert [r.id for r in rooms.list_rooms(store)] == [fresh.id]
    done = runner.invoke(cli, ["purge", "--room", fresh.join_code], env=env)
    assert done.exit_code == 0, done.output
    assert rooms.list_rooms(store) == []
    done = runner.invoke(cli, ["purge", "--room", old.id], env=env)
    assert done.exit_code == 1 and "No room has" in done.output


def test_group_without_rooms_exports_a_header_only(store: Store, curriculum_text: str) -> None:
    rooms.create_group(store, "Quiet group", "test-circle", curriculum_text)
    result = export_csv(Gate(store, Policy(K)), "Quiet group")
    assert result.rows == 0 and result.sessions == 0
    assert parse(result.csv) == []
