"""Migration 0004: a database whose concurrent saves left duplicate version numbers is renumbered,
then refuses duplicates; the source's order of edits gets its columns. On SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from articles.db import ArticleRow, ArticleVersionRow, make_engine
from articles.schema import _config, head_revision, upgrade_schema
from articles.store import Store
from tests.support import previous_release as old

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def at_revision_0003(url: str):
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0003")
    return engine


def add_article(connection, article_id: str, version: int, versions: list[int], url: str | None = None) -> None:
    """Rows as revision 0003 had them (its tables are the previous release's)."""
    connection.execute(insert(old.articles).values(
        id=article_id, title="Tin", published=T0, url=url, content_hash=f"{len(versions):064d}", blocks=[["body", "Tin."]],
        priority=0, version=version, status="published", created_at=T0, updated_at=T0))
    for n, number in enumerate(versions, start=1):
        connection.execute(insert(old.article_versions).values(
            article_id=article_id, version=number, content_hash=f"{n:064d}", title=f"Tin {n}",
            blocks=[["body", f"Bản {n}."]], created_at=T0 + timedelta(seconds=n)))


def test_duplicate_version_numbers_are_renumbered_in_the_order_they_were_saved(database_url):
    engine = at_revision_0003(database_url)
    with engine.begin() as connection:
        add_article(connection, "trung", 5, [1, 2, 2, 3, 4, 5, 5, 5, 5])
        add_article(connection, "dung", 3, [1, 2, 3])
    assert upgrade_schema(engine) == ("0003", head_revision())

    with engine.connect() as connection:
        def versions(article_id):
            return connection.execute(select(ArticleVersionRow.version, ArticleVersionRow.title)
                                      .where(ArticleVersionRow.article_id == article_id)
                                      .order_by(ArticleVersionRow.version)).all()

        assert versions("trung") == [(n, f"Tin {n}") for n in range(1, 10)]
        assert versions("dung") == [(n, f"Tin {n}") for n in range(1, 4)]
        assert dict(connection.execute(select(ArticleRow.id, ArticleRow.version)).all()) == {"trung": 9, "dung": 3}
    engine.dispose()

    store = Store(database_url)
    try:
        assert store.state("trung").version == 9
        assert store.get_article("trung", f"{4:064d}").title == "Tin 4"
        assert store.get_article("trung").source_version is None
    finally:
        store.close()


def test_after_the_migration_a_duplicate_version_number_is_refused(database_url):
    Store(database_url).close()
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            add_article(connection, "tin", 1, [1])
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert(old.article_versions).values(
                article_id="tin", version=1, content_hash="f" * 64, title="Tin", blocks=[], created_at=T0))
    finally:
        engine.dispose()


def test_stored_urls_that_are_not_http_are_cleared(database_url):
    engine = at_revision_0003(database_url)
    urls = {"js": "javascript:alert(document.domain)//http://x", "data": "data:text/html,<b>x</b>",
            "relative": "/tin/1", "http": "http://radio.example.vn/tin/1", "https": " HTTPS://radio.example.vn/2",
            "none": None}
    with engine.begin() as connection:
        for article_id, url in urls.items():
            add_article(connection, article_id, 1, [1], url=url)
    upgrade_schema(engine)
    with engine.connect() as connection:
        kept = dict(connection.execute(select(ArticleRow.id, ArticleRow.url)).all())
    engine.dispose()
    assert kept == {"js": None, "data": None, "relative": None, "none": None,
                    "http": "http://radio.example.vn/tin/1", "https": " HTTPS://radio.example.vn/2"}
