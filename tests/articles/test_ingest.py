import json
import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from articles.errors import IngestError
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
