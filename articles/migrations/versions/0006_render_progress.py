"""Render progress for reconciliation, the reason an episode's engine was chosen, and the fetch
requests of articles given only by URL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both SQLite and PostgreSQL: no table is rebuilt, no row is touched.
    op.add_column("articles", sa.Column("step", sa.String(20), nullable=True))
    op.add_column("articles", sa.Column("progress_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("articles", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("articles", sa.Column("render_token", sa.String(40), nullable=True))
    op.add_column("episodes", sa.Column("engine_reason", sa.Text(), nullable=True))
    op.create_table(
        "fetch_requests",
        sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("progress_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fetch_requests")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): rebuilding ``articles`` would cascade its deletes.
    op.drop_column("episodes", "engine_reason")
    for column in ("render_token", "attempts", "progress_at", "step"):
        op.drop_column("articles", column)
