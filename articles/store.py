"""The article store: saving articles and their versions, statuses and episodes."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import ColumnElement

from articles.categories import Categories, label_keys
from articles.db import (
    ArticleLabelRow,
    ArticleRow,
    ArticleVersionRow,
    BulletinRequestRow,
    BulletinRow,
    CallbackAttemptRow,
    EngineUsageRow,
    EpisodeRow,
    FetchRequestRow,
    ListenDayRow,
    ListenRow,
    ListenSaltRow,
    StaffSessionRow,
    UserRow,
    make_engine,
    utcnow,
)
from articles.model import Article, Block, Bulletin, BulletinItem, BulletinRequest, Episode, SentenceTiming
from articles.schema import prepare_schema

STATUSES = ("new", "queued", "rendering", "published", "failed", "retracted", "fetching")


@dataclass(frozen=True)
class SaveResult:
    article_id: str
    version: int
    created: bool  # a new article
    changed: bool  # new content (a new article or an edit)


@dataclass(frozen=True)
class ArticleState:
    article_id: str
    title: str
    status: str
    error: str | None
    engine: str | None
    version: int
    content_hash: str
    updated_at: datetime
    episode: Episode | None
    voice: str | None = None  # the voice staff chose for the article (None: the default)


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the staff's article list."""

    article_id: str
    title: str
    published: datetime
    status: str
    error: str | None
    engine: str | None
    duration: float | None  # of the episode of the current content, once there is one


@dataclass(frozen=True)
class ArticleListing:
    """One line of ``loa articles``: the article and when it last changed."""

    article_id: str
    title: str
    status: str
    error: str | None
    updated_at: datetime


@dataclass(frozen=True)
class ArticleText:
    """An article's current headline and blocks, as written."""

    article_id: str
    title: str
    status: str
    text: str


@dataclass(frozen=True)
class Account:
    """A staff account as stored: the password only as its hash."""

    account_id: int
    username: str
    password_hash: str
    created_at: datetime


class DuplicateAccount(ValueError):
    """An account with this username exists already."""


class OlderVersion(ValueError):
    """A copy of an article older than the stored one: nothing was changed; the message says why."""


def _can_be_stored(article_id: str) -> bool:
    """Whether an article could have this id: PostgreSQL refuses to even compare text holding NUL,
    so an id from a URL with ``%00`` in it is known to be nobody's without asking."""
    return "\x00" not in article_id


def _source_order(article: Article, row: ArticleRow) -> int | None:
    """-1, 0 or 1 as ``article`` is older than, as old as, or newer than the stored row, by the
    source's version, else its modified time. A copy that gives an order is newer than a stored
    one that gave none (the source has begun to say); None when neither says."""
    if article.source_version is not None and row.source_version is not None:
        new, stored = article.source_version, row.source_version
        return (new > stored) - (new < stored)
    if article.source_modified is not None and row.source_modified is not None:
        moment, known = article.source_modified, row.source_modified
        return (moment > known) - (moment < known)
    said = article.source_version is not None or article.source_modified is not None
    if said and row.source_version is None and row.source_modified is None:
        return 1
    return None


def _order_of(article: Article) -> str:
    if article.source_version is not None:
        return f"version {article.source_version}"
    assert article.source_modified is not None
    return f"the copy modified {article.source_modified.isoformat()}"


def _older_message(article: Article, row: ArticleRow) -> str:
    if article.source_version is not None and row.source_version is not None:
        told = f"its version {article.source_version} is older than version {row.source_version}"
    else:
        assert article.source_modified is not None and row.source_modified is not None
        told = (f"it was modified {article.source_modified.isoformat()}, before the copy already received "
                f"(modified {row.source_modified.isoformat()})")
    return f"article {article.id}: {told}, already received; nothing was changed"


def _record_source_order(row: ArticleRow, article: Article) -> None:
    if article.source_version is not None:
        row.source_version = max(article.source_version, row.source_version or 0)
    if article.source_modified is not None:
        row.source_modified = (article.source_modified if row.source_modified is None
                               else max(article.source_modified, row.source_modified))


