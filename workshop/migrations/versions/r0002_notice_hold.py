"""Hold safety notices until they cannot point at one phone.

Revision ID: 0002
Revises: 0001

Adds ``notices.held``: a JSON list, for each flag not yet shown on the
console, of how many answers its prompt had when the flag arrived. The
console shows a flag once ``k`` further answers arrived or the prompt closed;
closing the prompt empties the list, so no arrival position outlives it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the column; existing notices have nothing held."""
    # A plain ADD COLUMN (no batch copy): the table stays WITHOUT ROWID on SQLite.
    op.add_column("notices", sa.Column("held", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    """Drop the column (held notices then show at once)."""
    op.execute("ALTER TABLE notices DROP COLUMN held")
