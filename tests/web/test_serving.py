"""Serving the data directory's public files: types, HEAD, byte ranges, validators, refusals."""
from __future__ import annotations

import os
from email.utils import formatdate

import pytest

MP3_KEY = "episodes/bai-1/bai-1-0123456789.mp3"
MP3 = bytes(range(256)) * 40  # 10240 bytes, every offset recognisable
FILES = {
    "feed.xml": b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel/></rss>',
    "bulletins.xml": b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel/></rss>',
    "cover.png": b"\x89PNG\r\n\x1a\n-cover",
    MP3_KEY: MP3,
    "episodes/bai-1/bai-1-0123456789.wav": b"RIFF-broadcast-master",
    "episodes/bai-1/bai-1-0123456789.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\nXin chào\n".encode(),
    "episodes/bai-1/bai-1-0123456789.srt": "1\n00:00:00,000 --> 00:00:01,000\nXin chào\n".encode(),
    "episodes/bai-1/bai-1-0123456789.chapters.json": b'{"version": "1.2.0", "chapters": []}',
    "episodes/bai-1/cover.jpg": b"\xff\xd8\xff-jpeg",
    "bulletins/b-1/b-1-abcdef0123.mp3": b"ID3-bulletin",
    "transcripts/bai-1.vtt": b"WEBVTT\n",
    "chapters/bai-1.json": b'{"version": "1.2.0", "chapters": []}',
    # Private: never served.
    "loa.db": b"SQLite format 3\x00",
    "lexicon.txt": "UBND = ủy ban nhân dân\n".encode(),
    "clips/espeak/ab/abcdef.wav": b"RIFF-clip",
    ".feed.lock": b"",
    "episodes/bai-1/.bai-1-0123456789.tmp.mp3": b"half-written",
    "episodes/bai-1/notes.txt": b"not a public type",
    "episodes/bai-1/feed.py": b"print('x')",
}


@pytest.fixture
def data_dir(web_settings, tmp_path):
    root = web_settings.data_dir
    for key, data in FILES.items():
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    outside = tmp_path / "outside.mp3"
    outside.write_bytes(b"outside the data directory")
    os.symlink(outside, root / "episodes" / "bai-1" / "link.mp3")
    return root


@pytest.mark.parametrize("key, content_type", [
    ("feed.xml", "application/rss+xml; charset=utf-8"),
    ("bulletins.xml", "application/rss+xml; charset=utf-8"),
    ("cover.png", "image/png"),
    (MP3_KEY, "audio/mpeg"),
    ("episodes/bai-1/bai-1-0123456789.wav", "audio/wav"),
    ("episodes/bai-1/bai-1-0123456789.vtt", "text/vtt; charset=utf-8"),
    ("episodes/bai-1/bai-1-0123456789.srt", "application/x-subrip"),
    ("episodes/bai-1/bai-1-0123456789.chapters.json", "application/json+chapters"),
    ("episodes/bai-1/cover.jpg", "image/jpeg"),
    ("bulletins/b-1/b-1-abcdef0123.mp3", "audio/mpeg"),
    ("transcripts/bai-1.vtt", "text/vtt; charset=utf-8"),
    ("chapters/bai-1.json", "application/json+chapters"),
])
def test_public_files_are_served_whole_with_their_type(client, data_dir, key, content_type):
    response = client.get(f"/{key}")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.content == FILES[key]
    assert response.headers["content-length"] == str(len(FILES[key]))
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"].startswith('"')
    assert response.headers["last-modified"].endswith(" GMT")
    assert response.headers["access-control-allow-origin"] == "*"


def test_cache_control_is_short_for_feeds_and_immutable_for_versioned_audio(client, data_dir):
    assert client.get("/feed.xml").headers["cache-control"] == "public, max-age=300"
    assert client.get("/bulletins.xml").headers["cache-control"] == "public, max-age=300"
    for key in (MP3_KEY, "episodes/bai-1/bai-1-0123456789.wav", "bulletins/b-1/b-1-abcdef0123.mp3"):
        assert client.get(f"/{key}").headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "immutable" not in client.get("/cover.png").headers["cache-control"]
    assert "immutable" not in client.get("/episodes/bai-1/bai-1-0123456789.vtt").headers["cache-control"]


