import calendar
import random
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import feedparser
import pytest
from lxml import etree

from feeds.podcast import FeedItem, build_feed, format_duration
from tests.support.feeds import make_channel

HANOI = timezone(timedelta(hours=7))
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def make_item(number: int, **changes) -> FeedItem:
    fields = dict(
        guid=f"loa-episode-{number:05d}",
        title=f"Bản tin số {number}",
        description=f"Tóm tắt bản tin số {number}.",
        published=datetime(2024, 5, 1, 6, 0, tzinfo=HANOI) + timedelta(hours=number),
        link=f"https://vnexpress.net/bai-viet-{number}.html",
        enclosure_url=f"https://cdn.loa.example.vn/episodes/{number}.mp3",
        enclosure_length=1_000_000 + number,
        duration_seconds=300.0 + number,
    )
    fields.update(changes)
    return FeedItem(**fields)


def parse(document: bytes):
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def channel_element(document: bytes):
    return etree.fromstring(document).find("channel")


def test_channel_metadata_as_a_feed_reader_sees_it():
    channel = make_channel(subcategory="Daily News")
    parsed = parse(build_feed(channel, [make_item(1)]))

    feed = parsed.feed
    assert parsed.version == "rss20"
    assert feed.title == "Loa – Tin tức mỗi ngày"
    assert feed.subtitle == "Tin tức tiếng Việt đọc thành tiếng."
    assert feed.language == "vi"
    assert feed.image.href == "https://loa.example.vn/cover.png"
    assert feed.author == "Loa"
    assert [tag.term for tag in feed.tags] == ["News", "Daily News"]
    assert feed.publisher_detail == {"name": "Loa", "email": "bientap@loa.example.vn"}
    assert feed.link == "https://loa.example.vn/"
    self_links = [link.href for link in feed.links if link.rel == "self"]
    assert self_links == ["https://loa.example.vn/feeds/tin-tuc.xml"]


def test_owner_name_can_differ_from_author():
    channel = make_channel(owner_name="Ban biên tập Loa")
    assert make_channel().owner_name == "Loa"
    parsed = parse(build_feed(channel, [make_item(1)]))
    assert parsed.feed.publisher_detail.name == "Ban biên tập Loa"
    assert parsed.feed.author == "Loa"


def test_entries_carry_guid_title_enclosure_and_duration():
    items = [make_item(1, duration_seconds=65.4), make_item(2, duration_seconds=3725.6)]
    parsed = parse(build_feed(make_channel(), items))

    by_guid = {entry.id: entry for entry in parsed.entries}
    assert set(by_guid) == {"loa-episode-00001", "loa-episode-00002"}
    first = by_guid["loa-episode-00001"]
    assert first.guidislink is False
    assert first.title == "Bản tin số 1"
    assert first.summary == "Tóm tắt bản tin số 1."
    assert first.link == "https://vnexpress.net/bai-viet-1.html"
    assert first.enclosures == [
        {
            "href": "https://cdn.loa.example.vn/episodes/1.mp3",
            "length": "1000001",
            "type": "audio/mpeg",
        }
    ]
    assert first.itunes_duration == "00:01:05"
    assert first.itunes_episodetype == "full"
    assert by_guid["loa-episode-00002"].itunes_duration == "01:02:06"


def test_guid_is_marked_as_not_a_permalink():
    channel = channel_element(build_feed(make_channel(), [make_item(1)]))
    guid = channel.find("item/guid")
    assert guid.text == "loa-episode-00001"
    assert guid.get("isPermaLink") == "false"


def test_item_without_source_link_has_no_link():
    parsed = parse(build_feed(make_channel(), [make_item(1, link=None)]))
    assert "link" not in parsed.entries[0]


def test_publication_time_keeps_its_zone_and_converts_to_utc():
    published = datetime(2024, 5, 1, 6, 30, tzinfo=HANOI)
    document = build_feed(make_channel(), [make_item(1, published=published)])

    assert channel_element(document).find("item/pubDate").text == "Wed, 01 May 2024 06:30:00 +0700"
    entry = parse(document).entries[0]
    assert tuple(entry.published_parsed)[:6] == (2024, 4, 30, 23, 30, 0)
    assert calendar.timegm(entry.published_parsed) == int(published.timestamp())


