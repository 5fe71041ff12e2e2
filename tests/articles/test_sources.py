"""Polling source feeds served from 127.0.0.1: what gets queued for rendering, and what does not."""
from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.ingest import article_id
from articles.sources import poll_sources
from articles.sources_db import SourceStore
from articles.store import Store
from loa.settings import Settings

PARAGRAPHS = [
    "Sáng nay, Ban Chỉ huy phòng chống thiên tai tỉnh họp khẩn để ứng phó với đợt mưa lớn.",
    "Lượng mưa tại các huyện miền núi phổ biến từ 150 đến 250 mi li mét. Mực nước sông đang lên nhanh.",
    "Các địa phương đã di dời hơn 400 hộ dân khỏi vùng nguy hiểm.",
]
GUID = "https://radio.example.vn/?p=4711"


def page(title: str | None, paragraphs: list[str], published: str | None = None) -> bytes:
    head = f"<title>{escape(title)} - Đài PT-TH</title>" if title else ""
    if published:
        head += f'<meta property="article:published_time" content="{published}">'
    h1 = f"<h1>{escape(title)}</h1>" if title else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{head}</head>'
            f"<body><article>{h1}{body}</article></body></html>").encode()


def rss(items: list[dict]) -> bytes:
    out = []
    for item in items:
        parts = [f"<title>{escape(item['title'])}</title>", f"<link>{escape(item['link'])}</link>"]
        if "guid" in item:
            parts.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        if "published" in item:
            parts.append(f"<pubDate>{format_datetime(item['published'])}</pubDate>")
        parts.append(f"<description>{escape(item.get('description', ''))}</description>")
        parts += [f"<category>{escape(name)}</category>" for name in item.get("categories", ())]
        out.append("<item>" + "".join(parts) + "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Đài</title>'
            f"<link>https://radio.example.vn/</link><description>Tin</description>{''.join(out)}"
            "</channel></rss>").encode()


class Site:
    """Pages and feeds to serve; every request is logged; feeds carry an ETag unless turned off."""

    def __init__(self):
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.hits: list[str] = []
        self.etags = True

    def feed(self, path: str, items: list[dict]) -> None:
        self.pages[path] = ("application/rss+xml; charset=utf-8", rss(items))

    def html(self, path: str, body: bytes) -> None:
        self.pages[path] = ("text/html; charset=utf-8", body)

    def count(self, path: str) -> int:
        return self.hits.count(path)


@pytest.fixture
def site():
    served = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            served.hits.append(self.path)
            if self.path not in served.pages:
                self.send_error(404)
                return
            content_type, body = served.pages[self.path]
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if served.etags and content_type.startswith("application/rss") \
                    and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if served.etags:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    served.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield served
    httpd.shutdown()


def make_settings(tmp_path, *feeds: str, allow_private: bool = True) -> Settings:
    return Settings(data_dir=tmp_path / "var", engine="espeak", source_feeds=" ".join(feeds),
                    fetch_allow_private=allow_private, fetch_timeout=5)


class Poller:
    """Polls with an enqueue that records what it was handed."""

    def __init__(self, settings: Settings, db_url: str | None = None):
        self.settings = settings
        self.store = Store(db_url or settings.db_url)
        self.sources = SourceStore(self.store.engine)
        self.queued: list[str] = []

    def poll(self, enqueue=None):
        return poll_sources(self.settings, enqueue or self.queued.append, store=self.store, sources=self.sources)

    def close(self):
        self.store.close()


@pytest.fixture
def news(site):
    site.html("/tin/mua-lon.html", page("Tỉnh chủ động ứng phó mưa lớn", PARAGRAPHS, "2026-11-27T07:30:00+07:00"))
    items = [{"guid": GUID, "title": "Tỉnh chủ động ứng phó mưa lớn", "link": f"{site.base}/tin/mua-lon.html",
              "description": "Bản 1"}]
    site.feed("/rss.xml", items)
    return items


def test_a_new_item_is_queued_once_and_a_304_does_nothing(tmp_path, site, news, database_url):
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"), database_url)
    try:
        report = poller.poll()
        expected_id = article_id(GUID, None, "")
        assert poller.queued == [expected_id] and report.feeds[0].new == 1
        article = poller.store.get_article(expected_id)
        assert article.title == "Tỉnh chủ động ứng phó mưa lớn"
        assert article.url == f"{site.base}/tin/mua-lon.html"
        assert [b.text for b in article.blocks] == PARAGRAPHS
        assert article.published == datetime(2026, 11, 27, 0, 30, tzinfo=UTC)

        report = poller.poll()
        assert report.feeds[0].status == "not-modified"
        assert poller.queued == [expected_id]
        assert site.count("/tin/mua-lon.html") == 1, "a 304 fetches no page"
        feed = poller.sources.feed(f"{site.base}/rss.xml")
        assert feed.etag and feed.last_status == "not-modified"
    finally:
        poller.close()