def test_head_gives_the_headers_of_get_without_a_body(client, data_dir):
    get = client.get(f"/{MP3_KEY}")
    head = client.head(f"/{MP3_KEY}")
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "last-modified", "accept-ranges", "cache-control"):
        assert head.headers[name] == get.headers[name]
    assert head.headers["content-length"] == "10240"


@pytest.mark.parametrize("header, first, last", [
    ("bytes=0-99", 0, 99),
    ("bytes=0-0", 0, 0),
    ("bytes=100-199", 100, 199),
    ("bytes=10000-", 10000, 10239),
    ("bytes=-100", 10140, 10239),
    ("bytes=-20000", 0, 10239),  # a suffix longer than the file is the whole file
    ("bytes=10200-99999", 10200, 10239),  # an end past the file is clamped
    ("bytes=10239-10239", 10239, 10239),
    ("BYTES = 5 - 9", 5, 9),
])
def test_a_byte_range_is_206_with_exactly_those_bytes(client, data_dir, header, first, last):
    response = client.get(f"/{MP3_KEY}", headers={"Range": header})
    assert response.status_code == 206
    assert response.content == MP3[first:last + 1]
    assert response.headers["content-range"] == f"bytes {first}-{last}/10240"
    assert response.headers["content-length"] == str(last - first + 1)
    assert response.headers["content-type"] == "audio/mpeg"
    assert response.headers["accept-ranges"] == "bytes"


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=99999-100000", "bytes=-0", "bytes=200-100"])
def test_an_unsatisfiable_range_is_416(client, data_dir, header):
    response = client.get(f"/{MP3_KEY}", headers={"Range": header})
    assert response.status_code == 416
    assert response.headers["content-range"] == "bytes */10240"
    assert response.content == b""


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-9", "bytes=abc", "bytes=-", "0-9"])
def test_ranges_it_does_not_serve_get_the_whole_file(client, data_dir, header):
    response = client.get(f"/{MP3_KEY}", headers={"Range": header})
    assert response.status_code == 200
    assert response.content == MP3
    assert "content-range" not in response.headers


def test_a_large_file_is_streamed_whole_and_in_ranges(client, web_settings):
    big = os.urandom(3 * 1024 * 1024 + 17)
    path = web_settings.data_dir / "episodes" / "big" / "big-0123456789.mp3"
    path.parent.mkdir(parents=True)
    path.write_bytes(big)
    assert client.get("/episodes/big/big-0123456789.mp3").content == big
    middle = client.get("/episodes/big/big-0123456789.mp3", headers={"Range": "bytes=1000000-2500000"})
    assert middle.status_code == 206 and middle.content == big[1000000:2500001]


def test_if_range_with_the_current_etag_gets_the_range_and_with_an_old_one_the_whole_file(client, data_dir):
    etag = client.head(f"/{MP3_KEY}").headers["etag"]
    ranged = client.get(f"/{MP3_KEY}", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert ranged.status_code == 206 and ranged.content == MP3[:10]
    stale = client.get(f"/{MP3_KEY}", headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert stale.status_code == 200 and stale.content == MP3
    weak = client.get(f"/{MP3_KEY}", headers={"Range": "bytes=0-9", "If-Range": f"W/{etag}"})
    assert weak.status_code == 200


def test_if_range_with_the_last_modified_date(client, data_dir):
    last_modified = client.head(f"/{MP3_KEY}").headers["last-modified"]
    ranged = client.get(f"/{MP3_KEY}", headers={"Range": "bytes=0-9", "If-Range": last_modified})
    assert ranged.status_code == 206
    older = formatdate(0, usegmt=True)
    assert client.get(f"/{MP3_KEY}", headers={"Range": "bytes=0-9", "If-Range": older}).status_code == 200


def test_head_ignores_range(client, data_dir):
    head = client.head(f"/{MP3_KEY}", headers={"Range": "bytes=0-9"})
    assert head.status_code == 200 and head.headers["content-length"] == "10240" and head.content == b""


def test_conditional_get_is_304_while_the_file_is_unchanged(client, data_dir):
    first = client.get("/feed.xml")
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]

    for headers in ({"If-None-Match": etag}, {"If-None-Match": f'"other", W/{etag}'}, {"If-None-Match": "*"},
                    {"If-Modified-Since": last_modified}):
        response = client.get("/feed.xml", headers=headers)
        assert response.status_code == 304, headers
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert response.headers["cache-control"] == "public, max-age=300"
    assert client.head("/feed.xml", headers={"If-None-Match": etag}).status_code == 304

    assert client.get("/feed.xml", headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get("/feed.xml", headers={"If-Modified-Since": formatdate(0, usegmt=True)}).status_code == 200
    assert client.get("/feed.xml", headers={"If-Modified-Since": "not a date"}).status_code == 200
    # If-None-Match decides when both are sent.
    both = {"If-None-Match": '"other"', "If-Modified-Since": last_modified}
    assert client.get("/feed.xml", headers=both).status_code == 200


def test_a_replaced_feed_gets_a_new_etag_and_is_sent_again(client, data_dir):
    first = client.get("/feed.xml")
    new = FILES["feed.xml"].replace(b"<channel/>", b"<channel><title>Loa</title></channel>")
    path = data_dir / "feed.xml"
    path.write_bytes(new)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 2_000_000_000))

    again = client.get("/feed.xml", headers={"If-None-Match": first.headers["etag"],
                                             "If-Modified-Since": first.headers["last-modified"]})
    assert again.status_code == 200
    assert again.content == new
    assert again.headers["etag"] != first.headers["etag"]


