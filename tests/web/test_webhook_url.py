"""Deliveries with only a URL: recorded as fetching and answered at once; the page is read by a worker
(here its code runs in the test process, on the real queues and a real web server on 127.0.0.1)."""
from __future__ import annotations

import socket
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest
from fastapi.testclient import TestClient

from tests.conftest import _free_port
from tests.support.queues import queued
from tests.web.test_webhook import ARTICLE, body_of, post, status_of
from web.services import services
from worker.fetching import fetch_and_save

PAGE = """<!doctype html><html><head><title>Trang báo</title>
<meta property="article:published_time" content="2026-11-20T06:00:00+07:00">
<meta property="article:section" content="Giao thông"><meta property="article:tag" content="Ven biển"></head>
<body><article><h1>Đường ven biển thông xe</h1>
<p>Tuyến đường ven biển dài 30 km chính thức thông xe sáng nay sau ba năm xây dựng.</p>
<p>Tuyến đường giúp rút ngắn thời gian đi lại giữa hai huyện.</p></article></body></html>"""


@pytest.fixture
def site():
    """A local web site: one article page, a picture, and 404 for the rest; requests are counted."""

    class Handler(BaseHTTPRequestHandler):
        requests: list[str] = []

        def do_GET(self):  # noqa: N802 (http.server's naming)
            Handler.requests.append(self.path)
            pages = {"/tin/duong-ven-bien": ("text/html; charset=utf-8", PAGE.encode()),
                     "/anh.png": ("image/png", b"\x89PNG\r\n\x1a\n")}
            if self.path not in pages:
                self.send_error(404)
                return
            content_type, data = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    Handler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", _free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.requests = Handler.requests
    yield server
    server.shutdown()
    server.server_close()


def queued_in(settings, queue):
    return queued(settings.redis_url, settings.key_prefix, queue)


def worker_fetches(client, article_id):
    """What ``loa.fetch_article`` does in a worker: read the page, save the article."""
    return fetch_and_save(services(client.app).pipeline, article_id)


def test_a_delivery_with_only_a_url_is_answered_at_once_and_its_page_fetched_by_a_worker(
        client, signer, site, web_settings):
    doc = {"id": "bai-url", "url": f"{site.base}/tin/duong-ven-bien", "title": "Thông xe đường ven biển",
           "published": "2026-11-21T07:30:00+07:00", "priority": 5}
    response = post(client, signer, doc)

    assert response.status_code == 202, response.text
    assert response.json() == {"id": "bai-url", "status": "fetching", "version": 0, "changed": None,
                               "fetching": doc["url"],
                               "status_url": "https://radio.example.vn/loa/api/articles/bai-url"}
    assert site.requests == []  # the web request itself never fetched
    assert queued_in(web_settings, "ingest") == [("loa.fetch_article", ["bai-url"])]
    assert queued_in(web_settings, "audio") == []
    waiting = status_of(client, signer, "bai-url").json()
    assert (waiting["status"], waiting["title"], waiting["error"]) == ("fetching", "Thông xe đường ven biển", None)

    outcome = worker_fetches(client, "bai-url")

    assert outcome.render and outcome.error is None
    assert site.requests == ["/tin/duong-ven-bien"]
    status = status_of(client, signer, "bai-url").json()
    assert (status["title"], status["published"], status["version"]) == (
        "Thông xe đường ven biển", "2026-11-21T07:30:00+07:00", 1)
    article = services(client.app).store.get_article("bai-url")
    assert article.priority == 5 and article.url == doc["url"] and "30 km" in article.text


def test_the_pages_section_and_tags_unless_the_delivery_gives_its_own(client, signer, site):
    url = f"{site.base}/tin/duong-ven-bien"
    post(client, signer, {"id": "trang-noi", "url": url})
    post(client, signer, {"id": "cms-noi", "url": url, "category": "Thời sự", "tags": ["Hạ tầng"]})
    for article_id in ("trang-noi", "cms-noi"):
        worker_fetches(client, article_id)
    store = services(client.app).store
    assert (store.get_article("trang-noi").section, store.get_article("trang-noi").tags) == (
        "Giao thông", ("Ven biển",))
    assert (store.get_article("cms-noi").section, store.get_article("cms-noi").tags) == ("Thời sự", ("Hạ tầng",))


def test_without_an_id_the_article_id_comes_from_the_url(client, signer, site):
    url = f"{site.base}/tin/duong-ven-bien"
    response = post(client, signer, {"url": url})
    assert response.status_code == 202
    article_id = response.json()["id"]
    assert article_id.startswith("u-")
    worker_fetches(client, article_id)
    status = status_of(client, signer, article_id).json()
    assert (status["title"], status["published"]) == ("Đường ven biển thông xe", "2026-11-20T06:00:00+07:00")


@pytest.mark.parametrize("path, reason", [
    ("/khong-co", "the server answered HTTP 404"),
    ("/anh.png", "unsupported content type 'image/png'"),
])
def test_a_page_that_cannot_be_read_fails_the_article_with_the_reason(client, signer, site, path, reason):
    assert post(client, signer, {"id": "bai-loi", "url": f"{site.base}{path}"}).status_code == 202

    outcome = worker_fetches(client, "bai-loi")

    assert not outcome.render
    status = status_of(client, signer, "bai-loi").json()
    assert status["status"] == "failed"
    assert status["error"].startswith(f"page not read: {site.base}{path}: ") and reason in status["error"]
    assert services(client.app).store.renders.fetch_request("bai-loi") is None


