"""Walk PyYAML's parser events into plain data, noting where every value was written.

PyYAML never builds Python objects here, nor even a node tree: the events of
its safe parser (libyaml's when PyYAML has it) become plain dicts, lists,
strings and numbers, and the line and column of every key and value are kept.

A curriculum needs no anchors, aliases, tags or merge keys, so each one is
refused where it is written; an alias is never expanded, so a small file cannot
blow up into a huge one. The walk stops as soon as the node or depth limit is
passed. Keys written twice in one mapping are reported, not silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.resolver import Resolver

from workshop.curriculum.problems import Mark, PathKey, Problem, Where, at

MAX_NODES = 100_000
"""Most YAML values (keys included) one file may hold."""

MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted (a curriculum needs about 8)."""

ANCHORS_REFUSED = "anchors and aliases are not allowed in a curriculum"

MAX_PROBLEMS = 100
"""Most YAML-level problems listed before the walk stops (one screen of a terminal is
enough to see what to fix; a generated file could otherwise print a line per value)."""
"""The sentence every ``&anchor`` and ``*alias`` is refused with."""

C_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)

LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = C_LOADER or yaml.SafeLoader
"""The parser: libyaml's when PyYAML was built with it (about ten times faster)."""


def positions_in_bytes() -> bool:
    """Whether the parser counts a reader error's position in UTF-8 bytes (libyaml
    does) rather than in characters (PyYAML's own reader)."""
    return LOADER is C_LOADER


_TAG = "tag:yaml.org,2002:"
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_CONVERT = {
    f"{_TAG}int": _CONSTRUCTOR.construct_yaml_int,
    f"{_TAG}float": _CONSTRUCTOR.construct_yaml_float,
    f"{_TAG}bool": _CONSTRUCTOR.construct_yaml_bool,
}


class Stop(Exception):
    """The walk met a problem after which nothing more can be read."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.message)


def _short_tag(tag: str) -> str:
    """A tag as written in the file: ``!!python/object:x`` rather than its long form."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


@dataclass
class _Frame:
    """A list or mapping being read."""

    path: PathKey
    value: list[Any] | dict[str, Any]
    start: Mark | None
    discard: bool  # inside something refused: read to the end, keep nothing
    is_key: bool  # a list or mapping used as a mapping key (refused when complete)
    refused: bool = False
    expect_key: bool = True
    key: str | None = None
    key_mark: Mark | None = None
    skip_value: bool = False
    first_seen: dict[str, Mark | None] = field(default_factory=dict)


