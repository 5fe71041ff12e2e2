"""The CMS webhook: signed deliveries in, renders queued on the real Redis, retractions out."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from dataclasses import replace

import feedparser
import pytest
from fastapi.testclient import TestClient

from tests.conftest import _free_port
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


def post(client, signer, doc=None, *, raw: bytes | None = None, headers=None):
    body = raw if raw is not None else body_of(doc)
    return client.post("/api/articles", content=body, headers=headers or signer.headers("POST", "/api/articles", body))


def put(client, signer, article_id, doc):
    body, path = body_of(doc), f"/api/articles/{article_id}"
    return client.put(path, content=body, headers=signer.headers("PUT", path, body))


def delete(client, signer, article_id):
    path = f"/api/articles/{article_id}"
    return client.delete(path, headers=signer.headers("DELETE", path))


def status_of(client, signer, article_id):
    path = f"/api/articles/{article_id}"
    return client.get(path, headers=signer.headers("GET", path))


# Accepting articles -----------------------------------------------------------------------------

def test_a_signed_article_is_stored_and_exactly_one_render_is_queued(client, signer, render_queue):
    response = post(client, signer, ARTICLE)

    assert response.status_code == 202
    assert response.json() == {
        "id": "bai-100", "status": "queued", "version": 1, "changed": True,
        "status_url": "https://radio.example.vn/loa/api/articles/bai-100",
    }
    assert render_queue.renders() == [["bai-100"]]

    status = status_of(client, signer, "bai-100")
    assert status.status_code == 200
    assert status.json() | {"updated": None} == {
        "id": "bai-100", "title": ARTICLE["title"], "status": "queued", "error": None, "engine": None,
        "version": 1, "published": "2026-11-26T08:15:00+07:00", "updated": None, "duration": None,
        "audio_url": None,
    }


def test_the_category_and_tags_of_a_delivery_are_stored_with_the_article(client, signer, render_queue):
    response = post(client, signer, ARTICLE | {"category": "Đô thị", "tags": ["Cầu đường", "Sông Hương"]})
    assert response.status_code == 202
    stored = services(client.app).store.get_article("bai-100")
    assert (stored.section, stored.tags) == ("Đô thị", ("Cầu đường", "Sông Hương"))


def test_the_same_delivery_twice_queues_one_render(client, signer, render_queue):
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
    assert render_queue.renders() == [["bai-100"]]


def test_put_with_changed_content_queues_a_second_render_of_version_2(client, signer, render_queue):
    assert post(client, signer, ARTICLE).status_code == 202
    edited = dict(ARTICLE, body=ARTICLE["body"] + "\n\nCông trình hoàn thành sau hai năm thi công.")
    del edited["id"]
    body = body_of(edited)

    response = client.put("/api/articles/bai-100", content=body,
                          headers=signer.headers("PUT", "/api/articles/bai-100", body))

    assert response.status_code == 202
    assert response.json()["id"] == "bai-100" and response.json()["version"] == 2
    assert render_queue.renders() == [["bai-100"], ["bai-100"]]
    assert status_of(client, signer, "bai-100").json()["version"] == 2

    unchanged = client.put("/api/articles/bai-100", content=body,
                           headers=signer.headers("PUT", "/api/articles/bai-100", body))
    assert unchanged.status_code == 200 and unchanged.json()["version"] == 2
    assert len(render_queue.renders()) == 2


def test_put_refuses_a_body_whose_id_differs_from_the_url(client, signer, render_queue):
    response = put(client, signer, "bai-100", dict(ARTICLE, id="bai-999"))

    assert response.status_code == 422
    assert "differs" in response.json()["detail"]
    assert status_of(client, signer, "bai-100").status_code == 404
    assert status_of(client, signer, "bai-999").status_code == 404
    assert render_queue.renders() == []


def test_put_refuses_an_id_that_cannot_be_an_article_id(client, signer, render_queue):
    response = put(client, signer, "x" * 80, {k: v for k, v in ARTICLE.items() if k != "id"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("article: 'xxxxxxxx")
    assert "is not a usable article id" in response.json()["detail"]
    assert render_queue.renders() == []


def test_an_article_without_id_gets_one_from_its_url(client, signer, render_queue):
    doc = {k: v for k, v in ARTICLE.items() if k != "id"}
    response = post(client, signer, doc)

    assert response.status_code == 202
    article_id = response.json()["id"]
    assert article_id.startswith("u-")
    assert response.json()["status_url"].endswith(f"/api/articles/{article_id}")
    assert render_queue.renders() == [[article_id]]


def test_html_instead_of_body_is_accepted(client, signer, render_queue):
    doc = {"id": "bai-html", "title": "Mưa lớn ở miền Trung",
           "html": "<html><body><article><h1>Mưa lớn</h1>"
                   "<p>Mưa lớn kéo dài suốt đêm qua ở các tỉnh miền Trung, nhiều nơi ngập sâu.</p>"
                   "<p>Chính quyền đã sơ tán hàng trăm hộ dân đến nơi an toàn.</p></article></body></html>"}
    assert post(client, signer, doc).status_code == 202
    assert render_queue.renders() == [["bai-html"]]


# Refusals ---------------------------------------------------------------------------------------

def assert_refused(response, client, signer, render_queue, status=401):
    assert response.status_code == status, response.text
    assert status_of(client, signer, ARTICLE["id"]).status_code == 404
    assert render_queue.renders() == []


def test_the_signing_helper_and_an_uppercase_signature_are_accepted(client, signer, render_queue):
    from web.signing import signed_headers

    body = body_of(ARTICLE)
    helper = signed_headers("test-webhook-secret", "POST", "/api/articles", body)
    assert post(client, signer, raw=body, headers=helper).status_code == 202
    headers = signer.headers("POST", "/api/articles", body)
    headers["X-Loa-Signature"] = "V2=" + headers["X-Loa-Signature"].removeprefix("v2=").upper()
    assert post(client, signer, raw=body, headers=headers).status_code == 200


def test_a_wrong_signature_is_refused(client, render_queue, signer):
    body = body_of(ARTICLE)
    response = post(client, signer, raw=body, headers=Signer("another-secret").headers("POST", "/api/articles", body))
    assert response.json()["detail"] == ("X-Loa-Signature does not match this request "
                                         "(method, path, timestamp, delivery id and body)")
    assert response.headers["www-authenticate"].startswith("Loa-HMAC-SHA256")
    assert_refused(response, client, signer, render_queue)


def test_a_body_changed_after_signing_is_refused(client, render_queue, signer):
    headers = signer.headers("POST", "/api/articles", body_of(ARTICLE))
    tampered = body_of(dict(ARTICLE, title="Tin giả"))
    assert_refused(post(client, signer, raw=tampered, headers=headers), client, signer, render_queue)


# Just over five minutes either way: the timestamp is whole seconds, so a signature made late in
# a second and checked early in the next can be almost two seconds nearer to the server's clock.
@pytest.mark.parametrize("offset", [-302, 302, -3600, 86400])
def test_a_timestamp_more_than_five_minutes_off_is_refused(client, render_queue, signer, offset):
    body = body_of(ARTICLE)
    response = post(client, signer, raw=body,
                    headers=signer.headers("POST", "/api/articles", body, int(time.time()) + offset))
    assert "more than 5 minutes" in response.json()["detail"]
    assert_refused(response, client, signer, render_queue)


def test_a_timestamp_within_five_minutes_is_accepted(client, render_queue, signer):
    body = body_of(ARTICLE)
    response = post(client, signer, raw=body,
                    headers=signer.headers("POST", "/api/articles", body, int(time.time()) - 280))
    assert response.status_code == 202


@pytest.mark.parametrize("drop, detail", [
    (("X-Loa-Timestamp",), "missing X-Loa-Timestamp header"),
    (("X-Loa-Delivery",), "missing X-Loa-Delivery header"),
    (("X-Loa-Signature",), "missing X-Loa-Signature header"),
    (("X-Loa-Timestamp", "X-Loa-Delivery", "X-Loa-Signature"),
     "missing X-Loa-Timestamp and X-Loa-Delivery and X-Loa-Signature headers"),
])
def test_missing_headers_are_refused(client, render_queue, signer, drop, detail):
    body = body_of(ARTICLE)
    headers = {k: v for k, v in signer.headers("POST", "/api/articles", body).items() if k not in drop}
    response = post(client, signer, raw=body, headers=headers or {"X-Other": "1"})
    assert response.json()["detail"] == detail
    assert_refused(response, client, signer, render_queue)


@pytest.mark.parametrize("timestamp", ["soon", "1.5e9", "-100", "", "9" * 5000, "١٧٩٥٦٦٣٨٠٠"])
def test_a_malformed_timestamp_is_refused(client, render_queue, signer, timestamp):
    body = body_of(ARTICLE)
    headers = signer.headers("POST", "/api/articles", body) | {"X-Loa-Timestamp": timestamp}
    response = post(client, signer, raw=body, headers={k: v.encode() for k, v in headers.items()})
    assert_refused(response, client, signer, render_queue)
    assert "X-Loa-Timestamp" in response.json()["detail"]


def test_an_empty_secret_refuses_every_delivery(web_settings, make_app, signer, render_queue):
    with TestClient(make_app(replace(web_settings, webhook_secret=""))) as client:
        body = body_of(ARTICLE)
        for headers in (signer.headers("POST", "/api/articles", body), Signer("").headers("POST", "/api/articles", body),
                        {}):
            response = post(client, signer, raw=body, headers=headers)
            assert response.status_code == 401
            assert "LOA_WEBHOOK_SECRET is not set" in response.json()["detail"]
        signed_get = Signer("").headers("GET", "/api/articles/bai-100")
        assert client.get("/api/articles/bai-100", headers=signed_get).status_code == 401
    assert services(client.app).store.get_article("bai-100") is None
    assert render_queue.renders() == []


def test_a_body_over_2_mb_is_413(client, render_queue, signer):
    doc = dict(ARTICLE, body="Tin dài. " * (2 * 1024 * 1024 // 9 + 1))
    response = post(client, signer, doc)
    assert_refused(response, client, signer, render_queue, status=413)


def test_a_streamed_body_over_2_mb_is_413_without_a_length(client, render_queue, signer):
    body = body_of(dict(ARTICLE, body="Tin dài. " * (2 * 1024 * 1024 // 9 + 1)))
    chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))
    response = client.post("/api/articles", content=chunks, headers=signer.headers("POST", "/api/articles", body))
    assert "content-length" not in response.request.headers
    assert_refused(response, client, signer, render_queue, status=413)


def test_a_body_just_under_2_mb_is_read(client, render_queue, signer):
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
    ('{"id": "bai-1", "title": "Tin", "body": "Thân bài.", "tags": "Thể thao"}'.encode(),
     "'tags' must be a list of texts"),
    ('{"id": "bai-1", "title": "Tin", "body": "Thân bài.", "category": {"ten": "Thể thao"}}'.encode(),
     "'category' must be text, not an object"),
])
def test_malformed_json_or_an_invalid_article_is_422_with_one_line(client, render_queue, signer, raw, message):
    response = post(client, signer, raw=raw)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert message in detail and "\n" not in detail
    assert status_of(client, signer, "bai-1").status_code == 404
    assert render_queue.renders() == []


def test_when_redis_is_down_the_delivery_is_503_and_nothing_is_stored(web_settings, make_app, signer,
                                                                       render_queue):
    down = replace(web_settings, redis_url=f"redis://127.0.0.1:{_free_port()}/0")
    with TestClient(make_app(down)) as client:
        response = post(client, signer, ARTICLE)
        assert response.status_code == 503
        assert response.headers["retry-after"] == "30"
        assert response.json()["detail"] == ("cannot check whether X-Loa-Delivery is new: Redis does not answer; "
                                             "nothing was done, send the request again later")
        assert services(client.app).store.get_article("bai-100") is None
        # Reads are refused the same way when signed: a replayed GET must not pass unchecked either.
        assert status_of(client, signer, "bai-100").status_code == 503

    with TestClient(make_app(web_settings)) as client:
        response = post(client, signer, ARTICLE)
        assert response.status_code == 202 and response.json()["status"] == "queued"
    assert render_queue.renders() == [["bai-100"]]


def test_an_article_saved_but_never_queued_is_queued_by_the_next_delivery(client, signer, render_queue):
    from articles.ingest import parse_article

    store = services(client.app).store
    store.save_article(parse_article(body_of(ARTICLE), "json"))
    store.set_status("bai-100", "failed", error="not queued: ConnectionError: Redis went away")

    response = post(client, signer, ARTICLE)
    assert response.status_code == 202 and response.json()["changed"] is False
    assert render_queue.renders() == [["bai-100"]]


# Replays and the order of edits -----------------------------------------------------------------

def test_a_replayed_delivery_is_409_and_changes_nothing(client, signer, render_queue):
    body = body_of(ARTICLE)
    headers = signer.headers("POST", "/api/articles", body)
    assert post(client, signer, raw=body, headers=headers).status_code == 202

    replay = post(client, signer, raw=body, headers=headers)

    assert replay.status_code == 409
    assert replay.json()["detail"] == (
        f"X-Loa-Delivery {headers['X-Loa-Delivery']} was already received: each request is acted on once; "
        "send every request, retries too, with a new delivery id")
    assert render_queue.renders() == [["bai-100"]]


def test_a_captured_read_cannot_become_a_delete(client, signer):
    publish(client, signer, ARTICLE)
    read = signer.headers("GET", "/api/articles/bai-100")
    assert client.get("/api/articles/bai-100", headers=read).status_code == 200

    for path in ("/api/articles/bai-100", "/api/articles/bai-101"):
        response = client.delete(path, headers=read)
        assert response.status_code == 401
        assert "does not match this request" in response.json()["detail"]
    assert status_of(client, signer, "bai-100").json()["status"] == "published"
    assert [e.title for e in feed_entries(client)] == [ARTICLE["title"]]


def test_a_signed_post_cannot_be_sent_as_a_put_of_another_article(client, signer, render_queue):
    doc = {k: v for k, v in ARTICLE.items() if k != "id"}
    body = body_of(doc)
    headers = signer.headers("POST", "/api/articles", body)

    as_put = client.put("/api/articles/bai-200", content=body, headers=headers)
    with_query = client.post("/api/articles?id=bai-200", content=body, headers=headers)

    for response in (as_put, with_query):
        assert response.status_code == 401
        assert "does not match this request" in response.json()["detail"]
    assert status_of(client, signer, "bai-200").status_code == 404
    assert render_queue.renders() == []


def test_the_query_string_is_signed_with_the_path(client, signer, render_queue):
    body = body_of(ARTICLE)
    target = "/api/articles?nguon=cms&lan=2"
    response = client.post(target, content=body, headers=signer.headers("POST", target, body))
    assert response.status_code == 202
    assert render_queue.renders() == [["bai-100"]]


def test_the_retired_signature_scheme_is_refused_with_a_message_that_says_so(client, signer, render_queue):
    import hashlib
    import hmac

    body = body_of(ARTICLE)
    ts = str(int(time.time()))
    mac = hmac.new(b"test-webhook-secret", ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    headers = signer.headers("POST", "/api/articles", body) | {"X-Loa-Timestamp": ts,
                                                               "X-Loa-Signature": f"sha256={mac}"}
    response = post(client, signer, raw=body, headers=headers)
    assert response.json()["detail"] == ("X-Loa-Signature uses the retired sha256= scheme; sign with v2= "
                                         "(method, path, timestamp, delivery id and body)")
    assert_refused(response, client, signer, render_queue)


@pytest.mark.parametrize("delivery", ["short", "x" * 129, "has space in it 123", "ngày-giao-0123456789", ""])
def test_a_malformed_delivery_id_is_refused(client, signer, render_queue, delivery):
    body = body_of(ARTICLE)
    headers = signer.headers("POST", "/api/articles", body, delivery_id=delivery or None)
    headers["X-Loa-Delivery"] = delivery
    response = post(client, signer, raw=body, headers={k: v.encode() for k, v in headers.items()})
    assert_refused(response, client, signer, render_queue)
    assert "X-Loa-Delivery" in response.json()["detail"]


def test_an_older_version_sent_again_does_not_roll_back_a_correction(client, signer, render_queue):
    first = dict(ARTICLE, version=1)
    corrected = dict(ARTICLE, version=2, body=ARTICLE["body"].replace("500 mét", "520 mét"))
    assert post(client, signer, first).status_code == 202
    assert post(client, signer, corrected).status_code == 202

    late = post(client, signer, first)  # freshly signed: a retry the CMS sent before the correction

    assert late.status_code == 409
    assert late.json()["detail"] == ("article bai-100: its version 1 is older than version 2, already received; "
                                     "nothing was changed")
    article = services(client.app).store.get_article("bai-100")
    assert "520 mét" in article.text and article.source_version == 2
    assert status_of(client, signer, "bai-100").json()["version"] == 2
    assert render_queue.renders() == [["bai-100"], ["bai-100"]]


def test_without_a_version_the_content_of_a_replaced_version_is_not_restored(client, signer, render_queue):
    corrected = dict(ARTICLE, body=ARTICLE["body"].replace("500 mét", "520 mét"))
    assert post(client, signer, ARTICLE).status_code == 202
    assert post(client, signer, corrected).status_code == 202

    late = post(client, signer, ARTICLE)
    assert late.status_code == 409
    assert late.json()["detail"].startswith("article bai-100: this is the content of version 1, since replaced "
                                            "by version 2; an older copy is not restored")
    assert "520 mét" in services(client.app).store.get_article("bai-100").text

    # Said to be newer, the same content is restored as version 3 and rendered.
    restored = post(client, signer, dict(ARTICLE, modified="2026-11-26T09:00:00+07:00"))
    assert restored.status_code == 202 and restored.json()["version"] == 3
    assert "500 mét" in services(client.app).store.get_article("bai-100").text
    assert len(render_queue.renders()) == 3


def test_modified_times_order_edits_when_there_is_no_version(client, signer, render_queue):
    at_nine = dict(ARTICLE, modified="2026-11-26T09:00:00+07:00")
    at_ten = dict(ARTICLE, modified="2026-11-26T03:00:00Z", body=ARTICLE["body"] + "\n\nCầu có bốn làn xe.")
    assert post(client, signer, at_ten).status_code == 202

    late = post(client, signer, at_nine)

    assert late.status_code == 409
    assert "modified 2026-11-26T09:00:00+07:00, before the copy already received" in late.json()["detail"]
    assert "bốn làn xe" in services(client.app).store.get_article("bai-100").text
    assert render_queue.renders() == [["bai-100"]]


def test_an_older_copy_of_a_retracted_article_does_not_bring_it_back(client, signer, render_queue):
    publish(client, signer, dict(ARTICLE, version=1))
    corrected = dict(ARTICLE, version=2, body=ARTICLE["body"].replace("500 mét", "520 mét"))
    assert post(client, signer, corrected).status_code == 202
    services(client.app).pipeline.render("bai-100")
    assert delete(client, signer, "bai-100").status_code == 200
    queued = len(render_queue.renders())

    for copy in (dict(ARTICLE, version=1), ARTICLE, corrected):
        response = post(client, signer, copy)
        assert response.status_code in (200, 409), response.text
        assert status_of(client, signer, "bai-100").json()["status"] == "retracted"
    assert len(render_queue.renders()) == queued
    assert feed_entries(client) == []


@pytest.fixture
def client_on_each_database(web_settings, make_app, database_url):
    with TestClient(make_app(replace(web_settings, database_url=database_url))) as c:
        yield c


def test_concurrent_edits_of_one_article_get_unique_versions(client_on_each_database, signer, render_queue):
    client = client_on_each_database
    assert post(client, signer, ARTICLE).status_code == 202
    edits = [dict(ARTICLE, body=ARTICLE["body"] + f"\n\nBản cập nhật số {n}.") for n in range(10)]
    responses: list = []

    def send(doc):
        responses.append(put(client, signer, "bai-100", doc))

    threads = [threading.Thread(target=send, args=(doc,)) for doc in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(r.status_code for r in responses) == [202] * 10
    assert sorted(r.json()["version"] for r in responses) == list(range(2, 12))
    assert status_of(client, signer, "bai-100").json()["version"] == 11
    assert len(render_queue.renders()) == 11


@pytest.mark.parametrize("path", ["/api/articles/%00", "/api/articles/bai%00100", "/api/articles/%ED%A0%80",
                                  "/api/articles/" + "x" * 5000])
def test_odd_ids_in_the_path_are_unknown_on_every_database(client_on_each_database, signer, render_queue, path):
    client = client_on_each_database
    for method in ("GET", "DELETE"):
        response = client.request(method, path, headers=signer.headers(method, path))
        assert response.status_code == 404, response.text
        assert response.json()["detail"].startswith("no article with id '") and len(response.text) < 120
    assert client.get(path).status_code == 404
    body = body_of({k: v for k, v in ARTICLE.items() if k != "id"})
    response = client.put(path, content=body, headers=signer.headers("PUT", path, body))
    assert response.status_code == 422
    assert render_queue.renders() == []


# Status -----------------------------------------------------------------------------------------

def test_status_without_a_signature_is_public_and_says_less(client, signer):
    post(client, signer, ARTICLE)
    response = client.get("/api/articles/bai-100")
    assert response.status_code == 200
    assert response.json() == {"id": "bai-100", "status": "queued", "version": 1,
                               "published": "2026-11-26T08:15:00+07:00", "duration": None, "audio_url": None}
    head = client.head("/api/articles/bai-100")
    assert head.status_code == 200 and head.content == b""


def test_status_with_a_wrong_signature_is_refused(client, signer):
    post(client, signer, ARTICLE)
    wrong = Signer("wrong").headers("GET", "/api/articles/bai-100")
    assert client.get("/api/articles/bai-100", headers=wrong).status_code == 401
    stale = signer.headers("GET", "/api/articles/bai-100", timestamp=int(time.time()) - 600)
    assert client.get("/api/articles/bai-100", headers=stale).status_code == 401


def test_the_error_shown_to_the_cms_has_no_paths_or_credentials(client, signer):
    post(client, signer, ARTICLE)
    services(client.app).store.set_status("bai-100", "failed", error=(
        "OSError: [Errno 28] No space left on device: '/srv/loa/var/episodes/bai-100/.bai-100-ab.mp3' "
        "(fetching http://cms:mat-khau@10.0.0.5/tin/bai-100)"))
    signed = status_of(client, signer, "bai-100").json()
    assert signed["error"] == ("OSError: [Errno 28] No space left on device: '…/.bai-100-ab.mp3' "
                               "(fetching http://10.0.0.5/tin/bai-100)")
    public = client.get("/api/articles/bai-100").json()
    assert public["status"] == "failed" and "error" not in public


def test_status_of_an_unknown_article_is_404(client, signer):
    response = status_of(client, signer, "bai-khong-co")
    assert response.status_code == 404
    assert response.json() == {"detail": "no article with id 'bai-khong-co'"}
    assert client.get("/api/articles/bai-khong-co").status_code == 404


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


def test_delete_retracts_and_rebuilds_the_feed_without_the_item(client, signer, render_queue):
    other = dict(ARTICLE, id="bai-101", title="Hội chợ nông sản mở cửa",
                 body="Hội chợ nông sản của tỉnh mở cửa từ sáng nay đến hết chủ nhật.")
    published = publish(client, signer, ARTICLE)
    publish(client, signer, other)
    assert published["status"] == "published"
    assert published["audio_url"].startswith("https://radio.example.vn/loa/episodes/bai-100/")
    assert {e.title for e in feed_entries(client)} == {ARTICLE["title"], other["title"]}

    response = delete(client, signer, "bai-100")

    assert response.status_code == 200
    assert response.json() == {"id": "bai-100", "status": "retracted"}
    assert [e.title for e in feed_entries(client)] == [other["title"]]
    retracted = status_of(client, signer, "bai-100").json()
    assert retracted["status"] == "retracted" and retracted["audio_url"] is None

    # The CMS redelivering the same content does not bring it back or render it again.
    before = len(render_queue.renders())
    again = post(client, signer, ARTICLE)
    assert again.status_code == 200 and again.json()["status"] == "retracted"
    assert len(render_queue.renders()) == before
    assert [e.title for e in feed_entries(client)] == [other["title"]]


def test_delete_takes_the_article_out_of_the_radio_drop_folder(web_settings, make_app, signer, tmp_path):
    drop = tmp_path / "drop"
    with TestClient(make_app(replace(web_settings, drop_folder=str(drop)))) as client:
        publish(client, signer, ARTICLE)
        name = "2026-11-26_0815_khanh-thanh-cau-moi-qua-song-huong_bai-100"
        visible = lambda: sorted(p.name for p in drop.iterdir() if not p.name.startswith("."))  # noqa: E731
        assert visible() == [f"{name}.json", f"{name}.wav", f"{name}.xml"]

        assert delete(client, signer, "bai-100").status_code == 200

        assert visible() == []  # never imported: removed, no retraction marker needed
        assert feed_entries(client) == []


def test_delete_of_an_unknown_article_is_404(client, signer):
    response = delete(client, signer, "bai-khong-co")
    assert response.status_code == 404


def test_delete_needs_a_signature(client, signer):
    publish(client, signer, ARTICLE)
    assert client.delete("/api/articles/bai-100").status_code == 401
    stale = signer.headers("DELETE", "/api/articles/bai-100", timestamp=int(time.time()) - 600)
    assert client.delete("/api/articles/bai-100", headers=stale).status_code == 401
    assert status_of(client, signer, "bai-100").json()["status"] == "published"
    assert len(feed_entries(client)) == 1


# The documented examples ------------------------------------------------------------------------

def test_the_documented_python_example_signs_a_request_loa_accepts(client, render_queue):
    import hashlib
    import hmac
    import uuid

    import web.signing

    example = web.signing.__doc__.split("In Python::")[1].split("A request is refused")[0]
    scope = {"json": json, "time": time, "uuid": uuid, "hmac": hmac, "hashlib": hashlib,
             "article": ARTICLE, "secret": "test-webhook-secret"}
    exec(compile(textwrap_dedent(example), "<web/signing.py example>", "exec"), scope)  # noqa: S102

    response = client.post("/api/articles", content=scope["body"], headers=scope["headers"])
    assert response.status_code == 202, response.text
    assert render_queue.renders() == [["bai-100"]]


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl is not installed")
def test_the_documented_openssl_example_computes_the_signature_loa_checks(tmp_path):
    import web.signing

    example = web.signing.__doc__.split("With curl and openssl::")[1].split("In Python::")[0]
    commands = textwrap_dedent(example).split("curl ")[0]  # the signature, without sending it
    (tmp_path / "bai-100.json").write_bytes(body_of(ARTICLE))
    script = commands + '\nprintf "%s %s %s" "$ts" "$id" "$sig"\n'
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "LOA_WEBHOOK_SECRET": "test-webhook-secret"}, timeout=30)
    assert done.returncode == 0, done.stderr
    ts, delivery, sig = done.stdout.split()
    assert "v2=" + sig == web.signing.signature("test-webhook-secret", "POST", "/api/articles", ts, delivery,
                                                body_of(ARTICLE))


def textwrap_dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text.strip("\n"))


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


@pytest.mark.parametrize("module", ["web.signing", "web.api"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
