"""Beat polls a source feed on 127.0.0.1 and real workers on a real Redis publish what it finds.

Nobody calls ``loa add``: a new item in the station's feed becomes an episode, an edited page
re-renders under the same GUID with only its changed sentence synthesized, and a poll that finds
nothing new renders nothing.
"""
from __future__ import annotations

import hashlib
import json
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import func, select

from articles.db import EpisodeRow
from articles.ingest import article_id
from articles.store import Store
from tests.support.workers import Beat, Worker, loa_env, wait_for
from worker.pipeline import episode_guid

pytestmark = pytest.mark.integration

GUID = "qtv-tin-24817"
TITLE = "Tỉnh chủ động ứng phó mưa lớn"
PARAGRAPHS = [
    "Sáng nay, Ban Chỉ huy phòng chống thiên tai tỉnh họp khẩn để ứng phó với đợt mưa lớn.",
    "Mực nước sông đang lên nhanh. Các địa phương đã di dời hơn 400 hộ dân khỏi vùng nguy hiểm.",
    "Người dân cần theo dõi bản tin thời tiết và không đi qua ngầm tràn khi nước đang chảy xiết.",
]
EDITED = PARAGRAPHS[:1] + [
    "Mực nước sông đang lên nhanh. Các địa phương đã di dời hơn 520 hộ dân khỏi vùng nguy hiểm.",
] + PARAGRAPHS[2:]


def page(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{TITLE}</title>'
            '<meta property="article:published_time" content="2026-11-27T07:30:00+07:00"></head>'
            f"<body><article><h1>{TITLE}</h1>{body}</article></body></html>").encode()


