"""The join URL and its QR code: decode the PNG we make and compare."""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import parse_qs, urlsplit

import ifaddr
import pytest
import zxingcpp
from PIL import Image

from workshop.qr import (
    BadBaseUrl,
    BadJoinCode,
    NetworkAddress,
    join_url,
    network_addresses,
    normalise_base_url,
    qr_png,
    reachable_addresses,
)

LAN = [ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def decode(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_join_url_adds_path_and_code() -> None:
    assert join_url("http://192.168.1.20:8501/", "abc234") == (
        "http://192.168.1.20:8501/join?code=ABC234"
    )


def test_join_url_keeps_a_proxy_path_prefix() -> None:
    url = join_url("https://circle.example.org/app", "XYZ789")
    parts = urlsplit(url)
    assert parts.path == "/app/join"
    assert parse_qs(parts.query) == {"code": ["XYZ789"]}


@pytest.mark.parametrize(
    "base",
    [
        "192.168.1.20:8501",
        "ftp://host",
        "http://",
        "http://h/?x=1",
        "http://h/#top",
        "http://h:99999",
    ],
)
def test_bad_base_url_says_what_to_write(base: str) -> None:
    with pytest.raises(BadBaseUrl) as info:
        normalise_base_url(base)
    assert "http" in str(info.value)


@pytest.mark.parametrize("code", ["", "ab c1", "ABC&x=1", "ABCDEF0", "<img>"])
def test_bad_join_code_is_refused(code: str) -> None:
    with pytest.raises(BadJoinCode):
        join_url("http://127.0.0.1:8501", code)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8501/join?code=ABC234",
        "http://192.168.178.45:8501/join?code=QWERTY",
        "https://a-rather-long-host-name.example.org/with/a/prefix/join?code=HJKMNP",
    ],
)
def test_qr_png_decodes_to_the_same_url(url: str) -> None:
    assert decode(qr_png(url)) == [url]


def test_qr_png_has_quiet_zone_and_is_black_on_white() -> None:
    image = Image.open(io.BytesIO(qr_png("http://10.0.0.2:8501/join?code=ABCDEF", box_size=10)))
    gray = image.convert("L")
    width, height = gray.size
    assert width == height
    # The four-module quiet zone (40 px at box size 10) is plain white.
    assert {gray.getpixel((x, y)) for x in range(40) for y in range(height)} == {255}
    assert gray.getextrema() == (0, 255)


def test_qr_of_a_join_url_round_trips() -> None:
    url = join_url("http://192.168.1.20:8501", "MNPQRS")
    [decoded] = decode(qr_png(url))
    assert parse_qs(urlsplit(decoded).query)["code"] == ["MNPQRS"]


def test_network_addresses_on_this_machine_are_usable_ipv4_and_private_first() -> None:
    # A real call: whatever adapters this machine has, the rules hold for them.
    found = network_addresses()
    expected = reachable_addresses(ifaddr.get_adapters())
    assert [a.address for a in found] == [a.address for a in expected]
    for item in found:
        address = ipaddress.IPv4Address(item.address)
        assert not address.is_loopback
        assert not address.is_link_local
        assert item.private == any(address in network for network in LAN)
    privates = [item.private for item in found]
    assert privates == sorted(privates, reverse=True)
    assert len({item.address for item in found}) == len(found)
    # Every IPv4 address of a non-loopback adapter here that is not link-local
    # and not on a virtual adapter is offered (a container has no such adapters).
    plain = {
        ip.ip
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if isinstance(ip.ip, str)
        and not ipaddress.IPv4Address(ip.ip).is_loopback
        and not ipaddress.IPv4Address(ip.ip).is_link_local
        and not adapter.name.startswith(("docker", "veth", "br-", "virbr", "tailscale", "zt"))
    }
    assert {item.address for item in found} == plain


def adapter(name: str, nice_name: str, *ips: tuple[str, str]) -> ifaddr.Adapter:
    """An adapter as ifaddr reports it: IPv4 addresses as str, IPv6 as a tuple."""
    made = [
        ifaddr.IP(
            (address, 0, 0) if ":" in address else address,
            64 if ":" in address else 24,
            friendly,
        )
        for address, friendly in ips
    ]
    return ifaddr.Adapter(name, nice_name, made)


