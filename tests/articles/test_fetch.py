"""Fetching articles over HTTP from a server on 127.0.0.1 (allowed by LOA_FETCH_ALLOW_PRIVATE)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from articles.errors import IngestError
from articles.ingest import parse_article, read_source

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
PAGES = {
    "/tin/ung-pho-mua-lu.html": ("text/html; charset=utf-8", (SAMPLES / "02-ung-pho-mua-lu.html").read_bytes()),
    "/api/bai.json": ("application/json", (SAMPLES / "03-duong-ket-noi-ql1a.json").read_bytes()),
    "/anh.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "/lon.html": ("text/html", b"<p>" + b"a" * (300 * 1024) + b"</p>"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path not in PAGES:
            self.send_error(404)
            return
        content_type, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def allow_private(monkeypatch):
    monkeypatch.setenv("LOA_FETCH_ALLOW_PRIVATE", "true")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_html_page_by_url_keeps_its_url_and_gets_a_url_id(server):
    url = f"{server}/tin/ung-pho-mua-lu.html"
    data, fmt, source_url = read_source(url)
    assert (fmt, source_url) == ("html", url)
    article = parse_article(data, fmt, name=url, source_url=source_url)
    assert article.url == url and article.id.startswith("u-")
    assert article.title.startswith("Quảng Trị: Di dời hơn 3.100 hộ dân")


def test_json_by_url(server):
    data, fmt, url = read_source(f"{server}/api/bai.json")
    article = parse_article(data, fmt, name=url, source_url=url)
    assert fmt == "json" and article.id == "qtv-2024-09-26-23512"


@pytest.mark.parametrize("path, message", [
    ("/khong-co.html", "HTTP 404"),
    ("/anh.png", "unsupported content type"),
])
def test_refusals(server, path, message):
    with pytest.raises(IngestError, match=message):
        read_source(f"{server}{path}")


def test_size_cap(server):
    from articles.fetch import fetch_url

    with pytest.raises(IngestError, match="larger than"):
        fetch_url(f"{server}/lon.html", max_bytes=100 * 1024)


def test_connection_refused_is_one_line():
    with pytest.raises(IngestError, match="cannot connect"):
        read_source("http://127.0.0.1:9/tin.html", timeout=2)


def test_without_the_allowance_a_local_address_is_refused(server, monkeypatch):
    monkeypatch.delenv("LOA_FETCH_ALLOW_PRIVATE")
    with pytest.raises(IngestError, match="refused, 127.0.0.1 is a loopback address"):
        read_source(f"{server}/tin/ung-pho-mua-lu.html")
