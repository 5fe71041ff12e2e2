"""``loa articles``, ``loa retract`` and ``loa poll`` as an operator uses them."""
from __future__ import annotations

import threading
from datetime import datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from click.testing import CliRunner

from articles.model import Article, Block
from articles.store import Store
from cli.main import main
from loa.settings import Settings
from tests.support.queues import RedisTarget, RenderQueue
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Khánh thành cầu mới qua sông Hiếu"


def article(article_id: str, title: str, day: int) -> Article:
    return Article(id=article_id, title=title, published=datetime(2026, 11, day, 8, 0, tzinfo=HCM),
                   blocks=(Block("body", "Cầu dài 320 mét, rộng 12 mét."),))


@pytest.fixture
def station(tmp_path, redis_url, redis_prefix):
    """Three articles: one published with its file in the drop folder, one failed, one new."""
    drop = tmp_path / "drop"
    settings = Settings(data_dir=tmp_path / "var", engine="espeak", public_base_url="https://radio.example.vn/loa",
                        drop_folder=str(drop), redis_url=redis_url, key_prefix=redis_prefix,
                        fetch_allow_private=True)
    pipeline = Pipeline(settings)
    try:
        for a in (article("bai-cau", TITLE, 20), article("bai-loi", "Hội nghị tổng kết năm", 21),
                  article("bai-moi", "Tin mới nhận", 22)):
            pipeline.store.save_article(a)
        pipeline.render("bai-cau")
        pipeline.store.set_status("bai-loi", "failed", error="synthesize: ServiceError: Google trả lỗi 503")
    finally:
        pipeline.close()
    env = {"LOA_DATA_DIR": str(settings.data_dir), "LOA_ENGINE": "espeak", "LOA_DROP_FOLDER": str(drop),
           "LOA_PUBLIC_BASE_URL": settings.public_base_url, "LOA_REDIS_URL": redis_url,
           "LOA_KEY_PREFIX": redis_prefix, "LOA_FETCH_ALLOW_PRIVATE": "true", "LOA_DATABASE_URL": ""}
    return settings, env


def loa(env: dict[str, str], *args: str):
    return CliRunner(mix_stderr=False).invoke(main, list(args), env=env)


def test_articles_lists_id_status_title_and_when_changed(station):
    _settings, env = station
    result = loa(env, "articles")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = {line.split()[0]: line for line in lines if not line.startswith(" ")}
    assert set(rows) == {"bai-cau", "bai-loi", "bai-moi"}
    assert rows["bai-cau"].split()[1] == "published" and rows["bai-cau"].endswith(TITLE)
    assert rows["bai-loi"].split()[1] == "failed"
    day = datetime.now(HCM).strftime("%Y-%m-%d")
    assert all(day in line for line in rows.values())
    assert "error: synthesize: ServiceError: Google trả lỗi 503" in result.stdout


def test_articles_filters_by_status_and_limits(station):
    _settings, env = station
    failed = loa(env, "articles", "--status", "failed")
    assert failed.exit_code == 0
    assert [line.split()[0] for line in failed.stdout.splitlines() if not line.startswith(" ")] == ["bai-loi"]
    limited = loa(env, "articles", "--limit", "1").stdout.splitlines()
    assert len([line for line in limited if not line.startswith(" ")]) == 1
    none = loa(env, "articles", "--status", "retracted")
    assert none.exit_code == 0 and none.stdout == "" and "no retracted articles" in none.stderr
    bad = loa(env, "articles", "--status", "xong")
    assert bad.exit_code == 2 and "'xong' is not one of" in bad.stderr


def test_retract_takes_the_article_out_of_the_feed_and_the_drop_folder(station):
    settings, env = station
    drop = settings.drop_folder
    assert any("bai-cau" in p.name for p in Path(drop).iterdir())
    assert len(feedparser.parse((settings.data_dir / "feed.xml").read_bytes()).entries) == 1

    result = loa(env, "retract", "bai-cau")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "bai-cau retracted: out of the feed and the drop folder"
    feed = feedparser.parse((settings.data_dir / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries == []
    assert not any("bai-cau" in p.name for p in Path(drop).iterdir())
    assert "retracted" in loa(env, "articles", "--status", "retracted").stdout


def test_retracting_an_unknown_article_is_one_line(station):
    _settings, env = station
    result = loa(env, "retract", "khong-co")
    assert result.exit_code == 1
    assert result.stderr.strip() == "loa: error: no article with id 'khong-co'"


class Site:
    """The station's site: an RSS feed of one item and its page."""

    def __init__(self):
        page = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin lũ</title></head><body>'
                "<article><h1>Tỉnh chủ động ứng phó mưa lớn</h1><p>Sáng nay, tỉnh họp khẩn để ứng phó mưa lớn.</p>"
                "<p>Các địa phương đã di dời hơn 400 hộ dân.</p></article></body></html>").encode()
        handler = self._handler(page)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _handler(self, page: bytes):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/rss.xml":
                    body, kind = site.rss(), "application/rss+xml"
                else:
                    body, kind = page, "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def rss(self) -> bytes:
        link = escape(f"{self.base}/tin/1")
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Đài</title>'
                "<link>https://radio.example.vn/</link><description>Tin</description>"
                f"<item><title>Tỉnh chủ động ứng phó mưa lớn</title><link>{link}</link>"
                '<guid isPermaLink="false">qtv-1</guid></item></channel></rss>').encode()


def test_poll_reads_the_source_feeds_once_and_queues_what_is_new(station, redis_url, redis_prefix):
    settings, env = station
    site = Site()
    try:
        env = {**env, "LOA_SOURCE_FEEDS": f"{site.base}/rss.xml"}
        first = loa(env, "poll")
        assert first.exit_code == 0, first.stderr
        assert f"{site.base}/rss.xml: ok, 1 new, 0 changed, 0 unchanged" in first.stdout
        assert first.stdout.splitlines()[-1].startswith("queued: 1 (")
        renders = RenderQueue(RedisTarget(redis_url, redis_prefix)).renders()
        assert len(renders) == 1
        store = Store(settings.db_url)
        try:
            assert store.state(renders[0][0]).status == "queued"
        finally:
            store.close()
        again = loa(env, "poll")
        assert "0 new, 0 changed, 1 unchanged" in again.stdout and "queued: 0" in again.stdout
    finally:
        site.httpd.shutdown()


def test_poll_without_source_feeds_says_what_to_set(station):
    _settings, env = station
    result = loa(env, "poll")
    assert result.exit_code == 1
    assert result.stderr.strip() == "loa: error: LOA_SOURCE_FEEDS is empty: set it to the station's RSS or Atom feeds"


def test_poll_without_redis_is_one_line(station):
    _settings, env = station
    result = loa({**env, "LOA_SOURCE_FEEDS": "https://radio.example.vn/rss.xml", "LOA_REDIS_URL": "redis://127.0.0.1:1/0"},
                 "poll")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("loa: error: cannot poll: ")