class Store:
    """Every read and write of the database goes through here.

    Opening a store prepares the schema (``articles.schema.prepare_schema``): upgraded when
    ``upgrade`` is true, refused with a clear message otherwise.
    """

    def __init__(self, url: str, *, upgrade: bool = True):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        try:
            prepare_schema(self.engine, upgrade=upgrade)
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    @property
    def bulletin_requests(self) -> BulletinRequests:
        return BulletinRequests(self)

    @property
    def usage(self) -> UsageLedger:
        """Characters sent to each engine each day (the cost)."""
        return UsageLedger(self)

    @property
    def listens(self) -> Listens:
        """Listeners of episodes and bulletins per day (hashed, never an address), and the day's salt."""
        return Listens(self)

    @property
    def callbacks(self) -> Callbacks:
        """The attempts to tell the station's CMS that an article's audio is ready."""
        return Callbacks(self)

    @property
    def staff_sessions(self) -> StaffSessions:
        return StaffSessions(self)

    @property
    def renders(self) -> Renders:
        """Render progress, reconciliation and fetch requests (the section at the end of this module)."""
        return Renders(self)

    def session(self) -> Session:
        return self._sessions()

    # Articles -----------------------------------------------------------------------------

    def save_article(self, article: Article) -> SaveResult:
        """Insert a new article, or record a new version when its content changed.

        The same content saved twice is a no-op (its priority and the source's order are updated);
        the original published time is kept on edits. A copy older than the stored one is refused
        with ``OlderVersion`` and changes nothing: older by the source's ``version``, else by its
        ``modified`` time, else, when the source gives no order, because its content is that of a
        version already replaced. So a late retry, or a replayed copy of a retracted article,
        never rolls an edit back or brings the article back.

        Each save runs under the article's write lock (``_write_transaction``), so saves at the
        same moment are applied one after the other and version numbers stay unique.
        """
        try:
            return self._save_article(article)
        except IntegrityError:
            # Another process inserted the same new article at the same moment; it exists now,
            # so this attempt locks it and applies the save on top.
            return self._save_article(article)

    def _save_article(self, article: Article) -> SaveResult:
        blocks = [[b.role, b.text] for b in article.blocks]
        with self._write_transaction() as s:
            row = s.get(ArticleRow, article.id, with_for_update=True)
            if row is None:
                s.add(ArticleRow(
                    id=article.id, title=article.title, published=article.published, author=article.author,
                    url=article.url, content_hash=article.content_hash, blocks=blocks, version=1, status="new",
                    priority=article.priority, source_version=article.source_version,
                    source_modified=article.source_modified, section=article.section, tags=list(article.tags),
                ))
                s.flush()
                s.add(ArticleVersionRow(article_id=article.id, version=1, content_hash=article.content_hash,
                                        title=article.title, blocks=blocks))
                _write_labels(s, article)
                return SaveResult(article.id, 1, created=True, changed=True)
            order = _source_order(article, row)
            if order is not None and order < 0:
                raise OlderVersion(_older_message(article, row))
            if row.content_hash == article.content_hash:
                row.priority = article.priority
                if (row.section, tuple(row.tags or ())) != (article.section, article.tags):
                    row.section, row.tags = article.section, list(article.tags)
                    _write_labels(s, article)
                _record_source_order(row, article)
                return SaveResult(article.id, row.version, created=False, changed=False)
            if order == 0:
                raise OlderVersion(f"article {article.id}: {_order_of(article)} was already received with "
                                   "other content; send the edit with a newer 'version' or 'modified'")
            known = s.scalar(select(ArticleVersionRow).where(
                ArticleVersionRow.article_id == article.id,
                ArticleVersionRow.content_hash == article.content_hash,
            ))
            if known is not None and order is None:
                raise OlderVersion(
                    f"article {article.id}: this is the content of version {known.version}, since replaced by "
                    f"version {row.version}; an older copy is not restored (send it with a newer 'version' "
                    "or 'modified' to restore it)")
            row.version += 1
            if known is None:
                s.add(ArticleVersionRow(article_id=article.id, version=row.version,
                                        content_hash=article.content_hash, title=article.title, blocks=blocks))
            else:  # the source restored earlier content, and says it is newer: it becomes the newest version
                known.version = row.version
            row.title, row.blocks, row.content_hash = article.title, blocks, article.content_hash
            row.author, row.url = article.author or row.author, article.url or row.url
            row.priority = article.priority
            row.section, row.tags = article.section, list(article.tags)
            _write_labels(s, article)
            _record_source_order(row, article)
            row.status, row.error = "new", None
            return SaveResult(article.id, row.version, created=False, changed=True)

    @contextmanager
    def _write_transaction(self) -> Iterator[Session]:
        """A transaction that takes the write lock before it reads, so read-then-write cannot interleave.

        SQLite: ``BEGIN IMMEDIATE`` (writers wait for each other, up to the busy timeout). PostgreSQL:
        the caller reads the rows it changes with ``SELECT ... FOR UPDATE``.
        """
        with self.session() as s, s.begin():
            if self.engine.dialect.name == "sqlite":
                s.execute(text("BEGIN IMMEDIATE"))
            yield s

    def get_article(self, article_id: str, content_hash: str | None = None) -> Article | None:
        """The article as it is now, or as it was at ``content_hash``."""
        if not _can_be_stored(article_id):
            return None
        with self.session() as s:
            row = s.get(ArticleRow, article_id)
            if row is None:
                return None
            title, blocks, digest = row.title, row.blocks, row.content_hash
            if content_hash and content_hash != row.content_hash:
                version = s.scalar(select(ArticleVersionRow).where(
                    ArticleVersionRow.article_id == article_id, ArticleVersionRow.content_hash == content_hash))
                if version is None:
                    return None
                title, blocks, digest = version.title, version.blocks, version.content_hash
            return Article(
                id=row.id, title=title, blocks=tuple(Block(r, t) for r, t in blocks),
                published=row.published, author=row.author, url=row.url, content_hash=digest,
                priority=row.priority, source_version=row.source_version, source_modified=row.source_modified,
                section=row.section, tags=tuple(row.tags or ()),
            )

    def set_status(self, article_id: str, status: str, error: str | None = None, engine: str | None = None) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self.session() as s, s.begin():
            row = s.get(ArticleRow, article_id)
            if row is None:
                raise KeyError(article_id)
            row.status, row.error = status, error
            if engine:
                row.engine = engine
            row.progress_at = utcnow()  # a change of status is progress
            if status == "queued":
                row.attempts = 0  # a render asked for anew starts a new count of reconciliation drives

    def state(self, article_id: str) -> ArticleState | None:
        if not _can_be_stored(article_id):
            return None
        with self.session() as s:
            row = s.get(ArticleRow, article_id)
            if row is None:
                return None
            episode = s.scalar(select(EpisodeRow).where(
                EpisodeRow.article_id == article_id, EpisodeRow.content_hash == row.content_hash,
            ).order_by(EpisodeRow.id.desc()).limit(1))
            return ArticleState(
                article_id=row.id, title=row.title, status=row.status, error=row.error, engine=row.engine,
                version=row.version, content_hash=row.content_hash, updated_at=row.updated_at,
                episode=_episode(episode) if episode else None, voice=row.voice,
            )

    def voice_of(self, article_id: str) -> str | None:
        """The voice chosen for the article (None: none was, or there is no such article)."""
        if not _can_be_stored(article_id):
            return None
        with self.session() as s:
            return s.scalar(select(ArticleRow.voice).where(ArticleRow.id == article_id))

    def set_voice(self, article_id: str, voice: str | None) -> bool:
        """Choose the voice the article is read in (None: the default); False when there is no such article."""
        if not _can_be_stored(article_id):
            return False
        with self.session() as s, s.begin():
            done = s.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(voice=voice))
            return bool(getattr(done, "rowcount", 0))

    def retract(self, article_id: str) -> bool:
        """Take an article out of every feed; it stays in the database as retracted. False if unknown."""
        if not _can_be_stored(article_id):
            return False
        with self.session() as s, s.begin():
            row = s.get(ArticleRow, article_id)
            if row is None:
                return False
            row.status, row.error = "retracted", None
            return True

    def article_numbers(self) -> dict[str, int]:
        """A stable episode number per article: its place in the order articles first arrived."""
        with self.session() as s:
            ids = s.scalars(select(ArticleRow.id).order_by(ArticleRow.created_at, ArticleRow.id))
            return {article_id: number for number, article_id in enumerate(ids, start=1)}

    def article_summaries(self, published_from: datetime | None = None,
                          published_before: datetime | None = None) -> Iterator[ArticleSummary]:
        """Articles newest published first, each with the duration of its current content's episode."""
        latest = (
            select(EpisodeRow.article_id, func.max(EpisodeRow.id).label("episode_id"))
            .join(ArticleRow, (EpisodeRow.article_id == ArticleRow.id)
                  & (EpisodeRow.content_hash == ArticleRow.content_hash))
            .group_by(EpisodeRow.article_id)
            .subquery()
        )
        query = (
            select(ArticleRow.id, ArticleRow.title, ArticleRow.published, ArticleRow.status, ArticleRow.error,
                   ArticleRow.engine, EpisodeRow.duration)
            .outerjoin(latest, latest.c.article_id == ArticleRow.id)
            .outerjoin(EpisodeRow, EpisodeRow.id == latest.c.episode_id)
            .order_by(ArticleRow.published.desc(), ArticleRow.id)
        )
        if published_from is not None:
            query = query.where(ArticleRow.published >= published_from)
        if published_before is not None:
            query = query.where(ArticleRow.published < published_before)
        with self.session() as s:
            for row in s.execute(query):
                yield ArticleSummary(row.id, row.title, row.published, row.status, row.error, row.engine,
                                     row.duration)

    def article_listing(self, status: str | None = None, limit: int | None = None) -> list[ArticleListing]:
        """Articles most recently changed first, only those in ``status`` when given."""
        query = select(ArticleRow.id, ArticleRow.title, ArticleRow.status, ArticleRow.error, ArticleRow.updated_at)
        if status is not None:
            query = query.where(ArticleRow.status == status)
        query = query.order_by(ArticleRow.updated_at.desc(), ArticleRow.id).limit(limit)
        with self.session() as s:
            return [ArticleListing(r.id, r.title, r.status, r.error, r.updated_at) for r in s.execute(query)]

    def article_texts(self) -> Iterator[ArticleText]:
        """The current text of every article that is not retracted, newest published first."""
        query = (select(ArticleRow.id, ArticleRow.title, ArticleRow.blocks, ArticleRow.status)
                 .where(ArticleRow.status != "retracted").order_by(ArticleRow.published.desc()))
        with self.session() as s:
            for row in s.execute(query):
                yield ArticleText(row.id, row.title, row.status,
                                  "\n".join([row.title, *(block[1] for block in row.blocks)]))

    # Episodes -----------------------------------------------------------------------------

    def find_episode(self, article_id: str, script_hash: str) -> Episode | None:
        with self.session() as s:
            row = s.scalar(select(EpisodeRow).where(
                EpisodeRow.article_id == article_id, EpisodeRow.script_hash == script_hash))
            return _episode(row) if row else None

    def record_episode(self, episode: Episode) -> Episode:
        """Store ``episode`` once: a second call for the same script returns the first."""
        existing = self.find_episode(episode.article_id, episode.script_hash)
        if existing:
            return existing
        try:
            with self.session() as s, s.begin():
                s.add(EpisodeRow(
                    article_id=episode.article_id, content_hash=episode.content_hash,
                    script_hash=episode.script_hash, guid=episode.guid,
                    engine=episode.engine, voice=episode.voice, audio_key=episode.audio_key,
                    audio_bytes=episode.audio_bytes, sample_rate=episode.sample_rate, frames=episode.frames,
                    duration=episode.duration, timeline=[_timing_json(t) for t in episode.timeline],
                ))
        except IntegrityError:
            pass  # another worker recorded it first
        stored = self.find_episode(episode.article_id, episode.script_hash)
        assert stored is not None
        return stored

    def published_categories(self, as_of: datetime | None = None) -> list[tuple[str, Categories]]:
        """Every published article's id with its section and tags, newest published first: what shows
        choose their episodes from, without reading a single episode."""
        query = (select(ArticleRow.id, ArticleRow.section, ArticleRow.tags)
                 .where(ArticleRow.status == "published").order_by(ArticleRow.published.desc(), ArticleRow.id))
        if as_of is not None:
            query = query.where(ArticleRow.published <= as_of)
        with self.session() as s:
            return [(row.id, Categories(row.section, tuple(row.tags or ()))) for row in s.execute(query)]

    def published_in(self, section_keys: Iterable[str], tag_keys: Iterable[str], as_of: datetime | None = None,
                     limit: int | None = None) -> list[str]:
        """Ids of the published articles filed under any of ``section_keys`` or ``tag_keys``
        (``match_key`` forms), newest published first, as ``published`` orders them; with ``as_of``,
        only those whose time has come by then. Found through the label index: only the show's own
        articles are read, never the whole archive."""
        filed = select(ArticleLabelRow.article_id).where(
            ((ArticleLabelRow.kind == "section") & ArticleLabelRow.key.in_(list(section_keys)))
            | ((ArticleLabelRow.kind == "tag") & ArticleLabelRow.key.in_(list(tag_keys))))
        query = (select(ArticleRow.id)
                 .where(ArticleRow.status == "published", ArticleRow.id.in_(filed))
                 .order_by(ArticleRow.published.desc(), ArticleRow.id))
        if as_of is not None:
            query = query.where(ArticleRow.published <= as_of)
        if limit is not None:
            query = query.limit(limit)
        with self.session() as s:
            return list(s.scalars(query))

    def published(self, limit: int | None = None, as_of: datetime | None = None,
                  ids: Iterable[str] | None = None) -> list[tuple[Article, Episode]]:
        """Published articles with the latest episode of their current content, newest published first.

        With ``as_of``, only those whose publication time has come by then: an article published with a
        future time (an embargo) is rendered at once but enters the feeds, pages and drop folder then.
        With ``ids``, only those articles."""
        with self.session() as s:
            latest = (
                select(func.max(EpisodeRow.id).label("id"))
                .join(ArticleRow, (EpisodeRow.article_id == ArticleRow.id)
                      & (EpisodeRow.content_hash == ArticleRow.content_hash))
                .group_by(EpisodeRow.article_id)
                .subquery()
            )
            query = (
                select(ArticleRow, EpisodeRow)
                .join(EpisodeRow, EpisodeRow.article_id == ArticleRow.id)
                .join(latest, latest.c.id == EpisodeRow.id)
                .where(ArticleRow.status == "published")
                .order_by(ArticleRow.published.desc(), ArticleRow.id)
            )
            if as_of is not None:
                query = query.where(ArticleRow.published <= as_of)
            if ids is not None:
                query = query.where(ArticleRow.id.in_(list(ids)))
            if limit:
                query = query.limit(limit)
            out = []
            for article_row, episode_row in s.execute(query):
                article = Article(
                    id=article_row.id, title=article_row.title,
                    blocks=tuple(Block(r, t) for r, t in article_row.blocks), published=article_row.published,
                    author=article_row.author, url=article_row.url, content_hash=article_row.content_hash,
                    priority=article_row.priority, section=article_row.section, tags=tuple(article_row.tags or ()),
                )
                out.append((article, _episode(episode_row)))
            return out

    def published_between(self, since: datetime, until: datetime,
                          as_of: datetime | None = None) -> list[tuple[Article, Episode]]:
        """Published articles whose publication time falls in [since, until) (and, with ``as_of``, has
        come by then: an embargoed article is left out until its time)."""
        return [(a, e) for a, e in self.published(as_of=as_of) if since <= a.published < until]

    # Staff accounts -----------------------------------------------------------------------

    def add_account(self, username: str, password_hash: str) -> Account:
        try:
            with self.session() as s, s.begin():
                row = UserRow(username=username, password_hash=password_hash)
                s.add(row)
        except IntegrityError:
            raise DuplicateAccount(username) from None
        return _account(row)

    def account(self, username: str) -> Account | None:
        with self.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username))
            return _account(row) if row else None

    def accounts(self) -> list[Account]:
        with self.session() as s:
            return [_account(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))]

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        with self.session() as s, s.begin():
            row = s.get(UserRow, account_id)
            if row is not None:
                row.password_hash = password_hash

    # Bulletins ----------------------------------------------------------------------------

    def save_bulletin(self, bulletin: Bulletin) -> Bulletin:
        """Insert or replace the bulletin of its window (same id, same GUID)."""
        values = dict(
            guid=bulletin.guid, title=bulletin.title, since=bulletin.since, until=bulletin.until,
            slot_seconds=bulletin.slot_seconds, left_out=list(bulletin.left_out), engine=bulletin.engine,
            article_ids=[i.article_id for i in bulletin.items],
            chapters=[{"article_id": i.article_id, "title": i.title, "url": i.url, "start": i.start, "end": i.end}
                      for i in bulletin.items],
            audio_key=bulletin.audio_key, audio_bytes=bulletin.audio_bytes, sample_rate=bulletin.sample_rate,
            frames=bulletin.frames,
        )
        try:
            with self.session() as s, s.begin():
                row = s.get(BulletinRow, bulletin.id, with_for_update=True)
                if row is None:
                    s.add(BulletinRow(id=bulletin.id, **values))
                else:
                    for key, value in values.items():
                        setattr(row, key, value)
        except IntegrityError:  # built at the same moment elsewhere: the later write wins
            with self.session() as s, s.begin():
                row = s.get(BulletinRow, bulletin.id)
                for key, value in values.items():
                    setattr(row, key, value)
        stored = self.get_bulletin(bulletin.id)
        assert stored is not None
        return stored

    def get_bulletin(self, bulletin_id: str) -> Bulletin | None:
        with self.session() as s:
            row = s.get(BulletinRow, bulletin_id)
            return _bulletin(row) if row else None

    def bulletins(self, limit: int | None = None) -> list[Bulletin]:
        """Bulletins, newest window first."""
        with self.session() as s:
            query = select(BulletinRow).order_by(BulletinRow.until.desc(), BulletinRow.id)
            if limit:
                query = query.limit(limit)
            return [_bulletin(row) for row in s.scalars(query)]


