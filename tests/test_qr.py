"""The join URL and its QR code: decode the PNG we make and compare."""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import parse_qs, urlsplit

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
)


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


def test_network_addresses_are_usable_ipv4_and_private_first() -> None:
    found = network_addresses()
    for item in found:
        address = ipaddress.IPv4Address(item.address)
        assert not address.is_loopback
        assert not address.is_link_local
        assert item.private == address.is_private
    privates = [item.private for item in found]
    assert privates == sorted(privates, reverse=True)
    assert len({item.address for item in found}) == len(found)


def test_network_address_base_url() -> None:
    assert NetworkAddress("10.1.2.3", "wlan0", True).base_url(8501) == "http://10.1.2.3:8501"
