"""A vendor's HTTP API on 127.0.0.1, served from a thread, recording every request it receives.

Each fake checks a request the way its vendor does and answers like it: real audio bytes on
success, the vendor's own error replies otherwise. A test can also line up answers for the next
requests to a path (a 429, a 503...), which are given instead of the normal handling.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from audio.clip import Clip
from tests.support.audio_files import mp3_bytes


@dataclass(frozen=True)
class Request:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names in lower case
    body: bytes
    client_port: int  # the client's side of the TCP connection: the same port means a reused connection
    received_at: float  # time.monotonic() on arrival (one clock for every process on the machine)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Answer:
        return cls(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                   {"Content-Type": "application/json; charset=UTF-8", **(headers or {})})


@dataclass(frozen=True)
class SpeechAudio:
    """The speech every fake answers with: real MP3 bytes and the sound they decode to."""

    mp3: bytes
    clip: Clip  # the MP3 decoded at 24 kHz mono

    @classmethod
    def from_clip(cls, clip: Clip) -> SpeechAudio:
        from audio.ffmpeg import decode

        data = mp3_bytes(clip)
        return cls(data, decode(data, "mp3", 24000, 1))

    @property
    def duration(self) -> float:
        return self.clip.duration

    def wav(self, sample_rate: int) -> bytes:
        return self.clip.converted(sample_rate, 1).to_wav()


@lru_cache(maxsize=1)
def speech_audio() -> SpeechAudio:
    """Real speech, made once per process: a Vietnamese phrase from espeak-ng, as MP3 and decoded."""
    from audio.engines.espeak import EspeakEngine

    return SpeechAudio.from_clip(EspeakEngine(sample_rate=24000).synthesize("Xin chào các bạn"))


class FakeService:
    """Serves ``answer(request)`` on a free local port; subclasses implement the vendor."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._lined_up: list[tuple[str, Answer]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- what a subclass provides -------------------------------------------------------------
    def answer(self, request: Request) -> Answer:
        raise NotImplementedError

    # -- what a test uses ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "the fake is not serving"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def then(self, path: str, *answers: Answer) -> None:
        """Answer the next requests to ``path`` with ``answers``, in order, then carry on as the vendor."""
        with self._lock:
            self._lined_up.extend((path, a) for a in answers)

    def to(self, path: str) -> list[Request]:
        """The requests received for ``path``."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._lined_up.clear()

    def start(self) -> FakeService:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real services
            timeout = 30  # an idle kept-alive connection's thread ends after this

            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                request = Request(self.command, split.path, parse_qs(split.query),
                                  {k.lower(): v for k, v in self.headers.items()}, body,
                                  self.client_address[1], time.monotonic())
                answer = service._dispatch(request)
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    if answer.headers.get("Transfer-Encoding") == "chunked":  # a reply that hides its size
                        self.end_headers()
                        for start in range(0, len(answer.body), 1000):
                            piece = answer.body[start:start + 1000]
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                        self.wfile.write(b"0\r\n\r\n")
                        return
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up waiting (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name=type(self).__name__, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _dispatch(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            for i, (path, answer) in enumerate(self._lined_up):
                if path == request.path:
                    del self._lined_up[i]
                    return answer
        try:
            return self.answer(request)
        except Exception as error:  # a bug in the fake shows as a 599 the test will not mistake for the vendor
            return Answer(599, f"fake failed: {type(error).__name__}: {error}".encode())
