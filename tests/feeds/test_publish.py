import os
from datetime import datetime, timedelta, timezone

import feedparser
import pytest
from lxml import etree

import loa.storage
from feeds.podcast import FeedItem, build_feed
from feeds.podcastindex import Transcript
from feeds.publish import FeedCheckError, check_feed, format_duration, publish_feed
from tests.support.feeds import make_channel

HANOI = timezone(timedelta(hours=7))


CHANNEL = make_channel(title="Loa – Thời sự",
                       description="Bản tin thời sự đọc thành tiếng.",
                       feed_url="https://loa.example.vn/feeds/thoi-su.xml")


def make_item(number: int, **changes) -> FeedItem:
    fields = dict(
        guid=f"thoi-su-{number}",
        title=f"Thời sự số {number}",
        description="Tóm tắt.",
        published=datetime(2024, 5, 1, 6, 0, tzinfo=HANOI) + timedelta(days=number),
        link=None,
        enclosure_url=f"https://cdn.loa.example.vn/thoi-su/{number}.mp3",
        enclosure_length=2_000_000 + number,
        duration_seconds=600.0,
    )
    fields.update(changes)
    return FeedItem(**fields)


def read_titles(path) -> list[str]:
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return [entry.title for entry in parsed.entries]


def test_publish_writes_a_feed_readers_can_parse_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "feeds" / "thoi-su.xml"
    returned = publish_feed(target, CHANNEL, [make_item(1), make_item(2)])

    assert returned == target
    assert read_titles(target) == ["Thời sự số 2", "Thời sự số 1"]
    assert os.listdir(target.parent) == ["thoi-su.xml"]


def test_republishing_replaces_the_feed_in_place(tmp_path):
    target = tmp_path / "thoi-su.xml"
    publish_feed(target, CHANNEL, [make_item(1)])
    publish_feed(target, CHANNEL, [make_item(1), make_item(2), make_item(3)])

    assert read_titles(target) == ["Thời sự số 3", "Thời sự số 2", "Thời sự số 1"]
    assert os.listdir(tmp_path) == ["thoi-su.xml"]


def test_republishing_unchanged_items_gives_identical_file(tmp_path):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    publish_feed(first, CHANNEL, [make_item(1), make_item(2)])
    publish_feed(second, CHANNEL, [make_item(2), make_item(1)])
    assert first.read_bytes() == second.read_bytes()


@pytest.fixture
def published(tmp_path):
    target = tmp_path / "thoi-su.xml"
    publish_feed(target, CHANNEL, [make_item(1)])
    return target, target.read_bytes()


def test_naive_item_time_raises_and_old_feed_is_untouched(published):
    target, old_bytes = published
    with pytest.raises(ValueError, match="timezone-aware"):
        publish_feed(
            target,
            CHANNEL,
            [make_item(1), make_item(2, published=datetime(2024, 5, 3, 6, 0))],
        )
    assert target.read_bytes() == old_bytes
    assert os.listdir(target.parent) == [target.name]


def test_naive_last_build_raises_and_old_feed_is_untouched(published):
    target, old_bytes = published
    with pytest.raises(ValueError, match="last_build must be timezone-aware"):
        publish_feed(target, CHANNEL, [make_item(1), make_item(2)], datetime(2024, 6, 1))
    assert target.read_bytes() == old_bytes
    assert os.listdir(target.parent) == [target.name]


def test_duplicate_guids_raise_and_old_feed_is_untouched(published):
    target, old_bytes = published
    with pytest.raises(ValueError, match="duplicate GUIDs"):
        publish_feed(target, CHANNEL, [make_item(1), make_item(2, guid="thoi-su-1")])
    assert target.read_bytes() == old_bytes
    assert read_titles(target) == ["Thời sự số 1"]


