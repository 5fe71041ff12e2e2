"""Schema migrations: a database made by the release before migrations, with data in it, upgrades in
place on SQLite and PostgreSQL losing nothing; fresh databases get the whole schema; a database
behind or ahead of this release is refused with a clear message."""
from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from articles.db import Base, make_engine
from articles.schema import SchemaError, head_revision, prepare_schema, schema_status, upgrade_schema
from articles.sources_db import SourceStore
from articles.store import Store
from tests.support import previous_release as old
from tests.support.workers import loa_env, run_loa

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
BLOCKS = [["lead", "Sáng nay, tỉnh khánh thành cầu mới qua sông Hiếu."], ["body", "Cầu dài 320 mét."]]
TIMELINE = [{"index": 0, "start": 0, "end": 24000, "role": "headline", "paragraph": 0,
             "text": "Khánh thành cầu mới", "spoken": "Khánh thành cầu mới"}]


def fill_previous_release(url: str, tables=None) -> None:
    """A database as the release before migrations left it, with a row in every table it made."""
    engine = create_engine(url)
    old.metadata.create_all(engine, tables=tables)
    made = set(inspect(engine).get_table_names())
    with engine.begin() as db:
        db.execute(old.articles.insert().values(
            id="cau-moi", title="Khánh thành cầu mới", published=T0, author="Thanh Tâm",
            url="https://radio.example.vn/cau-moi", content_hash="b" * 64, blocks=BLOCKS, priority=2, version=2,
            status="published", error=None, engine="espeak", created_at=T0, updated_at=T0))
        db.execute(old.article_versions.insert(), [
            {"article_id": "cau-moi", "version": 1, "content_hash": "a" * 64, "title": "Cầu mới",
             "blocks": BLOCKS[:1], "created_at": T0},
            {"article_id": "cau-moi", "version": 2, "content_hash": "b" * 64, "title": "Khánh thành cầu mới",
             "blocks": BLOCKS, "created_at": T0},
        ])
        db.execute(old.episodes.insert().values(
            article_id="cau-moi", content_hash="b" * 64, script_hash="c" * 64, guid="guid-cau-moi",
            engine="espeak", voice="vi", audio_key="episodes/cau-moi/cau-moi-cccccccccc.mp3", audio_bytes=12345,
            sample_rate=24000, frames=24000, duration=1.0, timeline=TIMELINE, created_at=T0))
        db.execute(old.bulletins.insert().values(
            id="b-20261120-0600-20261120-1130", guid="guid-ban-tin", title="Bản tin thời sự 11:30", since=T0,
            until=T0, slot_seconds=900.0, article_ids=["cau-moi"], left_out=[],
            chapters=[{"article_id": "cau-moi", "title": "Khánh thành cầu mới", "url": None, "start": 0,
                       "end": 24000}],
            engine="espeak", audio_key="bulletins/b/b.mp3", audio_bytes=999, sample_rate=24000, frames=48000,
            created_at=T0, updated_at=T0))
        if "users" in made:
            db.execute(old.users.insert().values(username="bien-tap", password_hash="$argon2id$hash",
                                                 created_at=T0))
        if "source_items" in made:
            db.execute(old.source_feeds.insert().values(url="https://radio.example.vn/rss", etag='"v1"',
                                                        last_status="ok", polled_at=T0))
            db.execute(old.source_items.insert().values(
                feed_url="https://radio.example.vn/rss", guid="tin-1", link="https://radio.example.vn/cau-moi",
                article_id="cau-moi", rendered_hash="b" * 64, seen_at=T0))
    engine.dispose()


def assert_nothing_lost(url: str, with_accounts_and_sources: bool = True) -> None:
    store = Store(url)
    try:
        article = store.get_article("cau-moi")
        assert article.title == "Khánh thành cầu mới" and article.priority == 2
        assert [(b.role, b.text) for b in article.blocks] == [tuple(b) for b in BLOCKS]
        assert article.published == T0
        assert store.get_article("cau-moi", "a" * 64).title == "Cầu mới"  # the first version is still there
        state = store.state("cau-moi")
        assert (state.status, state.version, state.engine) == ("published", 2, "espeak")
        assert state.episode.audio_bytes == 12345 and state.episode.timeline[0].text == "Khánh thành cầu mới"
        [bulletin] = store.bulletins()
        assert bulletin.slot_seconds == 900.0 and [i.article_id for i in bulletin.items] == ["cau-moi"]
        if with_accounts_and_sources:
            assert store.account("bien-tap").password_hash == "$argon2id$hash"
            sources = SourceStore(store.engine)
            item = sources.item("https://radio.example.vn/rss", "tin-1")
            assert (item.article_id, item.rendered_hash) == ("cau-moi", "b" * 64)
            assert sources.feed("https://radio.example.vn/rss").etag == '"v1"'
        assert schema_status(store.engine).up_to_date
    finally:
        store.close()


