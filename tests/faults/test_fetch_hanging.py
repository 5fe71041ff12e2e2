"""Pages whose servers hang (headers a byte at a time) named by URL-only deliveries to the real web
app: every delivery is answered at once, the feed and the API keep answering while workers wait on
those servers, each hanging page fails its article at the fetch deadline with the reason, and a good
page delivered among them is published."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import httpx
import pytest

from tests.conftest import _free_port
from tests.support.faults import all_settled, fault_env, settings_of, settled_outcome
from tests.support.workers import REPO_ROOT, Worker, wait_for
from web.signing import signed_headers

pytestmark = pytest.mark.integration

SECRET = "bi-mat-cua-cms"
PAGE = ("<!doctype html><html><head><title>Tin</title></head><body><article><h1>Cầu mới thông xe</h1>"
        "<p>Sáng nay, cây cầu mới bắc qua sông chính thức thông xe.</p>"
        "<p>Cầu dài 320 mét, rộng 12 mét.</p></article></body></html>").encode()


class HangingSite:
    """Accepts every connection and sends its headers a byte every half second, for a minute."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.open = 0
        self.served = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn):
        with self._lock:
            self.open += 1
            self.served += 1
        try:
            conn.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" * 20:
                conn.sendall(bytes([byte]))
                time.sleep(0.5)
        except OSError:
            pass
        finally:
            with self._lock:
                self.open -= 1
            conn.close()

    def close(self):
        self.sock.close()


def good_site():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def deliver(base: str, doc: dict) -> httpx.Response:
    body = json.dumps(doc).encode()
    return httpx.post(f"{base}/api/articles", content=body, timeout=5,
                      headers={"Content-Type": "application/json", **signed_headers(SECRET, "POST", "/api/articles", body)})


def test_hanging_pages_never_hold_up_the_web_app_and_fail_at_the_deadline(tmp_path, redis_url):
    hanging, good = HangingSite(), good_site()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = fault_env(tmp_path / "var", redis_url, LOA_WEBHOOK_SECRET=SECRET, LOA_FETCH_ALLOW_PRIVATE="true",
                    LOA_FETCH_TIMEOUT="2", LOA_PUBLIC_BASE_URL=base)
    settings = settings_of(env)
    server_log = open(tmp_path / "server.log", "ab")
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], env=env, cwd=REPO_ROOT,
                              stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
    worker = Worker(env, tmp_path / "worker.log", concurrency=4)
    hanging_ids = [f"h-treo-{n}" for n in range(8)]
    try:
        def answers():
            try:
                return httpx.get(f"{base}/dang-nhap", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(answers, 90, "the web app")
        answers_202 = [deliver(base, {"id": i, "url": f"{hanging.base}/tin/{i}"}).status_code for i in hanging_ids]
        assert answers_202 == [202] * len(hanging_ids)
        good_url = f"http://127.0.0.1:{good.server_address[1]}/tin/cau-moi"
        assert deliver(base, {"id": "h-tot", "url": good_url}).status_code == 202

        # While the workers are held by the hanging server, the web app answers as usual.
        wait_for(lambda: hanging.open >= 2, 30, "the workers to be waiting on the hanging server")
        assert httpx.get(f"{base}/dang-nhap", timeout=5).status_code == 200
        status = httpx.get(f"{base}/api/articles/h-treo-7", headers=signed_headers(SECRET, "GET", "/api/articles/h-treo-7"),
                           timeout=5)
        assert status.status_code == 200 and status.json()["status"] in ("fetching", "failed")

        ids = [*hanging_ids, "h-tot"]
        wait_for(lambda: all_settled(settings, ids), 90, "every fetch to end")
        feed = httpx.get(f"{base}/feed.xml", timeout=5)
        outcome = settled_outcome(settings, ids)
    finally:
        worker.stop()
        server.terminate()
        server.wait(timeout=15)
        server_log.close()
        hanging.close()
        good.shutdown()
    assert outcome.published == ["h-tot"]
    assert outcome.failed == {i: f"page not read: {hanging.base}/tin/{i}: timed out after 2 s" for i in hanging_ids}
    assert [e.title for e in feedparser.parse(feed.content).entries] == ["Cầu mới thông xe"]
    assert hanging.served == len(hanging_ids)  # each page fetched once, by a worker