@dataclass(frozen=True)
class EngineUsage:
    """What was sent to one engine on one day (UTC)."""

    day: date
    engine: str
    chars: int
    requests: int


class UsageLedger:
    """The engine usage table (``Store.usage``): one row per engine and day, counted up as requests are sent."""

    def __init__(self, store: Store):
        self._store = store

    def add(self, engine: str, chars: int, day: date) -> None:
        """Count one request of ``chars`` characters to ``engine`` on ``day``; concurrent counts all add up."""
        values = {"chars": EngineUsageRow.chars + chars, "requests": EngineUsageRow.requests + 1}
        where = (EngineUsageRow.day == day, EngineUsageRow.engine == engine)
        for _attempt in range(3):
            with self._store.session() as s, s.begin():
                done = s.execute(update(EngineUsageRow).where(*where).values(**values))
                if getattr(done, "rowcount", 0):
                    return
            try:
                with self._store.session() as s, s.begin():
                    s.add(EngineUsageRow(day=day, engine=engine, chars=chars, requests=1))
                return
            except IntegrityError:
                continue  # another worker made the day's row first: count on it
        raise RuntimeError(f"could not count usage of {engine} on {day}")

    def chars_on(self, engine: str, day: date) -> int:
        with self._store.session() as s:
            found = s.scalar(select(EngineUsageRow.chars).where(EngineUsageRow.day == day,
                                                                EngineUsageRow.engine == engine))
            return int(found or 0)

    def since(self, first_day: date) -> list[EngineUsage]:
        """Every engine's usage from ``first_day`` on, newest day first."""
        with self._store.session() as s:
            rows = s.scalars(select(EngineUsageRow).where(EngineUsageRow.day >= first_day)
                             .order_by(EngineUsageRow.day.desc(), EngineUsageRow.engine))
            return [EngineUsage(r.day, r.engine, int(r.chars), int(r.requests)) for r in rows]


