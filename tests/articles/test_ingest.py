import json
import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from articles.errors import ArticleTooLong, IngestError
from articles.ingest import article_id, parse_article, read_source, sniff_format

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BODY = (
    "Sáng 26/11, Sở Nông nghiệp và Môi trường tỉnh tổ chức hội nghị triển khai kế hoạch phòng chống lũ.\n\n"
    "Theo báo cáo, toàn tỉnh có 1.250 hộ dân sống ở vùng thấp trũng cần được hỗ trợ di dời."
)


def json_article(**overrides) -> bytes:
    doc = {"id": "qtv-20261126-01", "title": "Chủ động phòng chống lũ muộn", "body": BODY,
           "published": "2026-11-26T08:15:00+07:00", "author": "Hồng Nhung",
           "url": "https://radio.example.vn/tin/qtv-20261126-01"}
    doc.update(overrides)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_json_article_fields():
    article = parse_article(json_article(), "json")
    assert article.id == "qtv-20261126-01"
    assert article.title == "Chủ động phòng chống lũ muộn"
    assert [b.role for b in article.blocks] == ["lead", "body"]
    assert article.blocks[1].text.startswith("Theo báo cáo, toàn tỉnh có 1.250 hộ")
    assert article.published == datetime(2026, 11, 26, 1, 15, tzinfo=UTC)
    assert article.author == "Hồng Nhung"
    assert article.url.endswith("qtv-20261126-01")
    assert len(article.content_hash) == 64


def test_published_without_zone_is_station_time():
    article = parse_article(json_article(published="2026-11-26T08:15:00"), "json")
    assert article.published.utcoffset().total_seconds() == 7 * 3600
    assert article.published.astimezone(UTC).hour == 1


def test_missing_published_uses_ingest_time_in_station_zone():
    now = datetime(2026, 11, 27, 9, 0, tzinfo=HCM)
    article = parse_article(json_article(published=None), "json", now=now)
    assert article.published == now


def test_id_falls_back_to_url_then_content():
    with_url = parse_article(json_article(id=None), "json")
    assert with_url.id.startswith("u-") and len(with_url.id) == 18
    no_url = parse_article(json_article(id=None, url=None), "json")
    assert no_url.id == "c-" + no_url.content_hash[:16]
    odd_id = parse_article(json_article(id="bài viết số 7/2026"), "json")
    assert odd_id.id.startswith("i-")
    assert article_id("bài viết số 7/2026", None, "0" * 64) == odd_id.id


def test_same_content_same_hash_edit_changes_hash():
    a = parse_article(json_article(), "json")
    b = parse_article(json_article(), "json")
    c = parse_article(json_article(body=BODY + "\n\nĐến nay đã có 900 hộ được di dời."), "json")
    assert a.content_hash == b.content_hash != c.content_hash
    assert a.id == c.id


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\t  \n", "empty"),
    (b"\xff\xfeTin t\xe1c", "not valid UTF-8"),
    (json_article(body="   "), "no 'body'"),
    (json_article(title=""), "no 'title'"),
    (json_article(body="... !!! ---"), "no body text"),
    (b'{"title": "x", "body": ', "invalid JSON"),
    (b"[1, 2]", "JSON must be an object"),
    (json_article(published="hôm qua"), "not an ISO 8601 time"),
])
def test_bad_input_is_one_clear_line(data, message):
    with pytest.raises(IngestError) as caught:
        parse_article(data, "json" if data.strip().startswith((b"{", b"[")) else None, name="bai.json")
    text = str(caught.value)
    assert message in text and "\n" not in text and text.startswith("bai.json")


