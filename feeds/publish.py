"""Write the podcast feed to disk so that subscribers never read a half-written file.

Before a feed replaces the published one, ``check_feed`` reads the document back and
looks for the mistakes that feed parsers let through silently but that break apps or
LibreTime: repeated GUIDs or enclosure URLs, non-ASCII or relative URLs, dates
without a time zone.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from feeds.podcast import DEFAULT_LIMIT, Channel, FeedItem, build_feed, format_duration
from loa.storage import atomic_write_bytes

__all__ = ["FeedCheckError", "check_feed", "feed_document", "format_duration", "publish_feed"]

_DAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# RFC 2822 section 3.3, with an explicit zone. "-0000" is excluded: it means the
# zone is unknown.
_RFC2822_WITH_ZONE = re.compile(
    rf"^{_DAY}\d{{1,2}} {_MONTH} \d{{4}} \d{{2}}:\d{{2}}(?::\d{{2}})? "
    r"(?:[+-](?!0000)\d{4}|\+0000|UT|GMT|[ECMP][SD]T)$"
)
_DATE_TAGS = ("pubDate", "lastBuildDate")
_URL_TEXT_TAGS = ("link", "url", "docs", "comments")
_URL_ATTRIBUTES_XPATH = "//@*[local-name() = 'url' or local-name() = 'href']"
_ABSOLUTE_HTTP = re.compile(r"^https?://[^/?#\s]+")


class FeedCheckError(ValueError):
    """The built feed has problems; ``problems`` lists each one in words."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("feed not published: " + "; ".join(self.problems))


def check_feed(xml_bytes: bytes) -> list[str]:
    """Problems in an RSS document that no feed parser reports; an empty list when none."""
    try:
        root = etree.fromstring(xml_bytes)
    except etree.XMLSyntaxError as err:
        return [f"not well-formed XML: {err}"]
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        return [f"not an RSS 2.0 document (root element {root.tag!r})"]

    items = channel.findall("item")
    problems: list[str] = []
    problems += _guid_problems(items)
    problems += _enclosure_problems(items)
    problems += _url_problems(root)
    problems += _date_problems(channel, items)
    return problems


def publish_feed(
    path: Path,
    channel: Channel,
    items: Sequence[FeedItem],
    last_build: datetime | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Path:
    """Build the feed, check it, and replace ``path`` with it in one rename; return ``path``.

    The whole document is built and checked in memory first, so when building fails
    (duplicate GUIDs, a naive ``last_build``) or ``check_feed`` finds problems
    (``FeedCheckError``) the feed already on disk is left exactly as it was.
    """
    path = Path(path)
    atomic_write_bytes(path, feed_document(channel, items, last_build, limit))
    return path


def feed_document(
    channel: Channel,
    items: Sequence[FeedItem],
    last_build: datetime | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> bytes:
    """The feed, built and checked in memory (``FeedCheckError`` when ``check_feed`` finds problems),
    for the caller to store in one write."""
    document = build_feed(channel, items, last_build, limit=limit)
    problems = check_feed(document)
    if problems:
        raise FeedCheckError(problems)
    return document


def _guid_problems(items: list) -> list[str]:
    guids = []
    problems = []
    for position, item in enumerate(items, start=1):
        guid = item.findtext("guid")
        if guid is None or not guid.strip():
            problems.append(f"item {position} has no guid")
        else:
            guids.append(guid.strip())
    problems += [
        f"guid {guid!r} is used by {count} items"
        for guid, count in sorted(Counter(guids).items())
        if count > 1
    ]
    return problems


def _enclosure_problems(items: list) -> list[str]:
    urls = []
    problems = []
    for position, item in enumerate(items, start=1):
        enclosures = item.findall("enclosure")
        if len(enclosures) != 1:
            problems.append(f"item {position} has {len(enclosures)} enclosures, not 1")
        for enclosure in enclosures:
            urls.append(enclosure.get("url", ""))
            length = enclosure.get("length", "")
            if not length.isdigit() or int(length) <= 0:
                problems.append(f"item {position} has enclosure length {length!r}, not a byte count")
    problems += [
        f"enclosure URL {url!r} is used by {count} items"
        for url, count in sorted(Counter(urls).items())
        if count > 1
    ]
    return problems


def _url_problems(root) -> list[str]:
    problems = []
    for value in root.xpath(_URL_ATTRIBUTES_XPATH):
        if not _is_ascii_http_url(value):
            problems += _one_url_problems(f"<{_local(value.getparent())} {value.attrname}>", value)
    for element in root.iter(*_URL_TEXT_TAGS):
        text = element.text or ""
        if not _is_ascii_http_url(text):
            problems += _one_url_problems(f"<{element.tag}>", text)
    return problems


def _is_ascii_http_url(url: str) -> bool:
    # The common case, decided without urlsplit (which is slow over thousands of items).
    return url.isascii() and _ABSOLUTE_HTTP.match(url) is not None


def _one_url_problems(where: str, url: str) -> list[str]:
    problems = []
    if not url.isascii():
        problems.append(f"{where} URL is not ASCII: {url!r}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(f"{where} URL is not an absolute http(s) URL: {url!r}")
    return problems


def _date_problems(channel, items: list) -> list[str]:
    problems = []
    places = [("channel", channel)] + [(f"item {n}", item) for n, item in enumerate(items, start=1)]
    for place, element in places:
        for tag in _DATE_TAGS:
            text = element.findtext(tag)
            if text is not None and not _is_zoned_rfc2822(text.strip()):
                problems.append(f"{place} {tag} {text!r} is not an RFC 2822 date with a time zone")
    return problems


def _is_zoned_rfc2822(text: str) -> bool:
    if not _RFC2822_WITH_ZONE.match(text):
        return False
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return False
    return parsed.tzinfo is not None


def _local(element) -> str:
    return etree.QName(element).localname