def rss(items: list[tuple[str, str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="false">{guid}</guid><description>{escape(note)}</description></item>'
        for guid, title, link, note in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Đài PT-TH</title>'
            f"<link>https://radio.example.vn/</link><description>Tin</description>{entries}</channel></rss>"
            ).encode()


class Site:
    """The station's web site: an RSS feed with ETags and article pages; requests are counted."""

    def __init__(self):
        self.pages: dict[str, tuple[str, bytes]] = {"/rss.xml": ("application/rss+xml", rss([]))}
        self.feed_polls = 0
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                if self.path == "/rss.xml":
                    site.feed_polls += 1
                if self.path not in site.pages:
                    self.send_error(404)
                    return
                content_type, body = site.pages[self.path]
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def publish(self, paragraphs: list[str], note: str) -> None:
        self.pages["/tin/mua-lon.html"] = ("text/html", page(paragraphs))
        self.pages["/rss.xml"] = ("application/rss+xml",
                                  rss([(GUID, TITLE, f"{self.base}/tin/mua-lon.html", note)]))

    def close(self) -> None:
        self.httpd.shutdown()


def feed_entries(data_dir: Path) -> list:
    path = data_dir / "feed.xml"
    if not path.exists():
        return []
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed.entries


def synthesized(log: Path) -> list[str]:
    return [line.split("\t", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def test_beat_polls_the_source_feed_and_workers_publish_new_and_edited_items(tmp_path, redis_url):
    data_dir = tmp_path / "var"
    synth_log = tmp_path / "synth.log"
    site = Site()
    env = loa_env(data_dir, redis_url, engine="tests.support.engines:SlowEspeakEngine",
                  LOA_TEST_SYNTH_LOG=str(synth_log), LOA_POLL_INTERVAL="2",
                  LOA_SOURCE_FEEDS=f"{site.base}/rss.xml", LOA_FETCH_ALLOW_PRIVATE="true",
                  # Nothing here is redelivered on purpose: roomy limits keep a busy machine from
                  # failing a render on time.
                  LOA_TASK_TIME_LIMIT="60", LOA_TASK_SOFT_TIME_LIMIT="50", LOA_VISIBILITY_TIMEOUT="120")
    the_id = article_id(GUID, None, "")
    store = Store(f"sqlite:///{data_dir / 'loa.db'}")
    worker = Worker(env, tmp_path / "worker.log")
    beat = Beat(env, tmp_path)
    try:
        wait_for(lambda: site.feed_polls >= 1, 30, "beat to have the empty feed polled")
        assert feed_entries(data_dir) == []

        # A new item in the station's feed.
        site.publish(PARAGRAPHS, "Bản đầu")
        entries = wait_for(lambda: feed_entries(data_dir), 60, "the new item's episode in the podcast feed")
        assert [e.title for e in entries] == [TITLE]
        first_audio = entries[0].enclosures[0].href
        assert entries[0].id == episode_guid(the_id)
        first_lines = synthesized(synth_log)
        assert first_lines and len(first_lines) == len(set(first_lines)), "each sentence synthesized once"
        assert store.state(the_id).version == 1

        # The page is edited: one sentence changes; the feed item keeps its guid.
        site.publish(EDITED, "Bản sửa")

        def republished():
            state = store.state(the_id)
            found = feed_entries(data_dir)
            return (state.version == 2 and state.status == "published" and found
                    and found[0].enclosures[0].href != first_audio and found)

        entries = wait_for(republished, 60, "the edited item to be re-rendered")
        assert len(entries) == 1 and entries[0].id == episode_guid(the_id) and entries[0].title == TITLE
        new_lines = synthesized(synth_log)[len(first_lines):]
        assert len(new_lines) == 1, f"only the changed sentence is synthesized, got {new_lines}"
        assert new_lines[0] not in first_lines and "hộ dân" in new_lines[0]

        # Polls that find nothing new render nothing.
        polls = site.feed_polls
        wait_for(lambda: site.feed_polls >= polls + 2, 20, "two more polls")
        assert synthesized(synth_log) == first_lines + new_lines
        assert store.state(the_id).version == 2
        with store.session() as s:
            episodes = s.scalar(select(func.count()).select_from(EpisodeRow).where(EpisodeRow.article_id == the_id))
        assert episodes == 2
        assert [e.id for e in feed_entries(data_dir)] == [episode_guid(the_id)]
    finally:
        beat.stop()
        worker.stop()
        store.close()
        site.close()
    assert "Traceback" not in worker.log()
    assert "loa.poll_sources" in beat.log_path.read_text(errors="replace")


def run_poll(client, redis_client, prefix: str) -> dict:
    """Send ``loa.poll_sources`` to the workers; its result, as the worker stored it in Redis."""
    task_id = client.send_task("loa.poll_sources").id
    stored = wait_for(lambda: redis_client.get(f"{prefix}celery-task-meta-{task_id}"), 30, "the poll's result")
    meta = json.loads(stored)
    assert meta["status"] == "SUCCESS", meta
    return meta["result"]


def test_a_poll_is_skipped_while_another_holds_the_lock(tmp_path, redis_url):
    import redis

    from loa.settings import Settings
    from worker.app import make_app
    from worker.polling import LOCK_KEY

    site = Site()
    site.publish(PARAGRAPHS, "Bản đầu")
    env = loa_env(tmp_path / "var", redis_url, LOA_POLL_INTERVAL="30", LOA_SOURCE_FEEDS=f"{site.base}/rss.xml",
                  LOA_FETCH_ALLOW_PRIVATE="true")
    prefix = env["LOA_KEY_PREFIX"]
    client = make_app(Settings(redis_url=redis_url, key_prefix=prefix))
    client.conf.result_backend = None  # results are read from Redis directly, as the worker stored them
    redis_client = redis.Redis.from_url(redis_url)
    running = redis_client.lock(prefix + LOCK_KEY, timeout=30)
    assert running.acquire(blocking=False)
    worker = Worker(env, tmp_path / "worker.log")
    try:
        skipped = run_poll(client, redis_client, prefix)
        assert skipped == {"skipped": "another poll is running"}
        assert site.feed_polls == 0
        running.release()
        polled = run_poll(client, redis_client, prefix)
        assert polled["queued"] == [article_id(GUID, None, "")]
        assert site.feed_polls == 1
    finally:
        if running.owned():
            running.release()
        worker.stop()
        client.close()
        site.close()
