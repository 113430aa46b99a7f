"""Command line for organisers: validate, handouts, export, purge, serve.

Each command is a thin wrapper: parse arguments, call one domain function,
print a result a person can act on, exit 0 on success and 1 on a problem.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from workshop.config import Settings, SettingsError
from workshop.curriculum import Curriculum, CurriculumError, counted, load_curriculum
from workshop.validation import summarize, warnings

if TYPE_CHECKING:
    from workshop.store import Store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Open Circle: tools for organisers of a men's group programme."""


def main() -> None:
    """Entry point used by ``python -m workshop``."""
    cli(prog_name="python -m workshop")


# --- validate: check curriculum files (issue 2) ----------------------------------


def _print_summary(path: str, curriculum: Curriculum) -> None:
    report = summarize(curriculum)
    types = ", ".join(f"{count} {name}" for name, count in report.steps_by_type)
    kinds = ", ".join(f"{count} {name}" for name, count in report.prompts_by_kind)
    click.echo(f"{path}: valid — {report.title} (id {report.id}, version {report.version})")
    sessions = counted(len(report.sessions), "session")
    click.echo(f"  {sessions}, {counted(report.step_count, 'step')} ({types})")
    click.echo(f"  {counted(report.prompt_count, 'prompt')} ({kinds})")
    click.echo("   #  session                    minutes  steps  step minutes")
    for session in report.sessions:
        click.echo(
            f"  {session.number:>2}  {session.id[:25]:<25}  {session.minutes:>7}"
            f"  {session.steps:>5}  {session.step_minutes:>12}"
        )
    for warning in warnings(curriculum):
        click.echo(f"  warning: {warning}")


