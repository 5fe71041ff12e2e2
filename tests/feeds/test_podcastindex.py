from dataclasses import replace
from datetime import datetime, timedelta, timezone

import feedparser
import pytest
from lxml import etree

from feeds.podcast import Channel, FeedItem, build_feed
from feeds.podcastindex import PODCAST_NS, Location, Transcript, podcast_guid
from tests.support.feeds import make_channel

HANOI = timezone(timedelta(hours=7))
P = f"{{{PODCAST_NS}}}"
CDN = "https://cdn.loa.example.vn/episodes"


def make_item(number: int = 1, **changes) -> FeedItem:
    fields = dict(
        guid=f"loa-{number}",
        title=f"Bản tin số {number}",
        description="Tóm tắt.",
        published=datetime(2024, 5, 1, 6, 0, tzinfo=HANOI) + timedelta(hours=number),
        link=None,
        enclosure_url=f"{CDN}/{number}.mp3",
        enclosure_length=1_000_000,
        duration_seconds=300.0,
    )
    fields.update(changes)
    return FeedItem(**fields)


def channel_of(channel: Channel):
    document = build_feed(channel, [make_item()])
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return etree.fromstring(document).find("channel")


def item_of(item: FeedItem):
    document = build_feed(make_channel(), [item])
    assert feedparser.parse(document).bozo == 0
    return etree.fromstring(document).find("channel/item")


@pytest.mark.parametrize(
    "feed_url, guid",
    [
        # The spec's two examples.
        ("https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss//", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
    ],
)
def test_podcast_guid_matches_the_spec_examples(feed_url, guid):
    assert podcast_guid(feed_url) == guid


def test_channel_carries_guid_locked_and_medium():
    channel = make_channel()
    element = channel_of(channel)

    assert element.findtext(f"{P}guid") == podcast_guid("loa.example.vn/feeds/tin-tuc.xml")
    assert channel.podcast_guid == element.findtext(f"{P}guid")
    locked = element.find(f"{P}locked")
    assert (locked.text, locked.get("owner")) == ("yes", "bientap@loa.example.vn")
    assert element.findtext(f"{P}medium") == "podcast"
    assert element.find(f"{P}location") is None


def test_the_podcast_namespace_is_declared_once_with_its_usual_prefix():
    document = build_feed(make_channel(), [make_item()])
    assert document.count(b'xmlns:podcast="https://podcastindex.org/namespace/1.0"') == 1


def test_unlocked_feed_says_no():
    assert channel_of(make_channel(locked=False)).findtext(f"{P}locked") == "no"


def test_a_moved_feed_keeps_its_first_guid():
    first = make_channel()
    moved = make_channel(
        feed_url="https://radio.example.vn/podcast/tin-tuc.xml", podcast_guid=first.podcast_guid
    )
    assert channel_of(moved).findtext(f"{P}guid") == first.podcast_guid
    assert podcast_guid(moved.feed_url) != first.podcast_guid


@pytest.mark.parametrize("value", ["not-a-uuid", "9B024349-CCF0-5F69-A609-6B82873EAB3C"])
def test_malformed_podcast_guid_is_rejected(value):
    with pytest.raises(ValueError, match="podcast:guid"):
        make_channel(podcast_guid=value)


def test_location_given_as_a_name_is_the_province_in_vietnam():
    channel = make_channel(location="Quảng Trị")
    assert channel.location == Location("Quảng Trị")
    location = channel_of(channel).find(f"{P}location")
    assert location.text == "Quảng Trị"
    assert dict(location.attrib) == {"country": "vn"}


def test_location_with_coordinates_and_map_object():
    place = Location("Quảng Trị", geo="geo:16.75,107.19", osm="R1904264")
    location = channel_of(make_channel(location=place)).find(f"{P}location")
    assert location.text == "Quảng Trị"
    assert dict(location.attrib) == {"geo": "geo:16.75,107.19", "osm": "R1904264", "country": "vn"}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": " "}, "name must be non-empty"),
        ({"name": "x" * 129}, "at most 128"),
        ({"geo": "16.75,107.19"}, "geo"),
        ({"osm": "1904264"}, "osm"),
        ({"country": "VN"}, "country"),
    ],
)
def test_malformed_locations_are_rejected(changes, message):
    fields = {"name": "Quảng Trị"} | changes
    with pytest.raises(ValueError, match=message):
        Location(**fields)


def test_channel_location_must_be_text_or_location():
    with pytest.raises(ValueError, match="Channel.location"):
        make_channel(location=("Quảng Trị",))


def test_item_transcripts_in_order_with_captions_for_webvtt():
    item = make_item(
        transcripts=[
            Transcript(f"{CDN}/1.vtt", "text/vtt"),
            Transcript(f"{CDN}/1.srt", "application/x-subrip"),
        ]
    )
    assert isinstance(item.transcripts, tuple)
    transcripts = item_of(item).findall(f"{P}transcript")
    assert [dict(t.attrib) for t in transcripts] == [
        {"url": f"{CDN}/1.vtt", "type": "text/vtt", "language": "vi", "rel": "captions"},
        {"url": f"{CDN}/1.srt", "type": "application/x-subrip", "language": "vi"},
    ]


def test_item_chapters_link():
    chapters = item_of(make_item(chapters_url=f"{CDN}/1.chapters.json")).find(f"{P}chapters")
    assert dict(chapters.attrib) == {"url": f"{CDN}/1.chapters.json", "type": "application/json+chapters"}


def test_item_without_transcripts_or_chapters_has_neither_tag():
    element = item_of(make_item())
    assert element.find(f"{P}transcript") is None
    assert element.find(f"{P}chapters") is None


@pytest.mark.parametrize(
    "transcript, message",
    [
        (Transcript(f"{CDN}/1.vtt", "text/vtt", language="vi-VN"), None),
        (Transcript("/1.vtt", "text/vtt"), "absolute http"),
        (Transcript(f"{CDN}/bản-tin.vtt", "text/vtt"), "must be ASCII"),
    ],
)
def test_transcript_urls_are_checked_by_the_item(transcript, message):
    if message is None:
        assert make_item(transcripts=(transcript,)).transcripts == (transcript,)
    else:
        with pytest.raises(ValueError, match=message):
            make_item(transcripts=(transcript,))


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"type": "text/x-vtt"}, "Transcript.type"),
        ({"language": "tiếng Việt"}, "Transcript.language"),
    ],
)
def test_malformed_transcripts_are_rejected(fields, message):
    with pytest.raises(ValueError, match=message):
        Transcript(**({"url": f"{CDN}/1.vtt", "type": "text/vtt"} | fields))


def test_item_transcripts_must_be_transcripts():
    with pytest.raises(ValueError, match="Transcript values"):
        make_item(transcripts=(f"{CDN}/1.vtt",))


@pytest.mark.parametrize("url", ["/1.chapters.json", f"{CDN}/chương.json"])
def test_chapters_url_must_be_absolute_and_ascii(url):
    with pytest.raises(ValueError, match="FeedItem.chapters_url"):
        make_item(chapters_url=url)


def test_location_text_is_cleaned_of_control_characters():
    channel = make_channel(location="Quảng\x0b Trị")
    assert channel_of(channel).findtext(f"{P}location") == "Quảng Trị"


def test_changing_only_the_location_changes_only_that_tag():
    base = build_feed(make_channel(location="Quảng Trị"), [make_item()])
    other = build_feed(replace(make_channel(location="Quảng Trị"), location=Location("Huế")), [make_item()])
    assert base.replace("Quảng Trị".encode(), "Huế".encode()) == other
