"""Voices and cost: the voice an article is read in, the named voice of an episode, and the characters
sent to each engine each day.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both SQLite and PostgreSQL: no table is rebuilt, no row is touched.
    op.add_column("articles", sa.Column("voice", sa.String(40), nullable=True))
    op.add_column("episodes", sa.Column("voice_name", sa.String(40), nullable=True))
    op.create_table(
        "engine_usage",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("engine", sa.String(40), primary_key=True),
        sa.Column("chars", sa.BigInteger(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("engine_usage")
    op.drop_column("episodes", "voice_name")
    op.drop_column("articles", "voice")
