"""Serving public files kept in an S3-compatible bucket (a real moto server): the same ranges,
validators and refusals as from the data directory, listens counted; with a CDN, a redirect."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from articles.store import Store
from loa.storage import open_storage

MP3_KEY = "episodes/cau-moi/cau-moi-0123456789.mp3"
MP3 = bytes(range(256)) * 40  # 10240 bytes, every offset recognisable
FEED = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin tức</title></channel></rss>'
PHONE = "AppleCoreMedia/1.0.0.21F90 (iPhone; U; CPU OS 17_5 like Mac OS X; vi_vn)"


@pytest.fixture
def s3_settings(web_settings, s3_env):
    settings = replace(web_settings, storage_url=s3_env.storage_url(), s3_endpoint_url=s3_env.endpoint_url)
    storage = open_storage(settings)
    storage.write_bytes(MP3_KEY, MP3)
    storage.write_bytes("feed.xml", FEED.encode())
    storage.write_bytes("clips/ab/abcdef.wav", b"RIFF-clip")
    return settings


@pytest.fixture
def s3_client(s3_settings, make_app):
    with TestClient(make_app(s3_settings), client=("203.0.113.9", 50000), headers={"User-Agent": PHONE}) as c:
        yield c


def test_files_in_the_bucket_are_served_whole_with_their_type(s3_client, s3_settings):
    response = s3_client.get(f"/{MP3_KEY}")
    assert response.status_code == 200 and response.content == MP3
    assert response.headers["content-type"] == "audio/mpeg" and response.headers["content-length"] == "10240"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    feed = s3_client.get("/feed.xml")
    assert feed.status_code == 200 and feed.text == FEED
    assert feed.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert not (s3_settings.data_dir / "feed.xml").exists()  # nothing of it on this machine's disk


@pytest.mark.parametrize("header, first, last", [("bytes=0-99", 0, 99), ("bytes=10000-", 10000, 10239),
                                                 ("bytes=-100", 10140, 10239), ("bytes=5000-5000", 5000, 5000)])
def test_a_byte_range_from_the_bucket_is_206_with_exactly_those_bytes(s3_client, header, first, last):
    response = s3_client.get(f"/{MP3_KEY}", headers={"Range": header})
    assert response.status_code == 206
    assert response.content == MP3[first:last + 1]
    assert response.headers["content-range"] == f"bytes {first}-{last}/10240"
    assert response.headers["content-length"] == str(last - first + 1)


def test_validators_of_the_bucket_answer_304_and_guard_ranges(s3_client, s3_settings):
    etag = s3_client.get(f"/{MP3_KEY}").headers["etag"]
    assert s3_client.get(f"/{MP3_KEY}", headers={"If-None-Match": etag}).status_code == 304
    fresh = s3_client.get(f"/{MP3_KEY}", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert fresh.status_code == 206 and fresh.content == MP3[:10]
    open_storage(s3_settings).write_bytes(MP3_KEY, MP3[::-1])  # replaced: the old tag allows no range
    stale = s3_client.get(f"/{MP3_KEY}", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert stale.status_code == 200 and stale.content == MP3[::-1]
    assert s3_client.get(f"/{MP3_KEY}", headers={"Range": "bytes=20000-"}).status_code == 416
    head = s3_client.head(f"/{MP3_KEY}")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == "10240"


def test_private_and_missing_objects_are_404(s3_client):
    assert s3_client.get("/clips/ab/abcdef.wav").status_code == 404
    assert s3_client.get("/episodes/cau-moi/khong-co-0123456789.mp3").status_code == 404
    assert s3_client.get("/episodes/../clips/ab/abcdef.wav").status_code == 404


def test_a_download_from_the_bucket_is_counted_as_a_listen(s3_client, s3_settings):
    s3_client.get(f"/{MP3_KEY}")
    store = Store(s3_settings.db_url)
    try:
        today = date.today()
        assert store.listens.top(today - timedelta(days=1), today + timedelta(days=1)) == [("cau-moi", 1)]
    finally:
        store.close()


def test_with_a_cdn_audio_is_redirected_there_and_the_feed_stays_here(s3_settings, make_app):
    settings = replace(s3_settings, storage_public_url="https://cdn.example.vn/loa")
    with TestClient(make_app(settings), follow_redirects=False) as c:
        audio = c.get(f"/{MP3_KEY}")
        assert audio.status_code == 302
        assert audio.headers["location"] == f"https://cdn.example.vn/loa/{MP3_KEY}"
        assert c.get("/feed.xml").text == FEED
        open_storage(settings).write_bytes("shows/the-thao/feed.xml", FEED.encode())
        show_feed = c.get("/shows/the-thao/feed.xml")  # a show's feed stays at the address it names itself by
        assert show_feed.status_code == 200 and show_feed.text == FEED
        assert show_feed.headers["cache-control"] == "public, max-age=300"
        assert c.get("/shows/the-thao/cover.png").status_code == 302
        policy = c.get("/feed.xml").headers["content-security-policy"]
        assert "media-src 'self' https://cdn.example.vn;" in policy


def test_an_unreachable_store_is_503_not_a_crash(web_settings, s3_env, make_app):
    from tests.support.s3 import free_port

    settings = replace(web_settings, storage_url="s3://khong-co/tin", s3_endpoint_url=f"http://127.0.0.1:{free_port()}")
    with TestClient(make_app(settings)) as c:
        response = c.get("/feed.xml")
    assert response.status_code == 503 and response.headers["retry-after"] == "30"
