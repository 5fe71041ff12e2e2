"""Which stored files the public may fetch, and the Content-Type and Cache-Control they are sent
with: the web app serves them with these headers, and an object store keeps them on each object, so
a CDN in front of the bucket sends the same."""
from __future__ import annotations

from pathlib import PurePosixPath

PUBLIC_FILES = frozenset({"feed.xml", "bulletins.xml", "cover.png"})
PUBLIC_DIRS = frozenset({"episodes", "bulletins", "transcripts", "chapters", "shows"})
CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
CHAPTERS_TYPE = "application/json+chapters"  # what the Podcasting 2.0 chapters format asks for

FEED_CACHE = "public, max-age=300"
# Episode and bulletin audio names carry the script's digest: a change makes a new name, never new bytes.
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
DEFAULT_CACHE = "public, max-age=3600"


def public_key(key: str) -> str | None:
    """``key`` when it names a file the public may fetch, else None.

    >>> public_key("episodes/a/a-1f.mp3"), public_key("clips/ab.wav"), public_key("lexicon.txt")
    ('episodes/a/a-1f.mp3', None, None)
    """
    parts = key.split("/")
    if any(not p or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    if len(parts) == 1:
        return key if key in PUBLIC_FILES else None
    if parts[0] not in PUBLIC_DIRS or PurePosixPath(key).suffix.lower() not in CONTENT_TYPES:
        return None
    return key


def content_type(key: str) -> str:
    suffix = PurePosixPath(key).suffix.lower()
    if suffix == ".json" and (key.startswith("chapters/") or key.endswith(".chapters.json")):
        return CHAPTERS_TYPE
    return CONTENT_TYPES[suffix]


def is_feed(key: str) -> bool:
    """Whether ``key`` is a feed: ``feed.xml``, ``bulletins.xml`` or a show's ``shows/<slug>/feed.xml``.

    >>> is_feed("feed.xml"), is_feed("shows/the-thao/feed.xml"), is_feed("episodes/a/a.mp3")
    (True, True, False)
    """
    return key.endswith(".xml") and ("/" not in key or key.startswith("shows/"))


def cache_control(key: str) -> str:
    if is_feed(key):
        return FEED_CACHE
    if key.startswith(("episodes/", "bulletins/")) and PurePosixPath(key).suffix.lower() in (".mp3", ".wav"):
        return IMMUTABLE_CACHE
    return DEFAULT_CACHE
