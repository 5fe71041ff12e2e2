"""A station CMS on a local port that receives Loa's callback: it checks each request's signature with
Loa's own verifier (``web.signing``) and records every delivery; its answers are scripted per article."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from web.signing import SignatureError, verify


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: str | None  # None when the signature held, else why it was refused
    answered: int

    @property
    def document(self) -> dict:
        return json.loads(self.body)


@dataclass
class Cms:
    secret: str
    answers: dict[str, list[int]] = field(default_factory=dict)  # article id -> statuses, then 200
    redirect_to: str | None = None  # answer 302 to this URL instead
    deliveries: list[Delivery] = field(default_factory=list)
    url: str = ""

    def received(self, article_id: str) -> list[Delivery]:
        return [d for d in list(self.deliveries) if d.verified is None and d.document.get("article_id") == article_id]


def start_cms(secret: str, path: str = "/loa/san-sang?site=1") -> tuple[Cms, ThreadingHTTPServer]:
    cms = Cms(secret)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                verify(cms.secret, "POST", self.path, self.headers.get("X-Loa-Timestamp"),
                       self.headers.get("X-Loa-Delivery"), self.headers.get("X-Loa-Signature"), body)
                refused = None
            except SignatureError as err:
                refused = str(err)
            with lock:
                try:
                    article = json.loads(body).get("article_id", "")
                except ValueError:
                    article = ""
                script = cms.answers.get(article, [])
                status = 401 if refused else (script.pop(0) if script else 200)
                if cms.redirect_to and not refused:
                    status = 302
                cms.deliveries.append(Delivery(self.path, dict(self.headers), body, refused, status))
            self.send_response(status)
            if status == 302:
                self.send_header("Location", cms.redirect_to or "")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cms.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    return cms, server
