"""Database tables (SQLAlchemy 2): the source of truth for articles, their versions, episodes and
bulletins, the staff accounts and their sessions, and what the source-feed poller remembers.

Every table is declared here and only ``articles.store`` (and ``articles.sources_db`` for the
poller's tables) reads and writes them. The schema changes only through the migrations in
``articles/migrations`` (see ``articles.schema``).
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class AwareDateTime(TypeDecorator):
    """Stores UTC and always hands back timezone-aware datetimes, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[datetime] = mapped_column(AwareDateTime())
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    blocks: Mapped[list] = mapped_column(JSON)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="new")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    engine: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # The source's own order of its edits, when it says (JSON ``version`` and ``modified``).
    source_version: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    source_modified: Mapped[datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, onupdate=utcnow)
    # How the render is moving, for reconciliation: the step under way and when anything last moved,
    # the drives reconciliation gave it, and the token of the render that may still write (a render
    # replaced by another, or by a fall back to the next engine, stops at its next step).
    step: Mapped[str | None] = mapped_column(String(20), nullable=True)
    progress_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    render_token: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # The voice staff chose for this article (``audio.voices``); None: the default voice or the chain.
    voice: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # Where the source files it (``articles.categories``): its section and its tags, as written.
    section: Mapped[str | None] = mapped_column(String(100), nullable=True)
    tags: Mapped[list | None] = mapped_column(JSON, nullable=True)


class ArticleLabelRow(Base):
    """One of an article's section and tags in ``articles.categories.match_key`` form: the index a
    show's articles are found by (``Store.published_in``), written with the article's own columns."""

    __tablename__ = "article_labels"
    __table_args__ = (Index("ix_article_labels_kind_key", "kind", "key"),)

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # section | tag
    key: Mapped[str] = mapped_column(Text, primary_key=True)


class ArticleVersionRow(Base):
    __tablename__ = "article_versions"
    __table_args__ = (
        UniqueConstraint("article_id", "content_hash", name="uq_version_content"),
        # Two edits saved at once must not both become the same version.
        UniqueConstraint("article_id", "version", name="uq_version_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    blocks: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)


class EpisodeRow(Base):
    __tablename__ = "episodes"
    # A redelivered task can try to record the same render twice: the database refuses the copy.
    __table_args__ = (UniqueConstraint("article_id", "script_hash", name="uq_episode_script"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    script_hash: Mapped[str] = mapped_column(String(64))
    guid: Mapped[str] = mapped_column(String(120))
    engine: Mapped[str] = mapped_column(String(120))
    voice: Mapped[str] = mapped_column(String(120))
    audio_key: Mapped[str] = mapped_column(Text)
    audio_bytes: Mapped[int] = mapped_column(Integer)
    sample_rate: Mapped[int] = mapped_column(Integer)
    frames: Mapped[int] = mapped_column(Integer)
    duration: Mapped[float] = mapped_column(Float)
    timeline: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    # Why this engine spoke the episode when it was not the first of the chain (None when it was).
    engine_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The named voice that spoke the episode (None: an engine of the chain with its own settings).
    voice_name: Mapped[str | None] = mapped_column(String(40), nullable=True)


class EngineUsageRow(Base):
    """Characters sent to one engine on one day (UTC), counted as requests are sent: the cost."""

    __tablename__ = "engine_usage"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    engine: Mapped[str] = mapped_column(String(40), primary_key=True)
    chars: Mapped[int] = mapped_column(BigInteger, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)


class ListenRow(Base):
    """One listener of one programme on one day (station time), as podcast measurement counts them.

    ``listener`` is a keyed hash of the client's address and user agent under that day's salt
    (``ListenSaltRow``), never the address itself. Only the current day's rows are kept: when the
    salt rotates, earlier rows are added up into ``ListenDayRow`` and deleted.
    """

    __tablename__ = "listens"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # episode | bulletin
    programme_id: Mapped[str] = mapped_column(String(200), primary_key=True)  # the audio's folder name
    listener: Mapped[str] = mapped_column(String(64), primary_key=True)


class ListenDayRow(Base):
    """How many listeners one programme had on one past day (the listeners themselves are gone)."""

    __tablename__ = "listen_days"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    listens: Mapped[int] = mapped_column(Integer)


class ListenSaltRow(Base):
    """The random salt that listener hashes of one day are made with; replaced the next day and the
    old one deleted, so a day's hashes cannot be linked to another day's."""

    __tablename__ = "listen_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL and a busy timeout so several workers can share one."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class BulletinRow(Base):
    """A compiled bulletin: one per time window; rebuilding the window replaces it (same GUID)."""

    __tablename__ = "bulletins"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # derived from the window
    guid: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(AwareDateTime())
    until: Mapped[datetime] = mapped_column(AwareDateTime())
    slot_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    article_ids: Mapped[list] = mapped_column(JSON)
    left_out: Mapped[list] = mapped_column(JSON)
    chapters: Mapped[list] = mapped_column(JSON)
    engine: Mapped[str] = mapped_column(String(120))
    audio_key: Mapped[str] = mapped_column(Text)
    audio_bytes: Mapped[int] = mapped_column(Integer)
    sample_rate: Mapped[int] = mapped_column(Integer)
    frames: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, onupdate=utcnow)


class UserRow(Base):
    """A staff account: the name and the argon2 hash of its password (hashing is ``web.users``' job)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)


class SourceFeedRow(Base):
    """One of the station's source feeds: its HTTP validators and how the last poll went."""

    __tablename__ = "source_feeds"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_status: Mapped[str | None] = mapped_column(String(20), nullable=True)  # ok | not-modified | error
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    polled_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), nullable=True)


class SourceItemRow(Base):
    """One item of a source feed and the article it became."""

    __tablename__ = "source_items"
    __table_args__ = (UniqueConstraint("feed_url", "guid", name="uq_source_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_url: Mapped[str] = mapped_column(String(2000), index=True)
    guid: Mapped[str] = mapped_column(String(2000))
    link: Mapped[str | None] = mapped_column(Text, nullable=True)
    article_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # Content hash of the version last handed to the renderer: the same content is never queued twice.
    rendered_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class BulletinRequestRow(Base):
    """A bulletin of chosen articles that staff asked for: built by a worker, shown to staff."""

    __tablename__ = "bulletin_requests"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_ids: Mapped[list] = mapped_column(JSON)
    slot_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime())  # the time the bulletin announces
    requested_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(20))  # queued | building | done | failed
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_details: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    bulletin_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, onupdate=utcnow)



class StaffSessionRow(Base):
    """A signed-in staff session. The cookie carries the random session id; only its SHA-256 is kept
    here, so a copy of the database cannot be replayed as cookies."""

    __tablename__ = "staff_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))  # the token every form of this session must echo
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime())
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), nullable=True)


class FetchRequestRow(Base):
    """An article given only by URL: its page waits to be fetched by a worker, never by the web request.

    ``fields`` are what the delivery itself said (id, title, published, author, priority), which win
    over the page's. The row is removed once the page is read, or the fetch has failed.
    """

    __tablename__ = "fetch_requests"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    fields: Mapped[dict] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    progress_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)


class CallbackAttemptRow(Base):
    """One attempt to tell the station's CMS that an article's audio is ready (``worker.callback``):
    what came of it, and when the next try is due while there is one."""

    __tablename__ = "callback_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))  # the version announced
    attempt: Mapped[int] = mapped_column(Integer)  # 1 for the first try of a sending
    status: Mapped[str] = mapped_column(String(20))  # delivered | retrying | failed
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # why it failed (never the secret)
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    next_try_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
