"""Load benchmark: N simulated phones follow a live room on the real app, by push.

    python benchmarks/load_phones.py --phones 100 --json

What it does (bounded: at most 600 phones, 4 app processes, 4 client
processes, 120 s of changes; only 127.0.0.1):

1. Makes a fresh database (a SQLite file in a temp folder, or with
   ``--database-url`` a fresh schema on PostgreSQL, dropped afterwards) and,
   through ``workshop.rooms``, a group and an open room for a benchmark
   curriculum (numbered slides and a word prompt, plus filler sessions so
   the snapshot has a real curriculum's size).
2. Starts ``--processes`` copies of the real app (``streamlit run app.py``)
   on that database, with ``WORKSHOP_MAX_PHONES`` raised to fit the run.
3. Unlocks a protocol-level console (``harness.load_client.Console``) on
   the first process and presses Next a few times with no phone connected:
   the server CPU of the console's own change (subtracted below).
4. Starts ``--clients`` load-client processes (``harness/load_fleet.py``);
   their phones join by ``/join?code=...`` and follow as the browser's live
   listener does: ``--transport push`` (the event stream) or ``poll`` (the
   fallback, every ``--poll`` seconds).
5. Idle: 10 s with every phone connected and nothing changing (server CPU).
6. The console presses Next every ``--change-every`` seconds (plus jitter)
   for ``--duration`` seconds; for each change, the time from the press until
   each phone is sent the new slide's title (follow), until each phone
   heard the event (event; phones on another process than the console see
   it through the SQLite watcher or PostgreSQL ``NOTIFY``, reported apart),
   and the server CPU of that change.
7. The word prompt opens; every phone types a word and presses Send at a
   random moment within ``--answer-spread`` seconds; answers are counted in
   the store, and the time from each press until the console's live number
   includes it.

``cpu_ms_per_redraw`` = (server CPU of a change − the console's own, idle
rate subtracted) ÷ phones. Prints a report; ``--json`` adds one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Run as a file (python benchmarks/load_phones.py): the repository root holds
# the harness and workshop packages.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.appserver import AppProcess, start_app, wait_healthy
from harness.load_client import Console, Phone
from harness.load_room import (
    PASSCODE,
    PROMPT_ID,
    BenchRoom,
    app_env,
    fresh_database,
    open_bench_room,
    slide_title,
)
from harness.proxy import Cluster, ProxyError, start_cluster
from workshop import rooms
from workshop.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
MAX_PHONES = 600
MAX_DURATION = 120.0
BASELINE_CHANGES = 3
IDLE_SECONDS = 10.0
SETTLE_SECONDS = 0.7
_COUNT = re.compile(r"(\d+) responded")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Report:
    """Everything one run measured (the JSON line holds every field)."""

    phones: int
    processes: int
    clients: int
    database: str
    transport: str
    poll_seconds: float
    load_avg_at_start: float
    joined: int = 0
    join_seconds: float = 0.0
    changes: int = 0
    follow_p50_s: float = float("nan")
    follow_p95_s: float = float("nan")
    follow_max_s: float = float("nan")
    event_p50_s: float = float("nan")
    event_p95_s: float = float("nan")
    event_other_process_p50_s: float = float("nan")
    event_other_process_p95_s: float = float("nan")
    answer_to_count_p50_s: float = float("nan")
    answer_to_count_p95_s: float = float("nan")
    press_to_saved_p95_s: float = float("nan")
    idle_cpu_pct: float = float("nan")
    console_cpu_ms_per_change: float = float("nan")
    cpu_ms_per_redraw: float = float("nan")
    peak_rss_mb: float = 0.0
    client_cpu_pct: float = 0.0
    answers_sent: int = 0
    answers_stored: int = 0
    lost_answers: int = 0
    missed_changes: int = 0
    events_heard: int = 0
    polls_sent: int = 0
    streams_opened: int = 0
    phone_heals: int = 0
    console_heals: int = 0
    proxy: str = "none"
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as printed at the end of a run."""
        return [
            f"phones              {self.phones} ({self.joined} joined in {self.join_seconds:.1f} s)"
            f" on {self.processes} app process(es), {self.clients} client process(es),"
            f" {self.database}",
            f"proxy               {self.proxy}",
            f"transport           {self.transport}"
            + (f" (every {self.poll_seconds:g} s)" if self.transport == "poll" else ""),
            f"load average        {self.load_avg_at_start:.2f} at start",
            f"follow              p50 {self.follow_p50_s:.3f} s, p95 {self.follow_p95_s:.3f} s,"
            f" max {self.follow_max_s:.3f} s over {self.changes} changes"
            f" ({self.missed_changes} phone-changes missed)",
            f"event heard         p50 {self.event_p50_s:.3f} s, p95 {self.event_p95_s:.3f} s"
            f" (console's process); other processes p50 {self.event_other_process_p50_s:.3f} s,"
            f" p95 {self.event_other_process_p95_s:.3f} s (watcher/NOTIFY)",
            f"answer to count     p50 {self.answer_to_count_p50_s:.3f} s,"
            f" p95 {self.answer_to_count_p95_s:.3f} s (press until the console's number has it)",
            f"press to 'Saved.'   p95 {self.press_to_saved_p95_s:.3f} s",
            f"idle server CPU     {self.idle_cpu_pct:.1f} % of one core"
            f" ({IDLE_SECONDS:g} s, phones connected, nothing changing)",
            f"CPU per redraw      {self.cpu_ms_per_redraw:.1f} ms per phone"
            f" (the console's own change: {self.console_cpu_ms_per_change:.0f} ms)",
            f"peak server RSS     {self.peak_rss_mb:.0f} MB (largest process)",
            f"load client CPU     {self.client_cpu_pct:.0f} % of one core (all client processes)",
            f"answers             {self.answers_stored} stored of {self.answers_sent} sent",
            f"stream              {self.events_heard} events, {self.streams_opened} streams opened,"
            f" {self.polls_sent} polls, heals: {self.phone_heals} phone(s),"
            f" {self.console_heals} console (a screen redrawn after a run cut short)",
            f"errors              {len(self.errors)}"
            + "".join(f"\n  - {e}" for e in self.errors[:20]),
        ]


