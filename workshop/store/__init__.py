"""The store: every query the app runs (the only SQL), behind named, typed methods.

``open_store(settings)`` builds the one ``Store`` of a process: SQLite (WAL) in
``settings.data_dir`` by default, PostgreSQL (psycopg 3) when
``settings.database_url`` is set; the schema (``workshop.schema``) is created
and upgraded by the migrations (``workshop.migrations``) when it opens.

Callers use ``store.reading()`` / ``store.writing()``, which yield a ``Tx``
whose methods are the queries, so a domain function composes several of them
in one transaction without writing SQL. Every failure leaves the store as a
``StoreError``; ``StoreUnavailable`` when the database cannot be reached or
used right now, ``DuplicateKey`` when an insert clashes.

Modules: ``engine`` (URLs, SQLite settings, write transactions), ``rows`` (row
types), ``groups_rooms``, ``phones_answers`` and ``notices_settings`` (the
queries, composed into ``Tx`` in ``tx``), ``access`` (sign-ins and
the rooms' join limits), ``errors``, ``forget`` (after a
write commits: the SQLite checkpoint and ``VACUUM``, PostgreSQL's ``VACUUM``,
so the files forget deleted rows and arrival order), ``database``
(``Store``, ``migrate``, ``open_store``), and ``watch`` (what the live
notifier reads: room pulses, local-write hooks, PostgreSQL LISTEN/NOTIFY).
"""

from workshop.schema import KEY_LENGTH, PromptState, metadata
from workshop.store.access import JoinLimits
from workshop.store.database import SECRET_SETTING, Store, migrate, open_store
from workshop.store.engine import SQLITE_PRAGMAS, lock_for_migrations, make_engine
from workshop.store.errors import DuplicateKey, StoreError, StoreUnavailable
from workshop.store.rows import AnswerRow, GroupRow, RoomRow
from workshop.store.tx import Tx
from workshop.store.watch import (
    CHANNEL,
    RoomPulse,
    after_local_writes,
    announce_change,
    listen_for_changes,
    room_pulses,
    schema_version,
)

__all__ = [
    "CHANNEL",
    "KEY_LENGTH",
    "SECRET_SETTING",
    "SQLITE_PRAGMAS",
    "AnswerRow",
    "DuplicateKey",
    "GroupRow",
    "JoinLimits",
    "PromptState",
    "RoomPulse",
    "RoomRow",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Tx",
    "after_local_writes",
    "announce_change",
    "listen_for_changes",
    "lock_for_migrations",
    "make_engine",
    "metadata",
    "migrate",
    "open_store",
    "room_pulses",
    "schema_version",
]
