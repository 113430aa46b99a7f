"""The address phones open and the QR code that carries it.

A phone joins by scanning a QR code on the projector. The code encodes the
room's join URL: the public base URL of this laptop (``WORKSHOP_PUBLIC_URL``,
or one of the laptop's own network addresses picked in the console) plus
``/join?code=JOINCODE``.

Finding the laptop's addresses never talks to another machine: it asks the
operating system about its own interfaces (``getaddrinfo`` on the host name
and, on Linux, each interface's address by ``ioctl``). No packet leaves the
laptop, so this works offline and tells nobody where the room is.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
import struct
import sys
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import qrcode
import qrcode.constants

from workshop.codes import JOIN_CODE_LENGTH, is_join_code, normalise_join_code

JOIN_PATH = "join"
"""The phone page's URL path (``st.Page(url_path=...)`` in the UI)."""


class QrError(ValueError):
    """A base URL or join code cannot make a join address."""


class BadBaseUrl(QrError):
    """The public base URL is not an http(s) address a phone could open."""


class BadJoinCode(QrError):
    """The join code has characters a join code never has."""


@dataclass(frozen=True)
class NetworkAddress:
    """One IPv4 address of this laptop and how likely phones can reach it."""

    address: str
    interface: str
    private: bool
    """True for a home/office/hotspot range (10/8, 172.16/12, 192.168/16)."""

    def base_url(self, port: int) -> str:
        """``http://ADDRESS:PORT`` for this address."""
        return f"http://{self.address}:{port}"


def normalise_base_url(base_url: str) -> str:
    """Check a public base URL and return it without a trailing slash.

    Raises ``BadBaseUrl`` with what to write instead when it is not an
    ``http://`` or ``https://`` address with a host (a path prefix is allowed,
    for a reverse proxy; a query or fragment is not).
    """
    text = base_url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadBaseUrl(
            f"The public address must look like http://192.168.1.20:8501, got {base_url!r}."
        )
    if parts.query or parts.fragment:
        raise BadBaseUrl(
            f"The public address must not contain '?' or '#': write only "
            f"{parts.scheme}://{parts.netloc}{parts.path}."
        )
    try:
        _ = parts.port
    except ValueError:
        raise BadBaseUrl(f"The port in {base_url!r} is not a number from 1 to 65535.") from None
    return text.rstrip("/")


def join_url(base_url: str, join_code: str) -> str:
    """The address a phone opens to join: ``BASE/join?code=CODE``."""
    code = normalise_join_code(join_code)
    if not is_join_code(code):
        raise BadJoinCode(
            f"{join_code!r} is not a join code: it has {JOIN_CODE_LENGTH} letters and digits."
        )
    return f"{normalise_base_url(base_url)}/{JOIN_PATH}?{urlencode({'code': code})}"


def qr_png(data: str, *, box_size: int = 12, border: int = 4) -> bytes:
    """A QR code of ``data`` as PNG bytes, black on white, with a quiet zone.

    Error correction M survives a projector's glare and a little keystone;
    ``border`` is the four-module quiet zone scanners expect.
    """
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=border
    )
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _linux_interface_addresses() -> list[tuple[str, str]]:
    """(interface, IPv4) for each interface, asked of the kernel by ioctl."""
    import fcntl

    siocgifaddr = 0x8915
    found: list[tuple[str, str]] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(probe.fileno(), siocgifaddr, request)
            except OSError:
                continue  # interface down or without an IPv4 address
            found.append((name, socket.inet_ntoa(answer[20:24])))
    return found


def _hostname_addresses() -> list[tuple[str, str]]:
    """IPv4 addresses the host name resolves to locally (hosts file, mDNS)."""
    found: list[tuple[str, str]] = []
    for name in {socket.gethostname(), socket.getfqdn()}:
        try:
            infos = socket.getaddrinfo(name, None, socket.AF_INET, socket.SOCK_STREAM)
        except OSError:
            continue
        found.extend(("", str(info[4][0])) for info in infos)
    return found


def network_addresses() -> list[NetworkAddress]:
    """This laptop's IPv4 addresses a phone might reach, best guess first.

    Loopback and link-local (169.254.x.x) addresses are left out: a phone can
    never use them. Private ranges come first because a room's Wi-Fi or a
    hotspot hands those out. Asks only the local operating system.
    """
    raw: list[tuple[str, str]] = []
    if sys.platform.startswith("linux"):
        # On failure fall back to the host name below.
        with contextlib.suppress(OSError):
            raw.extend(_linux_interface_addresses())
    raw.extend(_hostname_addresses())

    by_address: dict[str, NetworkAddress] = {}
    for interface, text in raw:
        address = ipaddress.IPv4Address(text)
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            continue
        known = by_address.get(text)
        if known is not None and known.interface:
            continue
        by_address[text] = NetworkAddress(
            address=text, interface=interface, private=address.is_private
        )
    return sorted(
        by_address.values(),
        key=lambda a: (not a.private, ipaddress.IPv4Address(a.address)),
    )
