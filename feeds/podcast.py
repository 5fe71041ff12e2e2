"""The podcast RSS feed: a channel and its episodes, serialised with feedgen.

Every podcast app and radio automation system (LibreTime) subscribes to this document,
so it is built deterministically: the same channel and items always give the same bytes.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit, urlunsplit

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feeds.podcastindex import (
    EXTENSION_NAME as PODCASTINDEX_EXTENSION,
)
from feeds.podcastindex import (
    Location,
    PodcastIndexChannel,
    PodcastIndexItem,
    Transcript,
    require_podcast_guid,
)
from feeds.podcastindex import (
    podcast_guid as guid_for_feed_url,
)
from feeds.xmltext import strip_xml_invalid

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"

# RSS 2.0 allows GIF, JPEG or PNG in <image>; we can only judge by the URL's path.
_RSS_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif")

# LibreTime decides how to import a download by its file extension, so an enclosure's
# extension and its declared MIME type must agree.
ENCLOSURE_TYPES: dict[str, frozenset[str]] = {
    ".mp3": frozenset({"audio/mpeg"}),
    ".m4a": frozenset({"audio/mp4", "audio/x-m4a"}),
    ".wav": frozenset({"audio/wav", "audio/x-wav"}),
}

DEFAULT_LIMIT = 300


@dataclass(frozen=True)
class Channel:
    """The show: what a podcast app displays above the list of episodes.

    ``feed_url`` is where the feed itself is served; it must end in ``.xml`` because
    LibreTime fails to subscribe to feed URLs that do not. ``owner_name`` (the contact
    in ``itunes:owner``, not shown publicly) defaults to ``author``.

    ``location`` is the station's province (``podcast:location``), a name or a
    ``Location`` with coordinates. ``locked`` tells other hosting platforms not to
    import the feed; ``email`` is given as the owner who can unlock it.
    ``podcast_guid`` is the show's identity for life: it defaults to the one derived
    from ``feed_url``, and must be set explicitly to the old value once the feed moves.
    """

    title: str
    description: str
    link: str
    feed_url: str
    image_url: str
    author: str
    email: str
    category: str
    subcategory: str | None = None
    language: str = "vi"
    explicit: bool = False
    owner_name: str = ""
    location: str | Location | None = None
    locked: bool = True
    podcast_guid: str = ""

    def __post_init__(self) -> None:
        for name in ("title", "description", "author", "category", "language"):
            _require_text(f"Channel.{name}", getattr(self, name))
        if "@" not in self.email:
            raise ValueError(f"Channel.email must be an e-mail address, got {self.email!r}")
        for name in ("link", "feed_url", "image_url"):
            _require_ascii_url(f"Channel.{name}", getattr(self, name))
        if not urlsplit(self.feed_url).path.endswith(".xml"):
            raise ValueError(
                f"Channel.feed_url must end in .xml (LibreTime rejects other feed URLs), "
                f"got {self.feed_url!r}"
            )
        if not self.owner_name:
            object.__setattr__(self, "owner_name", self.author)
        if isinstance(self.location, str):
            object.__setattr__(self, "location", Location(self.location))
        elif self.location is not None and not isinstance(self.location, Location):
            raise ValueError(f"Channel.location must be a str or Location, got {self.location!r}")
        if not self.podcast_guid:
            object.__setattr__(self, "podcast_guid", guid_for_feed_url(self.feed_url))
        require_podcast_guid(self.podcast_guid)


@dataclass(frozen=True)
class FeedItem:
    """One episode as the feed announces it.

    ``guid`` is a stable identifier, not a permalink: apps and LibreTime use it to tell
    episodes apart, so it must never change once published. ``link`` is the source
    article, if any. ``enclosure_length`` is the exact size of the audio file in bytes,
    and the enclosure's file extension must match ``enclosure_type``.

    An edited article keeps its ``guid`` and ``published`` time and gets a new
    ``enclosure_url``: apps then replace the audio instead of announcing a new episode.
    ``episode_number`` becomes ``itunes:episode``; ``transcripts`` and ``chapters_url``
    link the episode's captions and chapter files (Podcasting 2.0).
    """

    guid: str
    title: str
    description: str
    published: datetime
    link: str | None
    enclosure_url: str
    enclosure_length: int
    duration_seconds: float
    enclosure_type: str = "audio/mpeg"
    episode_number: int | None = None
    transcripts: tuple[Transcript, ...] = ()
    chapters_url: str | None = None

    def __post_init__(self) -> None:
        _require_text("FeedItem.guid", self.guid)
        _require_text("FeedItem.title", self.title)
        _require_aware(f"FeedItem.published (guid {self.guid!r})", self.published)
        if self.link is not None:
            _require_http_url("FeedItem.link", self.link)
        _require_ascii_url("FeedItem.enclosure_url", self.enclosure_url)
        if (
            not isinstance(self.enclosure_length, int)
            or isinstance(self.enclosure_length, bool)
            or self.enclosure_length <= 0
        ):
            raise ValueError(
                "FeedItem.enclosure_length must be the file size in bytes (a positive int), "
                f"got {self.enclosure_length!r}"
            )
        _require_text("FeedItem.enclosure_type", self.enclosure_type)
        _require_matching_extension(self.enclosure_url, self.enclosure_type)
        format_duration(self.duration_seconds)
        if self.episode_number is not None and (
            not isinstance(self.episode_number, int)
            or isinstance(self.episode_number, bool)
            or self.episode_number < 1
        ):
            raise ValueError(
                f"FeedItem.episode_number must be a positive int, got {self.episode_number!r}"
            )
        transcripts = tuple(self.transcripts)
        for transcript in transcripts:
            if not isinstance(transcript, Transcript):
                raise ValueError(f"FeedItem.transcripts must hold Transcript values, got {transcript!r}")
            _require_ascii_url("Transcript.url", transcript.url)
        object.__setattr__(self, "transcripts", transcripts)
        if self.chapters_url is not None:
            _require_ascii_url("FeedItem.chapters_url", self.chapters_url)


def format_duration(seconds: float) -> str:
    """``itunes:duration`` text: whole seconds, rounded to nearest, as ``HH:MM:SS``.

    >>> format_duration(3725.4)
    '01:02:05'
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"duration must be a finite, non-negative number of seconds, got {seconds!r}")
    total = math.floor(seconds + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def build_feed(
    channel: Channel,
    items: Sequence[FeedItem],
    last_build: datetime | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> bytes:
    """Serialise ``channel`` and ``items`` as a podcast RSS 2.0 document (UTF-8 bytes).

    Items are ordered newest first and only the ``limit`` newest are kept (``None``
    keeps all): apps and LibreTime download the whole document at every refresh, and
    older episodes stay on disk. ``lastBuildDate`` is ``last_build`` or, when not
    given, the newest item's publication time, so rebuilding an unchanged feed yields
    identical bytes. Characters XML cannot hold are removed from all text.

    Raises ``ValueError`` for duplicate GUIDs (feed parsers accept them silently, while
    LibreTime rejects them and apps mix the episodes up), for a naive ``last_build``,
    and for an empty feed without ``last_build``. Items published at the same instant
    are ordered by GUID, so the input order never changes the output.
    """
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise ValueError(f"limit must be a positive int or None, got {limit!r}")
    _reject_duplicate_guids(items)
    newest_first = sorted(items, key=lambda item: (item.published, item.guid), reverse=True)
    if limit is not None:
        newest_first = newest_first[:limit]
    if last_build is None:
        if not newest_first:
            raise ValueError("a feed without items needs an explicit last_build time")
        last_build = newest_first[0].published
    else:
        _require_aware("last_build", last_build)

    feed = FeedGenerator()
    feed.load_extension("podcast", atom=False, rss=True)
    feed.register_extension(
        _ChannelItunesTags.NAME, _ChannelItunesTags, None, atom=False, rss=True
    )
    feed.register_extension(
        PODCASTINDEX_EXTENSION, PodcastIndexChannel, PodcastIndexItem, atom=False, rss=True
    )
    _describe_channel(feed, channel, last_build)
    for item in newest_first:
        _add_item(feed, item)
    return feed.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


class _ChannelItunesTags(BaseExtension):
    """Writes the channel's ``itunes:author``, ``itunes:image`` and ``itunes:explicit``.

    feedgen's own setters fall short here: its ``itunes_image`` silently ignores URLs
    that do not end in ``.jpg``/``.png`` (such as CDN URLs with a query string), and its
    ``itunes_explicit`` accepts only ``yes``/``no``/``clean`` while Apple documents
    ``true``/``false``. ``itunes:author`` must follow ``itunes:owner``, which feedgen
    writes after its own author: feedparser reports whichever name comes last as the
    feed's author, so the owner's name would otherwise replace the author's.
    """

    NAME = "channel_itunes_tags"

    def __init__(self) -> None:
        self.author: str | None = None
        self.image_url: str | None = None
        self.explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.author:
            author = etree.SubElement(channel, f"{{{ITUNES_NS}}}author")
            author.text = self.author
        if self.image_url:
            image = etree.SubElement(channel, f"{{{ITUNES_NS}}}image")
            image.attrib["href"] = self.image_url
        if self.explicit is not None:
            explicit = etree.SubElement(channel, f"{{{ITUNES_NS}}}explicit")
            explicit.text = "true" if self.explicit else "false"
        return rss_feed


def _describe_channel(feed: FeedGenerator, channel: Channel, last_build: datetime) -> None:
    title = strip_xml_invalid(channel.title)
    feed.title(title)
    feed.description(strip_xml_invalid(channel.description))
    feed.language(channel.language)
    # RSS <link> takes the last link() call, so the self link must come first.
    feed.link(href=channel.feed_url, rel="self", type="application/rss+xml")
    feed.link(href=channel.link, rel="alternate")
    if urlsplit(channel.image_url).path.lower().endswith(_RSS_IMAGE_SUFFIXES):
        feed.image(url=channel.image_url, title=title, link=channel.link)
    feed.generator("Loa")
    feed.lastBuildDate(last_build)

    itunes = feed.podcast
    itunes.itunes_owner(
        name=strip_xml_invalid(channel.owner_name), email=strip_xml_invalid(channel.email)
    )
    category = {"cat": strip_xml_invalid(channel.category)}
    if channel.subcategory:
        category["sub"] = strip_xml_invalid(channel.subcategory)
    itunes.itunes_category(category)
    itunes.itunes_type("episodic")

    itunes_tags = getattr(feed, _ChannelItunesTags.NAME)
    itunes_tags.author = strip_xml_invalid(channel.author)
    itunes_tags.image_url = channel.image_url
    itunes_tags.explicit = channel.explicit

    podcastindex: PodcastIndexChannel = getattr(feed, PODCASTINDEX_EXTENSION)
    podcastindex.guid = channel.podcast_guid
    podcastindex.locked = channel.locked
    podcastindex.locked_owner = strip_xml_invalid(channel.email)
    podcastindex.medium = "podcast"
    location = channel.location  # a str became a Location when the channel was made
    podcastindex.location = Location(location) if isinstance(location, str) else location


def _add_item(feed: FeedGenerator, item: FeedItem) -> None:
    entry = feed.add_entry(order="append")
    entry.guid(strip_xml_invalid(item.guid), permalink=False)
    entry.title(strip_xml_invalid(item.title))
    if item.description:
        entry.description(strip_xml_invalid(item.description))
    entry.published(item.published)
    if item.link is not None:
        entry.link(href=_to_ascii_url(item.link))
    entry.enclosure(item.enclosure_url, str(item.enclosure_length), item.enclosure_type)
    entry.podcast.itunes_duration(format_duration(item.duration_seconds))
    entry.podcast.itunes_episode_type("full")
    if item.episode_number is not None:
        entry.podcast.itunes_episode(item.episode_number)
    podcastindex: PodcastIndexItem = getattr(entry, PODCASTINDEX_EXTENSION)
    podcastindex.transcripts = item.transcripts
    podcastindex.chapters_url = item.chapters_url


def _reject_duplicate_guids(items: Sequence[FeedItem]) -> None:
    counts = Counter(strip_xml_invalid(item.guid) for item in items)
    duplicates = sorted(guid for guid, count in counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate GUIDs in feed items: {', '.join(map(repr, duplicates))}")


def _require_text(name: str, value: str) -> None:
    if not isinstance(value, str) or not strip_xml_invalid(value).strip():
        raise ValueError(f"{name} must be non-empty text, got {value!r}")


def _require_aware(name: str, value: datetime) -> None:
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be timezone-aware, got naive {value.isoformat()}; "
            "attach a zone, e.g. tzinfo=ZoneInfo('Asia/Ho_Chi_Minh')"
        )


def _require_ascii_url(name: str, value: str) -> None:
    _require_http_url(name, value)
    if not value.isascii():
        raise ValueError(f"{name} must be ASCII (percent-encode it), got {value!r}")


def _require_matching_extension(url: str, mime_type: str) -> None:
    file_name = urlsplit(url).path.rsplit("/", 1)[-1]
    suffix = PurePosixPath(file_name).suffix.lower() if file_name else ""
    accepted = ENCLOSURE_TYPES.get(suffix)
    if accepted is None:
        raise ValueError(
            f"FeedItem.enclosure_url must end in one of {', '.join(sorted(ENCLOSURE_TYPES))} "
            f"(LibreTime picks the importer by file extension), got {url!r}"
        )
    if mime_type not in accepted:
        raise ValueError(
            f"FeedItem.enclosure_type {mime_type!r} does not match the file extension "
            f"{suffix!r} of {url!r}; expected one of {', '.join(sorted(accepted))}"
        )


def _to_ascii_url(url: str) -> str:
    """Percent-encode a source article's IRI (Vietnamese letters in the path) as a URI."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username is not None:
        userinfo = quote(parts.username, safe="%")
        if parts.password is not None:
            userinfo += ":" + quote(parts.password, safe="%")
        netloc = f"{userinfo}@{netloc}"
    safe = "/%:@!$&'()*+,;=-._~?"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe),
            quote(parts.fragment, safe=safe),
        )
    )


def _require_http_url(name: str, value: str) -> None:
    if not isinstance(value, str) or strip_xml_invalid(value) != value or any(
        ch.isspace() for ch in value
    ):
        raise ValueError(f"{name} must be a URL without spaces or control characters, got {value!r}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be an absolute http(s) URL, got {value!r}")
