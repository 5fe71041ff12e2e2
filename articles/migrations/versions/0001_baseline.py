"""Baseline: the schema of the last release made without migrations.

A database that release made has some or all of these tables and no version: each table is
created only when it is missing, so such a database is adopted as it is, with its data.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def _tables() -> list[tuple[str, list[Any]]]:
    return [
        ("articles", [
            sa.Column("id", sa.String(80), primary_key=True),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("published", TIME, nullable=False),
            sa.Column("author", sa.Text(), nullable=True),
            sa.Column("url", sa.Text(), nullable=True),
            sa.Column("content_hash", sa.String(64), nullable=False),
            sa.Column("blocks", sa.JSON(), nullable=False),
            sa.Column("priority", sa.Integer(), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(20), nullable=False),
            sa.Column("error", sa.Text(), nullable=True),
            sa.Column("engine", sa.String(120), nullable=True),
            sa.Column("created_at", TIME, nullable=False),
            sa.Column("updated_at", TIME, nullable=False),
        ]),
        ("article_versions", [
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      nullable=False, index=True),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("content_hash", sa.String(64), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("blocks", sa.JSON(), nullable=False),
            sa.Column("created_at", TIME, nullable=False),
            sa.UniqueConstraint("article_id", "content_hash", name="uq_version_content"),
        ]),
        ("episodes", [
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      nullable=False, index=True),
            sa.Column("content_hash", sa.String(64), nullable=False),
            sa.Column("script_hash", sa.String(64), nullable=False),
            sa.Column("guid", sa.String(120), nullable=False),
            sa.Column("engine", sa.String(120), nullable=False),
            sa.Column("voice", sa.String(120), nullable=False),
            sa.Column("audio_key", sa.Text(), nullable=False),
            sa.Column("audio_bytes", sa.Integer(), nullable=False),
            sa.Column("sample_rate", sa.Integer(), nullable=False),
            sa.Column("frames", sa.Integer(), nullable=False),
            sa.Column("duration", sa.Float(), nullable=False),
            sa.Column("timeline", sa.JSON(), nullable=False),
            sa.Column("created_at", TIME, nullable=False),
            sa.UniqueConstraint("article_id", "script_hash", name="uq_episode_script"),
        ]),
        ("bulletins", [
            sa.Column("id", sa.String(80), primary_key=True),
            sa.Column("guid", sa.String(120), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("since", TIME, nullable=False),
            sa.Column("until", TIME, nullable=False),
            sa.Column("slot_seconds", sa.Float(), nullable=True),
            sa.Column("article_ids", sa.JSON(), nullable=False),
            sa.Column("left_out", sa.JSON(), nullable=False),
            sa.Column("chapters", sa.JSON(), nullable=False),
            sa.Column("engine", sa.String(120), nullable=False),
            sa.Column("audio_key", sa.Text(), nullable=False),
            sa.Column("audio_bytes", sa.Integer(), nullable=False),
            sa.Column("sample_rate", sa.Integer(), nullable=False),
            sa.Column("frames", sa.Integer(), nullable=False),
            sa.Column("created_at", TIME, nullable=False),
            sa.Column("updated_at", TIME, nullable=False),
        ]),
        ("users", [
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("username", sa.String(64), nullable=False, unique=True),
            sa.Column("password_hash", sa.Text(), nullable=False),
            sa.Column("created_at", TIME, nullable=False),
        ]),
        ("source_feeds", [
            sa.Column("url", sa.String(2000), primary_key=True),
            sa.Column("etag", sa.Text(), nullable=True),
            sa.Column("last_modified", sa.Text(), nullable=True),
            sa.Column("last_status", sa.String(20), nullable=True),
            sa.Column("last_error", sa.Text(), nullable=True),
            sa.Column("polled_at", TIME, nullable=True),
        ]),
        ("source_items", [
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("feed_url", sa.String(2000), nullable=False, index=True),
            sa.Column("guid", sa.String(2000), nullable=False),
            sa.Column("link", sa.Text(), nullable=True),
            sa.Column("article_id", sa.String(80), nullable=True),
            sa.Column("rendered_hash", sa.String(64), nullable=True),
            sa.Column("error", sa.Text(), nullable=True),
            sa.Column("seen_at", TIME, nullable=False),
            sa.UniqueConstraint("feed_url", "guid", name="uq_source_item"),
        ]),
    ]


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, columns in _tables():
        if name not in existing:
            op.create_table(name, *columns)


def downgrade() -> None:
    for name, _ in reversed(_tables()):
        op.drop_table(name)
