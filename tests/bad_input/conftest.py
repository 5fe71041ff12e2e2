"""One station for every bad-input test: a data directory with a published article, its feed, and an
article edited once; and the means to prove that a refused input changed none of it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from sqlalchemy import create_engine, select

from articles.db import Base
from articles.model import Article, Block
from loa.settings import Settings
from tests.support.workers import key_prefix
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE_URL = "https://radio.example.vn/loa"
SECRET = "khoa-bi-mat-cua-cms"
PUBLISHED_TITLE = "Khánh thành cầu mới qua sông Hương"
# Files that change whenever SQLite opens the database, whatever is stored in it.
DATABASE_FILES = ("loa.db", "loa.db-wal", "loa.db-shm", "loa.db.schema-lock")

PUBLISHED = Article(
    id="bai-goc", title=PUBLISHED_TITLE,
    blocks=(Block("lead", "Sáng nay, tỉnh khánh thành cây cầu mới bắc qua sông Hương."),
            Block("body", "Cầu dài 500 mét.")),
    published=datetime(2026, 11, 26, 8, 15, tzinfo=HCM), url="https://radio.example.vn/tin/bai-goc",
    priority=2, source_version=5,
)
EDITED_FIRST = Article(
    id="bai-sua", title="Hội chợ nông sản mở cửa",
    blocks=(Block("lead", "Hội chợ nông sản mở cửa từ sáng nay."),),
    published=datetime(2026, 11, 26, 9, 0, tzinfo=HCM),
)
EDITED_NOW = Article(
    id="bai-sua", title="Hội chợ nông sản mở cửa",
    blocks=(Block("lead", "Hội chợ nông sản mở cửa từ sáng nay đến hết chủ nhật."),),
    published=datetime(2026, 11, 26, 9, 0, tzinfo=HCM),
)


@dataclass(frozen=True)
class Snapshot:
    """Everything a station stores: every row of every table, and every file's digest."""

    rows: dict[str, list[tuple]]
    files: dict[str, str]


def snapshot(data_dir: Path) -> Snapshot:
    engine = create_engine(f"sqlite:///{data_dir / 'loa.db'}")
    try:
        with engine.connect() as connection:
            rows = {table.name: [tuple(row) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns))] for table in Base.metadata.sorted_tables}
    finally:
        engine.dispose()
    files = {str(path.relative_to(data_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
             for path in sorted(data_dir.rglob("*")) if path.is_file() and path.name not in DATABASE_FILES}
    return Snapshot(rows, files)


def feed_titles(data_dir: Path) -> list[str]:
    """The titles in ``feed.xml`` as a feed reader sees them; the feed must parse cleanly."""
    parsed = feedparser.parse((data_dir / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return [entry.title for entry in parsed.entries]


@dataclass(frozen=True)
class Station:
    settings: Settings
    before: Snapshot

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def assert_unchanged(self) -> None:
        """Nothing stored changed: rows, files, and the feed a reader parses."""
        after = snapshot(self.data_dir)
        assert after.files == self.before.files
        assert after.rows == self.before.rows
        assert feed_titles(self.data_dir) == [PUBLISHED_TITLE]


@pytest.fixture(scope="session")
def station(tmp_path_factory, redis_url) -> Station:
    settings = Settings(data_dir=tmp_path_factory.mktemp("bad-input") / "var", engine="espeak",
                        public_base_url=BASE_URL, webhook_secret=SECRET, redis_url=redis_url,
                        key_prefix=key_prefix(redis_url))
    pipeline = Pipeline(settings)
    try:
        pipeline.store.save_article(PUBLISHED)
        pipeline.render(PUBLISHED.id)
        pipeline.store.save_article(EDITED_FIRST)
        pipeline.store.save_article(EDITED_NOW)
    finally:
        pipeline.close()
    assert feed_titles(settings.data_dir) == [PUBLISHED_TITLE]
    return Station(settings, snapshot(settings.data_dir))
