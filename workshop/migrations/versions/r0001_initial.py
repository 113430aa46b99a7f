"""First schema: groups, rooms, phones, answers, notices, settings.

Revision ID: 0001
Revises:

Answers and phones have a keyed hash as primary key and no time column; on
SQLite they are WITHOUT ROWID tables so not even the hidden rowid keeps
arrival order.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "groups",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("curriculum_id", sa.String(64), nullable=False),
        sa.Column("curriculum_title", sa.String(400), nullable=False),
        sa.Column("curriculum_text", sa.Text, nullable=False),
        sa.Column("created_on", sa.Date, nullable=False),
    )
    op.create_table(
        "rooms",
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
    )
    op.create_index("ix_rooms_group_id", "rooms", ["group_id"])
    op.create_index("ix_rooms_expires_on", "rooms", ["expires_on"])
    op.create_table(
        "phones",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_phones_room_id", "phones", ["room_id"])
    op.create_table(
        "answers",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), nullable=False),
        sa.Column("prompt_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False),
        sa.Column("flagged", sa.Boolean, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_answers_room_prompt", "answers", ["room_id", "prompt_id"])
    op.create_table(
        "notices",
        sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), primary_key=True),
        sa.Column("prompt_id", sa.String(64), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in ("settings", "notices", "answers", "phones", "rooms", "groups"):
        op.drop_table(table)
