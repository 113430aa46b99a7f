"""Read the b-tree pages of a SQLite file from its bytes, for the disk audits.

A b-tree page keeps a cell pointer array in key order, but puts each cell's
bytes wherever there was room when it was written: a page that grew one insert
at a time lays its cells out in arrival order. These helpers give, per page of
a table (or index), its cells in key order with their byte offsets, and the
bytes of the page that belong to no cell, so a test can check exactly where
every cell sits and that nothing of a deleted one is left.

Format: https://www.sqlite.org/fileformat2.html (b-tree pages, records).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

INTERIOR_INDEX, INTERIOR_TABLE, LEAF_INDEX, LEAF_TABLE = 0x02, 0x05, 0x0A, 0x0D


@dataclass(frozen=True)
class Cell:
    """One cell: where its bytes start in the page, and the record's values."""

    offset: int
    size: int
    values: tuple[object, ...]


@dataclass(frozen=True)
class Page:
    """One b-tree page: its number, kind, cells in key order, and unused bytes."""

    number: int
    kind: int
    cells: tuple[Cell, ...]
    unused: bytes
    """Every byte of the cell content area outside the cells (free blocks,
    their 4-byte headers zeroed out, and fragments)."""
    gap: bytes
    """The bytes between the pointer array and the cell content area."""


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def _record(payload: bytes) -> tuple[object, ...]:
    header_size, at = _varint(payload, 0)
    types = []
    while at < header_size:
        serial, at = _varint(payload, at)
        types.append(serial)
    body = header_size
    values: list[object] = []
    for serial in types:
        if serial == 0:
            values.append(None)
        elif serial in (1, 2, 3, 4, 5, 6):
            size = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}[serial]
            values.append(int.from_bytes(payload[body : body + size], "big", signed=True))
            body += size
        elif serial == 7:
            body += 8
            values.append(float("nan"))  # not needed by the audits
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            size = (serial - 12) // 2
            raw = payload[body : body + size]
            values.append(raw.decode("utf-8") if serial % 2 else raw)
            body += size
    return tuple(values)


def _local_size(page_size: int, payload_size: int, leaf_table: bool) -> int:
    usable = page_size
    max_local = usable - 35 if leaf_table else (usable - 12) * 64 // 255 - 23
    if payload_size <= max_local:
        return payload_size
    min_local = (usable - 12) * 32 // 255 - 23
    k = min_local + (payload_size - min_local) % (usable - 4)
    return k if k <= max_local else min_local


def read_pages(path: Path, root: int) -> list[Page]:
    """Every page of the b-tree rooted at page ``root`` (interior and leaf)."""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big") or 65536
    pages: list[Page] = []
    todo = [root]
    while todo:
        number = todo.pop()
        raw = data[(number - 1) * page_size : number * page_size]
        start = 100 if number == 1 else 0
        kind = raw[start]
        interior = kind in (INTERIOR_INDEX, INTERIOR_TABLE)
        header = start + (12 if interior else 8)
        count = int.from_bytes(raw[start + 3 : start + 5], "big")
        used = bytearray(page_size)
        used[: header + 2 * count] = b"\x01" * (header + 2 * count)
        cells = []
        for i in range(count):
            offset = int.from_bytes(raw[header + 2 * i : header + 2 * i + 2], "big")
            at = offset
            if interior:
                todo.append(int.from_bytes(raw[at : at + 4], "big"))
                at += 4
            if kind == INTERIOR_TABLE:
                _rowid, at = _varint(raw, at)
                cells.append(Cell(offset, at - offset, ()))
                used[offset:at] = b"\x01" * (at - offset)
                continue
            payload_size, at = _varint(raw, at)
            if kind == LEAF_TABLE:
                _rowid, at = _varint(raw, at)
            local = _local_size(page_size, payload_size, kind == LEAF_TABLE)
            end = at + local + (4 if local < payload_size else 0)
            # Overflowing records are cut: the audits only need their first columns.
            values = _record(raw[at : at + local]) if local == payload_size else ()
            cells.append(Cell(offset, end - offset, values))
            used[offset:end] = b"\x01" * (end - offset)
        if interior:
            todo.append(int.from_bytes(raw[start + 8 : start + 12], "big"))
        # A free block starts with the next block's offset and its own size.
        block = int.from_bytes(raw[start + 1 : start + 3], "big")
        unused_raw = bytearray(raw)
        while block:
            following = int.from_bytes(raw[block : block + 2], "big")
            unused_raw[block : block + 4] = b"\x00\x00\x00\x00"
            block = following
        content = int.from_bytes(raw[start + 5 : start + 7], "big") or 65536
        unused = bytes(
            b for b, u in zip(unused_raw[content:], used[content:], strict=True) if not u
        )
        ends = header + 2 * count
        gap = bytes(raw[ends:content])
        pages.append(Page(number, kind, tuple(cells), unused, gap))
    return pages


def root_pages(path: Path) -> dict[str, int]:
    """Root page of every table and index, by name (read through SQLite itself)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"))
    finally:
        conn.close()


def freelist_pages(path: Path) -> list[bytes]:
    """The bytes of every page on the file's free list (trunk and leaf pages)."""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big") or 65536
    trunk = int.from_bytes(data[32:36], "big")
    out = []
    while trunk:
        raw = data[(trunk - 1) * page_size : trunk * page_size]
        count = int.from_bytes(raw[4:8], "big")
        for i in range(count):
            leaf = int.from_bytes(raw[8 + 4 * i : 12 + 4 * i], "big")
            out.append(data[(leaf - 1) * page_size : leaf * page_size])
        out.append(raw[8 + 4 * count :])
        trunk = int.from_bytes(raw[0:4], "big")
    return out
