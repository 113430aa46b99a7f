"""Settings: one typed object, defaults in code, overridden by ``WORKSHOP_*``.

Built once per process by ``Settings.from_env()`` (never at import time) and
passed into constructors. An invalid value stops with a message that names the
variable and says what to write instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """An environment variable holds a value the app cannot use."""


def _positive_int(name: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
        return value

    return parse


def _positive_float(name: str, low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise SettingsError(f"{name} must be a number of seconds, got {text!r}") from None
        if not low <= value <= high:
            raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
        return value

    return parse


def _text(text: str) -> str:
    return text.strip()


def _path(text: str) -> Path:
    return Path(text.strip()).expanduser()


def _url(name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise SettingsError(f"{name} must start with http:// or https://, got {text!r}")
        return value

    return parse


@dataclass(frozen=True)
class Settings:
    """Everything the app can be configured with. Field metadata holds the
    environment variable, its parser and a line of help for the README."""

    data_dir: Path = field(
        default=Path("data"),
        metadata={
            "env": "WORKSHOP_DATA_DIR",
            "parse": _path,
            "help": "Folder for the SQLite database.",
        },
    )
    database_url: str = field(
        default="",
        metadata={
            "env": "WORKSHOP_DATABASE_URL",
            "parse": _text,
            "help": "SQLAlchemy URL (postgresql+psycopg://host/db); empty: SQLite in data_dir.",
        },
    )
    min_group: int = field(
        default=3,
        metadata={
            "env": "WORKSHOP_MIN_GROUP",
            "parse": _positive_int("WORKSHOP_MIN_GROUP", 2, 100),
            "help": "Small-number rule: no result until this many phones answered.",
        },
    )
    retention_days: int = field(
        default=30,
        metadata={
            "env": "WORKSHOP_RETENTION_DAYS",
            "parse": _positive_int("WORKSHOP_RETENTION_DAYS", 1, 3650),
            "help": "Days after which a room's answers are deleted.",
        },
    )
    facilitator_passcode: str = field(
        default="",
        repr=False,
        metadata={
            "env": "WORKSHOP_FACILITATOR_PASSCODE",
            "parse": _text,
            "help": "Passcode for facilitator and organiser pages; made at first start if empty.",
        },
    )
    max_phones: int = field(
        default=60,
        metadata={
            "env": "WORKSHOP_MAX_PHONES",
            "parse": _positive_int("WORKSHOP_MAX_PHONES", 2, 1000),
            "help": "Most phones a room lets in; the facilitator can raise it for a room.",
        },
    )
    public_url: str = field(
        default="",
        metadata={
            "env": "WORKSHOP_PUBLIC_URL",
            "parse": _url("WORKSHOP_PUBLIC_URL"),
            "help": "Address the QR code encodes, e.g. http://192.168.1.20:8501.",
        },
    )
    poll_seconds: float = field(
        default=10.0,
        metadata={
            "env": "WORKSHOP_POLL_SECONDS",
            "parse": _positive_float("WORKSHOP_POLL_SECONDS", 0.5, 30.0),
            "help": "How often a screen checks for a change while its live stream is down.",
        },
    )
    curricula_dir: Path = field(
        default=Path("curricula"),
        metadata={
            "env": "WORKSHOP_CURRICULA_DIR",
            "parse": _path,
            "help": "Folder of curriculum YAML files.",
        },
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``env`` (default ``os.environ``) and explicit overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is not None and raw.strip() != "":
                values[f.name] = f.metadata["parse"](raw)
        values.update(overrides)
        return cls(**values)

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL: the configured one, or SQLite in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'workshop.sqlite3').resolve()}"

    @staticmethod
    def help_rows() -> list[tuple[str, str, str]]:
        """(variable, default, help) for every setting, for docs and ``--help``."""
        return [
            (
                f.metadata["env"],
                "" if f.name == "facilitator_passcode" else str(f.default),
                f.metadata["help"],
            )
            for f in fields(Settings)
        ]
