"""What the source-feed poller remembers: each feed's validators and each item's last render."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from articles.db import SourceFeedRow, SourceItemRow, make_engine, utcnow
from articles.schema import prepare_schema


@dataclass(frozen=True)
class FeedValidators:
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class SourceItem:
    feed_url: str
    guid: str
    link: str | None
    article_id: str | None
    rendered_hash: str | None
    error: str | None


@dataclass(frozen=True)
class SourceFeed:
    url: str
    etag: str | None
    last_modified: str | None
    last_status: str | None
    last_error: str | None
    polled_at: datetime | None


class SourceStore:
    """Reads and writes of the poller's tables."""

    def __init__(self, engine_or_url: Engine | str):
        if isinstance(engine_or_url, str):
            if engine_or_url.startswith("sqlite:///"):
                Path(engine_or_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine, self._owns_engine = make_engine(engine_or_url), True
            prepare_schema(self.engine)
        else:
            self.engine, self._owns_engine = engine_or_url, False
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    # Feeds ----------------------------------------------------------------------------------

    def validators(self, url: str) -> FeedValidators:
        with self._sessions() as s:
            row = s.get(SourceFeedRow, url)
            return FeedValidators(row.etag, row.last_modified) if row else FeedValidators(None, None)

    def record_poll(self, url: str, status: str, error: str | None = None,
                    validators: FeedValidators | None = None) -> None:
        """Note a poll of ``url``; ``validators`` replace the stored ones when given."""
        with self._sessions() as s, s.begin():
            row = s.get(SourceFeedRow, url)
            if row is None:
                row = SourceFeedRow(url=url)
                s.add(row)
            row.last_status, row.last_error, row.polled_at = status, error, utcnow()
            if validators is not None:
                row.etag, row.last_modified = validators.etag, validators.last_modified

    def feed(self, url: str) -> SourceFeed | None:
        with self._sessions() as s:
            row = s.get(SourceFeedRow, url)
            if row is None:
                return None
            return SourceFeed(row.url, row.etag, row.last_modified, row.last_status, row.last_error, row.polled_at)

    # Items ----------------------------------------------------------------------------------

    def item(self, feed_url: str, guid: str) -> SourceItem | None:
        with self._sessions() as s:
            row = s.scalar(select(SourceItemRow).where(SourceItemRow.feed_url == feed_url,
                                                       SourceItemRow.guid == guid))
            return _item(row) if row else None

    def items(self, feed_url: str) -> list[SourceItem]:
        with self._sessions() as s:
            rows = s.scalars(select(SourceItemRow).where(SourceItemRow.feed_url == feed_url)
                             .order_by(SourceItemRow.id))
            return [_item(r) for r in rows]

    def record_item(self, feed_url: str, guid: str, *, link: str | None = None, article_id: str | None = None,
                    rendered_hash: str | None = None, error: str | None = None) -> None:
        """Remember what happened to an item this poll: ``error`` None clears an earlier one;
        ``rendered_hash`` and ``article_id`` are kept when not given."""
        with self._sessions() as s, s.begin():
            row = s.scalar(select(SourceItemRow).where(SourceItemRow.feed_url == feed_url,
                                                       SourceItemRow.guid == guid).with_for_update())
            if row is None:
                row = SourceItemRow(feed_url=feed_url, guid=guid)
                s.add(row)
            row.link = link or row.link
            row.article_id = article_id or row.article_id
            row.rendered_hash = rendered_hash or row.rendered_hash
            row.error = error


def _item(row: SourceItemRow) -> SourceItem:
    return SourceItem(row.feed_url, row.guid, row.link, row.article_id, row.rendered_hash, row.error)
