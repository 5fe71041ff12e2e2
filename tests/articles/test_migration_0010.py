"""Migration 0010: articles gain the section and tags of their source; articles stored before keep
every field and have neither. On SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import insert

from articles.categories import Categories
from articles.db import make_engine
from articles.model import Article, Block
from articles.schema import _config, head_revision, upgrade_schema
from articles.store import Store
from tests.support import previous_release as old

T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def test_articles_stored_before_keep_everything_and_have_no_categories(database_url):
    engine = make_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0009")
        connection.execute(insert(old.articles).values(
            id="tin-cu", title="Tin cũ về mùa nước nổi", published=T0, content_hash="a" * 64,
            blocks=[["body", "Nước lên nhanh ở đầu nguồn."]], priority=3, version=2, status="new",
            created_at=T0, updated_at=T0))
    assert upgrade_schema(engine) == ("0009", head_revision())
    engine.dispose()

    store = Store(database_url)
    try:
        kept = store.get_article("tin-cu")
        assert (kept.title, kept.priority, kept.blocks) == ("Tin cũ về mùa nước nổi", 3,
                                                            (Block("body", "Nước lên nhanh ở đầu nguồn."),))
        assert (kept.section, kept.tags) == (None, ())
    finally:
        store.close()


def test_an_articles_section_and_tags_are_stored_and_replaced_by_the_next_delivery(database_url):
    store = Store(database_url)
    try:
        article = Article(id="bong-da-nu", title="Bóng đá nữ vào chung kết", published=T0,
                          blocks=(Block("body", "Đội tuyển nữ thắng 3-1 ở bán kết."),),
                          section="Thể thao", tags=("Bóng đá", "SEA Games"))
        store.save_article(article)
        assert store.get_article("bong-da-nu").tags == ("Bóng đá", "SEA Games")
        store.save_article(Article(id="bong-da-nu", title=article.title, blocks=article.blocks, published=T0,
                                   section="Thể thao", tags=("Bóng đá nữ",)))
        stored = store.get_article("bong-da-nu")
        assert (stored.section, stored.tags) == ("Thể thao", ("Bóng đá nữ",))
        store.set_status("bong-da-nu", "published")
        assert store.published_categories() == [("bong-da-nu", Categories("Thể thao", ("Bóng đá nữ",)))]
    finally:
        store.close()
