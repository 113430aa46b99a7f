"""A revealed text question's answers are paged by the facilitator: the room
stores which page of cards the projector shows.

Revision ID: 0007
Revises: 0006

``rooms.text_page`` (0 the first page) is set from the console and the
remote, and set back to 0 by every other move, so a reloaded or second
projector shows the same cards. It names a page of a shuffled list, never an
answer or a man. Existing rooms get NULL, read as the first page.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the column (NULL, the first page, for rooms opened before it)."""
    op.add_column("rooms", sa.Column("text_page", sa.Integer, nullable=True))


def downgrade() -> None:
    """Drop it; the projector shows the first page of cards again."""
    op.execute("ALTER TABLE rooms DROP COLUMN text_page")