@pytest.mark.parametrize("path", [
    "/loa.db", "/lexicon.txt", "/clips/espeak/ab/abcdef.wav", "/.feed.lock",
    "/episodes/bai-1/.bai-1-0123456789.tmp.mp3", "/episodes/bai-1/notes.txt", "/episodes/bai-1/feed.py",
    "/episodes/bai-1", "/episodes/bai-1/", "/episodes", "/episodes/bai-2/missing.mp3",
    "/episodes/bai-1/link.mp3",  # a symlink out of the data directory
    "/episodes/%2e%2e/loa.db", "/episodes/bai-1/%2e%2e/%2e%2e/loa.db", "/%2e%2e/outside.mp3",
    "/episodes/..%2f..%2fouside.mp3", "/episodes%2f..%2floa.db", "/episodes/bai-1/%2e%2e%5c%2e%2e%5cloa.db",
    "/feed.xml/", "/episodes/feed.xml/x.mp3", "/var/feed.xml", "/api/nothing",
])
def test_private_missing_and_escaping_paths_are_404(client, data_dir, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"SQLite" not in response.content and b"outside" not in response.content


def test_only_get_and_head(client, data_dir):
    assert client.post("/feed.xml").status_code == 405
    assert client.delete(f"/{MP3_KEY}").status_code == 405
    assert (data_dir / MP3_KEY).read_bytes() == MP3


@pytest.mark.parametrize("header, status, first, last", [
    ("bytes=" + "9" * 5000 + "-", 416, None, None),  # starts past any file
    ("bytes=" + "9" * 5000 + "-" + "9" * 5001, 416, None, None),
    ("bytes=0-" + "9" * 5000, 206, 0, 10239),  # an end past the file is clamped
    ("bytes=-" + "9" * 5000, 206, 0, 10239),  # a suffix longer than the file is the whole file
    ("bytes=" + "0" * 5000 + "1-2", 206, 1, 2),  # leading zeros are still a small number
])
def test_range_positions_thousands_of_digits_long(client, data_dir, header, status, first, last):
    response = client.get(f"/{MP3_KEY}", headers={"Range": header})
    assert response.status_code == status
    if status == 416:
        assert response.headers["content-range"] == "bytes */10240" and response.content == b""
    else:
        assert response.headers["content-range"] == f"bytes {first}-{last}/10240"
        assert response.content == MP3[first:last + 1]


def test_non_ascii_digits_in_a_range_get_the_whole_file(client, data_dir):
    response = client.get(f"/{MP3_KEY}", headers={"Range": "bytes=١-٢".encode()})
    assert response.status_code == 200 and response.content == MP3


@pytest.mark.parametrize("path", ["/api/segments", "/api/segments?limit=1"])
def test_head_on_the_json_api_answers_like_get_without_a_body(client, path):
    get, head = client.get(path), client.head(path)
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"] == "application/json"


def test_serving_docstring_examples_hold():
    import doctest

    import web.serving

    result = doctest.testmod(web.serving)
    assert result.attempted > 0 and result.failed == 0