def test_a_windows_laptop_offers_its_wi_fi_first_and_no_virtual_adapter() -> None:
    # On Windows the name is a GUID, nice_name the driver's description, and
    # each IP's nice_name the friendly name people see in the Settings app.
    adapters = [
        adapter(
            "{4D36E972-0001}",
            "Hyper-V Virtual Ethernet Adapter",
            ("172.29.16.1", "vEthernet (WSL)"),
        ),
        adapter(
            "{4D36E972-0002}",
            "VirtualBox Host-Only Ethernet Adapter",
            ("192.168.56.1", "VirtualBox Host-Only Network"),
        ),
        adapter(
            "{4D36E972-0003}",
            "Realtek PCIe GbE Family Controller",
            ("169.254.12.7", "Ethernet"),  # cable in, no DHCP: link-local
        ),
        adapter(
            "{4D36E972-0004}",
            "Intel(R) Wi-Fi 6 AX201 160MHz",
            ("fe80::1c2d:3e4f:5a6b:7c8d", "Wi-Fi"),
            ("192.168.1.34", "Wi-Fi"),
        ),
        adapter(
            "{4D36E972-0005}",
            "Intel(R) Ethernet Connection I219-LM",
            ("203.0.113.9", "Ethernet 2"),  # a public address on the office cable
        ),
        adapter(
            "{4D36E972-0006}",
            "VMware Virtual Ethernet Adapter for VMnet8",
            ("192.168.150.1", "VMware Network Adapter VMnet8"),
        ),
        adapter("{4D36E972-0007}", "Tailscale Tunnel", ("100.101.102.103", "Tailscale")),
        adapter(
            "{4D36E972-0008}",
            "Software Loopback Interface 1",
            ("127.0.0.1", "Loopback Pseudo-Interface 1"),
        ),
    ]
    found = reachable_addresses(adapters)
    assert [(a.address, a.interface, a.private) for a in found] == [
        ("192.168.1.34", "Wi-Fi", True),
        ("203.0.113.9", "Ethernet 2", False),
    ]


def test_a_mac_offers_en0_first_and_skips_airdrop_vpn_and_sharing_bridges() -> None:
    # On macOS name and nice_name are both the BSD name.
    adapters = [
        adapter("lo0", "lo0", ("127.0.0.1", "lo0"), ("::1", "lo0")),
        adapter("anpi0", "anpi0", ("fe80::a1", "anpi0")),
        adapter("en5", "en5", ("100.64.3.2", "en5")),  # carrier-grade NAT via a USB modem
        adapter("en0", "en0", ("fe80::8a:1", "en0"), ("10.20.30.40", "en0")),
        adapter("awdl0", "awdl0", ("fe80::9b:2", "awdl0")),
        adapter("llw0", "llw0", ("fe80::9b:3", "llw0")),
        adapter("utun3", "utun3", ("10.8.0.6", "utun3")),  # a VPN
        adapter("bridge100", "bridge100", ("192.168.2.1", "bridge100")),  # Internet Sharing
        adapter("vmnet1", "vmnet1", ("172.16.99.1", "vmnet1")),
        adapter("en1", "en1", ("172.20.10.3", "en1")),  # a phone's hotspot
        adapter("en7", "en7", ("10.20.30.40", "en7")),  # the same address twice: once
    ]
    found = reachable_addresses(adapters)
    assert [(a.address, a.interface, a.private) for a in found] == [
        ("10.20.30.40", "en0", True),
        ("172.20.10.3", "en1", True),
        ("100.64.3.2", "en5", False),
    ]


def test_a_linux_laptop_skips_docker_and_libvirt_bridges() -> None:
    adapters = [
        adapter("lo", "lo", ("127.0.0.1", "lo")),
        adapter("docker0", "docker0", ("172.17.0.1", "docker0")),
        adapter("br-5f2e9a", "br-5f2e9a", ("172.18.0.1", "br-5f2e9a")),
        adapter("veth12ab", "veth12ab", ("169.254.3.3", "veth12ab")),
        adapter("virbr0", "virbr0", ("192.168.122.1", "virbr0")),
        adapter("wlp2s0", "wlp2s0", ("192.168.178.45", "wlp2s0")),
    ]
    assert [a.address for a in reachable_addresses(adapters)] == ["192.168.178.45"]


def test_no_adapters_means_no_addresses() -> None:
    assert reachable_addresses([]) == []


def test_network_address_base_url() -> None:
    assert NetworkAddress("10.1.2.3", "wlan0", True).base_url(8501) == "http://10.1.2.3:8501"
