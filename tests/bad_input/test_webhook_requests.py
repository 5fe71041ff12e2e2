"""Bad requests at the HTTP doors: headers, signatures, JSON shapes, field types and sizes, encodings,
paths and ranges. Each gets its 4xx and one-line message; nothing stored changes, nothing is queued,
and the feed still parses with its one article."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from tests.bad_input.conftest import PUBLISHED, SECRET
from tests.support.queues import RedisTarget, RenderQueue
from web.app import close_app, create_app

GOOD = {"id": "bai-moi", "title": "Mưa lớn ở miền núi", "body": "Mưa lớn kéo dài suốt đêm qua ở các huyện miền núi.",
        "published": "2026-11-27T07:00:00+07:00"}


def sign(method: str, target: str, body: bytes = b"", *, secret: str = SECRET, timestamp: int | None = None,
         delivery: str | None = None) -> dict[str, str]:
    """Headers as the CMS signs them (web/signing.py, scheme v2)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    delivery = delivery or str(uuid.uuid4())
    signed = b"\n".join([b"loa-v2", method.encode(), target.encode(), ts.encode(), delivery.encode(), body])
    mac = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return {"X-Loa-Timestamp": ts, "X-Loa-Delivery": delivery, "X-Loa-Signature": f"v2={mac}"}


@dataclass(frozen=True)
class Call:
    """One request; signed for its own method, path and body unless ``headers`` replaces that."""

    method: str = "POST"
    path: str = "/api/articles"
    body: bytes = b""
    headers: Callable[[Call], dict] | None = None
    extra: dict = field(default_factory=dict)  # added to (or replacing) the signed headers

    def send(self, client: TestClient):
        headers = self.headers(self) if self.headers else sign(self.method, self.path, self.body)
        headers = {k: v.encode() if isinstance(v, str) else v for k, v in (headers | self.extra).items()}
        return client.request(self.method, self.path, content=self.body, headers=headers)


def article(**fields) -> bytes:
    """GOOD with ``fields`` changed (None removes one), as JSON with \\u escapes: any text can be sent."""
    doc = {k: v for k, v in (GOOD | fields).items() if v is not None}
    return json.dumps(doc).encode()


def post(body: bytes, **extra) -> Call:
    return Call(body=body, extra=extra)


def signed_as(method: str, path: str, body: bytes | None = None, **options) -> Callable[[Call], dict]:
    return lambda call: sign(method, path, call.body if body is None else body, **options)


def retired_scheme(call: Call) -> dict:
    ts = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), ts.encode() + b"." + call.body, hashlib.sha256).hexdigest()
    return {"X-Loa-Timestamp": ts, "X-Loa-Delivery": str(uuid.uuid4()), "X-Loa-Signature": f"sha256={mac}"}


PUBLISHED_PATH = f"/api/articles/{PUBLISHED.id}"
TOO_LONG = "Tin dài về một sự kiện của tỉnh. " * 3100  # 102,300 characters of text