# Listens ------------------------------------------------------------------------------------

LISTEN_KINDS = ("episode", "bulletin")


class Listens:
    """The listens' tables (``Store.listens``): today's listeners, the past days' totals, the day's salt.

    Counting is one insert that does nothing when the listener is already counted that day. When a
    new day's salt is made, the rows of earlier days are added up per programme and day, deleted
    with their hashes, and the earlier salts are deleted: the listeners' table only ever holds the
    current day, and nothing links one day's listeners to another's.
    """

    def __init__(self, store: Store):
        self._store = store

    def salt(self, day: date, make: Callable[[], str]) -> str:
        """The salt of ``day``: the stored one, or ``make()`` stored now (the first caller of a new day
        rotates: the earlier days are added up and their salts and listeners deleted)."""
        with self._store.session() as s:
            found = s.scalar(select(ListenSaltRow.salt).where(ListenSaltRow.day == day))
        if found is not None:
            return found
        try:
            with self._store.session() as s, s.begin():
                s.add(ListenSaltRow(day=day, salt=make()))
                s.flush()
                self._roll_up(s, day)
        except IntegrityError:
            pass  # another process made the day's salt first (and rolled up)
        with self._store.session() as s:
            made = s.scalar(select(ListenSaltRow.salt).where(ListenSaltRow.day == day))
        if made is None:
            raise RuntimeError(f"no listen salt for {day}")
        return made

    @staticmethod
    def _roll_up(s: Session, day: date) -> None:
        totals = s.execute(select(ListenRow.kind, ListenRow.programme_id, ListenRow.day, func.count())
                           .where(ListenRow.day < day)
                           .group_by(ListenRow.kind, ListenRow.programme_id, ListenRow.day)).all()
        for kind, programme_id, past, count in totals:
            row = s.get(ListenDayRow, (kind, programme_id, past))
            if row is None:
                s.add(ListenDayRow(kind=kind, programme_id=programme_id, day=past, listens=int(count)))
            else:
                row.listens += int(count)
        s.execute(delete(ListenRow).where(ListenRow.day < day))
        s.execute(delete(ListenSaltRow).where(ListenSaltRow.day < day))

    def count(self, day: date, kind: str, programme_id: str, listener: str) -> bool:
        """Count ``listener`` of the programme on ``day``; False when it was counted already."""
        if kind not in LISTEN_KINDS:
            raise ValueError(f"unknown kind of programme {kind!r}")
        values = {"day": day, "kind": kind, "programme_id": programme_id, "listener": listener}
        dialect = self._store.engine.dialect.name
        statement: Executable
        if dialect == "postgresql":
            statement = pg_insert(ListenRow).values(**values).on_conflict_do_nothing().returning(ListenRow.day)
        elif dialect == "sqlite":
            statement = sqlite_insert(ListenRow).values(**values).on_conflict_do_nothing().returning(ListenRow.day)
        else:  # pragma: no cover - the two databases Loa runs on are above
            try:
                with self._store.session() as s, s.begin():
                    s.add(ListenRow(**values))
                return True
            except IntegrityError:
                return False
        with self._store.session() as s, s.begin():
            return s.execute(statement).first() is not None  # a row comes back only when it was inserted

    def top(self, first_day: date, last_day: date, kind: str = "episode", limit: int = 10) -> list[tuple[str, int]]:
        """The programmes of the kind with the most listeners from ``first_day`` to ``last_day``:
        (programme id, listeners), most first."""
        totals: dict[str, int] = {}
        with self._store.session() as s:
            past = (select(ListenDayRow.programme_id, func.sum(ListenDayRow.listens))
                    .where(ListenDayRow.kind == kind, ListenDayRow.day >= first_day, ListenDayRow.day <= last_day)
                    .group_by(ListenDayRow.programme_id))
            live = (select(ListenRow.programme_id, func.count())
                    .where(ListenRow.kind == kind, ListenRow.day >= first_day, ListenRow.day <= last_day)
                    .group_by(ListenRow.programme_id))
            for query in (past, live):
                for programme_id, count in s.execute(query):
                    totals[programme_id] = totals.get(programme_id, 0) + int(count)
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:limit]

    def daily_by_programme(self, first_day: date, last_day: date, kind: str = "episode") -> dict[str, dict[date, int]]:
        """Listeners per programme and day from ``first_day`` to ``last_day``, of every programme of
        the kind that had any: what a show's chart adds up over its articles."""
        counts: dict[str, dict[date, int]] = {}
        with self._store.session() as s:
            past = (select(ListenDayRow.programme_id, ListenDayRow.day, func.sum(ListenDayRow.listens))
                    .where(ListenDayRow.kind == kind, ListenDayRow.day >= first_day, ListenDayRow.day <= last_day)
                    .group_by(ListenDayRow.programme_id, ListenDayRow.day))
            live = (select(ListenRow.programme_id, ListenRow.day, func.count())
                    .where(ListenRow.kind == kind, ListenRow.day >= first_day, ListenRow.day <= last_day)
                    .group_by(ListenRow.programme_id, ListenRow.day))
            for query in (past, live):
                for programme_id, day, count in s.execute(query):
                    days = counts.setdefault(programme_id, {})
                    days[day] = days.get(day, 0) + int(count)
        return counts

    def daily(self, first_day: date, last_day: date, kind: str = "episode",
              programme_id: str | None = None) -> dict[date, int]:
        """Listeners per day from ``first_day`` to ``last_day`` of one programme, or of every
        programme of the kind (the show) when ``programme_id`` is None; days without any are left out."""
        counts: dict[date, int] = {}
        with self._store.session() as s:
            past = (select(ListenDayRow.day, func.sum(ListenDayRow.listens))
                    .where(ListenDayRow.kind == kind, ListenDayRow.day >= first_day, ListenDayRow.day <= last_day)
                    .group_by(ListenDayRow.day))
            live = (select(ListenRow.day, func.count())
                    .where(ListenRow.kind == kind, ListenRow.day >= first_day, ListenRow.day <= last_day)
                    .group_by(ListenRow.day))
            if programme_id is not None:
                past = past.where(ListenDayRow.programme_id == programme_id)
                live = live.where(ListenRow.programme_id == programme_id)
            for query in (past, live):
                for day, count in s.execute(query):
                    counts[day] = counts.get(day, 0) + int(count)
        return counts