class Walker:
    """Turns parser events into plain data, noting marks and YAML-level problems."""

    def __init__(self) -> None:
        self.marks: dict[PathKey, Where] = {}
        self.problems: list[Problem] = []
        self.refused: list[PathKey] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.nodes = 0

    def error_path(self) -> PathKey:
        """Where the parser was when it failed: the open list or mapping, or the key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, dict) and not top.expect_key and top.key is not None:
            return (*top.path, top.key)
        return top.path

    def walk(self, text: str) -> None:
        """Read every event of ``text``; raises PyYAML's errors and ``Stop``."""
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise Stop(
                        at(
                            event.start_mark,
                            (),
                            "the file holds more than one YAML document ('---') — keep only one",
                        )
                    )
            elif isinstance(event, NodeEvent):
                self._node(event)
            elif isinstance(event, CollectionEndEvent):
                frame = self.stack.pop()
                value = None if frame.refused else frame.value
                self._complete(value, frame.start, frame.is_key, refused=frame.refused)

    def _place(self) -> tuple[PathKey, bool, Mark | None, bool]:
        """Path of the value that starts now, whether it is a key, its key's mark, discard."""
        if not self.stack:
            return (), False, None, False
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value)), False, None, top.discard
        if top.expect_key:
            return top.path, True, None, top.discard
        assert top.key is not None or top.skip_value
        return (*top.path, top.key or ""), False, top.key_mark, top.discard or top.skip_value

    def _node(self, event: NodeEvent) -> None:
        path, is_key, key_mark, discard = self._place()
        mark = event.start_mark
        self.nodes += 1
        if len(self.stack) >= MAX_DEPTH:
            deep = f"nested more than {MAX_DEPTH} levels deep — flatten the structure"
            raise Stop(at(mark, path, deep))
        if self.nodes > MAX_NODES:
            raise Stop(
                at(mark, path, f"more than {MAX_NODES} values — split the programme into files")
            )
        if not discard and not is_key and mark is not None:
            self.marks[path] = Where(key_mark, mark)
        refused = False
        if event.anchor is not None and not isinstance(event, AliasEvent):
            self._problem(mark, path, f"{ANCHORS_REFUSED} — remove '&{event.anchor}'")
        if isinstance(event, AliasEvent):
            self._problem(mark, path, f"{ANCHORS_REFUSED} — write the value out in full")
            refused = True
        elif isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            self._problem(
                mark,
                path,
                f"the YAML tag '{_short_tag(event.tag)}' is not allowed — remove it: "
                "a curriculum holds only text, numbers, true/false, lists and mappings",
            )
            refused = True
        if refused and not is_key:
            self.refused.append(path)
        if isinstance(event, CollectionStartEvent):
            container: list[Any] | dict[str, Any] = (
                {} if isinstance(event, MappingStartEvent) else []
            )
            self.stack.append(
                _Frame(path, container, mark, discard or is_key or refused, is_key, refused)
            )
        elif isinstance(event, ScalarEvent) and is_key and not refused:
            self._key(event.value, mark)
        elif isinstance(event, ScalarEvent) and not refused:
            self._complete(self._scalar(event, path), mark, is_key)
        else:
            self._complete(None, mark, is_key, refused=refused)

    def _problem(self, mark: Mark | None, path: PathKey, message: str) -> None:
        """Note a problem, unless it lies inside something refused and reported already."""
        if not (self.stack and self.stack[-1].discard):
            if len(self.problems) >= MAX_PROBLEMS:
                more = f"more than {MAX_PROBLEMS} problems — fix these, then check the file again"
                raise Stop(at(mark, path, more))
            self.problems.append(at(mark, path, message))

    def _scalar(self, event: ScalarEvent, path: PathKey) -> Any:
        # PyYAML's stubs leave ``resolve`` unannotated; it returns the tag as text.
        tag: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, event.value, event.implicit
        )
        if tag == f"{_TAG}null":
            return None
        convert = _CONVERT.get(tag)
        if convert is None:
            return event.value  # text; dates and the like too, read back as written
        try:
            return convert(yaml.ScalarNode(tag, event.value))
        except ValueError:
            # e.g. an integer with more digits than Python converts by default
            self._problem(event.start_mark, path, "this number is too long — shorten it")
            self.refused.append(path)
            return None

    def _key(self, key: str, mark: Mark | None) -> None:
        """A plain key read in the mapping on top of the stack."""
        top = self.stack[-1]
        assert isinstance(top.value, dict)
        top.expect_key = False
        top.key, top.key_mark, top.skip_value = key, mark, False
        if key == "<<":
            self._problem(
                mark,
                (*top.path, "<<"),
                "merge keys ('<<') are not allowed in a curriculum — write the keys out in full",
            )
            self._refuse_key(top)
        elif key in top.first_seen:
            first = top.first_seen[key]
            line = f" (first on line {first.line + 1})" if first is not None else ""
            self._problem(
                mark,
                (*top.path, key),
                f"duplicate key '{key}'{line} — YAML would silently keep only the last one; "
                "remove or rename one",
            )
        else:
            top.first_seen[key] = mark

    def _refuse_key(self, top: _Frame) -> None:
        top.skip_value = True
        if not top.discard:
            self.refused.append(top.path)

    def _complete(
        self, value: Any, mark: Mark | None, is_key: bool, *, refused: bool = False
    ) -> None:
        """A whole value has been read: put it where it belongs."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif is_key:
            top.expect_key = False
            if not refused:  # a refused key (an alias, a tag) is reported already
                self._problem(mark, top.path, "a key must be a plain word — write 'name: value'")
            self._refuse_key(top)
        else:
            if not top.skip_value and top.key is not None:
                top.value[top.key] = value
            top.expect_key, top.key, top.skip_value = True, None, False
