"""Source items: drop ``seen_at``, which was written on every poll and never read.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.drop_column("seen_at")


def downgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.add_column(sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
