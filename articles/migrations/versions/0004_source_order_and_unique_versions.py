"""Articles remember the source's order of its edits; version numbers are unique per article.

``articles.source_version`` and ``articles.source_modified`` hold the ``version`` and ``modified``
a source sent with the stored content, so an older copy delivered late is refused instead of
replacing it. Saves that ran at the same moment could give two versions of one article the same
number: those are renumbered in the order they were saved (the article's version becomes its
highest number) before ``uq_version_number`` makes such duplicates impossible.

Article URLs are shown as links: from now on only absolute http(s) URLs are taken in, and any other
already stored (``javascript:``, ``data:``, relative) is cleared, as it points nowhere a reader
should go.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("source_version", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("source_modified", sa.DateTime(timezone=True), nullable=True))
    _renumber_duplicate_versions()
    _clear_urls_that_are_not_http()
    with op.batch_alter_table("article_versions") as batch:
        batch.create_unique_constraint("uq_version_number", ["article_id", "version"])


def downgrade() -> None:
    with op.batch_alter_table("article_versions") as batch:
        batch.drop_constraint("uq_version_number", type_="unique")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("source_modified")
        batch.drop_column("source_version")


def _renumber_duplicate_versions() -> None:
    bind = op.get_bind()
    versions = sa.table("article_versions", sa.column("id", sa.Integer()), sa.column("article_id", sa.String()),
                        sa.column("version", sa.Integer()), sa.column("created_at", sa.DateTime()))
    articles = sa.table("articles", sa.column("id", sa.String()), sa.column("version", sa.Integer()))
    duplicated = bind.execute(
        sa.select(versions.c.article_id).group_by(versions.c.article_id, versions.c.version)
        .having(sa.func.count() > 1).distinct()
    ).scalars().all()
    for article_id in duplicated:
        ids = bind.execute(
            sa.select(versions.c.id).where(versions.c.article_id == article_id)
            .order_by(versions.c.version, versions.c.created_at, versions.c.id)
        ).scalars().all()
        for number, version_id in enumerate(ids, start=1):
            bind.execute(versions.update().where(versions.c.id == version_id).values(version=number))
        bind.execute(articles.update().where(articles.c.id == article_id).values(version=len(ids)))


def _clear_urls_that_are_not_http() -> None:
    articles = sa.table("articles", sa.column("url", sa.Text()))
    url = sa.func.lower(sa.func.trim(articles.c.url))
    op.get_bind().execute(articles.update().where(
        articles.c.url.is_not(None), ~url.like("http://%"), ~url.like("https://%")).values(url=None))
