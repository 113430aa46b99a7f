"""Facilitator sign-in records; a per-room phone cap and join bucket.

Revision ID: 0003
Revises: 0002

``signins`` holds one row per signed-in browser (the keyed hash of the id its
cookie names, and its expiry); ``rooms`` gains the facilitator's cap on phones
and the room's join bucket (tokens and when they were last refilled), so every
app process limits joins from the same numbers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the sign-in table and the rooms' joining columns."""
    op.create_table(
        "signins",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("rooms") as batch:
        batch.add_column(sa.Column("max_phones", sa.Integer, nullable=True))
        batch.add_column(sa.Column("join_tokens", sa.Float, nullable=True))
        batch.add_column(sa.Column("join_refilled", sa.Float, nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("join_refilled")
        batch.drop_column("join_tokens")
        batch.drop_column("max_phones")
    op.drop_table("signins")
