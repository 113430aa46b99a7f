"""nginx in front of several app processes, as ``deploy/nginx.conf`` sets it up.

Shared by the deploy test (``tests/deploy/test_nginx.py``) and the load
benchmark (``benchmarks/load_phones.py --proxy nginx``):

- :func:`render_nginx_conf` turns the production file ``deploy/nginx.conf``
  into one that runs without root on this machine: the app processes' ports,
  a listen port on 127.0.0.1 instead of the TLS server lines, the port-80
  redirect left out, and the pid, log and temporary files under a folder of
  its own. Everything else (log format, error log level, routing cookie,
  timeouts, buffering) is the production text, unchanged.
- :func:`start_nginx` runs it (``nginx -c CONF -p PREFIX -g 'daemon off;'``).
- :func:`start_cluster` starts N app processes (``harness.appserver``) on one
  database with one shared ``server.cookieSecret``, then nginx in front.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.appserver import AppProcess, free_port, start_app, wait_healthy

REPO = Path(__file__).resolve().parents[1]
NGINX_TEMPLATE = REPO / "deploy" / "nginx.conf"
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
STARTUP_SECONDS = 20.0

_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class ProxyError(RuntimeError):
    """nginx is missing, its configuration is wrong, or it did not start."""


def find_nginx() -> Path | None:
    """The nginx binary on PATH or in /usr/sbin (Debian's package), if any."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    return Path(found) if found else None


def missing_nginx_reason() -> str:
    """The sentence a skipped test shows when nginx is not installed."""
    return "nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)"


def _between(text: str, name: str, replacement: str) -> str:
    """Replace the lines from ``# BEGIN name`` to ``# END name`` (markers included)."""
    pattern = re.compile(
        rf"^[ \t]*# BEGIN {re.escape(name)}\n.*?^[ \t]*# END {re.escape(name)}\n",
        re.MULTILINE | re.DOTALL,
    )
    new, count = pattern.subn(lambda _m: replacement, text)
    if count != 1:
        raise ProxyError(f"deploy/nginx.conf must hold exactly one '# BEGIN {name}' block")
    return new


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ProxyError(f"deploy/nginx.conf must hold {old!r} exactly once")
    return text.replace(old, new)


def render_nginx_conf(
    template: str, *, app_ports: list[int], listen_port: int, prefix: Path
) -> str:
    """The production config with this machine's ports and paths (see the module doc)."""
    if not app_ports:
        raise ProxyError("at least one app process is needed behind nginx")
    text = template
    servers = "".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in app_ports
    )
    text = _between(text, "app processes", servers)
    text = _between(text, "redirect", "")
    text = _between(text, "tls", f"        listen 127.0.0.1:{listen_port};\n")
    # Workers of a root master would run as www-data, who cannot enter the
    # test's private temp folder; without root the directive is ignored.
    user = "user root;\n" if os.geteuid() == 0 else ""
    text = _replace_once(text, "user www-data;\n", user)
    text = _replace_once(text, "pid /run/nginx.pid;", f"pid {prefix}/nginx.pid;")
    text = text.replace("/var/log/nginx/", f"{prefix}/logs/")
    temp = "".join(f"    {name}_temp_path {prefix}/temp/{name};\n" for name in _TEMP_DIRS)
    return _replace_once(text, "http {\n", "http {\n" + temp)