def test_items_are_listed_newest_first_whatever_the_input_order():
    items = [make_item(n) for n in range(10)]
    random.Random(7).shuffle(items)
    parsed = parse(build_feed(make_channel(), items))

    assert [entry.id for entry in parsed.entries] == [
        f"loa-episode-{n:05d}" for n in reversed(range(10))
    ]
    times = [calendar.timegm(entry.published_parsed) for entry in parsed.entries]
    assert times == sorted(times, reverse=True)


def test_vertical_tab_and_other_control_characters_are_removed():
    channel = make_channel(title="Loa\x0b tin", description="Mô tả\x0c kênh", author="Loa\x00")
    item = make_item(1, title="Giá xăng\x0b giảm", description="Dòng 1\x0bDòng 2\x1f")
    document = build_feed(channel, [item])

    assert not CONTROL_CHARS.search(document.decode("utf-8"))
    parsed = parse(document)
    assert parsed.feed.title == "Loa tin"
    assert parsed.feed.author == "Loa"
    assert parsed.entries[0].title == "Giá xăng giảm"
    assert parsed.entries[0].summary == "Dòng 1Dòng 2"


def test_vietnamese_title_with_diacritics_round_trips():
    title = "Thủ tướng: Đẩy nhanh tiến độ cao tốc Bắc – Nam, “không để chậm trễ”"
    description = "Sáng 1/5, ở Hà Nội, Quảng Trị và TP.HCM – nắng nóng 40°C."
    parsed = parse(build_feed(make_channel(), [make_item(1, title=title, description=description)]))
    assert parsed.entries[0].title == title
    assert parsed.entries[0].summary == description


def test_duplicate_guids_are_rejected():
    items = [make_item(1), make_item(2), make_item(3, guid="loa-episode-00001")]
    with pytest.raises(ValueError, match="duplicate GUIDs.*loa-episode-00001"):
        build_feed(make_channel(), items)


def test_guids_equal_once_cleaned_are_duplicates():
    items = [make_item(1), make_item(2, guid="loa-episode-\x0b00001")]
    with pytest.raises(ValueError, match="duplicate GUIDs"):
        build_feed(make_channel(), items)


def test_rebuilding_an_unchanged_feed_gives_identical_bytes():
    items = [make_item(n) for n in range(20)]
    first = build_feed(make_channel(), items)
    shuffled = list(items)
    random.Random(3).shuffle(shuffled)

    assert build_feed(make_channel(), items) == first
    assert build_feed(make_channel(), shuffled) == first


def test_last_build_defaults_to_newest_item_and_can_be_given():
    items = [make_item(1), make_item(5), make_item(3)]
    default = parse(build_feed(make_channel(), items))
    assert calendar.timegm(default.feed.updated_parsed) == int(items[1].published.timestamp())

    rebuilt_at = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    explicit = parse(build_feed(make_channel(), items, last_build=rebuilt_at))
    assert calendar.timegm(explicit.feed.updated_parsed) == int(rebuilt_at.timestamp())


def test_naive_last_build_is_rejected():
    with pytest.raises(ValueError, match="last_build must be timezone-aware"):
        build_feed(make_channel(), [make_item(1)], last_build=datetime(2024, 6, 1, 12, 0))


def test_empty_feed_needs_a_last_build_time():
    with pytest.raises(ValueError, match="without items needs an explicit last_build"):
        build_feed(make_channel(), [])
    parsed = parse(build_feed(make_channel(), [], last_build=datetime(2024, 6, 1, tzinfo=HANOI)))
    assert parsed.entries == []
    assert parsed.feed.title == "Loa – Tin tức mỗi ngày"


def test_naive_publication_time_is_rejected_with_a_clear_message():
    with pytest.raises(ValueError, match=r"FeedItem.published .* must be timezone-aware"):
        make_item(1, published=datetime(2024, 5, 1, 6, 30))


def test_image_url_without_image_suffix_still_gives_itunes_image():
    channel = make_channel(image_url="https://cdn.loa.example.vn/artwork/show-cover")
    document = build_feed(channel, [make_item(1)])

    assert parse(document).feed.image.href == "https://cdn.loa.example.vn/artwork/show-cover"
    element = channel_element(document)
    assert element.find(f"{ITUNES}image").get("href") == channel.image_url
    assert element.find("image") is None


def test_image_url_with_query_string_gives_both_image_elements():
    channel = make_channel(image_url="https://cdn.loa.example.vn/cover.png?v=3")
    element = channel_element(build_feed(channel, [make_item(1)]))

    assert element.find(f"{ITUNES}image").get("href") == channel.image_url
    assert element.find("image/url").text == channel.image_url
    assert element.find("image/link").text == channel.link


