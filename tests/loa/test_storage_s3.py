"""The S3-compatible store on a real moto server: its URL, the headers public files carry, and the
store chosen by LOA_STORAGE_URL."""
from __future__ import annotations

import pytest

from loa.s3storage import S3Storage, parse_storage_url
from loa.settings import Settings
from loa.storage import LocalStorage, open_storage
from tests.support.s3 import client


@pytest.fixture
def s3(s3_env) -> S3Storage:
    return S3Storage.from_url(s3_env.storage_url(), endpoint_url=s3_env.endpoint_url)


def test_storage_urls_name_a_bucket_and_a_prefix():
    assert parse_storage_url("s3://loa-media/dai-phat-thanh/") == ("loa-media", "dai-phat-thanh")
    assert parse_storage_url("s3://loa-media") == ("loa-media", "")
    for bad in ("/srv/loa", "s3:///prefix", "s3://loa-media/../khac", "http://loa-media/x"):
        with pytest.raises(ValueError):
            parse_storage_url(bad)


def test_objects_live_under_the_prefix_of_the_url(s3, s3_env):
    s3.write_bytes("feed.xml", b"<rss/>")
    listed = client(s3_env.endpoint_url).list_objects_v2(Bucket=s3_env.bucket, Prefix=s3.prefix + "/")
    assert [o["Key"] for o in listed["Contents"]] == [f"{s3.prefix}/feed.xml"]


@pytest.mark.parametrize("key, content_type, cache", [
    ("feed.xml", "application/rss+xml; charset=utf-8", "public, max-age=300"),
    ("episodes/a/a-0123456789.mp3", "audio/mpeg", "public, max-age=31536000, immutable"),
    ("episodes/a/a-0123456789.vtt", "text/vtt; charset=utf-8", "public, max-age=3600"),
    ("episodes/a/a-0123456789.chapters.json", "application/json+chapters", "public, max-age=3600"),
])
def test_public_files_carry_their_type_and_cache_rules_for_a_cdn(s3, s3_env, tmp_path, key, content_type, cache):
    source = tmp_path / "file"
    source.write_bytes(b"noi dung")
    for write in (lambda: s3.write_bytes(key, b"noi dung"), lambda: s3.put_file(key, source)):
        write()
        head = client(s3_env.endpoint_url).head_object(Bucket=s3_env.bucket, Key=s3.object_key(key))
        assert head["ContentType"] == content_type and head["CacheControl"] == cache


def test_private_files_carry_no_public_cache_rule(s3, s3_env):
    s3.write_bytes("clips/ab/abcdef.wav", b"RIFF")
    head = client(s3_env.endpoint_url).head_object(Bucket=s3_env.bucket, Key=s3.object_key("clips/ab/abcdef.wav"))
    assert head["ContentType"] == "application/octet-stream" and "CacheControl" not in head


def test_an_object_replaced_while_served_ends_the_response_instead_of_mixing_versions(s3):
    s3.write_bytes("episodes/a/a-1.mp3", b"a" * 1000)
    opened = s3.open_file("episodes/a/a-1.mp3")
    s3.write_bytes("episodes/a/a-1.mp3", b"b" * 1000)
    with pytest.raises(Exception, match="PreconditionFailed|412"):
        b"".join(opened.chunks(0, 1000))


def test_the_settings_choose_the_store(tmp_path, s3_env):
    assert isinstance(open_storage(Settings(data_dir=tmp_path)), LocalStorage)
    url = s3_env.storage_url()
    chosen = open_storage(Settings(data_dir=tmp_path, storage_url=url, s3_endpoint_url=s3_env.endpoint_url))
    assert isinstance(chosen, S3Storage) and chosen.location("feed.xml") == f"{url}/feed.xml"
    chosen.write_bytes("feed.xml", b"<rss/>")
    assert not (tmp_path / "feed.xml").exists()


def test_file_urls_point_at_the_cdn_and_pages_stay_on_the_site():
    s = Settings(public_base_url="https://radio.example.vn/loa", storage_public_url="https://cdn.example.vn/loa/")
    assert s.file_url("episodes/a/a-1.mp3") == "https://cdn.example.vn/loa/episodes/a/a-1.mp3"
    assert s.public_url("nghe/") == "https://radio.example.vn/loa/nghe/"
    assert s.feed_url == "https://radio.example.vn/loa/feed.xml"
    assert Settings(public_base_url="https://radio.example.vn").file_url("cover.png") == "https://radio.example.vn/cover.png"


def test_an_unreachable_store_is_an_os_error_naming_the_object(s3_env):
    from loa.storage import StoreUnavailable
    from tests.support.s3 import free_port

    gone = S3Storage.from_url("s3://loa-media/tin", endpoint_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable) as err:
        gone.write_bytes("feed.xml", b"<rss/>")
    assert err.value.filename == "s3://loa-media/tin/feed.xml" and "cannot be used" in err.value.strerror


def test_a_missing_bucket_is_refused_with_the_stores_reason(s3_env):
    from loa.storage import StoreUnavailable

    missing = S3Storage.from_url("s3://khong-co-xo/tin", endpoint_url=s3_env.endpoint_url)
    with pytest.raises(StoreUnavailable, match="NoSuchBucket"):
        missing.write_bytes("feed.xml", b"<rss/>")


@pytest.mark.parametrize("name", ["loa.storage", "loa.s3storage", "loa.publicfiles"])
def test_doctests(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed
