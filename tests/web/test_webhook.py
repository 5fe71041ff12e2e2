"""The CMS webhook: signed deliveries in, renders queued on the real Redis, retractions out."""
from __future__ import annotations

import base64
import json
import time
from dataclasses import replace

import feedparser
import pytest
import redis
from fastapi.testclient import TestClient

from tests.conftest import _free_port
from tests.support.queues import RedisTarget
from tests.support.workers import Worker, loa_env, wait_for
from tests.web.conftest import Signer
from web.services import services

ARTICLE = {
    "id": "bai-100",
    "url": "https://radio.example.vn/tin/bai-100",
    "title": "Khánh thành cầu mới qua sông Hương",
    "body": "Sáng nay, tỉnh khánh thành cây cầu mới bắc qua sông Hương.\n\nCầu dài 500 mét, rộng 20 mét.",
    "published": "2026-11-26T08:15:00+07:00",
    "author": "Minh Hoàng",
    "priority": 2,
}


def body_of(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def queued_renders(redis_url: RedisTarget) -> list[list]:
    """Arguments of every render_article message waiting in the ``audio`` queue."""
    client = redis.Redis.from_url(redis_url)
    try:
        raw = client.lrange(redis_url.key("audio"), 0, -1)
    finally:
        client.close()
    found = []
    for item in raw:
        message = json.loads(item)
        if message["headers"]["task"] != "loa.render_article":
            continue
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        found.append(args)
    return found


def post(client, signer, doc=None, *, raw: bytes | None = None, headers=None):
    body = raw if raw is not None else body_of(doc)
    return client.post("/api/articles", content=body, headers=headers or signer.headers(body))


def status_of(client, signer, article_id):
    return client.get(f"/api/articles/{article_id}", headers=signer.headers())


# Accepting articles -----------------------------------------------------------------------------

def test_a_signed_article_is_stored_and_exactly_one_render_is_queued(client, signer, web_redis_url):
    response = post(client, signer, ARTICLE)

    assert response.status_code == 202
    assert response.json() == {
        "id": "bai-100", "status": "queued", "version": 1, "changed": True,
        "status_url": "https://radio.example.vn/loa/api/articles/bai-100",
    }
    assert queued_renders(web_redis_url) == [["bai-100"]]

    status = status_of(client, signer, "bai-100")
    assert status.status_code == 200
    assert status.json() | {"updated": None} == {
        "id": "bai-100", "title": ARTICLE["title"], "status": "queued", "error": None, "engine": None,
        "version": 1, "published": "2026-11-26T08:15:00+07:00", "updated": None, "duration": None,
        "audio_url": None,
    }


def test_the_same_delivery_twice_queues_one_render(client, signer, web_redis_url):
    first = post(client, signer, ARTICLE)
    again = post(client, signer, ARTICLE)
    # Same content, serialized differently (key order, escaping): still the same article version.
    reordered = json.dumps(dict(reversed(list(ARTICLE.items())))).encode()
    third = post(client, signer, raw=reordered)

    assert first.status_code == 202
    for response in (again, third):
        assert response.status_code == 200
        assert response.json()["status"] == "queued" and response.json()["changed"] is False
        assert response.json()["version"] == 1
    assert queued_renders(web_redis_url) == [["bai-100"]]


def test_put_with_changed_content_queues_a_second_render_of_version_2(client, signer, web_redis_url):
    assert post(client, signer, ARTICLE).status_code == 202
    edited = dict(ARTICLE, body=ARTICLE["body"] + "\n\nCông trình hoàn thành sau hai năm thi công.")
    del edited["id"]
    body = body_of(edited)

    response = client.put("/api/articles/bai-100", content=body, headers=signer.headers(body))

    assert response.status_code == 202
    assert response.json()["id"] == "bai-100" and response.json()["version"] == 2
    assert queued_renders(web_redis_url) == [["bai-100"], ["bai-100"]]
    assert status_of(client, signer, "bai-100").json()["version"] == 2

    unchanged = client.put("/api/articles/bai-100", content=body, headers=signer.headers(body))
    assert unchanged.status_code == 200 and unchanged.json()["version"] == 2
    assert len(queued_renders(web_redis_url)) == 2


def test_put_refuses_a_body_whose_id_differs_from_the_url(client, signer, web_redis_url):
    body = body_of(dict(ARTICLE, id="bai-999"))
    response = client.put("/api/articles/bai-100", content=body, headers=signer.headers(body))

    assert response.status_code == 422
    assert "differs" in response.json()["detail"]
    assert status_of(client, signer, "bai-100").status_code == 404
    assert status_of(client, signer, "bai-999").status_code == 404
    assert queued_renders(web_redis_url) == []


def test_put_refuses_an_id_that_cannot_be_an_article_id(client, signer, web_redis_url):
    body = body_of({k: v for k, v in ARTICLE.items() if k != "id"})
    response = client.put("/api/articles/" + "x" * 80, content=body, headers=signer.headers(body))
    assert response.status_code == 422
    assert queued_renders(web_redis_url) == []


def test_an_article_without_id_gets_one_from_its_url(client, signer, web_redis_url):
    doc = {k: v for k, v in ARTICLE.items() if k != "id"}
    response = post(client, signer, doc)

    assert response.status_code == 202
    article_id = response.json()["id"]
    assert article_id.startswith("u-")
    assert response.json()["status_url"].endswith(f"/api/articles/{article_id}")
    assert queued_renders(web_redis_url) == [[article_id]]


def test_html_instead_of_body_is_accepted(client, signer, web_redis_url):
    doc = {"id": "bai-html", "title": "Mưa lớn ở miền Trung",
           "html": "<html><body><article><h1>Mưa lớn</h1>"
                   "<p>Mưa lớn kéo dài suốt đêm qua ở các tỉnh miền Trung, nhiều nơi ngập sâu.</p>"
                   "<p>Chính quyền đã sơ tán hàng trăm hộ dân đến nơi an toàn.</p></article></body></html>"}
    assert post(client, signer, doc).status_code == 202
    assert queued_renders(web_redis_url) == [["bai-html"]]


# Refusals ---------------------------------------------------------------------------------------

def assert_refused(response, client, signer, web_redis_url, status=401):
    assert response.status_code == status, response.text
    assert status_of(client, signer, ARTICLE["id"]).status_code == 404
    assert queued_renders(web_redis_url) == []


def test_the_signing_helper_and_an_uppercase_signature_are_accepted(client, signer, web_redis_url):
    from web.signing import signed_headers

    body = body_of(ARTICLE)
    assert post(client, signer, raw=body, headers=signed_headers("test-webhook-secret", body)).status_code == 202
    headers = signer.headers(body)
    headers["X-Loa-Signature"] = "SHA256=" + headers["X-Loa-Signature"].removeprefix("sha256=").upper()
    assert post(client, signer, raw=body, headers=headers).status_code == 200


def test_a_wrong_signature_is_refused(client, web_redis_url, signer):
    body = body_of(ARTICLE)
    response = post(client, signer, raw=body, headers=Signer("another-secret").headers(body))
    assert response.json()["detail"] == "X-Loa-Signature does not match the body"
    assert response.headers["www-authenticate"].startswith("Loa-HMAC-SHA256")
    assert_refused(response, client, signer, web_redis_url)


def test_a_body_changed_after_signing_is_refused(client, web_redis_url, signer):
    headers = signer.headers(body_of(ARTICLE))
    tampered = body_of(dict(ARTICLE, title="Tin giả"))
    assert_refused(post(client, signer, raw=tampered, headers=headers), client, signer, web_redis_url)


@pytest.mark.parametrize("offset", [-301, 301, -3600, 86400])
def test_a_timestamp_more_than_five_minutes_off_is_refused(client, web_redis_url, signer, offset):
    body = body_of(ARTICLE)
    response = post(client, signer, raw=body, headers=signer.headers(body, int(time.time()) + offset))
    assert "more than 5 minutes" in response.json()["detail"]
    assert_refused(response, client, signer, web_redis_url)


def test_a_timestamp_within_five_minutes_is_accepted(client, web_redis_url, signer):
    body = body_of(ARTICLE)
    response = post(client, signer, raw=body, headers=signer.headers(body, int(time.time()) - 280))
    assert response.status_code == 202


@pytest.mark.parametrize("drop", ["X-Loa-Timestamp", "X-Loa-Signature", "both"])
def test_missing_headers_are_refused(client, web_redis_url, signer, drop):
    body = body_of(ARTICLE)
    headers = {k: v for k, v in signer.headers(body).items() if drop not in (k, "both")}
    response = post(client, signer, raw=body, headers=headers or {"X-Other": "1"})
    assert "missing" in response.json()["detail"]
    assert_refused(response, client, signer, web_redis_url)


@pytest.mark.parametrize("timestamp", ["soon", "1.5e9", "-100", ""])
def test_a_malformed_timestamp_is_refused(client, web_redis_url, signer, timestamp):
    body = body_of(ARTICLE)
    headers = signer.headers(body) | {"X-Loa-Timestamp": timestamp}
    assert_refused(post(client, signer, raw=body, headers=headers), client, signer, web_redis_url)


def test_an_empty_secret_refuses_every_delivery(web_settings, make_app, signer, web_redis_url):
    with TestClient(make_app(replace(web_settings, webhook_secret=""))) as client:
        body = body_of(ARTICLE)
        for headers in (signer.headers(body), Signer("").headers(body), {}):
            response = post(client, signer, raw=body, headers=headers)
            assert response.status_code == 401
            assert "LOA_WEBHOOK_SECRET is not set" in response.json()["detail"]
        assert client.get("/api/articles/bai-100", headers=Signer("").headers()).status_code == 401
    assert services(client.app).store.get_article("bai-100") is None
    assert queued_renders(web_redis_url) == []


def test_a_body_over_2_mb_is_413(client, web_redis_url, signer):
    doc = dict(ARTICLE, body="Tin dài. " * (2 * 1024 * 1024 // 9 + 1))
    response = post(client, signer, doc)
    assert_refused(response, client, signer, web_redis_url, status=413)


def test_a_streamed_body_over_2_mb_is_413_without_a_length(client, web_redis_url, signer):
    body = body_of(dict(ARTICLE, body="Tin dài. " * (2 * 1024 * 1024 // 9 + 1)))
    chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))
    response = client.post("/api/articles", content=chunks, headers=signer.headers(body))
    assert "content-length" not in response.request.headers
    assert_refused(response, client, signer, web_redis_url, status=413)


def test_a_body_just_under_2_mb_is_read(client, web_redis_url, signer):
    filler = "x" * (2 * 1024 * 1024 - len(body_of(ARTICLE)) - 20)
    body = body_of(dict(ARTICLE, note=filler))
    assert len(body) <= 2 * 1024 * 1024
    assert post(client, signer, raw=body).status_code == 202


@pytest.mark.parametrize("raw, message", [
    (b'{"title": "Tin", "body": ', "invalid JSON"),
    (b"", "the article is empty"),
    (b'["title", "body"]', "JSON must be an object"),
    ('{"id": "bai-1", "body": "Chỉ có thân bài."}'.encode(), "JSON has no 'title'"),
    ('{"id": "bai-1", "title": "Chỉ có tiêu đề"}'.encode(), "JSON has no 'body'"),
    (b'{"id": "bai-1", "title": "Tin", "body": "Than bai.", "priority": "cao"}', "'priority' must be a whole"),
    (b'{"id": "bai-1", "title": "Tin", "body": "Th\xe2n b\xe0i."}', "not valid UTF-8"),
    ('{"id": "bai-1", "title": "Tin", "body": "Thân bài.", "published": "hôm qua"}'.encode(),
     "not an ISO 8601 time"),
])
def test_malformed_json_or_an_invalid_article_is_422_with_one_line(client, web_redis_url, signer, raw, message):
    response = post(client, signer, raw=raw)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert message in detail and "\n" not in detail
    assert status_of(client, signer, "bai-1").status_code == 404
    assert queued_renders(web_redis_url) == []


def test_when_redis_is_down_the_delivery_is_503_and_a_redelivery_queues_it(web_settings, make_app, signer,
                                                                           web_redis_url):
    down = replace(web_settings, redis_url=f"redis://127.0.0.1:{_free_port()}/0")
    with TestClient(make_app(down)) as client:
        response = post(client, signer, ARTICLE)
        assert response.status_code == 503
        assert response.headers["retry-after"] == "30"
        status = status_of(client, signer, "bai-100").json()
        assert status["status"] == "failed" and status["error"].startswith("not queued")

    with TestClient(make_app(web_settings)) as client:
        response = post(client, signer, ARTICLE)
        assert response.status_code == 202 and response.json()["status"] == "queued"
    assert queued_renders(web_redis_url) == [["bai-100"]]


# Status -----------------------------------------------------------------------------------------

def test_status_needs_a_signature(client, signer):
    post(client, signer, ARTICLE)
    assert client.get("/api/articles/bai-100").status_code == 401
    assert client.get("/api/articles/bai-100", headers=Signer("wrong").headers()).status_code == 401


def test_status_of_an_unknown_article_is_404(client, signer):
    response = status_of(client, signer, "bai-khong-co")
    assert response.status_code == 404
    assert response.json() == {"detail": "no article with id 'bai-khong-co'"}


# Retraction -------------------------------------------------------------------------------------

def publish(client, signer, doc) -> dict:
    """Deliver ``doc`` and render it here, as a worker would."""
    assert post(client, signer, doc).status_code == 202
    services(client.app).pipeline.render(doc["id"])
    return status_of(client, signer, doc["id"]).json()


def feed_entries(client):
    response = client.get("/feed.xml")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.bozo_exception
    return parsed.entries


def test_delete_retracts_and_rebuilds_the_feed_without_the_item(client, signer, web_redis_url):
    other = dict(ARTICLE, id="bai-101", title="Hội chợ nông sản mở cửa",
                 body="Hội chợ nông sản của tỉnh mở cửa từ sáng nay đến hết chủ nhật.")
    published = publish(client, signer, ARTICLE)
    publish(client, signer, other)
    assert published["status"] == "published"
    assert published["audio_url"].startswith("https://radio.example.vn/loa/episodes/bai-100/")
    assert {e.title for e in feed_entries(client)} == {ARTICLE["title"], other["title"]}

    response = client.delete("/api/articles/bai-100", headers=signer.headers())

    assert response.status_code == 200
    assert response.json() == {"id": "bai-100", "status": "retracted"}
    assert [e.title for e in feed_entries(client)] == [other["title"]]
    assert status_of(client, signer, "bai-100").json()["status"] == "retracted"

    # The CMS redelivering the same content does not bring it back or render it again.
    before = len(queued_renders(web_redis_url))
    again = post(client, signer, ARTICLE)
    assert again.status_code == 200 and again.json()["status"] == "retracted"
    assert len(queued_renders(web_redis_url)) == before
    assert [e.title for e in feed_entries(client)] == [other["title"]]


def test_delete_takes_the_article_out_of_the_radio_drop_folder(web_settings, make_app, signer, tmp_path):
    drop = tmp_path / "drop"
    with TestClient(make_app(replace(web_settings, drop_folder=str(drop)))) as client:
        publish(client, signer, ARTICLE)
        assert sorted(p.name for p in drop.iterdir()) == ["bai-100.json", "bai-100.wav"]

        assert client.delete("/api/articles/bai-100", headers=signer.headers()).status_code == 200

        assert list(drop.iterdir()) == []
        assert feed_entries(client) == []


def test_delete_of_an_unknown_article_is_404(client, signer):
    response = client.delete("/api/articles/bai-khong-co", headers=signer.headers())
    assert response.status_code == 404


def test_delete_needs_a_signature(client, signer):
    publish(client, signer, ARTICLE)
    assert client.delete("/api/articles/bai-100").status_code == 401
    stale = signer.headers(timestamp=int(time.time()) - 600)
    assert client.delete("/api/articles/bai-100", headers=stale).status_code == 401
    assert status_of(client, signer, "bai-100").json()["status"] == "published"
    assert len(feed_entries(client)) == 1


# With a real worker -----------------------------------------------------------------------------

@pytest.mark.integration
def test_a_delivery_is_rendered_by_a_worker_and_served(client, signer, web_settings, tmp_path):
    worker = Worker(loa_env(web_settings.data_dir, web_settings.redis_url, LOA_KEY_PREFIX=web_settings.key_prefix),
                    tmp_path / "worker.log")
    try:
        assert post(client, signer, ARTICLE).status_code == 202
        status = wait_for(lambda: (s := status_of(client, signer, "bai-100").json())["status"] == "published"
                          and s, 90, "the article to be published")
    finally:
        worker.stop()
    assert status["engine"] == "espeak" and status["duration"] > 1

    audio_path = status["audio_url"].removeprefix(web_settings.public_base_url)
    audio = client.get(audio_path)
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert audio.content == (web_settings.data_dir / audio_path.lstrip("/")).read_bytes()
    entries = feed_entries(client)
    assert [e.enclosures[0].href for e in entries] == [status["audio_url"]]
