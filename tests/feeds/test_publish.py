import os
from datetime import datetime, timedelta, timezone

import feedparser
import pytest

import loa.storage
from feeds.podcast import Channel, FeedItem
from feeds.publish import format_duration, publish_feed

HANOI = timezone(timedelta(hours=7))


def make_channel() -> Channel:
    return Channel(
        title="Loa – Thời sự",
        description="Bản tin thời sự đọc thành tiếng.",
        link="https://loa.example.vn/",
        feed_url="https://loa.example.vn/feeds/thoi-su.xml",
        image_url="https://loa.example.vn/cover.png",
        author="Loa",
        email="bientap@loa.example.vn",
        category="News",
    )


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
    returned = publish_feed(target, make_channel(), [make_item(1), make_item(2)])

    assert returned == target
    assert read_titles(target) == ["Thời sự số 2", "Thời sự số 1"]
    assert os.listdir(target.parent) == ["thoi-su.xml"]


def test_republishing_replaces_the_feed_in_place(tmp_path):
    target = tmp_path / "thoi-su.xml"
    publish_feed(target, make_channel(), [make_item(1)])
    publish_feed(target, make_channel(), [make_item(1), make_item(2), make_item(3)])

    assert read_titles(target) == ["Thời sự số 3", "Thời sự số 2", "Thời sự số 1"]
    assert os.listdir(tmp_path) == ["thoi-su.xml"]


def test_republishing_unchanged_items_gives_identical_file(tmp_path):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    publish_feed(first, make_channel(), [make_item(1), make_item(2)])
    publish_feed(second, make_channel(), [make_item(2), make_item(1)])
    assert first.read_bytes() == second.read_bytes()


@pytest.fixture
def published(tmp_path):
    target = tmp_path / "thoi-su.xml"
    publish_feed(target, make_channel(), [make_item(1)])
    return target, target.read_bytes()


def test_naive_item_time_raises_and_old_feed_is_untouched(published):
    target, old_bytes = published
    with pytest.raises(ValueError, match="timezone-aware"):
        publish_feed(
            target,
            make_channel(),
            [make_item(1), make_item(2, published=datetime(2024, 5, 3, 6, 0))],
        )
    assert target.read_bytes() == old_bytes
    assert os.listdir(target.parent) == [target.name]


def test_naive_last_build_raises_and_old_feed_is_untouched(published):
    target, old_bytes = published
    with pytest.raises(ValueError, match="last_build must be timezone-aware"):
        publish_feed(target, make_channel(), [make_item(1), make_item(2)], datetime(2024, 6, 1))
    assert target.read_bytes() == old_bytes
    assert os.listdir(target.parent) == [target.name]


def test_duplicate_guids_raise_and_old_feed_is_untouched(published):
    target, old_bytes = published
    with pytest.raises(ValueError, match="duplicate GUIDs"):
        publish_feed(target, make_channel(), [make_item(1), make_item(2, guid="thoi-su-1")])
    assert target.read_bytes() == old_bytes
    assert read_titles(target) == ["Thời sự số 1"]


def test_failed_rename_keeps_old_feed_and_removes_temp_file(published, monkeypatch):
    target, old_bytes = published

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(loa.storage.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        publish_feed(target, make_channel(), [make_item(1), make_item(2)])
    assert target.read_bytes() == old_bytes
    assert os.listdir(target.parent) == [target.name]


def test_format_duration_is_available_from_publish():
    assert format_duration(5400.2) == "01:30:00"
