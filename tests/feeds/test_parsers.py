"""One feed with every tag we write, read by three real parsers: feedparser (Python apps),
podcastparser (gPodder, AntennaPod's lineage of parsers) and podcast-partytime (the Podcast
Index, which feeds Pocket Casts and the Podcasting 2.0 apps)."""
import io
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import feedparser
import podcastparser
import pytest

from feeds.podcast import Channel, FeedItem, build_feed
from feeds.podcastindex import Location, Transcript, podcast_guid

HANOI = timezone(timedelta(hours=7))
FEED_URL = "https://loa.example.vn/feeds/quang-tri.xml"
CDN = "https://cdn.loa.example.vn/episodes"
START = datetime(2024, 5, 1, 6, 0, tzinfo=HANOI)

CHANNEL = Channel(
    title="Đài Quảng Trị – Bản tin thời sự",
    description="Tin tức Quảng Trị đọc thành tiếng mỗi ngày.",
    link="https://loa.example.vn/",
    feed_url=FEED_URL,
    image_url="https://loa.example.vn/cover.png",
    author="Đài Phát thanh Quảng Trị",
    email="bientap@loa.example.vn",
    category="News",
    subcategory="Daily News",
    location=Location("Quảng Trị", geo="geo:16.75,107.19", osm="R1904264"),
)


def episode(number: int, **changes) -> FeedItem:
    fields = dict(
        guid=f"quang-tri-{number:04d}",
        title=f"Bản tin số {number}: Mưa lớn ở Hướng Hóa",
        description="Sáng nay mưa lớn kéo dài ở các xã miền núi.",
        published=START + timedelta(hours=number),
        link=f"https://baoquangtri.vn/bai-{number}.htm",
        enclosure_url=f"{CDN}/{number:04d}/episode-a1b2.mp3",
        enclosure_length=2_400_000 + number,
        duration_seconds=305.6 + number,
        episode_number=number,
        transcripts=(
            Transcript(f"{CDN}/{number:04d}/episode-a1b2.vtt", "text/vtt"),
            Transcript(f"{CDN}/{number:04d}/episode-a1b2.srt", "application/x-subrip"),
        ),
        chapters_url=f"{CDN}/{number:04d}/chapters.json",
    )
    fields.update(changes)
    return FeedItem(**fields)


ITEMS = [episode(1), episode(2), episode(3, transcripts=(), chapters_url=None, episode_number=None)]
DOCUMENT = build_feed(CHANNEL, ITEMS)


def test_feedparser_reads_the_feed_without_complaint():
    parsed = feedparser.parse(DOCUMENT)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == CHANNEL.title
    assert parsed.feed.language == "vi"
    # feedparser maps only "yes" to True and "clean" to False: Apple's "false" reads as
    # None, which it treats as not explicit too.
    assert parsed.feed.itunes_explicit is None
    assert parsed.feed.itunes_type == "episodic"
    assert parsed.feed.podcast_guid == podcast_guid(FEED_URL)
    assert parsed.feed.podcast_medium == "podcast"
    # For unknown elements with attributes feedparser keeps the attributes, not the text.
    assert parsed.feed.podcast_locked == {"owner": "bientap@loa.example.vn"}
    assert parsed.feed.podcast_location == {
        "geo": "geo:16.75,107.19",
        "osm": "R1904264",
        "country": "vn",
    }

    assert [entry.id for entry in parsed.entries] == ["quang-tri-0003", "quang-tri-0002", "quang-tri-0001"]
    first = parsed.entries[2]
    assert first.enclosures == [
        {"href": f"{CDN}/0001/episode-a1b2.mp3", "length": "2400001", "type": "audio/mpeg"}
    ]
    assert first.itunes_duration == "00:05:07"
    assert first.itunes_episode == "1"
    assert first.published == "Wed, 01 May 2024 07:00:00 +0700"
    # feedparser keeps only the last of repeated podcast:transcript elements.
    assert first.podcast_transcript == {
        "url": f"{CDN}/0001/episode-a1b2.srt",
        "type": "application/x-subrip",
        "language": "vi",
    }
    assert first.podcast_chapters == {
        "url": f"{CDN}/0001/chapters.json",
        "type": "application/json+chapters",
    }
    assert "itunes_episode" not in parsed.entries[0]
    assert "podcast_chapters" not in parsed.entries[0]


