"""``python -m workshop serve``: several app processes on one PostgreSQL
database, supervised (one that dies is started again), all stopped on SIGTERM;
refused with one plain sentence on SQLite."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers.browser import PASSCODE

from harness.appserver import REPO, free_port

pytestmark = pytest.mark.postgres


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKSHOP_", "STREAMLIT_"))}
    env.update(extra)
    return env


def test_several_processes_on_sqlite_are_refused_with_one_sentence(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "serve", "--processes", "2"],
        cwd=REPO,
        env=_clean_env(WORKSHOP_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "Error: 2 processes need one PostgreSQL database, and none is set: SQLite serves one "
        "process only. Set WORKSHOP_DATABASE_URL or --database-url (postgresql+psycopg://...), "
        "or start one process."
    ]
    assert not list(tmp_path.iterdir()), "nothing was started or written"


def _health(port: int) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return dict(json.loads(response.read()))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait(condition: object, timeout: float) -> bool:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return bool(condition())


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _port_pid(children: list[int], port: int) -> int:
    for child in children:
        if str(port) in Path(f"/proc/{child}/cmdline").read_text().split("\0"):
            return child
    raise AssertionError(f"no child serves port {port}")


def test_two_processes_are_supervised_and_stopped_together(tmp_path: Path, pg_url: str) -> None:
    base = free_port()
    if base > 64000:
        base = 20000 + base % 40000
    ports = [base, base + 1]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [
                *(sys.executable, "-m", "workshop", "serve"),
                *("--processes", "2", "--base-port", str(base)),
                *("--database-url", pg_url, "--restart-delay", "1"),
            ],
            cwd=REPO,
            env=_clean_env(
                WORKSHOP_DATA_DIR=str(tmp_path / "data"),
                WORKSHOP_FACILITATOR_PASSCODE=PASSCODE,
                PYTHONUNBUFFERED="1",
            ),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for port in ports:
            assert _wait(lambda p=port: (_health(p) or {}).get("database") is True, 90), (
                log.read_text()
            )
        children = _children(serve.pid)
        assert len(children) == 2
        # Both share one database and so one schema version.
        assert _health(ports[0]) == _health(ports[1])

        # One dies: it is started again on its port after the delay.
        dead = _port_pid(children, ports[1])
        os.kill(dead, signal.SIGKILL)
        assert _wait(lambda: _health(ports[1]) is None, 10)
        assert _wait(lambda: (_health(ports[1]) or {}).get("database") is True, 90), log.read_text()
        replacement = _port_pid(_children(serve.pid), ports[1])
        assert replacement != dead
        assert "The process on port" in log.read_text() and "starting it again in 1 s" in (
            log.read_text()
        )

        # SIGTERM stops every process, and the supervisor exits cleanly.
        survivors = _children(serve.pid)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0, log.read_text()
        for pid in survivors:
            assert (
                not Path(f"/proc/{pid}").exists()
                or "zombie" in Path(f"/proc/{pid}/status").read_text()
            )
        assert all(_health(port) is None for port in ports)
        assert "Traceback" not in log.read_text()
    finally:
        if serve.poll() is None:
            left = _children(serve.pid)
            serve.kill()
            serve.wait(timeout=10)
            for pid in left:  # the app processes this test started, by their ids
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