@dataclass
class NginxProcess:
    """One running nginx (``daemon off``) and its files."""

    process: subprocess.Popen[bytes]
    port: int
    prefix: Path

    @property
    def url(self) -> str:
        """nginx's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def stream_url(self) -> str:
        """Streamlit's websocket endpoint, through nginx."""
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    @property
    def access_log(self) -> Path:
        """The access log (the production format)."""
        return self.prefix / "logs" / "access.log"

    @property
    def error_log(self) -> Path:
        """The error log (level ``crit``, as in production)."""
        return self.prefix / "logs" / "error.log"

    @property
    def output_path(self) -> Path:
        """What nginx printed itself (start-up problems)."""
        return self.prefix / "nginx.out"

    def stop(self) -> None:
        """SIGQUIT (graceful), then SIGKILL after 10 s."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_nginx(folder: Path, app_ports: list[int], *, port: int | None = None) -> NginxProcess:
    """Write the rendered config under ``folder/nginx`` and run nginx in front of
    ``app_ports``; returns once it listens. ``ProxyError`` with nginx's own words
    when it is missing or refuses the config."""
    binary = find_nginx()
    if binary is None:
        raise ProxyError(missing_nginx_reason())
    prefix = folder / "nginx"
    for sub in ("logs", *(f"temp/{name}" for name in _TEMP_DIRS)):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    port = free_port() if port is None else port
    conf = prefix / "nginx.conf"
    conf.write_text(
        render_nginx_conf(
            NGINX_TEMPLATE.read_text(encoding="utf-8"),
            app_ports=app_ports,
            listen_port=port,
            prefix=prefix,
        ),
        encoding="utf-8",
    )
    base = [str(binary), "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "logs/error.log")]
    checked = subprocess.run(
        [*base, "-t", "-q"], capture_output=True, text=True, check=False, timeout=30
    )
    if checked.returncode != 0:
        raise ProxyError(f"nginx refused {conf}:\n{checked.stderr.strip()}")
    output = prefix / "nginx.out"
    with output.open("ab") as out:
        process = subprocess.Popen(
            [*base, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
        )
    nginx = NginxProcess(process=process, port=port, prefix=prefix)
    deadline = time.monotonic() + STARTUP_SECONDS
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            nginx.stop()
            said = output.read_text(encoding="utf-8", errors="replace").strip()
            raise ProxyError(f"nginx did not start on port {port}: {said or 'no output'}")
        time.sleep(0.1)
    return nginx


@dataclass
class BehindProxy(AppProcess):
    """An app process whose phones connect through nginx: ``stream_url`` is
    nginx's, everything measured (CPU, memory, log) is the process's own."""

    proxy_port: int = 0

    @property
    def stream_url(self) -> str:
        """Streamlit's websocket endpoint, through nginx (which picks the process)."""
        return f"ws://127.0.0.1:{self.proxy_port}/_stcore/stream"


@dataclass
class Cluster:
    """N app processes on one database and nginx in front of them."""

    apps: list[AppProcess]
    nginx: NginxProcess
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The address phones use: nginx's."""
        return self.nginx.url

    @property
    def stream_url(self) -> str:
        """Streamlit's websocket endpoint, through nginx."""
        return self.nginx.stream_url

    def behind_proxy(self) -> list[AppProcess]:
        """The app processes, as seen by a load client that must go through nginx."""
        return [
            BehindProxy(
                process=app.process,
                port=app.port,
                log_path=app.log_path,
                proxy_port=self.nginx.port,
            )
            for app in self.apps
        ]

    def stop(self) -> None:
        """Stop nginx first (no new requests), then every app process."""
        self.nginx.stop()
        for app in self.apps:
            app.stop()


def cluster_env(env: dict[str, str], public_url: str) -> dict[str, str]:
    """The settings every process shares: the public URL is nginx's, and one
    ``server.cookieSecret`` for all (a cookie signed by one process must be
    accepted by the next one a browser lands on)."""
    shared = dict(env)
    shared.setdefault("WORKSHOP_PUBLIC_URL", public_url)
    shared.setdefault(COOKIE_SECRET_ENV, secrets.token_urlsafe(32))
    return shared


def start_cluster(
    folder: Path,
    processes: int,
    env: dict[str, str],
    *,
    post_script_gc: bool | None = None,
) -> Cluster:
    """Start ``processes`` app processes with ``env`` (its ``WORKSHOP_DATABASE_URL``
    names the one database they share), wait until each is healthy, then nginx."""
    proxy_port = free_port()
    shared = cluster_env(env, f"http://127.0.0.1:{proxy_port}")
    apps: list[AppProcess] = []
    try:
        for k in range(processes):
            apps.append(start_app(folder, shared, post_script_gc=post_script_gc, name=f"app{k}"))
        for app in apps:
            wait_healthy(app)
        nginx = start_nginx(folder, [app.port for app in apps], port=proxy_port)
    except BaseException:
        for app in apps:
            app.stop()
        raise
    return Cluster(apps=apps, nginx=nginx, env=shared)