def test_unreadable_paths(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read_source(str(tmp_path / "missing.txt"))
    with pytest.raises(IngestError, match="is a directory"):
        read_source(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without read permission")
def test_unreadable_file(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    locked.chmod(0)
    with pytest.raises(IngestError, match="permission denied"):
        read_source(str(locked))


def test_only_http_urls_are_fetched():
    with pytest.raises(IngestError, match="only http and https"):
        read_source("ftp://radio.example.vn/tin.txt")


def test_read_source_declares_format_from_suffix(tmp_path):
    path = tmp_path / "bai.json"
    path.write_bytes(json_article())
    data, fmt, url = read_source(str(path))
    assert (fmt, url) == ("json", None) and data == json_article()


@pytest.mark.parametrize("text, fmt", [
    ('{"title": "a"}', "json"),
    ("<!DOCTYPE html><html><body></body></html>", "html"),
    ("<div class='article'><p>Tin</p></div>", "html"),
    ("Chủ động phòng chống lũ\nThứ năm, 26/11/2026 - 08:15", "text"),
])
def test_sniff_format(text, fmt):
    assert sniff_format(text) == fmt


def test_json_with_html_instead_of_body_and_priority():
    html = ("<html><body><article><h1>Khánh thành cầu mới</h1><p>Sáng nay, tỉnh khánh thành cây cầu mới"
            " qua sông Hiếu, dài 320 mét.</p><p>Cầu giúp 12.000 người dân đi lại thuận tiện hơn.</p>"
            "</article></body></html>")
    article = parse_article(json_article(body=None, html=html, priority=5), "json")
    assert article.title == "Chủ động phòng chống lũ muộn"
    assert any("320 mét" in b.text for b in article.blocks)
    assert article.priority == 5


def test_priority_must_be_a_whole_number():
    with pytest.raises(IngestError, match="priority"):
        parse_article(json_article(priority="cao"), "json")


# Every field checked, every door the same -------------------------------------------------------

def refused(data: bytes, fmt: str | None = "json", **options) -> str:
    with pytest.raises(IngestError) as caught:
        parse_article(data, fmt, name="bai.json", **options)
    text = str(caught.value)
    assert "\n" not in text and text.startswith("bai.json: ")
    return text.removeprefix("bai.json: ")


@pytest.mark.parametrize("overrides, message", [
    ({"url": ["https://radio.example.vn/tin/1"]}, "'url' must be text (a URL), not a list"),
    ({"url": "javascript:alert(document.domain)//http://x"},
     "'url' must be an absolute http or https URL, not a javascript: URL"),
    ({"url": "data:text/html,<script>alert(1)</script>"}, "not a data: URL"),
    ({"url": "/tin/bai-1"}, "'url' must be an absolute http or https URL, not a relative URL"),
    ({"url": "https:///tin/bai-1"}, "with a host name"),
    ({"url": "https://u:p@radio.example.vn/tin/1"},
     "'url' must not carry a user name or password (https://radio.example.vn/tin/1)"),
    ({"url": "https://radio.example.vn/tin 1"}, "contains spaces, control characters or backslashes"),
    ({"url": "https://radio.example.vn:99999/tin"}, "'url' is not a valid URL"),
    ({"priority": 10**30}, "'priority' must be a whole number from -1000 to 1000"),
    ({"priority": -10**30}, "'priority' must be a whole number from -1000 to 1000"),
    ({"priority": True}, "'priority' must be a whole number, not true/false"),
    ({"priority": 1.5}, "'priority' must be a whole number, not a number"),
    ({"version": -1}, "'version' must be a whole number from 0 to 9007199254740991"),
    ({"version": "3"}, "'version' must be a whole number, not text"),
    ({"title": "Tin \ud800 nóng"}, "'title' contains U+D800, a lone UTF-16 surrogate, which is not text"),
    ({"body": "Thân bài \udfff."}, "'body' contains U+DFFF"),
    ({"author": "\ud83d"}, "'author' contains U+D83D"),
    ({"id": "bai-\ud800"}, "'id' contains U+D800"),
    ({"title": "Tin\x00"}, "'title' contains a NUL character, which is not text"),
    ({"title": 5}, "'title' must be text, not a number"),
    ({"title": ["Tin"]}, "'title' must be text, not a list"),
    ({"title": "T" * 1001}, "'title' is longer than 1,000 characters"),
    ({"body": ["Thân bài."]}, "'body' must be text, not a list"),
    ({"body": None, "html": {"p": "x"}}, "'html' must be text, not an object"),
    ({"author": ["Minh", "Hoàng"]}, "'author' must be text, not a list"),
    ({"id": [1]}, "'id' must be text or a whole number, not a list"),
    ({"id": 1.5}, "'id' must be text or a whole number, not a number"),
    ({"id": "x" * 1001}, "'id' is longer than 1,000 characters"),
    ({"published": "0001-01-01T00:00:00+07:00"}, "'published' must fall between 1900 and 2199"),
    ({"published": "9999-12-31T23:59:59-07:00"}, "'published' must fall between 1900 and 2199"),
    ({"published": 1795663800}, "'published' must be an ISO 8601 time as text, not a number"),
    ({"modified": "hôm qua"}, "'modified' is not an ISO 8601 time: 'hôm qua'"),
    ({"published": "x" * 5000}, "'published' is not an ISO 8601 time: 'xxxxxxxx"),
])
def test_a_field_of_the_wrong_type_or_out_of_range_is_refused(overrides, message):
    doc = json.loads(json_article()) | overrides
    text = refused(json.dumps(doc).encode())  # \u escapes: a lone surrogate can be sent, not encoded
    assert message in text and len(text) < 200


def test_json_nested_thousands_deep_is_refused():
    assert refused(b"[" * 5000 + b"]" * 5000) == "the JSON is nested too deeply to be an article"
    assert refused(b'{"a":' * 5000 + b"1" + b"}" * 5000) == "the JSON is nested too deeply to be an article"


def test_the_source_order_of_edits_is_read():
    article = parse_article(json_article(version=12, modified="2026-11-26T09:30:00Z"), "json")
    assert article.source_version == 12
    assert article.source_modified == datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("data, fmt", [
    ("T\x00i\x00n\x00 \x00n\x00ó\x00n\x00g\x00".encode(), None),
    (b"\xff\xfe" + "Tin nóng".encode("utf-16-le"), "text"),
])
def test_binary_and_utf16_text_are_refused(data, fmt):
    assert refused(data, fmt).startswith(("contains NUL bytes", "not valid UTF-8"))


def test_an_article_longer_than_the_limit_is_refused_at_every_format():
    words = "Tin dài về một sự kiện của tỉnh. "
    long_body = words * 40  # 1,320 characters of text
    assert isinstance(parse_article(json_article(body=long_body), "json", max_chars=2000), object)
    for data, fmt in ((json_article(body=long_body), "json"),
                      (f"Tiêu đề\n{long_body}".encode(), "text"),
                      (f"<html><body><article><h1>Tiêu đề</h1><p>{long_body}</p></article></body></html>".encode(),
                       "html")):
        with pytest.raises(ArticleTooLong) as caught:
            parse_article(data, fmt, name="bai", max_chars=1000)
        assert str(caught.value).startswith("bai: the article has 1,")
        assert str(caught.value).endswith("characters of text, more than the 1,000 Loa reads (LOA_MAX_ARTICLE_CHARS)")


def test_an_enormous_page_is_refused_before_clean_up():
    page = "<html><body><article><h1>Tin</h1>" + "<p>Tin dài về một sự kiện của tỉnh.</p>" * 5000
    with pytest.raises(ArticleTooLong, match=r"the page has 1\d\d,\d\d\d characters of text, far more than the 1,000"):
        parse_article(page.encode(), "html", name="bai", max_chars=1000)


@pytest.mark.parametrize("published", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=HCM),
                                       datetime(1899, 12, 31, tzinfo=UTC)])
def test_a_page_published_out_of_range_is_refused(published):
    from articles.ingest import article_from_page
    from articles.model import Block, Page

    page = Page(title="Tin", blocks=(Block("body", "Sáng nay tỉnh tổ chức hội nghị."),), published=published)
    with pytest.raises(IngestError, match="https://radio.example.vn/rss/1: 'published' must fall between 1900 and 2199"):
        article_from_page(page, source_id="1", source_url="https://radio.example.vn/tin/1", tz=HCM,
                          name="https://radio.example.vn/rss/1")


@pytest.mark.parametrize("module", ["articles.urls", "articles.fields", "articles.ingest"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
