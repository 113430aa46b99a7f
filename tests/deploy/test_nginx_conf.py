"""deploy/nginx.conf as text, and the renderer the test and benchmark share.

No nginx needed: these read the file. ``test_nginx.py`` runs it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.proxy import NGINX_TEMPLATE, ProxyError, render_nginx_conf

TEMPLATE = NGINX_TEMPLATE.read_text(encoding="utf-8")
# Variables that hold a query string (a phone's token) or a client's address.
FORBIDDEN = re.compile(
    r"\$(remote_addr|binary_remote_addr|realip_remote_addr|request|request_uri|args|arg_\w+"
    r"|query_string|is_args|http_x_forwarded_for|proxy_add_x_forwarded_for|http_referer"
    r"|http_cookie|cookie_\w+)\b"
)


def _code(text: str) -> str:
    """The config without its comments."""
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def _block(text: str, start: str) -> str:
    """The text of the block that opens with ``start`` (up to its closing brace)."""
    begin = text.index(start)
    depth = 0
    for i in range(begin, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0 and text[i] == "}":
            return text[begin : i + 1]
    raise AssertionError(f"{start!r} is not closed")


def test_no_log_can_hold_a_query_string_or_a_client_address() -> None:
    code = _code(TEMPLATE)
    log_format = code[code.index("log_format") : code.index(";", code.index("log_format"))]
    assert not FORBIDDEN.findall(log_format), log_format
    assert "$uri" in log_format
    # Elsewhere only the routing cookie (in its map) and the redirect to HTTPS, which
    # sends the browser its own URL back and writes nothing down.
    assert sorted(set(FORBIDDEN.findall(code))) == ["cookie_oc_node", "request_uri"]
    for line in code.splitlines():
        if "$request_uri" in line:
            assert line.strip() == "return 301 https://$host$request_uri;"
    assert re.findall(r"^\s*error_log\s+\S+\s+(\w+);", code, re.MULTILINE) == ["crit"]
    assert re.findall(r"^\s*access_log\s+\S+\s+(\w+);", code, re.MULTILINE) == ["open_circle"]
    assert "X-Forwarded-For" not in code and "X-Real-IP" not in code


def test_routing_is_by_the_cookie_never_by_address() -> None:
    code = _code(TEMPLATE)
    assert "ip_hash" not in code
    assert "hash $oc_route consistent;" in _block(code, "upstream open_circle")
    assert "$cookie_oc_node" in _block(code, "map $cookie_oc_node")


def test_websocket_and_event_stream_settings() -> None:
    code = _code(TEMPLATE)
    stream = _block(code, "location = /_stcore/stream")
    events = _block(code, "location = /live/events")
    assert "proxy_buffering off;" in events and "proxy_read_timeout 1h;" in events
    assert "proxy_read_timeout 1h;" in stream
    assert "proxy_set_header Upgrade $http_upgrade;" in code
    assert "proxy_set_header Connection $connection_upgrade;" in code
    assert "location = /healthz" in code
    assert "listen 443 ssl" in code and "ssl_certificate " in code


def test_the_rendered_config_keeps_everything_but_ports_and_paths(tmp_path: Path) -> None:
    rendered = render_nginx_conf(
        TEMPLATE, app_ports=[4001, 4002], listen_port=4000, prefix=tmp_path
    )
    code = _code(rendered)
    assert "server 127.0.0.1:4001 max_fails=1 fail_timeout=10s;" in code
    assert "server 127.0.0.1:4002 max_fails=1 fail_timeout=10s;" in code
    assert "8501" not in code and "listen 443" not in code and "listen 80" not in code
    assert "listen 127.0.0.1:4000;" in code
    assert "/var/log" not in code and "/run/" not in code
    assert f"error_log {tmp_path}/logs/error.log crit;" in code
    assert f"proxy_temp_path {tmp_path}/temp/proxy;" in code
    original = _code(TEMPLATE)
    for unchanged in ("location = /live/events", "location = /_stcore/stream", "map $cookie"):
        assert _block(code, unchanged) == _block(original, unchanged)
    original_format = _code(TEMPLATE).split("log_format", 1)[1].split(";", 1)[0]
    assert original_format in code


def test_a_template_without_its_markers_is_refused(tmp_path: Path) -> None:
    broken = TEMPLATE.replace("# BEGIN app processes", "# app processes")
    with pytest.raises(ProxyError, match="app processes"):
        render_nginx_conf(broken, app_ports=[4001], listen_port=4000, prefix=tmp_path)
    with pytest.raises(ProxyError, match="at least one"):
        render_nginx_conf(TEMPLATE, app_ports=[], listen_port=4000, prefix=tmp_path)