def assert_schema_matches_the_models(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_a_previous_release_database_upgrades_in_place_losing_nothing(database_url):
    fill_previous_release(database_url)
    assert schema_status(make_engine(database_url)).current is None
    assert_nothing_lost(database_url)
    assert_schema_matches_the_models(database_url)


def test_a_previous_release_database_without_accounts_or_sources_gains_those_tables(database_url):
    fill_previous_release(database_url, tables=old.STORE_TABLES)
    assert_nothing_lost(database_url, with_accounts_and_sources=False)
    assert_schema_matches_the_models(database_url)


def test_a_fresh_database_gets_the_whole_schema(database_url):
    store = Store(database_url)
    store.close()
    assert_schema_matches_the_models(database_url)
    assert schema_status(make_engine(database_url)).current == head_revision()


def test_upgrading_twice_changes_nothing(database_url):
    fill_previous_release(database_url)
    engine = make_engine(database_url)
    try:
        assert upgrade_schema(engine) == (None, head_revision())
        assert upgrade_schema(engine) == (head_revision(), head_revision())
    finally:
        engine.dispose()
    assert_nothing_lost(database_url)


def test_processes_starting_together_upgrade_once(database_url):
    errors: list[BaseException] = []

    def start() -> None:
        engine = make_engine(database_url)
        try:
            upgrade_schema(engine)
        except BaseException as err:  # reported below
            errors.append(err)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            head_revision()]
    engine.dispose()


def test_a_database_behind_is_refused_when_upgrading_at_start_is_off(database_url):
    fill_previous_release(database_url)
    with pytest.raises(SchemaError, match="run 'loa db upgrade'"):
        Store(database_url, upgrade=False)
    engine = make_engine(database_url)
    try:
        assert schema_status(engine).current is None  # nothing was changed
        assert "seen_at" in {c["name"] for c in inspect(engine).get_columns("source_items")}
    finally:
        engine.dispose()


def test_a_database_written_by_a_newer_release_is_refused(database_url):
    Store(database_url).close()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    try:
        with pytest.raises(SchemaError, match="newer release"):
            prepare_schema(engine)
        with pytest.raises(SchemaError, match="newer release"):
            upgrade_schema(engine)
    finally:
        engine.dispose()


def test_loa_db_upgrade_and_status(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    url = f"sqlite:///{data_dir / 'loa.db'}"
    fill_previous_release(url)
    env = loa_env(data_dir, "redis://127.0.0.1:1/0")
    behind = run_loa(["db", "status"], env)
    assert behind.returncode == 0 and "behind: run 'loa db upgrade'" in behind.stdout
    upgraded = run_loa(["db", "upgrade"], env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == f"database schema upgraded from none to {head_revision()}"
    assert "up to date" in run_loa(["db", "status"], env).stdout
    assert_nothing_lost(url)


def test_loa_serve_refuses_to_start_on_a_database_behind_when_told_not_to_upgrade(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    fill_previous_release(f"sqlite:///{data_dir / 'loa.db'}")
    env = loa_env(data_dir, "redis://127.0.0.1:1/0", LOA_DB_AUTO_UPGRADE="false")
    for command in (["serve", "--port", "1"], ["worker"]):
        refused = run_loa(command, env, timeout=60)
        assert refused.returncode == 1
        assert refused.stderr.strip().startswith("loa: error: the database schema is at revision none")
        assert "loa db upgrade" in refused.stderr
    engine = make_engine(f"sqlite:///{data_dir / 'loa.db'}")
    with engine.connect() as connection:
        assert connection.execute(select(old.articles.c.id)).scalars().all() == ["cau-moi"]
    engine.dispose()
