"""The step clock survives a reload: a room stores when its current step started.

Revision ID: 0006
Revises: 0005

``rooms.step_started`` (epoch seconds, overwritten at every move) lets a
reloaded or second console count down the current step from when it really
started. It times the room's programme, never a man: no answer or phone row
gains a time (docs/privacy.md). Existing rooms get NULL, and their consoles
count from when they first see a step, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the column (NULL for rooms opened before it)."""
    op.add_column("rooms", sa.Column("step_started", sa.Float, nullable=True))


def downgrade() -> None:
    """Drop it; consoles count from when they see a step again."""
    op.execute("ALTER TABLE rooms DROP COLUMN step_started")
