"""A group's own retention: the organiser may keep its data for fewer days.

Revision ID: 0004
Revises: 0003

``groups.retention_days`` is NULL for "the server's setting"
(``WORKSHOP_RETENTION_DAYS``), or a smaller number of days the organiser chose;
a room of the group expires that many days after it met. Never more than the
setting: the app refuses a larger number.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the groups' own retention (NULL: the server's setting)."""
    with op.batch_alter_table("groups") as batch:
        batch.add_column(sa.Column("retention_days", sa.Integer, nullable=True))


def downgrade() -> None:
    """Drop it again."""
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("retention_days")