def test_podcastparser_reads_titles_guids_enclosures_and_durations():
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(DOCUMENT))

    assert parsed["title"] == CHANNEL.title
    assert parsed["language"] == "vi"
    assert parsed["type"] == "episodic"
    assert parsed["explicit"] is False
    assert parsed["cover_url"] == CHANNEL.image_url
    assert parsed["itunes_owner"] == {"name": CHANNEL.author, "email": CHANNEL.email}
    assert parsed["itunes_categories"] == [["News", "Daily News"]]

    episodes = {e["guid"]: e for e in parsed["episodes"]}
    assert list(episodes) == ["quang-tri-0003", "quang-tri-0002", "quang-tri-0001"]
    first = episodes["quang-tri-0001"]
    assert first["title"] == "Bản tin số 1: Mưa lớn ở Hướng Hóa"
    assert first["enclosures"] == [
        {"url": f"{CDN}/0001/episode-a1b2.mp3", "file_size": 2_400_001, "mime_type": "audio/mpeg"}
    ]
    assert first["total_time"] == 307
    assert first["number"] == 1
    assert first["published"] == int(ITEMS[0].published.timestamp())
    assert "number" not in episodes["quang-tri-0003"]
    # podcastparser 0.6.11 maps podcast:transcript and podcast:chapters only under the
    # namespace's former URI (the spec's GitHub address), not under
    # https://podcastindex.org/namespace/1.0, so gPodder shows neither. Should it
    # learn the current URI, what it reads must be what we wrote.
    assert first.get("transcript_url") in (None, f"{CDN}/0001/episode-a1b2.vtt", f"{CDN}/0001/episode-a1b2.srt")
    assert first.get("chapters_json_url") in (None, f"{CDN}/0001/chapters.json")


def test_partytime_reads_the_podcasting_2_tags_as_written(partytime):
    feed = partytime(DOCUMENT)
    assert feed is not None, "partytime rejected the feed"

    assert feed["title"] == CHANNEL.title
    assert feed["language"] == "vi"
    assert feed["explicit"] is False
    assert feed["itunesType"] == "episodic"
    assert feed["itunesImage"] == CHANNEL.image_url
    assert feed["owner"] == {"name": CHANNEL.author, "email": CHANNEL.email}
    assert feed["pubsub"]["self"] == FEED_URL

    assert feed["guid"] == podcast_guid(FEED_URL)
    assert feed["locked"] is True
    assert feed["podcastOwner"] == CHANNEL.email
    assert feed["medium"] == "podcast"
    assert feed["podcastLocation"] == {
        "name": "Quảng Trị",
        "geo": "geo:16.75,107.19",
        "osm": "R1904264",
    }

    items = {item["guid"]: item for item in feed["items"]}
    assert list(items) == ["quang-tri-0003", "quang-tri-0002", "quang-tri-0001"]
    first = items["quang-tri-0001"]
    assert first["enclosure"] == {
        "url": f"{CDN}/0001/episode-a1b2.mp3",
        "length": 2_400_001,
        "type": "audio/mpeg",
    }
    assert first["duration"] == 307
    assert first["itunesEpisode"] == 1
    assert first["pubDate"] == "2024-05-01T00:00:00.000Z"
    assert first["podcastTranscripts"] == [
        {"url": f"{CDN}/0001/episode-a1b2.vtt", "type": "text/vtt", "language": "vi", "rel": "captions"},
        # partytime reports every SubRip alias (application/x-subrip, text/srt) as application/srt.
        {"url": f"{CDN}/0001/episode-a1b2.srt", "type": "application/srt", "language": "vi"},
    ]
    assert first["podcastChapters"] == {
        "url": f"{CDN}/0001/chapters.json",
        "type": "application/json+chapters",
    }
    bare = items["quang-tri-0003"]
    assert "podcastTranscripts" not in bare
    assert "podcastChapters" not in bare
    assert "itunesEpisode" not in bare


def test_partytime_sees_an_unlocked_feed_and_a_plain_location(partytime):
    channel = replace(CHANNEL, locked=False, location="Quảng Trị")
    feed = partytime(build_feed(channel, ITEMS))
    assert feed["locked"] is False
    assert feed["podcastLocation"] == {"name": "Quảng Trị"}


def test_a_full_feed_keeps_the_300_newest_for_every_parser(partytime):
    items = [episode(n) for n in range(1, 351)]
    document = build_feed(CHANNEL, items)
    newest = [f"quang-tri-{n:04d}" for n in range(350, 50, -1)]

    parsed = feedparser.parse(document)
    assert parsed.bozo == 0
    assert [entry.id for entry in parsed.entries] == newest
    assert [e["guid"] for e in podcastparser.parse(FEED_URL, io.BytesIO(document))["episodes"]] == newest
    assert [item["guid"] for item in partytime(document)["items"]] == newest


@pytest.mark.parametrize(
    "url, mime_type",
    [(f"{CDN}/1/episode.m4a", "audio/mp4"), (f"{CDN}/1/episode.wav", "audio/wav")],
)
def test_other_audio_formats_reach_every_parser_with_their_type(partytime, url, mime_type):
    document = build_feed(CHANNEL, [episode(1, enclosure_url=url, enclosure_type=mime_type)])

    assert feedparser.parse(document).entries[0].enclosures[0]["type"] == mime_type
    enclosure = podcastparser.parse(FEED_URL, io.BytesIO(document))["episodes"][0]["enclosures"][0]
    assert (enclosure["url"], enclosure["mime_type"]) == (url, mime_type)
    assert partytime(document)["items"][0]["enclosure"]["type"] == mime_type


def test_partytime_rejects_a_broken_document(partytime):
    # The fixture must be able to tell a rejected feed from an accepted one.
    assert partytime(DOCUMENT.replace(b"</channel>", b"")) is None