# --- Client processes -------------------------------------------------------------------


class Fleets:
    """The load-client processes and what they report."""

    def __init__(self) -> None:
        self.procs: list[asyncio.subprocess.Process] = []
        self.readers: list[asyncio.Task[None]] = []
        self.joined: list[dict[str, Any]] = []
        self.done: list[dict[str, Any]] = []
        self.seen: dict[str, dict[int, float]] = {}
        self.events: list[tuple[int, float]] = []
        self.saved: list[tuple[int, float, float]] = []
        self.changed = asyncio.Event()

    async def start(self, configs: list[dict[str, Any]]) -> None:
        for config in configs:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "harness.load_fleet",
                json.dumps(config),
                cwd=REPO,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                limit=1 << 20,
            )
            self.procs.append(proc)
            self.readers.append(asyncio.create_task(self._read(proc)))

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            record = json.loads(raw)
            if "seen" in record:
                self.seen.setdefault(record["seen"], {})[record["phone"]] = record["t"]
            elif "event" in record:
                self.events.append((record["event"], record["t"]))
            elif "saved" in record:
                self.saved.append((record["saved"], record["pressed"], record["t"]))
            elif "joined" in record:
                self.joined.append(record)
            elif "done" in record:
                self.done.append(record)
            self.changed.set()

    async def until(self, ready: Any, timeout: float) -> bool:
        """Wait until ``ready()`` holds (re-checked on every report) or ``timeout``."""
        deadline = time.monotonic() + timeout
        while not ready():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=min(left, 0.5))
        return True

    async def stop(self) -> None:
        for proc in self.procs:
            if proc.stdin is not None and proc.returncode is None:
                proc.stdin.write(b"stop\n")
                await proc.stdin.drain()
        await self.until(lambda: len(self.done) >= len(self.procs), 60)
        for proc in self.procs:
            if proc.returncode is None:
                try:
                    await asyncio.wait_for(proc.wait(), 10)
                except TimeoutError:
                    proc.kill()
        await asyncio.gather(*self.readers, return_exceptions=True)

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self.procs:
            try:
                text = Path(f"/proc/{proc.pid}/stat").read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total


# --- The run ----------------------------------------------------------------------------


def _server_cpu(apps: list[AppProcess]) -> float:
    return sum(app.cpu_seconds() for app in apps)


class RssWatch:
    """The largest resident size of any app process, sampled twice a second."""

    def __init__(self, apps: list[AppProcess]) -> None:
        self.apps = apps
        self.peak = 0.0

    async def run(self) -> None:
        while True:
            self.peak = max([self.peak, *(app.rss_mb() for app in self.apps)])
            await asyncio.sleep(0.5)