@pytest.mark.parametrize("explicit, text", [(False, "false"), (True, "true")])
def test_explicit_flag_uses_apples_true_false_values(explicit, text):
    element = channel_element(build_feed(make_channel(explicit=explicit), [make_item(1)]))
    assert [e.text for e in element.findall(f"{ITUNES}explicit")] == [text]


def test_website_is_the_rss_link_and_feed_url_the_self_link():
    element = channel_element(build_feed(make_channel(), [make_item(1)]))
    assert element.find("link").text == "https://loa.example.vn/"
    self_link = element.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "https://loa.example.vn/feeds/tin-tuc.xml"


def test_feed_url_must_end_in_xml():
    with pytest.raises(ValueError, match=r"must end in \.xml"):
        make_channel(feed_url="https://loa.example.vn/feeds/tin-tuc")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"enclosure_url": "https://cdn.loa.example.vn/bản-tin.mp3"}, "must be ASCII"),
        ({"enclosure_url": "/episodes/1.mp3"}, "absolute http"),
        ({"enclosure_url": "https://cdn.loa.example.vn/a b.mp3"}, "without spaces"),
        ({"enclosure_length": 0}, "positive int"),
        ({"enclosure_length": 12.0}, "positive int"),
        ({"duration_seconds": -1.0}, "non-negative"),
        ({"guid": "  "}, "FeedItem.guid must be non-empty"),
        ({"title": "\x0b"}, "FeedItem.title must be non-empty"),
        ({"link": "vnexpress.net/a"}, "absolute http"),
    ],
)
def test_invalid_items_are_rejected(changes, message):
    with pytest.raises(ValueError, match=message):
        make_item(1, **changes)


def test_items_are_frozen():
    item = make_item(1)
    with pytest.raises(AttributeError):
        item.title = "khác"  # type: ignore[misc]
    assert replace(item, title="khác").title == "khác"


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "00:00:00"),
        (59.4, "00:00:59"),
        (59.5, "00:01:00"),
        (3725.4, "01:02:05"),
        (36000, "10:00:00"),
        (360000, "100:00:00"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize("seconds", [-0.1, float("nan"), float("inf")])
def test_format_duration_rejects_impossible_durations(seconds):
    with pytest.raises(ValueError):
        format_duration(seconds)


def test_channel_has_apples_required_tags():
    element = channel_element(build_feed(make_channel(), [make_item(1)]))
    assert element.findtext("language") == "vi"
    assert element.findtext(f"{ITUNES}type") == "episodic"
    assert element.findtext(f"{ITUNES}explicit") == "false"
    assert element.find(f"{ITUNES}category").get("text") == "News"
    assert element.findtext(f"{ITUNES}owner/{ITUNES}email") == "bientap@loa.example.vn"
    assert element.findtext(f"{ITUNES}author") == "Loa"


def test_episode_number_is_itunes_episode():
    parsed = parse(build_feed(make_channel(), [make_item(1, episode_number=17), make_item(2)]))
    by_guid = {entry.id: entry for entry in parsed.entries}
    assert by_guid["loa-episode-00001"].itunes_episode == "17"
    assert "itunes_episode" not in by_guid["loa-episode-00002"]


@pytest.mark.parametrize("number", [0, -3, 2.0, True])
def test_episode_number_must_be_a_positive_int(number):
    with pytest.raises(ValueError, match="episode_number must be a positive int"):
        make_item(1, episode_number=number)


@pytest.mark.parametrize(
    "url, mime_type",
    [
        ("https://cdn.loa.example.vn/e/1.mp3", "audio/mpeg"),
        ("https://cdn.loa.example.vn/e/1.MP3?v=2", "audio/mpeg"),
        ("https://cdn.loa.example.vn/e/1.m4a", "audio/mp4"),
        ("https://cdn.loa.example.vn/e/1.m4a", "audio/x-m4a"),
        ("https://cdn.loa.example.vn/e/1.wav", "audio/wav"),
        ("https://cdn.loa.example.vn/e/1.wav", "audio/x-wav"),
    ],
)
def test_enclosure_extension_matching_its_type_is_accepted(url, mime_type):
    entry = parse(build_feed(make_channel(), [make_item(1, enclosure_url=url, enclosure_type=mime_type)])).entries[0]
    assert entry.enclosures[0]["href"] == url
    assert entry.enclosures[0]["type"] == mime_type


@pytest.mark.parametrize(
    "url, mime_type, message",
    [
        ("https://cdn.loa.example.vn/e/1.mp3", "audio/mp4", "does not match the file extension '.mp3'"),
        ("https://cdn.loa.example.vn/e/1.m4a", "audio/mpeg", "does not match the file extension '.m4a'"),
        ("https://cdn.loa.example.vn/e/1.wav", "audio/mpeg", "does not match the file extension '.wav'"),
        ("https://cdn.loa.example.vn/e/1.ogg", "audio/ogg", "must end in one of .m4a, .mp3, .wav"),
        ("https://cdn.loa.example.vn/e/download?id=1", "audio/mpeg", "must end in one of"),
        ("https://cdn.loa.example.vn/e/1.mp3/", "audio/mpeg", "must end in one of"),
    ],
)
def test_enclosure_extension_not_matching_its_type_is_rejected(url, mime_type, message):
    with pytest.raises(ValueError, match=message):
        make_item(1, enclosure_url=url, enclosure_type=mime_type)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"image_url": "https://loa.example.vn/ảnh-bìa.png"}, "Channel.image_url must be ASCII"),
        ({"link": "https://loa.example.vn/tin-tức/"}, "Channel.link must be ASCII"),
        ({"feed_url": "ftp://loa.example.vn/feeds/tin-tuc.xml"}, "absolute http"),
    ],
)
def test_channel_urls_must_be_absolute_http_and_ascii(changes, message):
    with pytest.raises(ValueError, match=message):
        make_channel(**changes)