# (id, call, status, the message or a stable part of it)
CASES: list[tuple[str, Call, int, str]] = [
    # Headers and signatures
    ("no signature headers", Call(body=article(), headers=lambda c: {}), 401,
     "missing X-Loa-Timestamp and X-Loa-Delivery and X-Loa-Signature headers"),
    ("no delivery id", Call(body=article(), headers=lambda c: {
        k: v for k, v in sign("POST", c.path, c.body).items() if k != "X-Loa-Delivery"}), 401,
     "missing X-Loa-Delivery header"),
    ("retired sha256 scheme", Call(body=article(), headers=retired_scheme), 401,
     "X-Loa-Signature uses the retired sha256= scheme"),
    ("another secret", Call(body=article(), headers=lambda c: sign("POST", c.path, c.body, secret="doan-sai")), 401,
     "X-Loa-Signature does not match this request"),
    ("a signed read sent as a delete", Call("DELETE", PUBLISHED_PATH, headers=signed_as("GET", PUBLISHED_PATH)), 401,
     "does not match this request"),
    ("a signed post sent as a put", Call("PUT", PUBLISHED_PATH, article(id=None),
                                         headers=signed_as("POST", "/api/articles")), 401,
     "does not match this request"),
    ("a query added after signing", Call(path="/api/articles?id=bai-goc", body=article(),
                                         headers=signed_as("POST", "/api/articles")), 401,
     "does not match this request"),
    ("body changed after signing", Call(body=article(title="Tin giả"), headers=signed_as("POST", "/api/articles",
                                                                                          article())), 401,
     "does not match this request"),
    ("timestamp of 5000 digits", post(article(), **{"X-Loa-Timestamp": "9" * 5000}), 401,
     "X-Loa-Timestamp must be whole Unix seconds"),
    ("timestamp in Arabic-Indic digits", post(article(), **{"X-Loa-Timestamp": "١٧٩٥٦٦٣٨٠٠"}), 401,
     "X-Loa-Timestamp must be whole Unix seconds"),
    ("timestamp ten minutes old", Call(body=article(), headers=lambda c: sign(
        "POST", c.path, c.body, timestamp=int(time.time()) - 600)), 401,
     "X-Loa-Timestamp is more than 5 minutes old; check the sender's clock"),
    ("delivery id too short", Call(body=article(), headers=lambda c: sign("POST", c.path, c.body, delivery="ngan")),
     401, "X-Loa-Delivery must be 16 to 128 letters, digits or . _ ~ : - (a UUID)"),
    ("delivery id not ASCII", Call(body=article(), headers=lambda c: sign(
        "POST", c.path, c.body, delivery="giao-hàng-0123456789")), 401, "X-Loa-Delivery must be 16 to 128"),
    ("signature not hex", post(article(), **{"X-Loa-Signature": "v2=" + "zz" * 32}), 401,
     "X-Loa-Signature must be v2= followed by 64 hex digits"),
    ("signature not ASCII", post(article(), **{"X-Loa-Signature": "v2=chữ-ký"}), 401,
     "X-Loa-Signature must be v2= followed by 64 hex digits"),
    ("content-length of 5000 digits", post(article(), **{"Content-Length": "9" * 5000}), 413,
     "the body is larger than 2 MB"),
    # Bodies and encodings
    ("empty body", post(b""), 422, "article: the article is empty"),
    ("invalid UTF-8", post('{"title": "Tin", "body": "Thân bài."}'.encode("cp1258", "replace") + b"\xff"), 422,
     "article: not valid UTF-8"),
    ("UTF-16 with a BOM", post('{"title": "Tin", "body": "Thân"}'.encode("utf-16")), 422, "article: not valid UTF-8"),
    ("UTF-16 without a BOM", post('{"title": "Tin", "body": "Than"}'.encode("utf-16-le")), 422,
     "article: contains NUL bytes (at position 1): not a UTF-8 text file"),
    ("broken JSON", post(b'{"title": "Tin", "body": '), 422, "article: invalid JSON (Expecting value at line 1"),
    ("a JSON list", post(b'["Tin", "Than bai"]'), 422, "article: JSON must be an object with title and body"),
    ("a JSON string", post(b'"Tin"'), 422, "article: JSON must be an object with title and body"),
    ("JSON null", post(b"null"), 422, "article: JSON must be an object with title and body"),
    ("lists nested 5000 deep", post(b"[" * 5000 + b"]" * 5000), 422,
     "article: the JSON is nested too deeply to be an article"),
    ("objects nested 5000 deep", post(b'{"a":' * 5000 + b"1" + b"}" * 5000), 422,
     "article: the JSON is nested too deeply to be an article"),
    ("a body over 2 MB", post(article(note="x" * (2 * 1024 * 1024))), 413, "the body is larger than 2 MB"),
    ("an article over the limit", post(article(body=TOO_LONG)), 413,
     "characters of text, more than the 100,000 Loa reads (LOA_MAX_ARTICLE_CHARS)"),
    # Fields
    ("url as a list", post(article(url=["https://radio.example.vn/tin/1"])), 422,
     "article: 'url' must be text (a URL), not a list"),
    ("url javascript:", post(article(url="javascript:alert(document.domain)//http://x")), 422,
     "article: 'url' must be an absolute http or https URL, not a javascript: URL"),
    ("url data:", post(article(url="data:text/html,<script>alert(1)</script>")), 422, "not a data: URL"),
    ("url file:", post(article(url="file:///etc/passwd")), 422, "not a file: URL"),
    ("url relative", post(article(url="/tin/bai-1")), 422, "not a relative URL"),
    ("url without a host", post(article(url="http:///tin/bai-1")), 422, "with a host name"),
    ("url with a password", post(article(url="https://cms:mat-khau@radio.example.vn/tin/1")), 422,
     "article: 'url' must not carry a user name or password (https://radio.example.vn/tin/1)"),
    ("url with a control character", post(article(url="https://radio.example.vn/\x07tin")), 422,
     "contains spaces, control characters or backslashes"),
    ("priority 10^30", post(article(priority=10**30)), 422, "article: 'priority' must be a whole number from -1000 to 1000"),
    ("priority -10^30", post(article(priority=-10**30)), 422, "from -1000 to 1000"),
    ("priority as text", post(article(priority="cao")), 422, "article: 'priority' must be a whole number, not text"),
    ("priority true", post(article(priority=True)), 422, "'priority' must be a whole number, not true/false"),
    ("published in year 1", post(article(published="0001-01-01T00:00:00+07:00")), 422,
     "article: 'published' must fall between 1900 and 2199, not '0001-01-01T00:00:00+07:00'"),
    ("published in year 9999", post(article(published="9999-12-31T23:59:59-07:00")), 422,
     "'published' must fall between 1900 and 2199"),
    ("published as a number", post(article(published=1795663800)), 422,
     "article: 'published' must be an ISO 8601 time as text, not a number"),
    ("modified not a time", post(article(modified="hôm qua")), 422, "article: 'modified' is not an ISO 8601 time"),
    ("version negative", post(article(version=-1)), 422, "article: 'version' must be a whole number from 0 to"),
    ("version fractional", post(article(version=1.5)), 422, "'version' must be a whole number, not a number"),
    ("lone surrogate in the title", post(article(title="Tin \ud800")), 422,
     "article: 'title' contains U+D800, a lone UTF-16 surrogate, which is not text"),
    ("lone surrogate in the body", post(article(body="Thân bài \udc00.")), 422, "'body' contains U+DC00"),
    ("lone surrogate in the author", post(article(author="\ud83d")), 422, "'author' contains U+D83D"),
    ("lone surrogate in the id", post(article(id="bai-\udfff")), 422, "'id' contains U+DFFF"),
    ("lone surrogate in the html", post(article(body=None, html="<p>\ud800</p>")), 422, "'html' contains U+D800"),
    ("NUL in the title", post(article(title="Tin\x00")), 422, "'title' contains a NUL character, which is not text"),
    ("title as a number", post(article(title=5)), 422, "article: 'title' must be text, not a number"),
    ("title as a list", post(article(title=["Tin"])), 422, "article: 'title' must be text, not a list"),
    ("title too long", post(article(title="T" * 1001)), 422, "article: 'title' is longer than 1,000 characters"),
    ("body as a list", post(article(body=["Thân bài."])), 422, "article: 'body' must be text, not a list"),
    ("html as an object", post(article(body=None, html={"p": "x"})), 422, "'html' must be text, not an object"),
    ("author as a list", post(article(author=["Minh"])), 422, "article: 'author' must be text, not a list"),
    ("id as an object", post(article(id={"so": 1})), 422, "article: 'id' must be text or a whole number, not an object"),
    ("id too long", post(article(id="x" * 1001)), 422, "article: 'id' is longer than 1,000 characters"),
    ("no title", post(article(title=None)), 422, "article: JSON has no 'title'"),
    ("no body", post(article(body=None)), 422, "article: JSON has no 'body' text (or 'html')"),
    ("html without text", post(article(body=None, html="<html><body><div> </div></body></html>")), 422,
     "article: no article text found in the HTML page"),
    ("put with another id in the body", Call("PUT", PUBLISHED_PATH, article(id="bai-khac")), 422,
     "article: 'id' 'bai-khac' differs from the id in the URL 'bai-goc'"),
    ("put to an id that cannot be one", Call("PUT", "/api/articles/" + "x" * 300, article(id=None)), 422,
     "is not a usable article id"),
    # The order of edits
    ("an older version of a published article", post(article(id="bai-goc", version=4)), 409,
     "article bai-goc: its version 4 is older than version 5, already received; nothing was changed"),
    ("the same version with other content", post(article(id="bai-goc", version=5)), 409,
     "article bai-goc: version 5 was already received with other content"),
    ("the content of a replaced version", post(json.dumps({
        "id": "bai-sua", "title": "Hội chợ nông sản mở cửa", "body": "Hội chợ nông sản mở cửa từ sáng nay.",
        "published": "2026-11-26T09:00:00+07:00"}).encode()), 409,
     "article bai-sua: this is the content of version 1, since replaced by version 2"),
    # Unknown articles, the segment list, served files
    ("read of an unknown article", Call("GET", "/api/articles/bai-khong-co"), 404, "no article with id 'bai-khong-co'"),
    ("delete of an unknown article", Call("DELETE", "/api/articles/bai-khong-co"), 404,
     "no article with id 'bai-khong-co'"),
    ("segments since nonsense", Call("GET", "/api/segments?since=h%C3%B4m+qua", headers=lambda c: {}), 422,
     "segments: 'since' is not an ISO 8601 time"),
    ("segments since year 9999", Call("GET", "/api/segments?since=9999-12-31T23:59:59-07:00",
                                      headers=lambda c: {}), 422, "'since' must fall between 1900 and 2199"),
    ("segments limit of 5000 digits", Call("GET", "/api/segments?limit=" + "9" * 5000, headers=lambda c: {}), 422,
     "segments: 'limit' must be a whole number from 1 to 300, not '" + "9" * 39 + "…'"),
]