async def _change_cpu(
    apps: list[AppProcess], console: Console, title: str, idle_rate: float, done: Any
) -> tuple[float, float]:
    """Press Next; (press time, server CPU seconds of the change beyond idle)."""
    await console.idle(60)
    cpu0 = _server_cpu(apps)
    t0 = time.monotonic()
    await console.next_step(60)
    await console.wait_for_text(title, 60, exact=True)
    await done()
    await asyncio.sleep(SETTLE_SECONDS)  # trailing runs (the redraws themselves)
    wall = time.monotonic() - t0
    return t0, _server_cpu(apps) - cpu0 - idle_rate * wall


async def drive(
    store: Store, room: BenchRoom, apps: list[AppProcess], report: Report, args: Any
) -> None:
    """Steps 3 to 7 of the module docstring; fills ``report``."""
    rss = RssWatch(apps)
    rss_task = asyncio.create_task(rss.run())
    console = Console(apps[0].stream_url, room.room_id)
    fleets = Fleets()
    slide = 1
    counts: list[tuple[float, int]] = []

    def heard_count(_tab: Phone, text: str, now: float) -> None:
        found = _COUNT.search(text)
        if found:
            counts.append((now, int(found.group(1))))

    console.on_text = heard_count
    console.trace = []
    try:
        await console.unlock(PASSCODE, 60)
        # -- the console's own change, no phone connected ---------------------------
        await asyncio.sleep(2)
        cpu0, t0 = _server_cpu(apps), time.monotonic()
        await asyncio.sleep(3)
        quiet_rate = (_server_cpu(apps) - cpu0) / (time.monotonic() - t0)
        alone: list[float] = []
        for _ in range(BASELINE_CHANGES):
            slide += 1
            _, cpu = await _change_cpu(apps, console, slide_title(slide), quiet_rate, _nothing)
            alone.append(cpu)
        report.console_cpu_ms_per_change = 1000 * statistics.median(alone)

        # -- phones join ---------------------------------------------------------------
        numbers = list(range(report.phones))
        configs = [
            {
                "numbers": numbers[k :: args.clients],
                "stream_urls": [app.stream_url for app in apps],
                "join_code": room.join_code,
                "transport": args.transport,
                "answer_spread": args.answer_spread,
                "timeout": max(60.0, report.phones * 0.5),
            }
            for k in range(args.clients)
        ]
        started = time.monotonic()
        await fleets.start(configs)
        await fleets.until(lambda: len(fleets.joined) >= args.clients, max(90.0, report.phones))
        report.join_seconds = time.monotonic() - started
        report.joined = sum(j["joined"] for j in fleets.joined)
        for j in fleets.joined:
            report.errors += j["errors"]
        client_cpu0 = fleets.cpu_seconds()

        # -- idle ------------------------------------------------------------------------
        await asyncio.sleep(3)
        cpu0, t0 = _server_cpu(apps), time.monotonic()
        await asyncio.sleep(IDLE_SECONDS)
        idle_rate = (_server_cpu(apps) - cpu0) / (time.monotonic() - t0)
        report.idle_cpu_pct = 100 * idle_rate

        # -- following the console ---------------------------------------------------------
        profiler = _start_profile(args.profile, apps[0])
        follow: list[float] = []
        event_here: list[float] = []
        event_there: list[float] = []
        per_change_cpu: list[float] = []
        jitter = random.Random(7)
        change_timeout = max(15.0, 3 * args.poll) if args.transport == "poll" else 15.0
        t_start = time.monotonic()
        client_t0 = time.monotonic()
        while time.monotonic() - t_start + args.change_every <= args.duration and (
            slide + 1 < room.prompt_index
        ):
            await asyncio.sleep(args.change_every * jitter.uniform(0.5, 1.0))
            slide += 1
            title = slide_title(slide)
            marker = len(fleets.events)

            async def everyone(title: str = title) -> None:
                await fleets.until(
                    lambda: len(fleets.seen.get(title, {})) >= report.joined, change_timeout
                )

            pressed, cpu = await _change_cpu(apps, console, title, idle_rate, everyone)
            seen = fleets.seen.get(title, {})
            report.changes += 1
            report.missed_changes += report.joined - len(seen)
            follow += [t - pressed for t in seen.values()]
            first: dict[int, float] = {}
            for number, t in fleets.events[marker:]:
                if t >= pressed and number not in first:
                    first[number] = t - pressed
            for number, delay in first.items():
                (event_here if number % len(apps) == 0 else event_there).append(delay)
            if seen:
                per_change_cpu.append(cpu)
        _stop_profile(profiler)
        report.follow_p50_s = percentile(follow, 50)
        report.follow_p95_s = percentile(follow, 95)
        report.follow_max_s = max(follow) if follow else float("nan")
        report.event_p50_s = percentile(event_here, 50)
        report.event_p95_s = percentile(event_here, 95)
        report.event_other_process_p50_s = percentile(event_there, 50)
        report.event_other_process_p95_s = percentile(event_there, 95)
        if per_change_cpu and report.joined:
            own = report.console_cpu_ms_per_change / 1000
            report.cpu_ms_per_redraw = (
                1000 * (statistics.median(per_change_cpu) - own) / report.joined
            )
        report.client_cpu_pct = (
            100 * (fleets.cpu_seconds() - client_cpu0) / (time.monotonic() - client_t0)
        )

        # -- answering -------------------------------------------------------------------
        current = await asyncio.to_thread(rooms.get_room, store, room.room_id)
        moved = await asyncio.to_thread(
            rooms.jump_to, store, room.room_id, current.revision, room.prompt_index
        )
        await asyncio.to_thread(rooms.open_prompt, store, room.room_id, moved.revision)
        report.answers_sent = report.joined
        await fleets.until(
            lambda: len(fleets.saved) >= report.joined,
            args.answer_spread + max(60.0, report.phones * 0.3),
        )
        # Until the console's number includes every saved answer (it may jump past a value).
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (counts and counts[-1][1] >= len(fleets.saved)):
            await asyncio.sleep(0.05)
        saved = sorted(fleets.saved, key=lambda s: s[2])
        to_count: list[float] = []
        for rank, (_number, pressed, _at) in enumerate(saved, start=1):
            shown = next((t for t, n in counts if n >= rank and t >= pressed), None)
            if shown is not None:
                to_count.append(shown - pressed)
        report.answer_to_count_p50_s = percentile(to_count, 50)
        report.answer_to_count_p95_s = percentile(to_count, 95)
        report.press_to_saved_p95_s = percentile([t - p for _, p, t in saved], 95)
        report.answers_stored = await asyncio.to_thread(
            rooms.response_count, store, room.room_id, PROMPT_ID
        )
    except (TimeoutError, RuntimeError, OSError, rooms.RoomError) as exc:
        report.errors.append(f"run stopped early: {exc!r}")
        if console.trace:
            report.errors.append("console trace:\n" + "\n".join(console.trace[-60:]))
    finally:
        await fleets.stop()
        await console.close()
        rss_task.cancel()
        report.peak_rss_mb = rss.peak
        for done in fleets.done:
            report.errors += done["errors"]
            report.events_heard += done["events"]
            report.polls_sent += done["polls"]
            report.streams_opened += done["streams"]
            report.phone_heals += done.get("heals", 0)
        report.console_heals = console.stats.heals
        report.errors += console.stats.connection_errors + console.stats.error_alerts
        if console.stats.exceptions:
            report.errors.append(f"console: {console.stats.exceptions} exception element(s)")
        report.lost_answers = report.answers_sent - report.answers_stored
        if report.missed_changes:
            report.errors.append(f"{report.missed_changes} phone-changes not seen in time")
        if report.lost_answers:
            report.errors.append(f"{report.lost_answers} answer(s) not stored")


