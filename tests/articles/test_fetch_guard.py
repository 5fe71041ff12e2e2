"""The fetch guard: what Loa refuses to connect to, and the limits of a fetch, on 127.0.0.1 servers."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles import fetch as fetch_module
from articles.errors import IngestError
from articles.fetch import FEED_TYPES, check_url, fetch, refusal

PAGE = "<html><body><h1>Tin</h1><p>Nội dung.</p></body></html>".encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str]] = []  # (path, Host header) of every request

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up mid-answer, as a refusing client should

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.seen.append((self.path, self.headers.get("Host", "")))
        route = ROUTES.get(self.path.split("?")[0])
        if route is None:
            self._send(404, "text/plain", b"not here")
            return
        route(self)

    def _send(self, status, content_type, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location, status=302):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _page(h):
    if h.headers.get("If-None-Match") == '"v1"':
        h.send_response(304)
        h.send_header("ETag", '"v1"')
        h.end_headers()
        return
    h._send(200, "text/html; charset=utf-8", PAGE,
            [("ETag", '"v1"'), ("Last-Modified", "Wed, 26 Nov 2026 01:00:00 GMT")])


def _streamed_big(h):
    # No Content-Length: the cap must stop the download while it streams.
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    for _ in range(64):
        h.wfile.write(b"a" * 16 * 1024)
    h.close_connection = True


def _sleepy(h):
    time.sleep(4)
    h._send(200, "text/html", PAGE)


def _drip(h):
    # Each byte comes well within the per-read timeout; only a deadline for the whole fetch stops it.
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    for _ in range(40):
        h.wfile.write(b"a")
        h.wfile.flush()
        time.sleep(0.2)
    h.close_connection = True


ROUTES = {
    "/tin.html": _page,
    "/anh.png": lambda h: h._send(200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/loi.html": lambda h: h._send(500, "text/html", b"oops"),
    "/lon.html": lambda h: h._send(200, "text/html", b"a" * 300 * 1024),
    "/lon-stream.html": _streamed_big,
    "/ngu.html": _sleepy,
    "/nho-giot.html": _drip,
    "/rss.xml": lambda h: h._send(200, "application/rss+xml", b"<rss version='2.0'><channel/></rss>"),
    "/sang-localhost": lambda h: h.redirect(f"http://localhost:{h.server.server_address[1]}/tin.html", 301),
    "/hop-1": lambda h: h.redirect("/hop-2", 307),
    "/hop-2": lambda h: h.redirect("/sang-localhost", 308),
    "/sang-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/iam/"),
    "/sang-metadata-v6": lambda h: h.redirect("http://[fd00:ec2::254]/latest/meta-data/"),
    "/sang-ftp": lambda h: h.redirect("ftp://127.0.0.1/tin.txt"),
    "/sang-file": lambda h: h.redirect("file:///etc/passwd"),
    "/sang-noi-bo": lambda h: h.redirect("http://noi-bo.example.vn/tin.html"),
    "/vong": lambda h: h.redirect("/vong"),
    "/khong-location": lambda h: h.redirect(""),
}


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def seen():
    Handler.seen.clear()
    return Handler.seen


def port_of(server: str) -> int:
    return int(server.rsplit(":", 1)[1])


# Refused addresses -------------------------------------------------------------------------------

@pytest.mark.parametrize("host, reason", [
    ("127.0.0.1", "a loopback address"),
    ("127.8.9.10", "a loopback address"),
    ("10.1.2.3", "a private address"),
    ("172.16.0.1", "a private address"),
    ("172.31.255.254", "a private address"),
    ("192.168.1.1", "a private address"),
    ("169.254.169.254", "a cloud metadata address"),
    ("169.254.10.1", "a link-local address"),
    ("100.64.0.1", "a shared (CGNAT) address"),
    ("0.0.0.0", "an unspecified address"),
    ("224.0.0.251", "a multicast address"),
    ("240.0.0.1", "a reserved address"),
    ("192.0.2.7", "a private address"),  # documentation range
    ("::1", "a loopback address"),
    ("::", "an unspecified address"),
    ("fe80::1", "a link-local address"),
    ("fd12:3456::1", "a private address"),
    ("fd00:ec2::254", "a cloud metadata address"),
    ("::ffff:127.0.0.1", "a loopback address"),
    ("::ffff:10.0.0.1", "a private address"),
    ("::ffff:169.254.169.254", "a cloud metadata address"),
    ("2002:c0a8:0101::1", "a private address"),  # 6to4 of 192.168.1.1
    ("64:ff9b::a00:1", "a private address"),  # NAT64 of 10.0.0.1
])
def test_non_public_addresses_are_refused(host, reason):
    assert refusal(host) == reason


@pytest.mark.parametrize("host", ["8.8.8.8", "203.113.131.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(host):
    assert refusal(host) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "192.168.1.1", "::1", "fd12::1", "100.64.0.1"])
def test_the_allowance_opens_private_addresses(host):
    assert refusal(host, allow_private=True) is None


@pytest.mark.parametrize("host", ["169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254"])
def test_cloud_metadata_stays_refused_with_the_allowance(host):
    assert refusal(host, allow_private=True) == "a cloud metadata address"


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1/tin.html", "refused, 127.0.0.1 is a loopback address"),
    ("http://10.0.0.8:8080/tin.html", "refused, 10.0.0.8 is a private address"),
    ("http://192.168.0.10/tin.html", "refused, 192.168.0.10 is a private address"),
    ("http://172.16.5.4/tin.html", "refused, 172.16.5.4 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "refused, 169.254.169.254 is a cloud metadata address"),
    ("http://[::1]/tin.html", "refused, ::1 is a loopback address"),
    ("http://[::ffff:7f00:1]/tin.html", "refused, ::ffff:7f00:1 is a loopback address"),
    ("https://100.100.100.100/", "refused, 100.100.100.100 is a shared (CGNAT) address"),
])
def test_address_literals_are_refused_before_any_connection(url, message, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("a refused address must not be resolved or connected to")

    monkeypatch.setattr(socket, "getaddrinfo", no_connection)
    with pytest.raises(IngestError) as err:
        fetch(url)
    assert str(err.value) == f"{url}: {message}"


def test_local_server_is_refused_without_the_allowance(server, seen):
    with pytest.raises(IngestError) as err:
        fetch(f"{server}/tin.html")
    assert str(err.value) == f"{server}/tin.html: refused, 127.0.0.1 is a loopback address"
    assert seen == []


def test_a_name_resolving_to_loopback_is_refused(server, seen):
    url = f"http://localhost:{port_of(server)}/tin.html"
    with pytest.raises(IngestError, match=r"refused, localhost resolves to (127\.0\.0\.1|::1), a loopback address"):
        fetch(url)
    assert seen == []


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Resolve the names in ``answers`` to those addresses; returns the names looked up, in order."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            asked.append(host)
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                    for a in answers[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.parametrize("answers, shown", [
    (["10.20.30.40"], "10.20.30.40, a private address"),
    (["127.0.0.1"], "127.0.0.1, a loopback address"),
    (["169.254.169.254"], "169.254.169.254, a cloud metadata address"),
    # One bad answer among good ones is enough: the connection could use any of them.
    (["8.8.8.8", "192.168.7.7"], "192.168.7.7, a private address"),
])
def test_a_public_looking_name_that_resolves_inside_is_refused(monkeypatch, answers, shown):
    fake_dns(monkeypatch, {"tin.example.vn": answers})
    with pytest.raises(IngestError, match=f"refused, tin.example.vn resolves to {shown}"):
        fetch("http://tin.example.vn/bai.html")


def test_the_name_is_resolved_once_and_the_checked_address_is_used(server, seen, monkeypatch):
    asked = fake_dns(monkeypatch, {"tin.example.vn": ["127.0.0.1"]})
    url = f"http://tin.example.vn:{port_of(server)}/tin.html"
    result = fetch(url, allow_private=True)
    assert result.body == PAGE
    assert asked == ["tin.example.vn"]
    assert seen == [("/tin.html", f"tin.example.vn:{port_of(server)}")]


def test_an_unresolvable_name_is_one_line(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(IngestError) as err:
        fetch("http://khong-co.example.vn/tin.html")
    assert str(err.value) == "http://khong-co.example.vn/tin.html: khong-co.example.vn: cannot resolve the name"


# Schemes and redirects -------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://radio.example.vn/tin.txt", "file:///etc/passwd", "gopher://x/",
                                 "javascript:alert(1)", "/tin.html"])
def test_only_http_and_https(url):
    with pytest.raises(IngestError, match="only http and https URLs can be fetched"):
        fetch(url, allow_private=True)


def test_each_redirect_hop_is_checked(server, seen, monkeypatch):
    checked = []
    real = fetch_module.check_url
    monkeypatch.setattr(fetch_module, "check_url", lambda url, allow: checked.append(url) or real(url, allow))
    result = fetch(f"{server}/hop-1", allow_private=True)
    local = f"http://localhost:{port_of(server)}/tin.html"
    assert checked == [f"{server}/hop-1", f"{server}/hop-2", f"{server}/sang-localhost", local]
    assert result.final_url == local and result.body == PAGE
    assert [path for path, _ in seen] == ["/hop-1", "/hop-2", "/sang-localhost", "/tin.html"]


@pytest.mark.parametrize("path, message", [
    ("/sang-metadata", "redirected to http://169.254.169.254/latest/meta-data/iam/: refused, "
                       "169.254.169.254 is a cloud metadata address"),
    ("/sang-metadata-v6", "redirected to http://[fd00:ec2::254]/latest/meta-data/: refused, "
                          "fd00:ec2::254 is a cloud metadata address"),
    ("/sang-ftp", "redirected to ftp://127.0.0.1/tin.txt: only http and https URLs can be fetched"),
    ("/sang-file", "redirected to file:///etc/passwd: only http and https URLs can be fetched"),
])
def test_a_redirect_out_of_bounds_is_refused_at_its_hop(server, seen, path, message):
    with pytest.raises(IngestError) as err:
        fetch(f"{server}{path}", allow_private=True)
    assert str(err.value) == f"{server}{path}: {message}"
    assert [p for p, _ in seen] == [path]


def test_redirect_to_a_name_resolving_inside_is_refused_at_its_hop(server, seen, monkeypatch):
    # 127.0.0.1 plays a public news site here; it redirects to a name that resolves to 10.0.0.7.
    real = fetch_module.refusal
    monkeypatch.setattr(fetch_module, "refusal",
                        lambda address, allow_private=False: None if address == "127.0.0.1"
                        else real(address, allow_private))
    asked = fake_dns(monkeypatch, {"tin.example.vn": ["127.0.0.1"], "noi-bo.example.vn": ["10.0.0.7"]})
    url = f"http://tin.example.vn:{port_of(server)}/sang-noi-bo"
    with pytest.raises(IngestError) as err:
        fetch(url)
    assert str(err.value) == (f"{url}: redirected to http://noi-bo.example.vn/tin.html: "
                              "refused, noi-bo.example.vn resolves to 10.0.0.7, a private address")
    assert asked == ["tin.example.vn", "noi-bo.example.vn"]
    assert [p for p, _ in seen] == ["/sang-noi-bo"]


def test_too_many_redirects(server):
    with pytest.raises(IngestError, match="more than 5 redirects"):
        fetch(f"{server}/vong", allow_private=True)


def test_redirect_without_location(server):
    with pytest.raises(IngestError, match="redirect without a Location"):
        fetch(f"{server}/khong-location", allow_private=True)


# Limits -----------------------------------------------------------------------------------------

def test_declared_oversize_is_refused(server):
    with pytest.raises(IngestError, match="larger than 102400 bytes"):
        fetch(f"{server}/lon.html", max_bytes=100 * 1024, allow_private=True)


def test_streamed_oversize_stops_the_download(server):
    with pytest.raises(IngestError, match="larger than 102400 bytes"):
        fetch(f"{server}/lon-stream.html", max_bytes=100 * 1024, allow_private=True)


@pytest.mark.parametrize("path, accept", [("/anh.png", None), ("/rss.xml", None), ("/tin.html", FEED_TYPES)])
def test_wrong_content_type(server, path, accept):
    kwargs = {"accept": accept} if accept else {}
    with pytest.raises(IngestError, match="unsupported content type"):
        fetch(f"{server}{path}", allow_private=True, **kwargs)


def test_http_error_status(server):
    with pytest.raises(IngestError, match="the server answered HTTP 500"):
        fetch(f"{server}/loi.html", allow_private=True)


def test_a_server_that_does_not_answer_times_out(server):
    with pytest.raises(IngestError, match="timed out after 1 s"):
        fetch(f"{server}/ngu.html", timeout=1, allow_private=True)


def test_a_dripping_server_is_stopped_by_the_overall_deadline(server):
    # What the server managed to send before the client hung up: tests/articles/test_fetch_deadline.py.
    with pytest.raises(IngestError, match="timed out after 1.5 s"):
        fetch(f"{server}/nho-giot.html", timeout=1.5, allow_private=True)


def test_connection_refused_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: nothing answers
        with pytest.raises(IngestError) as err:
            fetch(f"http://127.0.0.1:{port}/tin.html", timeout=2, allow_private=True)
    assert str(err.value) == f"http://127.0.0.1:{port}/tin.html: cannot connect (ConnectionError)"


# Success ----------------------------------------------------------------------------------------

def test_success_with_the_allowance(server):
    result = fetch(f"{server}/tin.html", allow_private=True)
    assert result.status == 200 and result.body == PAGE
    assert result.content_type == "text/html; charset=utf-8"
    assert result.final_url == f"{server}/tin.html"
    assert (result.etag, result.last_modified) == ('"v1"', "Wed, 26 Nov 2026 01:00:00 GMT")


def test_conditional_request_gives_304_and_no_body(server):
    result = fetch(f"{server}/tin.html", allow_private=True, etag='"v1"')
    assert (result.status, result.body, result.etag) == (304, b"", '"v1"')


def test_a_feed_is_accepted_with_feed_types(server):
    result = fetch(f"{server}/rss.xml", allow_private=True, accept=FEED_TYPES)
    assert result.body.startswith(b"<rss")


def test_proxy_settings_in_the_environment_are_ignored(server, monkeypatch):
    # A proxy would be the address connected to, and so the one that would have to be checked.
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("http_proxy", "http://10.9.9.9:3128")
    assert fetch(f"{server}/tin.html", allow_private=True, timeout=3).body == PAGE


def test_errors_are_one_line(server):
    for path in ("/anh.png", "/loi.html", "/sang-metadata", "/vong"):
        with pytest.raises(IngestError) as err:
            fetch(f"{server}{path}", allow_private=True)
        assert "\n" not in str(err.value)


def test_check_url_rejects_a_url_without_host():
    with pytest.raises(IngestError, match="the URL has no host"):
        check_url("http:///tin.html")
