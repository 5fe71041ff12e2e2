"""Migration 0011 and the label index: a show's articles are found by their section and tags in the
form shows match them, through an index kept with every save. On SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import select, text

from articles.db import ArticleLabelRow, make_engine
from articles.model import Article, Block
from articles.schema import _config, head_revision, upgrade_schema
from articles.store import Placeholder, Store

T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def article(article_id: str, minutes: int, section: str | None = None, tags: tuple[str, ...] = (),
            body: str = "Đội tuyển nữ thắng 3-1 ở bán kết.") -> Article:
    return Article(id=article_id, title=f"Tin {article_id}", published=T0 + timedelta(minutes=minutes),
                   blocks=(Block("body", body),), section=section, tags=tags)


def publish(store: Store, *articles: Article) -> None:
    for one in articles:
        store.save_article(one)
        store.set_status(one.id, "published")


def test_articles_filed_before_the_index_are_found_by_it_after_the_upgrade(database_url):
    engine = make_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0010")
        articles = text("INSERT INTO articles (id, title, published, content_hash, blocks, priority, version, "
                        "status, created_at, updated_at, section, tags) VALUES (:id, :title, :published, :hash, "
                        "'[]', 0, 1, 'published', :published, :published, :section, :tags)")
        for n, (section, tags) in enumerate([("THỂ THAO", '["SEA Games", "Bóng đá"]'), ("Kinh tế", None),
                                             (None, '["sea games"]'), (None, None)]):
            connection.execute(articles, {"id": f"cu-{n}", "title": f"Tin cũ {n}", "published": T0 + timedelta(hours=n),
                                          "hash": str(n) * 64, "section": section, "tags": tags})
    assert upgrade_schema(engine) == ("0010", head_revision())
    with engine.connect() as connection:
        indexed = sorted(tuple(row) for row in connection.execute(
            select(ArticleLabelRow.article_id, ArticleLabelRow.kind, ArticleLabelRow.key)))
    engine.dispose()
    assert indexed == [("cu-0", "section", "the thao"), ("cu-0", "tag", "bong da"), ("cu-0", "tag", "sea games"),
                       ("cu-1", "section", "kinh te"), ("cu-2", "tag", "sea games")]

    store = Store(database_url)
    try:
        assert store.published_in({"the thao"}, {"sea games"}) == ["cu-2", "cu-0"]
        assert store.published_in({"kinh te"}, ()) == ["cu-1"]
        assert store.published_in((), ()) == []
    finally:
        store.close()


def test_a_show_finds_its_newest_published_articles_whose_time_has_come(database_url):
    store = Store(database_url)
    try:
        publish(store, article("bong-da", 1, "Thể thao", ("Bóng đá",)), article("gia-vang", 2, "Kinh tế"),
                article("sea-games", 3, "Thời sự", ("SEA Games",)), article("bong-ro", 4, "THE THAO"),
                article("hen-gio", 90, "Thể thao"))
        store.save_article(article("chua-xong", 5, "Thể thao"))  # saved but not published
        assert store.published_in({"the thao"}, {"sea games"}) == ["hen-gio", "bong-ro", "sea-games", "bong-da"]
        assert store.published_in({"the thao"}, {"sea games"}, as_of=T0 + timedelta(minutes=10)) == [
            "bong-ro", "sea-games", "bong-da"]
        assert store.published_in({"the thao"}, (), as_of=T0 + timedelta(minutes=10), limit=2) == ["bong-ro", "bong-da"]
        assert store.published_in((), {"bong da"}) == ["bong-da"]
        assert store.published_in({"bong da"}, ()) == []  # a tag is not a section
    finally:
        store.close()


def test_the_index_follows_every_delivery_and_edit(database_url):
    store = Store(database_url)
    try:
        publish(store, article("bong-da-nu", 1, "Thể thao", ("Bóng đá", "SEA Games")))
        assert store.published_in((), {"sea games"}) == ["bong-da-nu"]
        # The same text delivered again, filed differently: the index follows, the article stays published.
        store.save_article(article("bong-da-nu", 1, "Văn hóa", ("Bóng đá nữ",)))
        assert store.published_in((), {"sea games"}) == [] and store.published_in({"the thao"}, ()) == []
        assert store.published_in({"van hoa"}, {"bong da nu"}) == ["bong-da-nu"]
        # An edit with no categories at all leaves it in no show.
        store.save_article(article("bong-da-nu", 1, body="Đội tuyển nữ vào chung kết."))
        store.set_status("bong-da-nu", "published")
        assert store.published_in({"van hoa"}, {"bong da nu"}) == []
        with store.session() as s:
            assert s.scalars(select(ArticleLabelRow).where(ArticleLabelRow.article_id == "bong-da-nu")).all() == []
    finally:
        store.close()


def test_an_article_read_from_its_page_is_indexed_when_it_fills_its_placeholder(database_url):
    store = Store(database_url)
    try:
        url = "https://radio.example.vn/tin/lua-mua"
        store.renders.request_fetch(Placeholder("lua-mua", url, url, T0), {"url": url})
        assert store.published_in({"kinh te"}, ()) == []
        store.renders.save_fetched(article("lua-mua", 1, "Kinh tế", ("Giá lúa",)))
        store.set_status("lua-mua", "published")
        assert store.published_in({"kinh te"}, ()) == ["lua-mua"] == store.published_in((), {"gia lua"})
    finally:
        store.close()


def test_a_tag_folding_to_nothing_is_not_indexed(database_url):
    store = Store(database_url)
    try:
        publish(store, article("dau-thanh", 1, None, ("\u0301\u0303", "Lũ")))
        with store.session() as s:
            keys = s.execute(select(ArticleLabelRow.kind, ArticleLabelRow.key)).all()
        assert [tuple(k) for k in keys] == [("tag", "lu")]
    finally:
        store.close()