def _start_profile(path: str, app: AppProcess) -> subprocess.Popen[bytes] | None:
    """py-spy on the first app process while the room changes (collapsed stacks)."""
    if not path:
        return None
    command = ["py-spy", "record", "--pid", str(app.process.pid), "--rate", "250"]
    command += ["--format", "raw", "--output", path, "--nonblocking", "--threads", "--gil"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop_profile(profiler: subprocess.Popen[bytes] | None) -> None:
    if profiler is not None:
        profiler.send_signal(signal.SIGINT)
        profiler.wait(timeout=30)


async def _nothing() -> None:
    """No phone to wait for (the console's own change)."""


def run(args: argparse.Namespace) -> Report:
    """One benchmark run with the parsed command-line options."""
    changes = int(args.duration / (args.change_every * 0.5)) + 2
    slides = BASELINE_CHANGES + changes + 2
    report = Report(
        phones=args.phones,
        processes=args.processes,
        clients=args.clients,
        database="PostgreSQL" if args.database_url else "SQLite",
        proxy=args.proxy,
        transport=args.transport,
        poll_seconds=args.poll,
        load_avg_at_start=os.getloadavg()[0],
    )
    with (
        tempfile.TemporaryDirectory(prefix="load-phones-") as tmp,
        fresh_database(args.database_url, Path(tmp)) as settings,
    ):
        store = open_store(settings)
        apps: list[AppProcess] = []
        cluster: Cluster | None = None
        try:
            room = open_bench_room(store, slides)
            env = app_env(settings, args.poll, phones=args.phones)
            if args.proxy == "nginx":
                # --proxy nginx: deploy/nginx.conf in front; phones connect to nginx,
                # which spreads them over the processes (harness/proxy.py).
                cluster = start_cluster(Path(tmp), args.processes, env)
                apps = cluster.behind_proxy()
            else:
                apps = [start_app(Path(tmp), env, name=f"app{k}") for k in range(args.processes)]
            for app in apps:
                wait_healthy(app)
            offsets = [app.log_path.stat().st_size for app in apps]
            asyncio.run(drive(store, room, apps, report, args))
            for k, app in enumerate(apps):
                log = app.log_path.read_bytes()[offsets[k] :].decode("utf-8", errors="replace")
                if "Traceback" in log:
                    tail = "\n".join(log.splitlines()[-15:])
                    report.errors.append(f"app{k} log has a traceback:\n{tail}")
        finally:
            if cluster is not None:
                cluster.nginx.stop()
            for app in apps:
                app.stop()
            store.dispose()
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options (bounded: phones, processes, duration)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=25, help=f"1..{MAX_PHONES} (default 25)")
    parser.add_argument("--transport", choices=["push", "poll"], default="push")
    parser.add_argument(
        "--poll",
        type=float,
        default=10.0,
        help="WORKSHOP_POLL_SECONDS: the fallback poll (default 10, as shipped)",
    )
    parser.add_argument(
        "--duration", type=float, default=30.0, help=f"seconds of changes, up to {MAX_DURATION:g}"
    )
    parser.add_argument(
        "--change-every", type=float, default=3.0, help="seconds between changes (at most)"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test "
        "(a fresh schema is made and dropped); default: SQLite in a temp folder",
    )
    parser.add_argument("--processes", type=int, default=1, help="app processes (1..4)")
    parser.add_argument("--clients", type=int, default=1, help="load-client processes (1..4)")
    parser.add_argument(
        "--answer-spread",
        type=float,
        default=5.0,
        help="phones press Send at random moments within this many seconds (0: all at once)",
    )
    parser.add_argument(
        "--proxy",
        choices=["none", "nginx"],
        default="none",
        help="nginx: phones connect through deploy/nginx.conf in front of the processes",
    )
    parser.add_argument(
        "--profile",
        default="",
        help="write py-spy's collapsed stacks of app process 1 during the changes to this file",
    )
    parser.add_argument("--json", action="store_true", help="end with the report as one JSON line")
    args = parser.parse_args(argv)
    if not 1 <= args.phones <= MAX_PHONES:
        parser.error(f"--phones must be 1..{MAX_PHONES}: this machine is shared")
    if not 1 <= args.duration <= MAX_DURATION:
        parser.error(f"--duration must be 1..{MAX_DURATION:g} seconds")
    if not 1 <= args.processes <= 4 or not 1 <= args.clients <= 4:
        parser.error("--processes and --clients must be 1..4")
    if args.change_every < 1:
        parser.error("--change-every must be at least 1 second")
    return args


def json_line(report: Report) -> dict[str, Any]:
    """The report as the last line's JSON: ``errors`` is the count (the sentences
    are in ``error_messages``), and a figure not measured is ``null``."""
    line: dict[str, Any] = {}
    for key, value in asdict(report).items():
        line[key] = None if isinstance(value, float) and math.isnan(value) else value
    line["error_messages"] = line.pop("errors")
    line["errors"] = len(report.errors)
    return line


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    """Run once, print the report; exit 1 when anything went wrong."""
    args = parse_args(argv)
    # A SIGTERM (timeout, kill) unwinds like Ctrl-C, so the app servers and the
    # PostgreSQL schema are always cleaned up.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        report = run(args)
    except ProxyError as exc:
        print(f"Cannot put nginx in front: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    if args.json:
        print(json.dumps(json_line(report)))
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
