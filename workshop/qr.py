"""The address phones open and the QR code that carries it.

A phone joins by scanning a QR code on the projector. The code encodes the
room's join URL: the public base URL of this laptop (``WORKSHOP_PUBLIC_URL``,
or one of the laptop's own network addresses picked in the console) plus
``/join?code=JOINCODE``.

Finding the laptop's addresses never talks to another machine: it asks the
operating system for its own network adapters (``ifaddr``, the same on Linux,
macOS and Windows). No packet leaves the laptop, so this works offline and
tells nobody where the room is.
"""

from __future__ import annotations

import io
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import ifaddr
import qrcode
import qrcode.constants

from workshop.codes import JOIN_CODE_LENGTH, is_join_code, normalise_join_code

JOIN_PATH = "join"
"""The phone page's URL path. Defined here, below the UI, because the join URL
needs it; ``workshop.ui.routes`` gives the join page this path."""


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


# Adapters a phone on the room's Wi-Fi can never reach: container and VM
# bridges, host-only networks, VPN tunnels and overlay networks, Apple's
# peer-to-peer links. Judged by name, because no operating system marks an
# adapter "virtual" in a way every platform shares. Lower case; a name
# matches when it starts with one of these.
_VIRTUAL_NAME_PREFIXES = (
    "docker",  # Docker's bridge (Linux)
    "veth",  # one end of a container's virtual cable (Linux)
    "br-",  # Docker networks (Linux)
    "virbr",  # libvirt (Linux)
    "vboxnet",  # VirtualBox host-only (Linux, macOS)
    "vmnet",  # VMware (Linux, macOS)
    "utun",  # VPNs and iCloud Private Relay (macOS)
    "awdl",  # AirDrop's peer-to-peer Wi-Fi (macOS)
    "llw",  # low-latency WLAN, AirDrop's companion (macOS)
    "bridge",  # Internet Sharing and VM bridges (macOS)
    "anpi",  # Apple's internal links (macOS)
    "ap1",  # the Mac's own hotspot side of Wi-Fi (macOS)
    "gif",  # IP tunnels (macOS)
    "stf",  # 6to4 tunnel (macOS)
    "tun",  # VPN tunnels
    "tap",  # VPN taps
    "wg",  # WireGuard
    "tailscale",
    "zt",  # ZeroTier (Linux)
    "zerotier",
)
# Words that mark a virtual adapter anywhere in its description (Windows
# names adapters by description and a friendly name, never by a short name).
_VIRTUAL_NAME_WORDS = (
    "virtualbox",
    "vmware",
    "hyper-v",
    "host-only",
    "vethernet",
    "wsl",
    "docker",
    "tailscale",
    "zerotier",
    "wireguard",
    "vpn",
    "loopback",
    "virtual",
)

_LAN_NETWORKS = tuple(
    ipaddress.IPv4Network(network) for network in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
"""The ranges home, office and hotspot Wi-Fi hand out (RFC 1918)."""


def _is_virtual(*names: str) -> bool:
    """True when any of an adapter's names marks it as virtual."""
    for name in names:
        lowered = name.strip().lower()
        if lowered.startswith(_VIRTUAL_NAME_PREFIXES):
            return True
        if any(word in lowered for word in _VIRTUAL_NAME_WORDS):
            return True
    return False


def reachable_addresses(adapters: Iterable[ifaddr.Adapter]) -> list[NetworkAddress]:
    """The IPv4 addresses of ``adapters`` a phone might reach, best guess first.

    Loopback, link-local (169.254.x.x, what Windows gives an adapter that found
    no DHCP server) and unspecified addresses are left out, and so is every
    adapter that is virtual by its name: a phone can never use them. Private
    LAN addresses come first, because a room's Wi-Fi or a hotspot hands those
    out; otherwise the operating system's order is kept.
    """
    found: dict[str, NetworkAddress] = {}
    for adapter in adapters:
        for ip in adapter.ips:
            if not ip.is_IPv4 or not isinstance(ip.ip, str):
                continue
            if _is_virtual(adapter.name, adapter.nice_name, ip.nice_name):
                continue
            address = ipaddress.IPv4Address(ip.ip)
            if address.is_loopback or address.is_link_local or address.is_unspecified:
                continue
            # The friendly name ("Wi-Fi" on Windows, "en0" on macOS) is what
            # the facilitator recognises.
            found.setdefault(
                ip.ip,
                NetworkAddress(
                    address=ip.ip,
                    interface=ip.nice_name or adapter.nice_name,
                    private=any(address in network for network in _LAN_NETWORKS),
                ),
            )
    return sorted(found.values(), key=lambda a: not a.private)


def network_addresses() -> list[NetworkAddress]:
    """This laptop's IPv4 addresses a phone might reach, best guess first.

    Asks only the local operating system (``ifaddr``: ``getifaddrs`` on Linux
    and macOS, ``GetAdaptersAddresses`` on Windows); see
    :func:`reachable_addresses` for what is left out and the order.
    """
    try:
        adapters = ifaddr.get_adapters()
    except OSError:
        return []  # the facilitator types the address instead
    return reachable_addresses(adapters)
