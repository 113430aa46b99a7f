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
    # Days a room of this group keeps its data; NULL: WORKSHOP_RETENTION_DAYS
    # (migration 0004, r0004_group_retention.py). Never more than the setting.
    sa.Column("retention_days", sa.Integer, nullable=True),
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
    # Joining (issue 11): the facilitator's cap for this room (NULL: the
    # process's WORKSHOP_MAX_PHONES) and the room's join bucket, kept here so
    # every process draws from the same one. No phone is named by them.
    sa.Column("max_phones", sa.Integer, nullable=True),
    sa.Column("join_tokens", sa.Float, nullable=True),
    sa.Column("join_refilled", sa.Float, nullable=True),
    # When the current step started (epoch seconds), overwritten at every move,
    # so a reloaded console keeps its step clock. It times the room, not a man.
    sa.Column("step_started", sa.Float, nullable=True),
    # Which page of a revealed text question's cards the projector shows (0 the
    # first; NULL in rooms from before it), set back to 0 by every other move.
    sa.Column("text_page", sa.Integer, nullable=True),
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
    # it arrived; emptied when the prompt closes (migration 0002, r0002_notice_hold.py).
    sa.Column("held", sa.Text, nullable=False, server_default="[]"),
    sqlite_with_rowid=False,
)

signins = sa.Table(
    "signins",
    metadata,
    sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
    sa.Column("expires_at", sa.Integer, nullable=False),
    # The scope (migration 0005): NULL for the organiser, else the one group
    # whose rooms this sign-in may see and run. No foreign key: a deleted
    # group leaves a sign-in that reaches nothing, until it expires.
    sa.Column("group_id", sa.String(32), nullable=True),
    sqlite_with_rowid=False,
)
"""Facilitator sign-ins: the keyed hash of the id a browser's cookie names,
when it stops working (Unix seconds) and its scope. Nothing else: no name, no
address."""

group_access = sa.Table(
    "group_access",
    metadata,
    sa.Column(
        "group_id",
        sa.String(32),
        sa.ForeignKey("groups.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("passcode_hash", sa.Text, nullable=False),
    sqlite_with_rowid=False,
)
"""A group's facilitator passcode as a salted scrypt hash (migration 0005).
A group without a row here is reached with the organiser passcode only."""

settings_table = sa.Table(
    "settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
