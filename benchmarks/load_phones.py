"""Load benchmark: N simulated phones follow a live room on the real app.

    python benchmarks/load_phones.py --phones 50 --poll 1.5 --gc off --duration 30

What it does (bounded: at most 150 phones and 120 s of measuring; only
127.0.0.1):

1. Makes a fresh database (a SQLite file in a temp folder, or with
   ``--database-url`` a fresh schema on PostgreSQL, dropped afterwards) and,
   through ``workshop.rooms``, a group and an open room for a benchmark
   curriculum (one session of numbered slides and a word prompt, plus filler
   sessions so the snapshot has a real curriculum's size).
2. Starts ``--processes`` copies of the real app (``streamlit run app.py``) on
   free ports against that database, with ``WORKSHOP_POLL_SECONDS`` and
   ``runner.postScriptGC`` as asked.
3. Connects N phones (``harness/load_client.py``), spread over the
   processes. Each opens ``/join?code=JOINCODE`` as a scanned QR code does
   (the page joins, writes the token into the URL and redraws), then reruns
   the polling fragment every ``auto_rerun.interval`` like a browser.
4. For ``--duration`` seconds the benchmark moves the room to the next slide
   (``rooms.next_step``) every ``--change-every`` seconds and times how long
   until each phone has been sent the new slide's title.
5. Then it opens the word prompt; every phone types a word and presses Send
   through real widget states, and the stored answers are counted
   (``rooms.response_count``).

It prints the phones, poll interval and GC option; the fragment rerun
latency (p50/p95, from sending a rerun to its ``script_finished``); the time
until all phones saw a change (p50/max over the changes); server CPU % and
RSS (from ``/proc``); the load client's own CPU; and every error seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Run as a file (python benchmarks/load_phones.py): the repository root holds
# the harness and workshop packages.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.appserver import AppProcess, start_app, wait_healthy
from harness.load_client import Phone
from harness.load_room import (
    ANSWER_KEY,
    PROMPT_ID,
    SEND_KEY,
    BenchRoom,
    app_env,
    fresh_database,
    open_bench_room,
    slide_title,
)
from harness.proxy import Cluster, ProxyError, start_cluster
from workshop import rooms
from workshop.store import Store, open_store

MAX_PHONES = 150
MAX_DURATION = 120.0


# --- Watching phones ----------------------------------------------------------------


class Watch:
    """Records when each phone is first sent a given text."""

    def __init__(self) -> None:
        self.target: str | None = None
        self.started = 0.0
        self.seen: dict[int, float] = {}

    def arm(self, target: str) -> None:
        """Start watching for ``target`` from now."""
        self.seen = {}
        self.target = target
        self.started = time.monotonic()

    def __call__(self, phone: Phone, text: str, now: float) -> None:
        if text == self.target and phone.number not in self.seen:
            self.seen[phone.number] = now - self.started


async def wait_all_seen(watch: Watch, phones: list[Phone], timeout: float) -> None:
    """Until every phone saw the watched text, or ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while len(watch.seen) < len(phones) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


# --- The run ------------------------------------------------------------------------