CALLBACK_STATUSES = ("delivered", "retrying", "failed")


@dataclass(frozen=True)
class CallbackAttempt:
    """One attempt to tell the CMS an article's audio is ready."""

    article_id: str
    content_hash: str
    attempt: int
    status: str  # delivered | retrying (failed, tried again at next_try_at) | failed (given up)
    reason: str | None
    http_status: int | None
    next_try_at: datetime | None
    at: datetime


class Callbacks:
    """The callback attempts' table (``Store.callbacks``)."""

    def __init__(self, store: Store):
        self._store = store

    def record(self, article_id: str, content_hash: str, attempt: int, status: str, *, reason: str | None = None,
               http_status: int | None = None, next_try_at: datetime | None = None) -> CallbackAttempt:
        if status not in CALLBACK_STATUSES:
            raise ValueError(f"unknown callback status {status!r}")
        with self._store.session() as s, s.begin():
            row = CallbackAttemptRow(article_id=article_id, content_hash=content_hash, attempt=attempt,
                                     status=status, reason=reason, http_status=http_status, next_try_at=next_try_at,
                                     created_at=utcnow())
            s.add(row)
        return _callback(row)

    def attempts(self, article_id: str, limit: int = 20) -> list[CallbackAttempt]:
        """The article's attempts, latest first."""
        with self._store.session() as s:
            rows = s.scalars(select(CallbackAttemptRow).where(CallbackAttemptRow.article_id == article_id)
                             .order_by(CallbackAttemptRow.id.desc()).limit(limit))
            return [_callback(r) for r in rows]

    def latest(self, article_id: str) -> CallbackAttempt | None:
        found = self.attempts(article_id, 1)
        return found[0] if found else None

    def given_up(self, article_ids: Iterable[str] | None = None) -> set[str]:
        """Articles (of ``article_ids``, or all) whose latest attempt failed for good."""
        with self._store.session() as s:
            latest = select(func.max(CallbackAttemptRow.id)).group_by(CallbackAttemptRow.article_id)
            query = select(CallbackAttemptRow.article_id).where(CallbackAttemptRow.id.in_(latest),
                                                                CallbackAttemptRow.status == "failed")
            found = set(s.scalars(query))
        return found if article_ids is None else found & set(article_ids)


def _callback(row: CallbackAttemptRow) -> CallbackAttempt:
    return CallbackAttempt(row.article_id, row.content_hash, row.attempt, row.status, row.reason, row.http_status,
                           row.next_try_at, row.created_at)


BULLETIN_REQUEST_STATUSES = ("queued", "building", "done", "failed")


class BulletinRequests:
    """The bulletin requests' table, on the store's database (``Store.bulletin_requests``)."""

    def __init__(self, store: Store):
        self._store = store

    def add(self, request: BulletinRequest) -> BulletinRequest:
        with self._store.session() as s, s.begin():
            s.add(BulletinRequestRow(
                id=request.id, article_ids=list(request.article_ids), slot_seconds=request.slot_seconds,
                at=request.at, requested_by=request.requested_by, status=request.status,
            ))
        found = self.get(request.id)
        assert found is not None
        return found

    def get(self, request_id: str) -> BulletinRequest | None:
        with self._store.session() as s:
            row = s.get(BulletinRequestRow, request_id)
            return _bulletin_request(row) if row else None

    def set_status(self, request_id: str, status: str, *, error: str | None = None,
                   error_details: dict | None = None, bulletin_id: str | None = None) -> None:
        if status not in BULLETIN_REQUEST_STATUSES:
            raise ValueError(f"unknown bulletin request status {status!r}")
        with self._store.session() as s, s.begin():
            row = s.get(BulletinRequestRow, request_id)
            if row is None:
                raise KeyError(request_id)
            row.status, row.error, row.error_details = status, error, error_details
            row.bulletin_id = bulletin_id or row.bulletin_id


# Staff sessions ---------------------------------------------------------------------------

# Ended sessions are kept this long after they end (for `loa user` and the logs), then deleted.
SESSION_KEEP = timedelta(days=7)