@pytest.fixture(scope="module")
def client(station):
    app = create_app(station.settings)
    with TestClient(app) as c:
        yield c
    close_app(app)


@pytest.mark.parametrize("call, status, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_request_is_refused_and_changes_nothing(client, station, call, status, message):
    queue = RenderQueue(RedisTarget(station.settings.redis_url, station.settings.key_prefix))
    response = call.send(client)

    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    assert message in text
    assert "\n" not in text and len(text) < 400
    assert "mat-khau" not in text
    station.assert_unchanged()
    assert queue.renders() == []


def test_a_replayed_delivery_is_refused(client, station):
    headers = sign("GET", "/api/articles/bai-goc")
    assert client.get("/api/articles/bai-goc", headers=headers).status_code == 200
    replay = client.get("/api/articles/bai-goc", headers=headers)
    assert replay.status_code == 409
    assert replay.json()["detail"].startswith(f"X-Loa-Delivery {headers['X-Loa-Delivery']} was already received")
    station.assert_unchanged()


def test_a_range_of_5000_digits_is_416(client, station):
    audio = next(key for key in station.before.files if key.endswith(".mp3"))
    response = client.get(f"/{audio}", headers={"Range": "bytes=" + "9" * 5000 + "-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{(station.data_dir / audio).stat().st_size}"
    station.assert_unchanged()


@pytest.mark.parametrize("path", ["/api/segments", "/api/articles/bai-goc"])
def test_head_on_the_api_is_answered(client, station, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""
    station.assert_unchanged()
