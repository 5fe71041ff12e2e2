"""The Podcasting 2.0 namespace (https://podcastindex.org/namespace/1.0) as a feedgen extension.

feedgen ships nothing of this namespace. The channel carries ``podcast:guid``,
``podcast:locked``, ``podcast:medium`` and ``podcast:location``; each item carries its
``podcast:transcript`` links and its ``podcast:chapters`` link.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

from feeds.xmltext import strip_xml_invalid

PODCAST_NS = "https://podcastindex.org/namespace/1.0"

# The iTunes extension that ships with feedgen is registered as "podcast".
EXTENSION_NAME = "podcastindex"

# The namespace the spec fixes for deriving podcast:guid from a feed URL.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

CHAPTERS_TYPE = "application/json+chapters"

VTT = "text/vtt"
SRT = "application/x-subrip"
# The spec's list of transcript formats.
TRANSCRIPT_TYPES = frozenset({VTT, SRT, "text/plain", "text/html", "application/json"})

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_GEO_URI = re.compile(r"^geo:-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?(,-?\d+(\.\d+)?)?(;u=\d+(\.\d+)?)?$")
_OSM_ID = re.compile(r"^[NWR]\d+(#\d+)?$")
_UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LOCATION_MAX_CHARS = 128


def podcast_guid(feed_url: str) -> str:
    """The show's ``podcast:guid``: UUIDv5 of the feed URL without scheme and trailing slashes.

    >>> podcast_guid("https://podnews.net/rss")
    '9b024349-ccf0-5f69-a609-6b82873eab3c'
    """
    without_scheme = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip())
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, without_scheme.rstrip("/")))


def require_podcast_guid(value: str) -> None:
    if not isinstance(value, str) or not _UUID_TEXT.match(value):
        raise ValueError(f"podcast:guid must be a lower-case UUID, got {value!r}")


@dataclass(frozen=True)
class Transcript:
    """A link to one transcript or captions file of an episode.

    WebVTT files are announced with ``rel="captions"`` (they carry time codes that apps
    show in step with the audio); other formats are plain transcripts. The URL is
    checked by the ``FeedItem`` that carries it, like every other URL in the feed.
    """

    url: str
    type: str
    language: str = "vi"

    def __post_init__(self) -> None:
        if self.type not in TRANSCRIPT_TYPES:
            raise ValueError(
                f"Transcript.type must be one of {sorted(TRANSCRIPT_TYPES)}, got {self.type!r}"
            )
        if not isinstance(self.language, str) or not _LANGUAGE_TAG.match(self.language):
            raise ValueError(f"Transcript.language must be a language tag such as 'vi', got {self.language!r}")

    @property
    def rel(self) -> str | None:
        return "captions" if self.type == VTT else None


@dataclass(frozen=True)
class Location:
    """``podcast:location``: the place the show is about (for a station, its province).

    ``geo`` is an RFC 5870 URI (``geo:16.75,107.19``), ``osm`` an OpenStreetMap object
    (``R1904264``: type letter and id), ``country`` an ISO 3166-1 alpha-2 code.
    """

    name: str
    geo: str | None = None
    osm: str | None = None
    country: str | None = "vn"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"Location.name must be non-empty text, got {self.name!r}")
        if len(self.name) > _LOCATION_MAX_CHARS:
            raise ValueError(
                f"Location.name must be at most {_LOCATION_MAX_CHARS} characters "
                f"(aggregators truncate longer names), got {len(self.name)}"
            )
        if self.geo is not None and not _GEO_URI.match(self.geo):
            raise ValueError(f"Location.geo must look like 'geo:16.75,107.19', got {self.geo!r}")
        if self.osm is not None and not _OSM_ID.match(self.osm):
            raise ValueError(f"Location.osm must look like 'R1904264', got {self.osm!r}")
        if self.country is not None and not re.fullmatch(r"[a-z]{2}", self.country):
            raise ValueError(f"Location.country must be a lower-case ISO code, got {self.country!r}")


class PodcastIndexChannel(BaseExtension):
    """Channel tags. Set the attributes, then feedgen calls ``extend_rss`` on serialisation."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.locked_owner: str | None = None
        self.medium: str | None = None
        self.location: Location | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.guid:
            _child(channel, "guid").text = self.guid
        if self.locked is not None:
            locked = _child(channel, "locked")
            locked.text = "yes" if self.locked else "no"
            if self.locked_owner:
                locked.attrib["owner"] = self.locked_owner
        if self.medium:
            _child(channel, "medium").text = self.medium
        if self.location is not None:
            _add_location(channel, self.location)
        return rss_feed


class PodcastIndexItem(BaseEntryExtension):
    """Item tags: transcripts and chapters."""

    def __init__(self) -> None:
        self.transcripts: tuple[Transcript, ...] = ()
        self.chapters_url: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, item):
        for transcript in self.transcripts:
            element = _child(item, "transcript")
            element.attrib["url"] = transcript.url
            element.attrib["type"] = transcript.type
            element.attrib["language"] = transcript.language
            if transcript.rel:
                element.attrib["rel"] = transcript.rel
        if self.chapters_url:
            chapters = _child(item, "chapters")
            chapters.attrib["url"] = self.chapters_url
            chapters.attrib["type"] = CHAPTERS_TYPE
        return item


def _child(parent, tag: str):
    return etree.SubElement(parent, f"{{{PODCAST_NS}}}{tag}")


def _add_location(channel, location: Location) -> None:
    element = _child(channel, "location")
    element.text = strip_xml_invalid(location.name)
    for name in ("geo", "osm", "country"):
        value = getattr(location, name)
        if value is not None:
            element.attrib[name] = value
