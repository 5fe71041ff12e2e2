"""Shows by category: the section and tags the source gives an article.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both SQLite and PostgreSQL: no table is rebuilt, no row is touched.
    op.add_column("articles", sa.Column("section", sa.String(100), nullable=True))
    op.add_column("articles", sa.Column("tags", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("articles", "tags")
    op.drop_column("articles", "section")
