"""The schema of the release before migrations, frozen as it was: ``create_all`` made these tables.

Tests create a database the way that release did, fill it, and upgrade it with today's code.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from articles.db import AwareDateTime

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(80), primary_key=True),
    Column("title", Text, nullable=False),
    Column("published", AwareDateTime(), nullable=False),
    Column("author", Text),
    Column("url", Text),
    Column("content_hash", String(64), nullable=False),
    Column("blocks", JSON, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("error", Text),
    Column("engine", String(120)),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("updated_at", AwareDateTime(), nullable=False),
)
article_versions = Table(
    "article_versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(80), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("blocks", JSON, nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
    UniqueConstraint("article_id", "content_hash", name="uq_version_content"),
)
episodes = Table(
    "episodes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(80), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("content_hash", String(64), nullable=False),
    Column("script_hash", String(64), nullable=False),
    Column("guid", String(120), nullable=False),
    Column("engine", String(120), nullable=False),
    Column("voice", String(120), nullable=False),
    Column("audio_key", Text, nullable=False),
    Column("audio_bytes", Integer, nullable=False),
    Column("sample_rate", Integer, nullable=False),
    Column("frames", Integer, nullable=False),
    Column("duration", Float, nullable=False),
    Column("timeline", JSON, nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
    UniqueConstraint("article_id", "script_hash", name="uq_episode_script"),
)
bulletins = Table(
    "bulletins", metadata,
    Column("id", String(80), primary_key=True),
    Column("guid", String(120), nullable=False),
    Column("title", Text, nullable=False),
    Column("since", AwareDateTime(), nullable=False),
    Column("until", AwareDateTime(), nullable=False),
    Column("slot_seconds", Float),
    Column("article_ids", JSON, nullable=False),
    Column("left_out", JSON, nullable=False),
    Column("chapters", JSON, nullable=False),
    Column("engine", String(120), nullable=False),
    Column("audio_key", Text, nullable=False),
    Column("audio_bytes", Integer, nullable=False),
    Column("sample_rate", Integer, nullable=False),
    Column("frames", Integer, nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("updated_at", AwareDateTime(), nullable=False),
)
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), unique=True, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
)
source_feeds = Table(
    "source_feeds", metadata,
    Column("url", String(2000), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_status", String(20)),
    Column("last_error", Text),
    Column("polled_at", AwareDateTime()),
)
source_items = Table(
    "source_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_url", String(2000), nullable=False, index=True),
    Column("guid", String(2000), nullable=False),
    Column("link", Text),
    Column("article_id", String(80)),
    Column("rendered_hash", String(64)),
    Column("error", Text),
    Column("seen_at", AwareDateTime(), nullable=False),
    UniqueConstraint("feed_url", "guid", name="uq_source_item"),
)

# What the release's Store created on its own (the accounts and poller tables came with their modules).
STORE_TABLES = [articles, article_versions, episodes, bulletins]