@dataclass(frozen=True)
class StaffSession:
    """A staff session as stored: identified by the SHA-256 of the id its cookie carries."""

    id_hash: str
    username: str
    csrf: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class StaffSessions:
    """The staff sessions' table, on the store's database (``Store.staff_sessions``).

    A password is changed here too, because a new password ends every session of the account in
    the same transaction: no moment where the new password is set and an old session still works.
    """

    def __init__(self, store: Store):
        self._store = store

    def start(self, username: str, id_hash: str, csrf: str, now: datetime, lifetime: timedelta) -> StaffSession:
        """Record a new session of ``username``; long-ended sessions are cleared on the way.

        Raises KeyError when the account does not exist (any more)."""
        with self._store.session() as s, s.begin():
            user_id = s.scalar(select(UserRow.id).where(UserRow.username == username))
            if user_id is None:
                raise KeyError(username)
            s.execute(delete(StaffSessionRow).where(
                (StaffSessionRow.expires_at < now - SESSION_KEEP) | (StaffSessionRow.revoked_at < now - SESSION_KEEP)))
            s.add(StaffSessionRow(id_hash=id_hash, user_id=user_id, csrf=csrf, created_at=now, last_seen_at=now,
                                  expires_at=now + lifetime))
        found = self.get(id_hash)
        assert found is not None
        return found

    def get(self, id_hash: str) -> StaffSession | None:
        """The session (active or not) with this id hash, or None."""
        with self._store.session() as s:
            row = s.execute(select(StaffSessionRow, UserRow.username)
                            .join(UserRow, UserRow.id == StaffSessionRow.user_id)
                            .where(StaffSessionRow.id_hash == id_hash)).first()
            return _staff_session(row[0], row[1]) if row else None

    def touch(self, id_hash: str, now: datetime) -> None:
        with self._store.session() as s, s.begin():
            s.execute(update(StaffSessionRow).where(StaffSessionRow.id_hash == id_hash).values(last_seen_at=now))

    def revoke(self, id_hash: str, now: datetime) -> bool:
        """End one session; False when it had already ended or never existed."""
        with self._store.session() as s, s.begin():
            result = s.execute(update(StaffSessionRow)
                               .where(StaffSessionRow.id_hash == id_hash, StaffSessionRow.revoked_at.is_(None))
                               .values(revoked_at=now))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def revoke_all(self, username: str, now: datetime) -> int:
        """End every session of ``username`` that has not ended yet; how many were ended."""
        with self._store.session() as s, s.begin():
            return self._revoke_all(s, username, now)

    def change_password(self, username: str, password_hash: str, now: datetime) -> int:
        """Set the account's password hash and end its open sessions, in one transaction; how many
        sessions were ended. Raises KeyError when the account does not exist."""
        with self._store.session() as s, s.begin():
            row = s.scalar(select(UserRow).where(UserRow.username == username).with_for_update())
            if row is None:
                raise KeyError(username)
            row.password_hash = password_hash
            return self._revoke_all(s, username, now)

    def active(self, username: str, now: datetime) -> list[StaffSession]:
        """The account's sessions that are still open, newest first."""
        with self._store.session() as s:
            rows = s.execute(select(StaffSessionRow, UserRow.username)
                             .join(UserRow, UserRow.id == StaffSessionRow.user_id)
                             .where(UserRow.username == username, StaffSessionRow.revoked_at.is_(None),
                                    StaffSessionRow.expires_at > now)
                             .order_by(StaffSessionRow.created_at.desc()))
            return [_staff_session(row, name) for row, name in rows]

    @staticmethod
    def _revoke_all(s: Session, username: str, now: datetime) -> int:
        user_id = select(UserRow.id).where(UserRow.username == username).scalar_subquery()
        result = s.execute(update(StaffSessionRow)
                           .where(StaffSessionRow.user_id == user_id, StaffSessionRow.revoked_at.is_(None),
                                  StaffSessionRow.expires_at > now)
                           .values(revoked_at=now))
        return int(result.rowcount)  # type: ignore[attr-defined]


def _staff_session(row: StaffSessionRow, username: str) -> StaffSession:
    return StaffSession(id_hash=row.id_hash, username=username, csrf=row.csrf, created_at=row.created_at,
                        last_seen_at=row.last_seen_at, expires_at=row.expires_at, revoked_at=row.revoked_at)


def _bulletin_request(row: BulletinRequestRow) -> BulletinRequest:
    return BulletinRequest(
        id=row.id, article_ids=tuple(row.article_ids), slot_seconds=row.slot_seconds, at=row.at,
        requested_by=row.requested_by, status=row.status, error=row.error, error_details=row.error_details,
        bulletin_id=row.bulletin_id, updated_at=row.updated_at,
    )


def _bulletin(row: BulletinRow) -> Bulletin:
    return Bulletin(
        id=row.id, guid=row.guid, title=row.title, since=row.since, until=row.until,
        slot_seconds=row.slot_seconds,
        items=tuple(BulletinItem(c["article_id"], c["title"], c["url"], c["start"], c["end"]) for c in row.chapters),
        left_out=tuple(row.left_out), engine=row.engine, audio_key=row.audio_key, audio_bytes=row.audio_bytes,
        sample_rate=row.sample_rate, frames=row.frames, updated_at=row.updated_at,
    )


def _account(row: UserRow) -> Account:
    return Account(row.id, row.username, row.password_hash, row.created_at)


def _timing_json(t: SentenceTiming) -> dict:
    return {"index": t.index, "start": t.start, "end": t.end, "role": t.role, "paragraph": t.paragraph,
            "text": t.text, "spoken": t.spoken}


def _episode(row: EpisodeRow) -> Episode:
    return Episode(
        article_id=row.article_id, content_hash=row.content_hash, script_hash=row.script_hash, guid=row.guid,
        engine=row.engine,
        voice=row.voice, audio_key=row.audio_key, audio_bytes=row.audio_bytes, sample_rate=row.sample_rate,
        frames=row.frames, timeline=tuple(SentenceTiming(**t) for t in row.timeline), created_at=row.created_at,
        voice_name=row.voice_name,
    )


# Render progress, reconciliation and fetch requests -------------------------------------------------
#
# The worker's side of an article's life: which render may still write (its token), when it last
# moved, how often reconciliation had to drive it on, and the pages waiting to be fetched. Every
# write here is one conditional UPDATE, so two workers (a redelivered task and its replacement) can
# race without either undoing the other.

UNSETTLED_STATUSES = ("new", "queued", "rendering", "fetching")
STEP_DONE = "done"
# A published article whose time has not come: its broadcast master is made, its drop-folder file
# waits (``STEP_HELD``) until reconciliation releases it (``STEP_RELEASE`` while that runs).
STEP_HELD = "embargo"
STEP_RELEASE = "release"


@dataclass(frozen=True)
class RenderProgress:
    """Where an unfinished article's render stands, for reconciliation."""

    article_id: str
    status: str
    step: str | None
    moved_at: datetime  # the later of its last progress and its last change
    attempts: int
    render_token: str | None
    error: str | None


@dataclass(frozen=True)
class FetchRequest:
    """An article given only by URL, waiting for a worker to fetch its page."""

    article_id: str
    url: str
    fields: dict
    attempts: int
    progress_at: datetime


@dataclass(frozen=True)
class Placeholder:
    """What is known of an article before its page is read: shown while its status is ``fetching``."""

    article_id: str
    url: str
    title: str
    published: datetime
    author: str | None = None
    priority: int = 0


def _moved_at(row: ArticleRow) -> datetime:
    return max(t for t in (row.progress_at, row.updated_at, row.created_at) if t is not None)