@dataclass
class Report:
    """Everything one run measured."""

    phones: int
    processes: int
    poll_seconds: float
    post_script_gc: bool
    database: str
    duration: float
    joined: int = 0
    join_seconds: float = 0.0
    ticks: int = 0
    reruns_per_second: float = 0.0
    rerun_p50_ms: float = float("nan")
    rerun_p95_ms: float = float("nan")
    redraw_p50_ms: float = float("nan")
    redraw_p95_ms: float = float("nan")
    changes: int = 0
    all_seen_p50_s: float = float("nan")
    all_seen_max_s: float = float("nan")
    phone_seen_p50_s: float = float("nan")
    missed_changes: int = 0
    server_cpu_percent: list[float] = field(default_factory=list)
    server_rss_mb: list[float] = field(default_factory=list)
    client_cpu_percent: float = 0.0
    machine_busy_percent: float = 0.0
    answers_sent: int = 0
    answers_stored: int = 0
    answer_p50_s: float = float("nan")
    answer_max_s: float = float("nan")
    answer_spread_s: float = 0.0
    proxy: str = "none"
    errors: list[str] = field(default_factory=list)
    log_offsets: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as the lines printed at the end of a run."""
        cpu = ", ".join(f"{c:.0f}" for c in self.server_cpu_percent)
        rss = ", ".join(f"{r:.0f}" for r in self.server_rss_mb)
        return [
            f"phones              {self.phones} ({self.joined} joined in {self.join_seconds:.1f} s)"
            f" on {self.processes} process(es), {self.database}",
            f"proxy               {self.proxy}",
            f"poll interval       {self.poll_seconds:g} s",
            f"runner.postScriptGC {'on' if self.post_script_gc else 'off'}",
            f"measured            {self.duration:.0f} s, {self.ticks} fragment reruns "
            f"({self.reruns_per_second:.1f}/s)",
            f"rerun latency       p50 {self.rerun_p50_ms:.0f} ms, p95 {self.rerun_p95_ms:.0f} ms"
            " (poll ticks that found no change)",
            f"redraw latency      p50 {self.redraw_p50_ms:.0f} ms, p95 {self.redraw_p95_ms:.0f} ms"
            " (a tick that found the change, with the full run it caused)",
            f"change seen by all  p50 {self.all_seen_p50_s:.2f} s, max {self.all_seen_max_s:.2f} s"
            f" over {self.changes} changes (per phone p50 {self.phone_seen_p50_s:.2f} s;"
            f" {self.missed_changes} phone-changes missed)",
            f"server CPU          {cpu} % (of one core, per process)",
            f"server RSS          {rss} MB (per process, at the end)",
            f"load client CPU     {self.client_cpu_percent:.0f} % of one core",
            f"machine busy        {self.machine_busy_percent:.0f} % of all cores (everything"
            " running, other users included)",
            f"answers             {self.answers_stored} stored of {self.answers_sent} sent"
            f" (presses spread over {self.answer_spread_s:g} s; press to 'Saved' p50"
            f" {self.answer_p50_s:.2f} s, max {self.answer_max_s:.2f} s)",
            f"errors              {len(self.errors)}"
            + "".join(f"\n  - {e}" for e in self.errors[:20]),
        ]


async def _connect_all(phones: list[Phone], timeout: float, parallel: int = 10) -> list[str]:
    """Connect every phone (``parallel`` at a time, like a room scanning the
    QR code); the problems of those that did not reach the first slide."""
    gate = asyncio.Semaphore(parallel)

    async def one(phone: Phone) -> None:
        async with gate:
            await phone.connect()
            await phone.wait_for_text(slide_title(1), timeout)

    results = await asyncio.gather(*(one(p) for p in phones), return_exceptions=True)
    return [f"join: {r!r}"[:300] for r in results if isinstance(r, BaseException)]


def _machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def answer_round(
    store: Store,
    room: BenchRoom,
    phones: list[Phone],
    report: Report,
    revision: int,
    spread: float,
    timeout: float,
) -> None:
    """Open the word prompt; every phone types a word and presses Send, at a
    random moment within ``spread`` seconds; count what was stored."""
    moved = await asyncio.to_thread(rooms.jump_to, store, room.room_id, revision, room.prompt_index)
    await asyncio.to_thread(rooms.open_prompt, store, room.room_id, moved.revision)
    await asyncio.gather(*(p.wait_for_text("Send", timeout, exact=True) for p in phones))
    await asyncio.gather(*(p.idle(timeout) for p in phones))
    moments = random.Random(11)

    async def answer(phone: Phone) -> float:
        await asyncio.sleep(moments.uniform(0, spread))
        phone.set_text(ANSWER_KEY, f"steady{phone.number % 7}")
        pressed = time.monotonic()
        await phone.press(SEND_KEY)
        await phone.wait_for_text("Saved.", 60.0)
        return time.monotonic() - pressed

    report.answers_sent = len(phones)
    report.answer_spread_s = spread
    waits = await asyncio.gather(*(answer(p) for p in phones), return_exceptions=True)
    done = [w for w in waits if isinstance(w, float)]
    report.answer_p50_s = percentile(done, 50)
    report.answer_max_s = max(done) if done else float("nan")
    report.errors += [f"answer: {w!r}"[:300] for w in waits if isinstance(w, BaseException)]
    report.answers_stored = await asyncio.to_thread(
        rooms.response_count, store, room.room_id, PROMPT_ID
    )


async def drive(
    store: Store,
    room: BenchRoom,
    apps: list[AppProcess],
    report: Report,
    *,
    duration: float,
    change_every: float,
    poll: float,
    answer_spread: float,
) -> None:
    """Join, follow changes for ``duration`` seconds, then answer; fill ``report``."""
    watch = Watch()
    phones = [
        Phone(i, apps[i % len(apps)].stream_url, f"code={room.join_code}")
        for i in range(report.phones)
    ]
    for phone in phones:
        phone.on_text = watch
    revision = room.revision
    change_timeout = max(15.0, 6 * poll)
    try:
        started = time.monotonic()
        # Phones that did not get in stay connected (they still load the server)
        # and count as errors and missed changes.
        report.errors += await _connect_all(phones, timeout=max(60.0, report.phones * 0.5))
        report.join_seconds = time.monotonic() - started
        report.joined = sum("token=" in p.query_string for p in phones)
        await asyncio.sleep(2 * poll)  # let the timers spread out as on real phones

        # -- following the facilitator --------------------------------------------
        for phone in phones:
            phone.measuring = True
        cpu0 = [app.cpu_seconds() for app in apps]
        self0 = _cpu_self()
        machine0 = _machine_busy()
        ticks0 = sum(p.stats.ticks_sent for p in phones)
        t0 = time.monotonic()
        all_seen: list[float] = []
        per_phone: list[float] = []
        slide = 1
        jitter = random.Random(7)
        while time.monotonic() - t0 + change_every + poll <= duration and slide < room.prompt_index:
            # A random extra wait: the change must not land in step with the
            # phones' timers (which a fixed multiple of the poll interval would).
            await asyncio.sleep(change_every + jitter.uniform(0, poll))
            slide += 1
            watch.arm(slide_title(slide))
            moved = await asyncio.to_thread(rooms.next_step, store, room.room_id, revision)
            revision = moved.revision
            await wait_all_seen(watch, phones, change_timeout)
            report.changes += 1
            report.missed_changes += len(phones) - len(watch.seen)
            per_phone.extend(watch.seen.values())
            if watch.seen:
                all_seen.append(max(watch.seen.values()))
        elapsed = time.monotonic() - t0
        if elapsed < duration:
            await asyncio.sleep(duration - elapsed)
        wall = time.monotonic() - t0
        report.duration = wall
        report.server_cpu_percent = [
            100 * (app.cpu_seconds() - c) / wall for app, c in zip(apps, cpu0, strict=True)
        ]
        report.client_cpu_percent = 100 * (_cpu_self() - self0) / wall
        machine1 = _machine_busy()
        report.machine_busy_percent = (
            100 * (machine1[0] - machine0[0]) / max(1, machine1[1] - machine0[1])
        )
        report.server_rss_mb = [app.rss_mb() for app in apps]
        for phone in phones:
            phone.measuring = False
        latencies = [x for p in phones for x in p.stats.rerun_latencies]
        redraws = [x for p in phones for x in p.stats.redraw_latencies]
        report.ticks = sum(p.stats.ticks_sent for p in phones) - ticks0
        report.reruns_per_second = report.ticks / wall
        report.rerun_p50_ms = 1000 * percentile(latencies, 50)
        report.rerun_p95_ms = 1000 * percentile(latencies, 95)
        report.redraw_p50_ms = 1000 * percentile(redraws, 50)
        report.redraw_p95_ms = 1000 * percentile(redraws, 95)
        report.all_seen_p50_s = percentile(all_seen, 50)
        report.all_seen_max_s = max(all_seen) if all_seen else float("nan")
        report.phone_seen_p50_s = percentile(per_phone, 50)

        # -- answering -----------------------------------------------------------
        await answer_round(store, room, phones, report, revision, answer_spread, 60.0)
    except (TimeoutError, RuntimeError, OSError, rooms.RoomError) as exc:
        report.errors.append(f"run stopped early: {exc!r}")
    finally:
        # Streamlit may log a traceback when a socket closes mid-run: only the
        # log written before the phones leave counts.
        report.log_offsets = [app.log_path.stat().st_size for app in apps]
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
        for phone in phones:
            s = phone.stats
            report.errors += [f"phone {phone.number}: {e}" for e in s.connection_errors]
            report.errors += [f"phone {phone.number} shown: {e}" for e in s.error_alerts]
            if s.exceptions:
                report.errors.append(f"phone {phone.number}: {s.exceptions} exception element(s)")
        if report.missed_changes:
            report.errors.append(f"{report.missed_changes} phone-changes not seen in time")
        if report.answers_stored != report.answers_sent:
            report.errors.append(
                f"{report.answers_sent - report.answers_stored} answer(s) not stored"
            )


def run(args: argparse.Namespace) -> Report:
    """One benchmark run with the parsed command-line options."""
    slides = max(3, int(args.duration / args.change_every) + 2)
    report = Report(
        phones=args.phones,
        processes=args.processes,
        poll_seconds=args.poll,
        post_script_gc=args.gc == "on",
        database="PostgreSQL" if args.database_url else "SQLite",
        duration=args.duration,
        proxy=args.proxy,
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
            if args.proxy == "nginx":
                # --proxy nginx: deploy/nginx.conf in front; phones connect to nginx,
                # which spreads them over the processes (harness/proxy.py).
                cluster = start_cluster(
                    Path(tmp),
                    args.processes,
                    app_env(settings, args.poll),
                    post_script_gc=args.gc == "on",
                )
                apps = cluster.behind_proxy()
            else:
                apps = [
                    start_app(
                        Path(tmp),
                        app_env(settings, args.poll),
                        post_script_gc=args.gc == "on",
                        name=f"app{k}",
                    )
                    for k in range(args.processes)
                ]
            for app in apps:
                wait_healthy(app)
            asyncio.run(
                drive(
                    store,
                    room,
                    apps,
                    report,
                    duration=args.duration,
                    change_every=args.change_every,
                    poll=args.poll,
                    answer_spread=args.answer_spread,
                )
            )
            for k, (app, offset) in enumerate(zip(apps, report.log_offsets, strict=False)):
                log = app.log_path.read_bytes()[:offset].decode("utf-8", errors="replace")
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
    """Command-line options (bounded: phones, duration)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=25, help=f"1..{MAX_PHONES} (default 25)")
    parser.add_argument(
        "--poll", type=float, default=1.5, help="WORKSHOP_POLL_SECONDS (default 1.5, as shipped)"
    )
    parser.add_argument(
        "--gc",
        choices=["on", "off"],
        default="off",
        help="runner.postScriptGC (default off, as shipped in .streamlit/config.toml)",
    )
    parser.add_argument(
        "--duration", type=float, default=30.0, help=f"seconds measured, up to {MAX_DURATION:g}"
    )
    parser.add_argument(
        "--change-every", type=float, default=4.0, help="seconds between slide changes"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test "
        "(a fresh schema is made and dropped); default: SQLite in a temp folder",
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="app processes on one database (1..4)"
    )
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
    parser.add_argument("--json", action="store_true", help="also print the report as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.phones <= MAX_PHONES:
        parser.error(f"--phones must be 1..{MAX_PHONES}: this machine is shared")
    if not 1 <= args.duration <= MAX_DURATION:
        parser.error(f"--duration must be 1..{MAX_DURATION:g} seconds")
    if not 1 <= args.processes <= 4:
        parser.error("--processes must be 1..4")
    if args.change_every < 1:
        parser.error("--change-every must be at least 1 second")
    return args


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
        print(json.dumps(asdict(report)))
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
