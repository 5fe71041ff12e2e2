"""Shows found by an index: each article's section and tags in the form shows match them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from articles.categories import label_keys  # the same keys the application writes

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    op.create_table(
        "article_labels",
        sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("key", sa.Text(), primary_key=True),
    )
    op.create_index("ix_article_labels_kind_key", "article_labels", ["kind", "key"])
    articles = sa.table("articles", sa.column("id", sa.String), sa.column("section", sa.String),
                        sa.column("tags", sa.JSON))
    labels = sa.table("article_labels", sa.column("article_id", sa.String), sa.column("kind", sa.String),
                      sa.column("key", sa.Text))
    bind = op.get_bind()
    found = bind.execute(sa.select(articles.c.id, articles.c.section, articles.c.tags)
                         .where(sa.or_(articles.c.section.is_not(None), articles.c.tags.is_not(None))))
    rows = [{"article_id": article_id, "kind": kind, "key": key}
            for article_id, section, tags in found for kind, key in sorted(label_keys(section, tags or ()))]
    for start in range(0, len(rows), _BATCH):
        bind.execute(sa.insert(labels), rows[start:start + _BATCH])


def downgrade() -> None:
    op.drop_index("ix_article_labels_kind_key", "article_labels")
    op.drop_table("article_labels")