class Renders:
    """The methods of this section, on the store's database (``Store.renders``)."""

    def __init__(self, store: Store):
        self._store = store

    def session(self) -> Session:
        return self._store.session()

    def _update_article(self, article_id: str, *conditions, **values) -> bool:
        """One conditional UPDATE of the article; True when it matched (and so was written)."""
        with self.session() as s, s.begin():
            result = s.execute(update(ArticleRow).where(ArticleRow.id == article_id, *conditions).values(**values))
            return bool(getattr(result, "rowcount", 0))

    # Renders ---------------------------------------------------------------------------------

    def begin_render(self, article_id: str, token: str, engine: str) -> bool:
        """Make ``token`` the article's one current render (any earlier one stops at its next step)."""
        return self._update_article(
            article_id, ArticleRow.status != "retracted",
            status="rendering", render_token=token, step="prepare", progress_at=utcnow(), engine=engine[:120],
            error=None)

    def continue_render(self, article_id: str, token: str, engine: str) -> bool:
        """Go on with the render ``token`` (handed over by a fall back): False when it was replaced."""
        return self._update_article(
            article_id, ArticleRow.render_token == token, ArticleRow.status != "retracted",
            status="rendering", step="prepare", progress_at=utcnow(), engine=engine[:120], error=None)

    def render_is_current(self, article_id: str, token: str | None) -> bool:
        with self.session() as s:
            row = s.get(ArticleRow, article_id)
            return row is not None and row.status != "retracted" and (token is None or row.render_token == token)

    def touch_render(self, article_id: str, token: str | None, step: str) -> bool:
        """Record that render ``token`` is alive at ``step``; False when it was replaced."""
        conditions = [ArticleRow.status != "retracted"]
        if token is not None:
            conditions.append(ArticleRow.render_token == token)
        return self._update_article(article_id, *conditions, step=step, progress_at=utcnow())

    def switch_render(self, article_id: str, old_token: str, new_token: str) -> bool:
        """Hand the article from render ``old_token`` to ``new_token``; only one caller can win."""
        return self._update_article(
            article_id, ArticleRow.render_token == old_token, ArticleRow.status != "retracted",
            render_token=new_token, progress_at=utcnow())

    def fail_render(self, article_id: str, token: str | None, error: str) -> bool:
        """Mark the article failed with ``error``, unless render ``token`` was replaced meanwhile (a
        replaced render's failure is not the article's) or the article is published or retracted."""
        conditions: list[ColumnElement[bool]] = [ArticleRow.status.notin_(("retracted", "published"))]
        if token is not None:
            conditions.append(ArticleRow.render_token == token)
        return self._update_article(article_id, *conditions, status="failed", error=error, render_token=None,
                                    progress_at=utcnow())

    def mark_published(self, article_id: str, token: str | None) -> bool:
        """Render ``token`` is in the feed: published; the broadcast master comes next."""
        conditions = [ArticleRow.status != "retracted"]
        if token is not None:
            conditions.append(ArticleRow.render_token == token)
        return self._update_article(article_id, *conditions, status="published", error=None, step="broadcast",
                                    attempts=0, progress_at=utcnow())

    def finish_broadcast(self, article_id: str) -> None:
        self._update_article(article_id, ArticleRow.status == "published", step=STEP_DONE, progress_at=utcnow(),
                             attempts=0)

    def hold_broadcast(self, article_id: str) -> None:
        """The article's broadcast master is made, its drop-folder file waits for its publication time."""
        self._update_article(article_id, ArticleRow.status == "published", step=STEP_HELD, progress_at=utcnow(),
                             attempts=0)

    def embargoes_due(self, now: datetime) -> list[str]:
        """Published articles whose drop-folder file was held for their time, which has come by ``now``."""
        with self.session() as s:
            return list(s.scalars(select(ArticleRow.id).where(
                ArticleRow.status == "published", ArticleRow.step == STEP_HELD, ArticleRow.published <= now,
            ).order_by(ArticleRow.published, ArticleRow.id)))

    def note_error(self, article_id: str, error: str) -> None:
        """Record ``error`` on the article without changing its status (a published article whose
        broadcast master failed stays in the feed)."""
        self._update_article(article_id, error=error, progress_at=utcnow())

    def record_render_episode(self, episode: Episode, token: str | None, engine_reason: str | None) -> Episode | None:
        """Store ``episode`` once, as part of render ``token``; None when that render was replaced, so
        a replaced render never adds an episode beside its replacement's."""
        try:
            with self.session() as s, s.begin():
                conditions = [ArticleRow.id == episode.article_id, ArticleRow.status != "retracted"]
                if token is not None:
                    conditions.append(ArticleRow.render_token == token)
                # The UPDATE takes the article's write lock until the episode is in.
                held = s.execute(update(ArticleRow).where(*conditions).values(step="assemble",
                                                                              progress_at=utcnow()))
                if not getattr(held, "rowcount", 0):
                    return None
                existing = s.scalar(select(EpisodeRow).where(
                    EpisodeRow.article_id == episode.article_id, EpisodeRow.script_hash == episode.script_hash))
                if existing is None:
                    s.add(EpisodeRow(
                        article_id=episode.article_id, content_hash=episode.content_hash,
                        script_hash=episode.script_hash, guid=episode.guid, engine=episode.engine,
                        voice=episode.voice, audio_key=episode.audio_key, audio_bytes=episode.audio_bytes,
                        sample_rate=episode.sample_rate, frames=episode.frames, duration=episode.duration,
                        timeline=[_timing_json(t) for t in episode.timeline], engine_reason=engine_reason,
                        voice_name=episode.voice_name,
                    ))
        except IntegrityError:
            pass  # recorded at the same moment by a duplicate of this render
        return self._store.find_episode(episode.article_id, episode.script_hash)

    def make_episode_current(self, article_id: str, script_hash: str) -> None:
        """Make an earlier episode of the article the one its pages and feeds show again (staff went back
        to a voice already rendered): the latest episode of the content is the one with the highest id,
        so the row is written anew, unchanged, after the others."""
        with self.session() as s, s.begin():
            row = s.scalar(select(EpisodeRow).where(EpisodeRow.article_id == article_id,
                                                    EpisodeRow.script_hash == script_hash))
            if row is None:
                return
            newer = s.scalar(select(func.count()).select_from(EpisodeRow).where(
                EpisodeRow.article_id == article_id, EpisodeRow.content_hash == row.content_hash,
                EpisodeRow.id > row.id))
            if not newer:
                return
            values = {c.key: getattr(row, c.key) for c in EpisodeRow.__table__.columns if c.key != "id"}
            s.delete(row)
            s.flush()
            s.add(EpisodeRow(**values))

    def episode_engine_reason(self, article_id: str, script_hash: str) -> str | None:
        with self.session() as s:
            return s.scalar(select(EpisodeRow.engine_reason).where(
                EpisodeRow.article_id == article_id, EpisodeRow.script_hash == script_hash))

    # Reconciliation -----------------------------------------------------------------------------

    def progress(self, article_id: str) -> RenderProgress | None:
        with self.session() as s:
            row = s.get(ArticleRow, article_id)
            return _progress(row) if row else None

    def unsettled(self, moved_before: datetime) -> list[RenderProgress]:
        """Articles not yet published, failed or retracted that have not moved since ``moved_before``."""
        with self.session() as s:
            rows = s.scalars(select(ArticleRow).where(ArticleRow.status.in_(UNSETTLED_STATUSES)))
            return [_progress(r) for r in rows if _moved_at(r) < moved_before]

    def broadcasts_pending(self, moved_before: datetime) -> list[RenderProgress]:
        """Published articles whose broadcast master has not been made, with no progress since then
        (articles published before progress was recorded have no step and are left alone)."""
        with self.session() as s:
            rows = s.scalars(select(ArticleRow).where(ArticleRow.status == "published",
                                                      ArticleRow.step.is_not(None),
                                                      ArticleRow.step.notin_((STEP_DONE, STEP_HELD))))
            return [_progress(r) for r in rows if _moved_at(r) < moved_before]

    def redrive(self, article_id: str, seen: RenderProgress) -> int | None:
        """Count one more drive of a stalled article and cut off its old render; the new count, or None
        when the article moved since ``seen`` (then it is not stalled)."""
        with self.session() as s, s.begin():
            row = s.get(ArticleRow, article_id, with_for_update=True)
            if row is None or row.status != seen.status or _moved_at(row) > seen.moved_at:
                return None
            row.attempts += 1
            row.progress_at = utcnow()
            if row.status != "published":
                row.render_token = None
            return row.attempts

    def give_up(self, article_id: str, error: str) -> None:
        """The article stalled too often: failed (or, published, its broadcast abandoned) with ``error``."""
        with self.session() as s, s.begin():
            row = s.get(ArticleRow, article_id, with_for_update=True)
            if row is None or row.status == "retracted":
                return
            if row.status == "published":
                row.error, row.step = error, STEP_DONE
            else:
                row.status, row.error, row.render_token = "failed", error, None
            row.progress_at = utcnow()

    # Fetch requests -----------------------------------------------------------------------------

    def request_fetch(self, placeholder: Placeholder, fields: dict) -> str:
        """Record that the page at ``placeholder.url`` is to be fetched for the article; a new article
        is stored as a placeholder with status ``fetching``. Returns the article's status."""
        now = utcnow()
        with self.session() as s, s.begin():
            row = s.get(ArticleRow, placeholder.article_id, with_for_update=True)
            if row is None:
                s.add(ArticleRow(
                    id=placeholder.article_id, title=placeholder.title, published=placeholder.published,
                    author=placeholder.author, url=placeholder.url, content_hash="", blocks=[], version=0,
                    status="fetching", priority=placeholder.priority, progress_at=now, step="fetch",
                ))
                s.flush()
            elif row.content_hash == "" or row.status in ("new", "failed"):
                # Never read (a placeholder) or never rendered: nothing in the feed to keep.
                row.status, row.error, row.step, row.progress_at = "fetching", None, "fetch", now
                row.url = placeholder.url
            request = s.get(FetchRequestRow, placeholder.article_id, with_for_update=True)
            if request is None:
                s.add(FetchRequestRow(article_id=placeholder.article_id, url=placeholder.url, fields=fields,
                                      attempts=0, progress_at=now, created_at=now))
            else:
                request.url, request.fields, request.attempts, request.progress_at = placeholder.url, fields, 0, now
            status = row.status if row is not None else "fetching"
        return status

    def fetch_request(self, article_id: str) -> FetchRequest | None:
        with self.session() as s:
            row = s.get(FetchRequestRow, article_id)
            return _fetch_request(row) if row else None

    def touch_fetch(self, article_id: str) -> None:
        with self.session() as s, s.begin():
            request = s.get(FetchRequestRow, article_id)
            if request is not None:
                request.progress_at = utcnow()
            s.execute(update(ArticleRow).where(ArticleRow.id == article_id, ArticleRow.status == "fetching")
                      .values(progress_at=utcnow(), step="fetch"))

    def stalled_fetches(self, moved_before: datetime) -> list[FetchRequest]:
        with self.session() as s:
            rows = s.scalars(select(FetchRequestRow).where(FetchRequestRow.progress_at < moved_before))
            return [_fetch_request(r) for r in rows]

    def redrive_fetch(self, article_id: str, seen: FetchRequest) -> int | None:
        with self.session() as s, s.begin():
            request = s.get(FetchRequestRow, article_id, with_for_update=True)
            if request is None or request.progress_at > seen.progress_at:
                return None
            request.attempts += 1
            request.progress_at = utcnow()
            return request.attempts

    def end_fetch(self, article_id: str) -> None:
        with self.session() as s, s.begin():
            request = s.get(FetchRequestRow, article_id)
            if request is not None:
                s.delete(request)

    def fail_fetch(self, article_id: str, error: str) -> None:
        """The page could not be read: a placeholder (or an article never rendered) fails with
        ``error``; an article already rendered keeps its status and shows ``error``."""
        with self.session() as s, s.begin():
            request = s.get(FetchRequestRow, article_id)
            if request is not None:
                s.delete(request)
            row = s.get(ArticleRow, article_id, with_for_update=True)
            if row is None:
                return
            if row.status == "fetching":
                row.status = "failed"
            row.error, row.progress_at = error, utcnow()

    def save_fetched(self, article: Article) -> SaveResult:
        """Save the article read from its page: it fills its placeholder (version 1, the delivery's or
        the page's published time), or is saved as any delivery is (``save_article``)."""
        blocks = [[b.role, b.text] for b in article.blocks]
        with self.session() as s, s.begin():
            row = s.get(ArticleRow, article.id, with_for_update=True)
            if row is not None and row.content_hash == "":
                row.title, row.published, row.author, row.url = article.title, article.published, article.author, article.url
                row.content_hash, row.blocks, row.version, row.priority = article.content_hash, blocks, 1, article.priority
                row.section, row.tags = article.section, list(article.tags)
                _write_labels(s, article)
                row.status, row.error, row.progress_at = "new", None, utcnow()
                s.add(ArticleVersionRow(article_id=article.id, version=1, content_hash=article.content_hash,
                                        title=article.title, blocks=blocks))
                return SaveResult(article.id, 1, created=True, changed=True)
        return self._store.save_article(article)


def _progress(row: ArticleRow) -> RenderProgress:
    return RenderProgress(row.id, row.status, row.step, _moved_at(row), row.attempts or 0, row.render_token,
                          row.error)


def _fetch_request(row: FetchRequestRow) -> FetchRequest:
    return FetchRequest(row.article_id, row.url, dict(row.fields), row.attempts or 0, row.progress_at)


def _write_labels(s: Session, article: Article) -> None:
    """Replace the label index rows of ``article`` (``ArticleLabelRow``) by its section and tags."""
    s.execute(delete(ArticleLabelRow).where(ArticleLabelRow.article_id == article.id))
    keys = sorted(label_keys(article.section, article.tags))
    if keys:
        s.add_all(ArticleLabelRow(article_id=article.id, kind=kind, key=key) for kind, key in keys)
