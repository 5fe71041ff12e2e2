"""One deadline for a whole fetch, whatever the server does: headers a byte at a time, a slow TLS
handshake, a chain of slow redirects. Servers on 127.0.0.1 record what they managed to send before
the client hung up."""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import pytest

from articles.errors import IngestError
from articles.fetch import fetch

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello"


@dataclass
class DrippingServer:
    """Accepts connections and answers each by ``script(conn, server)``; records every connection."""

    script: object
    sent: list[int] = field(default_factory=list)  # bytes sent on each connection before it ended
    hung_up: list[bool] = field(default_factory=list)  # whether the client closed before the script ended

    def __post_init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        sent = [0]
        try:
            conn.recv(4096)
            self.script(conn, self, sent)
            self.hung_up.append(False)
        except OSError:
            self.hung_up.append(True)
        finally:
            self.sent.append(sent[0])
            conn.close()

    def close(self):
        self.sock.close()


def drip(data: bytes, every: float):
    def script(conn, _server, sent):
        for byte in data:
            conn.sendall(bytes([byte]))
            sent[0] += 1
            time.sleep(every)
    return script


def wait_until(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        time.sleep(0.05)
    return condition()


@pytest.fixture
def server_factory():
    made = []

    def make(script):
        server = DrippingServer(script)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


def test_headers_dripping_a_byte_at_a_time_stop_at_the_deadline(server_factory):
    # Each byte arrives well within any per-read timeout; the whole answer would take ~16 s.
    server = server_factory(drip(HEADERS, 0.25))
    with pytest.raises(IngestError) as err:
        fetch(f"{server.url}/tin.html", timeout=1.5, allow_private=True)
    assert str(err.value) == f"{server.url}/tin.html: timed out after 1.5 s"
    assert wait_until(lambda: server.hung_up)
    assert server.hung_up == [True] and server.sent[0] < len(HEADERS)


def test_a_tls_handshake_that_never_comes_stops_at_the_deadline(server_factory):
    # The server accepts and then says nothing: the client waits in its TLS handshake.
    def silent(conn, _server, _sent):
        conn.settimeout(8)
        if conn.recv(1) == b"":  # the client gave up and closed the connection
            raise ConnectionResetError("the client hung up")

    server = server_factory(silent)
    url = server.url.replace("http://", "https://")
    with pytest.raises(IngestError, match="timed out after 1 s"):
        fetch(f"{url}/tin.html", timeout=1, allow_private=True)
    assert wait_until(lambda: server.hung_up) and server.hung_up == [True]


def test_the_deadline_covers_every_redirect_hop(server_factory):
    # Each hop answers within a second; five of them together do not fit a 2 s deadline.
    def slow_redirect(conn, server, sent):
        time.sleep(0.6)
        hop = len(server.sent) + 1
        answer = f"HTTP/1.1 302 Found\r\nLocation: /hop-{hop}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        conn.sendall(answer.encode())
        sent[0] += len(answer)

    server = server_factory(slow_redirect)
    with pytest.raises(IngestError, match=r"redirected to .*/hop-\d: timed out after 2 s"):
        fetch(f"{server.url}/hop-0", timeout=2, allow_private=True)
    # Stopped by the deadline within a few hops, not by the cap of five redirects.
    assert wait_until(lambda: len(server.sent) >= 2) and len(server.sent) < 5


def test_a_body_cut_by_the_deadline_is_a_timeout_not_a_short_page(server_factory):
    # No Content-Length: without the deadline, the truncated body would pass for the whole page.
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>"

    def slow_body(conn, _server, sent):
        conn.sendall(head)
        sent[0] += len(head)
        for _ in range(40):
            conn.sendall(b"<p>tin</p>")
            sent[0] += 10
            time.sleep(0.2)

    server = server_factory(slow_body)
    with pytest.raises(IngestError, match="timed out after 1 s"):
        fetch(f"{server.url}/tin.html", timeout=1, allow_private=True)


def test_a_prompt_server_is_read_whole(server_factory):
    def prompt(conn, _server, sent):
        conn.sendall(HEADERS)
        sent[0] += len(HEADERS)

    server = server_factory(prompt)
    result = fetch(f"{server.url}/tin.html", timeout=2, allow_private=True)
    assert (result.status, result.body) == (200, b"hello")
