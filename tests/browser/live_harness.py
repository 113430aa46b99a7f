"""Browser harness: start the real app on a free port; helpers for pages.

One server per test module (a fresh data folder, a known passcode, the public
URL pointing at itself) and one Chromium for the whole run. The server is
always stopped, and its log is printed when a test fails so the reason is in
the report. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
PASSCODE = "correct horse battery staple"
STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class AppServer:
    """A running ``streamlit run app.py`` and what a test needs to reach it."""

    url: str
    port: int
    passcode: str
    data_dir: Path
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        """The last lines the server printed (for failure reports)."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {process.returncode}:\n{log_path.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not become healthy:\n{log_path.read_text()[-3000:]}")


def stop_app(process: subprocess.Popen[bytes]) -> None:
    """Stop the server: SIGTERM, then SIGKILL after 10 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_app(
    folder: Path, *, curricula_dir: Path | None = None, extra_env: dict[str, str] | None = None
) -> tuple[AppServer, subprocess.Popen[bytes]]:
    """Start the app in a subprocess with its own data folder; wait until healthy."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    data_dir = folder / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WORKSHOP_", "STREAMLIT_"))
    }
    env.update(
        {
            "WORKSHOP_DATA_DIR": str(data_dir),
            "WORKSHOP_FACILITATOR_PASSCODE": PASSCODE,
            "WORKSHOP_PUBLIC_URL": url,
            "WORKSHOP_POLL_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if curricula_dir is not None:
        env["WORKSHOP_CURRICULA_DIR"] = str(curricula_dir)
    env.update(extra_env or {})
    log_path = folder / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, process, log_path)
    except BaseException:
        stop_app(process)
        raise
    server = AppServer(url=url, port=port, passcode=PASSCODE, data_dir=data_dir, log_path=log_path)
    return server, process


def wait_for_app(page: object, timeout: float = 20_000) -> None:
    """Wait until Streamlit is connected and no script run is in progress."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