def test_a_changed_feed_with_unchanged_pages_queues_nothing(tmp_path, site, news):
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"))
    try:
        poller.poll()
        news[0]["description"] = "Mô tả mới, trang không đổi"
        site.feed("/rss.xml", news)
        report = poller.poll()
        assert report.feeds[0].status == "ok" and report.feeds[0].unchanged == 1
        assert site.count("/tin/mua-lon.html") == 2
        assert len(poller.queued) == 1
    finally:
        poller.close()


def test_without_validators_every_poll_reads_the_page_but_renders_once(tmp_path, site, news):
    site.etags = False
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"))
    try:
        for _ in range(3):
            poller.poll()
        assert site.count("/rss.xml") == 3 and site.count("/tin/mua-lon.html") == 3
        assert len(poller.queued) == 1
    finally:
        poller.close()


def test_an_edited_page_is_queued_again_under_the_same_id(tmp_path, site, news):
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"))
    try:
        poller.poll()
        edited = PARAGRAPHS[:2] + ["Các địa phương đã di dời hơn 520 hộ dân khỏi vùng nguy hiểm."]
        site.html("/tin/mua-lon.html", page("Tỉnh chủ động ứng phó mưa lớn", edited, "2026-11-27T07:30:00+07:00"))
        news[0]["description"] = "Bản 2"
        site.feed("/rss.xml", news)
        report = poller.poll()
        the_id = article_id(GUID, None, "")
        assert poller.queued == [the_id, the_id] and report.feeds[0].changed == 1
        state = poller.store.state(the_id)
        assert state.version == 2 and state.status == "new"
        assert poller.store.get_article(the_id).blocks[-1].text == edited[-1]
        item = poller.sources.item(f"{site.base}/rss.xml", GUID)
        assert item.rendered_hash == state.content_hash

        news[0]["description"] = "Bản 2, sửa mô tả"
        site.feed("/rss.xml", news)
        poller.poll()
        assert len(poller.queued) == 2, "the same content is not queued again"
    finally:
        poller.close()


def test_a_bad_item_is_recorded_and_the_others_go_on(tmp_path, site, news):
    news.insert(0, {"guid": "bai-hong", "title": "Bài hỏng", "link": f"{site.base}/tin/khong-co.html"})
    news.append({"guid": "bai-anh", "title": "Ảnh", "link": f"{site.base}/anh.png"})
    site.pages["/anh.png"] = ("image/png", b"\x89PNG\r\n\x1a\n")
    site.feed("/rss.xml", news)
    feed_url = f"{site.base}/rss.xml"
    poller = Poller(make_settings(tmp_path, feed_url))
    try:
        report = poller.poll()
        assert poller.queued == [article_id(GUID, None, "")]
        failed = dict(report.feeds[0].failed)
        assert failed.keys() == {"bai-hong", "bai-anh"}
        assert failed["bai-hong"].endswith("the server answered HTTP 404")
        assert "unsupported content type 'image/png'" in failed["bai-anh"]
        assert poller.sources.item(feed_url, "bai-hong").error == failed["bai-hong"]
        assert poller.sources.feed(feed_url).etag is None, "a failed item keeps the feed from being skipped"

        site.html("/tin/khong-co.html", page("Bài đã sửa", PARAGRAPHS[:1]))
        report = poller.poll()
        assert report.feeds[0].status == "ok", "the feed was read again, not answered 304"
        assert poller.queued == [article_id(GUID, None, ""), "bai-hong"]
        assert poller.sources.item(feed_url, "bai-hong").error is None
    finally:
        poller.close()


def test_an_entry_without_guid_is_known_by_its_link_and_takes_title_and_time_from_the_feed(tmp_path, site):
    site.html("/tin/khong-tieu-de.html", page(None, PARAGRAPHS))
    published = datetime(2026, 11, 26, 23, 45, tzinfo=UTC)
    site.feed("/rss.xml", [{"title": "Mưa lớn ở miền núi", "link": "/tin/khong-tieu-de.html",
                            "published": published}])
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"))
    try:
        poller.poll()
        link = f"{site.base}/tin/khong-tieu-de.html"
        assert poller.queued == [article_id(link, None, "")]
        article = poller.store.get_article(poller.queued[0])
        assert article.title == "Mưa lớn ở miền núi"
        assert [b.text for b in article.blocks] == PARAGRAPHS, "no paragraph was taken for the headline"
        assert article.published == published and article.url == link
    finally:
        poller.close()


