"""Access per group: a facilitator passcode per group; sign-ins gain a scope.

Revision ID: 0005
Revises: 0004

``group_access`` holds one salted scrypt hash per group that has a
facilitator passcode; ``signins.group_id`` is the scope of a sign-in (NULL:
the organiser). Existing installs keep working: every existing sign-in was
made with the organiser passcode, so NULL is right for them, and existing
groups have no row in ``group_access``, so they stay reachable with the
organiser passcode only until the organiser makes one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the per-group hash table and the sign-ins' scope."""
    op.create_table(
        "group_access",
        sa.Column(
            "group_id",
            sa.String(32),
            sa.ForeignKey("groups.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("passcode_hash", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    # A plain ADD COLUMN (no batch copy): the table stays WITHOUT ROWID on SQLite.
    op.add_column("signins", sa.Column("group_id", sa.String(32), nullable=True))


def downgrade() -> None:
    """Drop them; group sign-ins go too (they would otherwise become organiser ones)."""
    op.execute(sa.text("DELETE FROM signins WHERE group_id IS NOT NULL"))
    op.execute("ALTER TABLE signins DROP COLUMN group_id")
    op.drop_table("group_access")