@cli.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check curriculum files: a summary when valid, every problem when not.

    Exits 0 when every file is valid (warnings do not fail), 1 otherwise.
    """
    failed = 0
    for index, path in enumerate(paths):
        if index:
            click.echo()
        try:
            curriculum = load_curriculum(path)
        except CurriculumError as exc:
            failed += 1
            for problem in exc.problems:
                click.echo(problem)
            click.echo(f"{path}: NOT valid — {len(exc.problems)} problem(s)")
        else:
            _print_summary(str(path), curriculum)
    if failed:
        raise SystemExit(1)


# --- export and purge (live-room core) --------------------------------------------


# Imported here, not at the top, so this section stays one block at the end.


def _settings_and_store() -> tuple[Settings, Store]:
    """Settings and an opened store, or a one-line message and exit status 1."""
    # Imported here: SQLAlchemy and Alembic cost a third of a second that
    # validate and handouts, which never open the store, should not pay.
    from workshop.store import StoreError, open_store

    try:
        settings = Settings.from_env()
        return settings, open_store(settings)
    except (SettingsError, StoreError) as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(1) from None


@cli.command("export")
@click.argument("group_or_room")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the CSV to this file instead of the screen.",
)
def export_command(group_or_room: str, out: str | None) -> None:
    """Export anonymous results of GROUP_OR_ROOM (a group's name, or a room's
    join code) as CSV: what the disclosure gate releases (aggregates of closed
    prompts at least WORKSHOP_MIN_GROUP phones answered, once they can no
    longer change, and revealed open text); nothing of an open question; no
    keys of any kind."""
    from workshop.disclosure import Gate
    from workshop.export import ExportError, export_csv

    settings, store = _settings_and_store()
    try:
        result = export_csv(Gate.from_settings(store, settings), group_or_room)
    except ExportError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(1) from None
    finally:
        store.dispose()
    if out is None:
        click.echo(result.csv, nl=False)
        return
    try:
        Path(out).write_text(result.csv, encoding="utf-8", newline="")
    except OSError as exc:
        click.echo(f"Error: cannot write {out}: {exc.strerror}; choose another --out.", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Wrote {result.rows} rows for {result.group!r} ({result.sessions} session(s)) to {out}."
    )


@cli.command("purge")
@click.option("--room", "room", help="Delete this room (id or join code) now, whatever its age.")
@click.option(
    "--group",
    "group",
    help="Delete this group (its exact name) now, with all its rooms, whatever their age.",
)
def purge_command(room: str | None, group: str | None) -> None:
    """Delete rooms past the retention period (WORKSHOP_RETENTION_DAYS) with
    all their answers; with --room, delete that one room now; with --group,
    that whole group (running rooms are ended first). The organiser page's
    delete button does the same."""
    from workshop.rooms import (
        RoomError,
        delete_group,
        find_group,
        find_room,
        purge_expired,
        purge_room,
    )

    if room is not None and group is not None:
        click.echo("Error: give --room or --group, not both: nothing was deleted.", err=True)
        raise SystemExit(1)
    _settings, store = _settings_and_store()
    try:
        if room is None and group is None:
            count = purge_expired(store)
            click.echo(f"Deleted {count} expired room(s) and their answers.")
            return
        try:
            if group is not None:
                # The name on the command line is the confirmation itself.
                done = delete_group(store, find_group(store, group), group)
                click.echo(
                    f"Deleted the group {done.group_name!r}: {counted(len(done.rooms), 'room')} "
                    f"and {counted(done.answers, 'stored answer')}. Its phones' links no "
                    "longer work."
                )
                return
            assert room is not None
            purge_room(store, find_room(store, room).id)
        except RoomError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise SystemExit(1) from None
        click.echo("Deleted the room and all its answers.")
    finally:
        store.dispose()


# --- handouts (issue 6): session handouts and the facilitator guide as PDFs ----------------


@cli.command("handouts")
@click.argument("curriculum_path", metavar="CURRICULUM", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("handouts"),
    show_default=True,
    help="Folder for the PDFs; created when only the folder itself is missing.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Page size: A4, or US Letter.",
)
@click.option("--guide", is_flag=True, help="Also write the facilitator guide.")
def handouts_command(curriculum_path: Path, out_dir: Path, paper: str, guide: bool) -> None:
    """Write one handout PDF per session of CURRICULUM (and the guide with --guide)."""
    from workshop.curriculum import CurriculumError, load_curriculum
    from workshop.documents import (
        HandoutError,
        plan_documents,
        prepare_folder,
        write_document,
    )

    try:
        curriculum = load_curriculum(curriculum_path)
    except CurriculumError as exc:
        click.echo(f"{curriculum_path} is not a valid curriculum; fix these and try again:")
        for problem in exc.problems:
            click.echo(f"  - {problem}")
        sys.exit(1)
    try:
        folder = prepare_folder(out_dir)
        planned = plan_documents(curriculum, paper.lower(), guide=guide)
        written = []
        with click.progressbar(
            planned,
            label=f"Printing {curriculum.title}",
            item_show_func=lambda doc: doc.label if doc else None,
        ) as bar:
            for document in bar:
                written.append(write_document(folder, document.filename, document.build()))
    except HandoutError as exc:
        click.echo(f"Error: {exc}")
        sys.exit(1)
    click.echo(f"Wrote {len(written)} PDFs ({paper.upper()}) to {folder}/")


# --- serve (issue 14): several app processes on one PostgreSQL database ------------------

APP_SCRIPT = Path(__file__).resolve().parents[1] / "app.py"
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"  # noqa: S105 (a variable's name)
STOP_SECONDS = 15.0


@dataclass
class _Child:
    """One supervised ``streamlit run app.py`` on its own port."""

    port: int
    process: subprocess.Popen[bytes] | None = None
    restart_at: float = 0.0


def _child_command(port: int, address: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        address,
    ]


def _stop_children(children: list[_Child]) -> None:
    """SIGTERM to every process, SIGKILL to those still running after STOP_SECONDS."""
    running = [c.process for c in children if c.process is not None and c.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@cli.command("serve")
@click.option(
    "--processes",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    help="App processes, each on its own port; more than one needs PostgreSQL.",
)
@click.option(
    "--base-port",
    type=click.IntRange(1024, 65000),
    default=8501,
    show_default=True,
    help="Port of the first process; the others take the next ports.",
)
@click.option(
    "--address",
    default="127.0.0.1",
    show_default=True,
    help="Address the processes listen on (behind nginx: 127.0.0.1).",
)
@click.option(
    "--database-url",
    default=None,
    help="PostgreSQL URL for all processes (default: WORKSHOP_DATABASE_URL).",
)
@click.option(
    "--restart-delay",
    type=click.FloatRange(0.5, 300),
    default=5.0,
    show_default=True,
    help="Seconds before a process that stopped is started again.",
)
def serve_command(
    processes: int, base_port: int, address: str, database_url: str | None, restart_delay: float
) -> None:
    """Run the app as PROCESSES processes on one database, for nginx in front
    (deploy/nginx.conf); start again any that stops; stop all on Ctrl-C or
    SIGTERM. Each process runs its own migrations check (under a database lock)
    and follows room changes from the others (PostgreSQL LISTEN/NOTIFY)."""
    env = dict(os.environ)
    if database_url is not None:
        env["WORKSHOP_DATABASE_URL"] = database_url
    try:
        settings = Settings.from_env(env)
    except SettingsError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(1) from None
    if processes > 1 and not settings.database_url:
        click.echo(
            f"Error: {processes} processes need one PostgreSQL database, and none is set: "
            "SQLite serves one process only. Set WORKSHOP_DATABASE_URL or --database-url "
            "(postgresql+psycopg://...), or start one process.",
            err=True,
        )
        raise SystemExit(1)
    # Every process must accept the cookies the others signed: one secret for all.
    env.setdefault(COOKIE_SECRET_ENV, secrets.token_urlsafe(32))
    children = [_Child(port=base_port + k) for k in range(processes)]
    stopping: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    ports = ", ".join(str(c.port) for c in children)
    click.echo(f"Starting {counted(processes, 'app process')} on {address}, port(s) {ports}.")
    try:
        while not stopping:
            now = time.monotonic()
            for child in children:
                process = child.process
                if process is not None and process.poll() is not None:
                    click.echo(
                        f"The process on port {child.port} stopped (exit status "
                        f"{process.returncode}); starting it again in {restart_delay:g} s.",
                        err=True,
                    )
                    child.process = None
                    child.restart_at = now + restart_delay
                if child.process is None and now >= child.restart_at:
                    # Our own interpreter and app.py; port and address are checked options.
                    child.process = subprocess.Popen(  # noqa: S603
                        _child_command(child.port, address), cwd=APP_SCRIPT.parent, env=env
                    )
            time.sleep(0.25)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        click.echo(f"Stopping {counted(processes, 'app process')}.", err=True)
        _stop_children(children)