def test_a_retracted_article_is_not_brought_back_by_an_edit(tmp_path, site, news):
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"))
    try:
        poller.poll()
        the_id = poller.queued[0]
        poller.store.retract(the_id)
        site.html("/tin/mua-lon.html", page("Tỉnh chủ động ứng phó mưa lớn (cập nhật)", PARAGRAPHS))
        news[0]["description"] = "Bản 2"
        site.feed("/rss.xml", news)
        poller.poll()
        assert poller.queued == [the_id]
        assert poller.store.state(the_id).status == "retracted"
        assert poller.store.state(the_id).version == 1
    finally:
        poller.close()


def test_content_saved_but_never_queued_is_queued_on_the_next_poll(tmp_path, site, news):
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"))

    def broken_queue(article_id):
        raise ConnectionError("Redis is down")

    try:
        report = poller.poll(broken_queue)
        assert report.feeds[0].failed == [(GUID, f"{GUID}: ConnectionError: Redis is down")]
        assert poller.queued == []
        poller.poll()
        assert poller.queued == [article_id(GUID, None, "")]
        poller.poll()
        assert len(poller.queued) == 1
    finally:
        poller.close()


def test_an_article_rendered_before_is_not_queued_again(tmp_path, site, news):
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"))
    try:
        poller.poll()
        poller.store.set_status(poller.queued[0], "published")
        # The poller forgets the item (as after a table loss): the article's state decides.
        with poller.sources._sessions() as s, s.begin():
            from articles.sources_db import SourceItemRow

            s.query(SourceItemRow).delete()
        site.etags = False
        poller.poll()
        assert len(poller.queued) == 1
    finally:
        poller.close()


def test_feed_errors_are_recorded_and_other_feeds_are_polled(tmp_path, site, news):
    site.html("/khong-phai-feed.html", page("Trang", PARAGRAPHS))
    site.pages["/hong.xml"] = ("application/rss+xml", b"503 Service Unavailable, come back later")
    feeds = [f"{site.base}/khong-co.xml", f"{site.base}/khong-phai-feed.html", f"{site.base}/hong.xml",
             f"{site.base}/rss.xml"]
    poller = Poller(make_settings(tmp_path, *feeds))
    try:
        report = poller.poll()
        assert [f.status for f in report.feeds] == ["error", "error", "error", "ok"]
        assert report.feeds[0].error.endswith("the server answered HTTP 404")
        assert "unsupported content type 'text/html; charset=utf-8'" in report.feeds[1].error
        assert "not a readable feed" in report.feeds[2].error
        assert poller.queued == [article_id(GUID, None, "")]
        assert poller.sources.feed(feeds[0]).last_error == report.feeds[0].error
    finally:
        poller.close()


def test_local_feeds_are_refused_without_the_allowance(tmp_path, site, news):
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml", allow_private=False))
    try:
        report = poller.poll()
        assert report.feeds[0].status == "error"
        assert report.feeds[0].error.endswith("refused, 127.0.0.1 is a loopback address")
        assert site.hits == [] and poller.queued == []
    finally:
        poller.close()


def test_poll_sources_opens_its_own_store(tmp_path, site, news):
    queued = []
    report = poll_sources(make_settings(tmp_path, f"{site.base}/rss.xml"), queued.append)
    assert queued == report.queued == [article_id(GUID, None, "")]
    assert report.as_dict()["feeds"][0]["new"] == 1
    store = Store(make_settings(tmp_path).db_url)
    try:
        assert store.state(queued[0]).title == "Tỉnh chủ động ứng phó mưa lớn"
    finally:
        store.close()


def test_an_items_categories_are_stored_as_the_articles_section_and_tags(tmp_path, site, database_url):
    site.html("/tin/lua-gao.html", page("Giá lúa gạo tăng đầu vụ", PARAGRAPHS))
    site.feed("/rss.xml", [{"guid": "lua-gao", "title": "Giá lúa gạo tăng đầu vụ",
                            "link": f"{site.base}/tin/lua-gao.html", "categories": ["Kinh tế", "Nông nghiệp"]}])
    poller = Poller(make_settings(tmp_path, f"{site.base}/rss.xml"), database_url)
    try:
        poller.poll()
        stored = poller.store.get_article(poller.queued[0])
        assert (stored.section, stored.tags) == ("Kinh tế", ("Kinh tế", "Nông nghiệp"))
    finally:
        poller.close()
