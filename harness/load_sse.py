"""A server-sent event reader for the load client, as a browser's ``EventSource``.

One raw HTTP/1.1 connection (TCP_NODELAY) in the caller's asyncio loop: the
request line, the response head, then the body (chunked or not) cut into
events at blank lines. Only what the live route sends is understood:
``event:``, ``data:``, ``retry:`` and ``:`` comments. Only 127.0.0.1 is ever
contacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass


class StreamClosed(Exception):
    """The server closed the stream, or answered with something else than 200."""


@dataclass(frozen=True)
class Event:
    """One event as the browser would dispatch it."""

    name: str
    data: str


def _nodelay(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is None:
        return
    # Without these, Nagle + delayed ACK add ~40 ms on loopback: client time
    # that would look like server time.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


async def _body(reader: asyncio.StreamReader, chunked: bool) -> AsyncIterator[bytes]:
    if not chunked:
        while True:
            data = await reader.read(65536)
            if not data:
                return
            yield data
    while True:
        size_line = await reader.readline()
        if not size_line:
            return
        size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            return
        data = await reader.readexactly(size)
        await reader.readexactly(2)  # the chunk's CRLF
        yield data


def _parse(block: str) -> Event | None:
    name = "message"
    data: list[str] = []
    for line in block.split("\n"):
        if not line or line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
    if not data and name == "message":
        return None  # e.g. a lone ``retry:``
    return Event(name=name, data="\n".join(data))


async def events(host: str, port: int, path: str) -> AsyncIterator[Event]:
    """The events of ``GET path`` until the server closes; ``StreamClosed`` then."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        _nodelay(writer)
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n".encode()
        )
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        status = head.split(" ", 2)[1] if " " in head else "?"
        if status != "200":
            raise StreamClosed(f"status {status}")
        chunked = "transfer-encoding: chunked" in head.lower()
        pending = ""
        async for data in _body(reader, chunked):
            pending += data.decode("utf-8").replace("\r\n", "\n")
            while "\n\n" in pending:
                block, pending = pending.split("\n\n", 1)
                event = _parse(block)
                if event is not None:
                    yield event
        raise StreamClosed("closed by the server")
    except (asyncio.IncompleteReadError, ConnectionError) as exc:
        raise StreamClosed(repr(exc)) from exc
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()