def test_failed_rename_keeps_old_feed_and_removes_temp_file(published, monkeypatch):
    target, old_bytes = published

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(loa.storage.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        publish_feed(target, CHANNEL, [make_item(1), make_item(2)])
    assert target.read_bytes() == old_bytes
    assert os.listdir(target.parent) == [target.name]


def test_format_duration_is_available_from_publish():
    assert format_duration(5400.2) == "01:30:00"


def built(items=None) -> bytes:
    return build_feed(CHANNEL, items or [make_item(1), make_item(2)])


def edited(document: bytes, change) -> bytes:
    root = etree.fromstring(document)
    change(root.find("channel"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_a_built_feed_has_no_problems():
    item = make_item(
        1,
        transcripts=(Transcript("https://cdn.loa.example.vn/thoi-su/1.vtt", "text/vtt"),),
        chapters_url="https://cdn.loa.example.vn/thoi-su/1.json",
    )
    assert check_feed(built([item, make_item(2)])) == []


def test_check_finds_a_repeated_guid():
    def repeat_guid(channel):
        channel.findall("item")[1].find("guid").text = "thoi-su-2"

    assert check_feed(edited(built(), repeat_guid)) == ["guid 'thoi-su-2' is used by 2 items"]


def test_check_finds_a_missing_guid_and_a_missing_enclosure():
    def strip(channel):
        first, second = channel.findall("item")
        first.remove(first.find("guid"))
        second.remove(second.find("enclosure"))

    assert check_feed(edited(built(), strip)) == ["item 1 has no guid", "item 2 has 0 enclosures, not 1"]


def test_check_finds_a_repeated_enclosure_url_and_a_bad_length():
    def repeat_enclosure(channel):
        first, second = (item.find("enclosure") for item in channel.findall("item"))
        second.set("url", first.get("url"))
        second.set("length", "0")

    assert check_feed(edited(built(), repeat_enclosure)) == [
        "item 2 has enclosure length '0', not a byte count",
        "enclosure URL 'https://cdn.loa.example.vn/thoi-su/2.mp3' is used by 2 items",
    ]


def test_check_finds_non_ascii_and_relative_urls():
    def spoil(channel):
        channel.find("item/enclosure").set("url", "https://cdn.loa.example.vn/thời-sự.mp3")
        channel.find("link").text = "/trang-chu"

    assert sorted(check_feed(edited(built(), spoil))) == [
        "<enclosure url> URL is not ASCII: 'https://cdn.loa.example.vn/thời-sự.mp3'",
        "<link> URL is not an absolute http(s) URL: '/trang-chu'",
    ]


@pytest.mark.parametrize(
    "date",
    [
        "Thu, 02 May 2024 06:00:00",
        "Thu, 02 May 2024 06:00:00 -0000",
        "2024-05-02T06:00:00+07:00",
        "Thu, 02 May 2024 06:00:00 ICT",
    ],
)
def test_check_finds_dates_without_a_zone(date):
    def set_date(channel):
        channel.find("item/pubDate").text = date

    assert check_feed(edited(built(), set_date)) == [
        f"item 1 pubDate {date!r} is not an RFC 2822 date with a time zone"
    ]


@pytest.mark.parametrize("date", ["Thu, 02 May 2024 06:00:00 GMT", "2 May 2024 06:00 +0000"])
def test_check_accepts_dates_with_a_zone(date):
    def set_date(channel):
        channel.find("lastBuildDate").text = date

    assert check_feed(edited(built(), set_date)) == []


def test_check_reports_broken_documents():
    assert check_feed(built()[:-20])[0].startswith("not well-formed XML")
    assert check_feed(b"<feed/>") == ["not an RSS 2.0 document (root element 'feed')"]


def test_publish_refuses_a_feed_with_problems_and_keeps_the_old_one(published):
    target, old_bytes = published
    shared = "https://cdn.loa.example.vn/thoi-su/1.mp3"
    with pytest.raises(FeedCheckError, match="feed not published: enclosure URL .* is used by 2 items") as raised:
        publish_feed(target, CHANNEL, [make_item(1), make_item(2, enclosure_url=shared)])
    assert raised.value.problems == (f"enclosure URL {shared!r} is used by 2 items",)
    assert isinstance(raised.value, ValueError)
    assert target.read_bytes() == old_bytes
    assert os.listdir(target.parent) == [target.name]


def test_publish_keeps_the_newest_items_up_to_the_limit(tmp_path):
    target = tmp_path / "thoi-su.xml"
    publish_feed(target, CHANNEL, [make_item(n) for n in range(1, 6)], limit=2)
    assert read_titles(target) == ["Thời sự số 5", "Thời sự số 4"]