def test_a_server_that_refuses_connections_fails_the_article_as_unreachable(client, signer):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/tin"  # bound, not listening
        assert post(client, signer, {"id": "bai-dong", "url": url}).status_code == 202
        worker_fetches(client, "bai-dong")
    status = status_of(client, signer, "bai-dong").json()
    assert (status["status"], status["error"]) == ("failed", f"page not read: {url}: cannot connect (ConnectionError)")


def test_without_the_allowance_a_local_page_is_refused_at_fetch_time(client, signer, site, web_settings, make_app):
    with TestClient(make_app(replace(web_settings, fetch_allow_private=False))) as strict:
        assert post(strict, signer, {"id": "bai-noi-bo", "url": f"http://localhost:{site.server_address[1]}/tin"}
                    ).status_code == 202
        worker_fetches(strict, "bai-noi-bo")
        status = status_of(strict, signer, "bai-noi-bo").json()
    assert status["status"] == "failed" and "resolves to 127.0.0.1, a loopback address" in status["error"]
    assert site.requests == []


@pytest.mark.parametrize("doc, message", [
    ({"id": "bai-1", "url": "ftp://radio.example.vn/tin"}, "must be an absolute http or https URL, not a ftp: URL"),
    ({"id": "bai-1", "url": "http://169.254.169.254/latest/meta-data/"}, "a cloud metadata address"),
    ({"id": "bai-1", "url": "http://radio.example.vn:99999/tin"}, "is not a valid URL (Port out of range"),
    ({"id": "bai-1", "url": "https://radio.example.vn/tin", "priority": "cao"}, "'priority' must be a whole number"),
    ({"id": "bai-1", "url": "https://radio.example.vn/tin", "published": "hôm qua"}, "not an ISO 8601 time"),
])
def test_a_bad_url_or_field_is_422_at_once_and_nothing_is_stored(client, signer, web_settings, doc, message):
    response = post(client, signer, doc)
    assert response.status_code == 422
    assert message in response.json()["detail"] and "\n" not in response.json()["detail"]
    assert status_of(client, signer, "bai-1").status_code == 404
    assert queued_in(web_settings, "ingest") == []


def test_put_with_only_a_url_and_an_unusable_id_is_422(client, signer, web_settings):
    body = body_of({"url": "https://radio.example.vn/tin"})
    path = "/api/articles/" + "x" * 80
    response = client.put(path, content=body, headers=signer.headers("PUT", path, body))
    assert response.status_code == 422 and "not a usable article id" in response.json()["detail"]
    assert queued_in(web_settings, "ingest") == []


def test_when_redis_is_down_the_delivery_is_503_and_nothing_is_stored(web_settings, make_app, signer, site):
    down = replace(web_settings, redis_url=f"redis://127.0.0.1:{_free_port()}/0")
    doc = {"id": "bai-url", "url": f"{site.base}/tin/duong-ven-bien"}
    with TestClient(make_app(down)) as client:
        response = post(client, signer, doc)
        # The delivery id cannot be checked, so nothing is done (and the CMS is told to try again).
        assert response.status_code == 503 and response.headers["retry-after"] == "30"
        assert client.get("/api/articles/bai-url").status_code == 404
    with TestClient(make_app(web_settings)) as client:
        assert post(client, signer, doc).json()["status"] == "fetching"
    assert queued_in(web_settings, "ingest") == [("loa.fetch_article", ["bai-url"])]


def test_a_published_article_fetched_again_unchanged_stays_published(client, signer, site, web_settings):
    doc = {"id": "bai-url", "url": f"{site.base}/tin/duong-ven-bien"}
    post(client, signer, doc)
    worker_fetches(client, "bai-url")
    services(client.app).pipeline.render("bai-url")

    response = post(client, signer, doc)  # the CMS sends the same URL again
    assert response.status_code == 202 and response.json()["status"] == "published"
    outcome = worker_fetches(client, "bai-url")

    assert not outcome.render
    assert status_of(client, signer, "bai-url").json()["status"] == "published"
    entries = feedparser.parse(client.get("/feed.xml").content).entries
    assert [e.title for e in entries] == ["Đường ven biển thông xe"]


def test_the_web_app_keeps_answering_while_many_pages_hang(client, signer, web_settings):
    # A server that accepts connections and never answers: 45 deliveries naming it are each answered
    # at once, it is never connected to by the web app, and the feed and the API still answer.
    assert post(client, signer, ARTICLE).status_code == 202
    services(client.app).pipeline.render(ARTICLE["id"])
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(64)
    hanging.settimeout(0.2)
    base = f"http://127.0.0.1:{hanging.getsockname()[1]}"
    try:
        answers = [post(client, signer, {"id": f"bai-treo-{n}", "url": f"{base}/tin/{n}"}) for n in range(45)]
        assert {r.status_code for r in answers} == {202}
        assert {r.json()["status"] for r in answers} == {"fetching"}
        with pytest.raises(TimeoutError):
            hanging.accept()  # nobody connected
        feed = client.get("/feed.xml")
        assert feed.status_code == 200
        assert [e.title for e in feedparser.parse(feed.content).entries] == [ARTICLE["title"]]
        assert status_of(client, signer, "bai-treo-44").json()["status"] == "fetching"
        assert len(queued_in(web_settings, "ingest")) == 45
    finally:
        hanging.close()
