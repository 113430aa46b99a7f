"""The database schema: SQLAlchemy Core tables that the store and the migrations share.

Only declarations live here, no queries: ``workshop.store`` runs the queries
and ``workshop.migrations`` checks the newest revision against these tables
(the revisions themselves freeze their own DDL, so old ones keep meaning what
they meant).

Privacy rules that the schema itself enforces (see ``docs/privacy.md``):
answers and phones carry no autoincrement id and no time (their primary key is
a keyed hash, and on SQLite they are ``WITHOUT ROWID`` tables, so not even the
hidden rowid records arrival order); the phone's token is never stored.
"""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa

metadata = sa.MetaData()

KEY_LENGTH = 64
"""Hex length of a keyed hash (HMAC-SHA256)."""

PromptState = Literal["none", "open", "closed", "revealed"]
"""What a prompt of a room is doing; stored per prompt in ``rooms.prompt_states``."""

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("curriculum_id", sa.String(64), nullable=False),
    sa.Column("curriculum_title", sa.String(400), nullable=False),
    sa.Column("curriculum_text", sa.Text, nullable=False),
    sa.Column("created_on", sa.Date, nullable=False),
)

rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("group_id", sa.String(32), sa.ForeignKey("groups.id"), nullable=False),
    sa.Column("curriculum_id", sa.String(64), nullable=False),
    sa.Column("curriculum_text", sa.Text, nullable=False),
    sa.Column("session_id", sa.String(64), nullable=False),
    sa.Column("step_index", sa.Integer, nullable=False),
    sa.Column("prompt_states", sa.Text, nullable=False),
    sa.Column("paused", sa.Boolean, nullable=False),
    sa.Column("ended", sa.Boolean, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("join_code", sa.String(6), nullable=False, unique=True),
    sa.Column("display_key", sa.String(64), nullable=False, unique=True),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("expires_on", sa.Date, nullable=False),
    sa.Index("ix_rooms_group_id", "group_id"),
    sa.Index("ix_rooms_expires_on", "expires_on"),
)

phones = sa.Table(
    "phones",
    metadata,
    sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), nullable=False),
    sa.Index("ix_phones_room_id", "room_id"),
    sqlite_with_rowid=False,
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), nullable=False),
    sa.Column("prompt_id", sa.String(64), nullable=False),
    sa.Column("value", sa.Text, nullable=True),
    sa.Column("passed", sa.Boolean, nullable=False),
    sa.Column("hidden", sa.Boolean, nullable=False),
    sa.Column("flagged", sa.Boolean, nullable=False),
    sa.Index("ix_answers_room_prompt", "room_id", "prompt_id"),
    sqlite_with_rowid=False,
)

notices = sa.Table(
    "notices",
    metadata,
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), primary_key=True),
    sa.Column("prompt_id", sa.String(64), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    # JSON list: for each flag still held, how many answers the prompt had when
    # it arrived; emptied when the prompt closes (migration r0002_notice_hold).
    sa.Column("held", sa.Text, nullable=False, server_default="[]"),
    sqlite_with_rowid=False,
)

settings_table = sa.Table(
    "settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