def test_source_article_link_with_vietnamese_letters_is_percent_encoded():
    item = make_item(1, link="https://baoquangtri.vn/tin-nóng/bài-viết?q=mưa")
    document = build_feed(make_channel(), [item])
    expected = "https://baoquangtri.vn/tin-n%C3%B3ng/b%C3%A0i-vi%E1%BA%BFt?q=m%C6%B0a"
    assert channel_element(document).findtext("item/link") == expected
    assert parse(document).entries[0].link == expected


def test_only_the_newest_300_items_are_published_by_default():
    items = [make_item(n) for n in range(320)]
    parsed = parse(build_feed(make_channel(), items))
    assert len(parsed.entries) == 300
    assert parsed.entries[0].id == "loa-episode-00319"
    assert parsed.entries[-1].id == "loa-episode-00020"


def test_limit_can_be_changed_or_lifted():
    items = [make_item(n) for n in range(12)]
    assert [e.id for e in parse(build_feed(make_channel(), items, limit=3)).entries] == [
        "loa-episode-00011",
        "loa-episode-00010",
        "loa-episode-00009",
    ]
    assert len(parse(build_feed(make_channel(), items, limit=None)).entries) == 12


@pytest.mark.parametrize("limit", [0, -1, 2.5, True])
def test_limit_must_be_positive(limit):
    with pytest.raises(ValueError, match="limit must be a positive int or None"):
        build_feed(make_channel(), [make_item(1)], limit=limit)


def test_duplicate_guids_beyond_the_limit_are_still_rejected():
    items = [make_item(n) for n in range(5)] + [make_item(6, guid="loa-episode-00000")]
    with pytest.raises(ValueError, match="duplicate GUIDs"):
        build_feed(make_channel(), items, limit=2)


def test_edited_article_keeps_its_guid_and_date_with_new_audio():
    original = make_item(1, enclosure_url="https://cdn.loa.example.vn/episodes/a1/episode-3f9c.mp3")
    edited = replace(
        original,
        title="Bản tin số 1 (đã cập nhật)",
        enclosure_url="https://cdn.loa.example.vn/episodes/a1/episode-7b20.mp3",
        enclosure_length=1_250_000,
    )
    before = parse(build_feed(make_channel(), [original, make_item(2)])).entries[1]
    after = parse(build_feed(make_channel(), [edited, make_item(2)])).entries[1]

    assert after.id == before.id == "loa-episode-00001"
    assert after.published == before.published == "Wed, 01 May 2024 07:00:00 +0700"
    assert before.enclosures[0]["href"].endswith("episode-3f9c.mp3")
    assert after.enclosures[0]["href"].endswith("episode-7b20.mp3")
    assert after.enclosures[0]["length"] == "1250000"
    assert after.title == "Bản tin số 1 (đã cập nhật)"
