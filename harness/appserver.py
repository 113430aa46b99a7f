"""Start the real app (``streamlit run app.py``) on a free 127.0.0.1 port.

The one place that launches the app for tools and tests: the load benchmark
(``benchmarks/load_*.py``), the browser tests (``tests/browser``) and the
README screenshot script. Each run gets a clean environment (no ``WORKSHOP_*``
or ``STREAMLIT_*`` variable leaks in from the caller's shell) and its own log.
Only 127.0.0.1 is ever contacted.
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

REPO = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 90.0
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppProcess:
    """One running ``streamlit run app.py``."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        """The app's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def stream_url(self) -> str:
        """The websocket endpoint a browser connects to."""
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    def cpu_seconds(self) -> float:
        """User + system CPU time the server has used so far (``/proc/PID/stat``)."""
        text = Path(f"/proc/{self.process.pid}/stat").read_text()
        # The command name (field 2) may hold spaces: split after its ')'.
        fields = text[text.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK

    def rss_mb(self) -> float:
        """Resident memory now, in MB (``VmRSS`` of ``/proc/PID/status``)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server printed."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_app(
    folder: Path,
    env_overrides: dict[str, str],
    *,
    post_script_gc: bool | None = None,
    name: str = "app",
    port: int | None = None,
) -> AppProcess:
    """Start the app in a subprocess (not yet waited for: see ``wait_healthy``).

    ``env_overrides`` holds the ``WORKSHOP_*`` settings; every other
    ``WORKSHOP_``/``STREAMLIT_`` variable of this process is dropped so the
    run is not shaped by the caller's shell. ``post_script_gc`` None keeps
    what ``.streamlit/config.toml`` says. ``port`` None picks a free one; a
    restart passes the old one (the app serves ``app.py``'s ``st.App``).
    """
    port = free_port() if port is None else port
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WORKSHOP_", "STREAMLIT_"))
    }
    env.update(env_overrides)
    env.setdefault("WORKSHOP_PUBLIC_URL", f"http://127.0.0.1:{port}")
    env["PYTHONUNBUFFERED"] = "1"
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
    if post_script_gc is not None:
        command += ["--runner.postScriptGC", "true" if post_script_gc else "false"]
    log_path = folder / f"{name}.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    return AppProcess(process=process, port=port, log_path=log_path)


def wait_healthy(app: AppProcess, timeout: float = STARTUP_SECONDS) -> None:
    """Poll ``/_stcore/health`` until it says ok; stop the app and raise otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {app.process.returncode}:\n{app.log_tail()}")
        try:
            with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    app.stop()
    raise RuntimeError(f"streamlit did not become healthy in {timeout:.0f} s:\n{app.log_tail()}")
