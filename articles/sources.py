"""Polling the station's own RSS/Atom feeds: new items become articles to render, edits re-render.

Each feed is read with a conditional GET (a 304 does nothing). Each entry's page is fetched and
cleaned; the article id comes from the entry's guid, so an edited page keeps its id and its feed
GUID. An item is handed to the renderer only when the database took new content for it, or when
content saved earlier never reached the renderer; a bad item is recorded and the others go on.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser

from articles.categories import labels
from articles.cleanup import clean_html
from articles.errors import IngestError
from articles.fetch import FEED_TYPES, fetch
from articles.ingest import article_from_page, decode_text
from articles.model import Article, Page
from articles.sources_db import FeedValidators, SourceStore
from articles.store import Store
from loa.settings import Settings

log = logging.getLogger("loa.sources")

PAGE_TYPES = ("text/html", "application/xhtml+xml")
_HEADLINE = re.compile(r"<h1\b|<title\b[^>]*>\s*[^<\s]|property=[\"']og:title", re.IGNORECASE)
MAX_ENTRIES = 100  # per feed and poll; a station feed lists its latest few dozen


@dataclass
class FeedReport:
    url: str
    status: str = "ok"  # ok | not-modified | error
    error: str | None = None
    queued: list[str] = field(default_factory=list)  # article ids handed to the renderer
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (guid, one-line error)


@dataclass
class PollReport:
    feeds: list[FeedReport]

    @property
    def queued(self) -> list[str]:
        return [article_id for feed in self.feeds for article_id in feed.queued]

    def as_dict(self) -> dict:
        return {"feeds": [asdict(f) for f in self.feeds], "queued": self.queued}


def poll_sources(settings: Settings, enqueue: Callable[[str], None], *, store: Store | None = None,
                 sources: SourceStore | None = None) -> PollReport:
    """Poll every feed of ``settings.source_feed_urls``; ``enqueue(article_id)`` starts a render."""
    own_store = store is None
    store = store or Store(settings.db_url)
    own_sources = sources is None
    sources = sources or SourceStore(store.engine)
    try:
        return PollReport([poll_feed(url, settings, enqueue, store, sources) for url in settings.source_feed_urls])
    finally:
        if own_sources:
            sources.close()
        if own_store:
            store.close()


def poll_feed(url: str, settings: Settings, enqueue: Callable[[str], None], store: Store,
              sources: SourceStore) -> FeedReport:
    report = FeedReport(url)
    known = sources.validators(url)
    try:
        response = fetch(url, timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes,
                         allow_private=settings.fetch_allow_private, accept=FEED_TYPES,
                         etag=known.etag, last_modified=known.last_modified)
    except IngestError as err:
        return _feed_failed(report, sources, str(err))
    if response.status == 304:
        sources.record_poll(url, "not-modified")
        report.status = "not-modified"
        return report
    parsed = feedparser.parse(response.body, response_headers={
        "content-type": response.content_type, "content-location": response.final_url})
    if parsed.bozo and not parsed.entries:
        reason = " ".join(str(parsed.get("bozo_exception", "unreadable")).split())
        return _feed_failed(report, sources, f"{url}: not a readable feed ({reason})")
    for entry in parsed.entries[:MAX_ENTRIES]:
        _poll_entry(entry, response.final_url, url, settings, enqueue, store, sources, report)
    # After a failed item the validators stay as they were: the next poll reads the feed again and
    # retries it (unchanged items cost a page fetch, never a render).
    sources.record_poll(url, "ok", validators=None if report.failed else FeedValidators(
        response.etag, response.last_modified))
    log.info("feed %s: %d new, %d changed, %d unchanged, %d failed", url, report.new, report.changed,
             report.unchanged, len(report.failed))
    return report


def _feed_failed(report: FeedReport, sources: SourceStore, error: str) -> FeedReport:
    log.warning("source feed: %s", error)
    sources.record_poll(report.url, "error", error)
    report.status, report.error = "error", error
    return report


def _poll_entry(entry, base_url: str, feed_url: str, settings: Settings, enqueue: Callable[[str], None],
                store: Store, sources: SourceStore, report: FeedReport) -> None:
    link = urljoin(base_url, entry.get("link", "").strip()) if entry.get("link", "").strip() else None
    guid = (entry.get("id") or "").strip() or link
    if not guid:
        error = f"{feed_url}: an entry has neither guid nor link"
        log.warning("source feed: %s", error)
        report.failed.append(("", error))
        return
    try:
        if not link:
            raise IngestError(f"{feed_url}: entry {guid} has no link")
        article = article_for_entry(entry, guid, link, settings)
        state = store.state(article.id)
        if state is not None and state.status == "retracted":
            # Staff took it down; an edit on the site must not bring it back.
            sources.record_item(feed_url, guid, link=link, article_id=article.id)
            report.unchanged += 1
            return
        item = sources.item(feed_url, guid)
        saved = store.save_article(article)
        state = store.state(article.id)
        never_queued = state is not None and state.status == "new" and (
            item is None or item.rendered_hash != article.content_hash)
        if not (saved.changed or never_queued):
            sources.record_item(feed_url, guid, link=link, article_id=article.id,
                                rendered_hash=article.content_hash)
            report.unchanged += 1
            return
        enqueue(article.id)
    except Exception as err:  # noqa: BLE001 (one bad item must not stop the others)
        error = str(err) if isinstance(err, IngestError) else f"{guid}: {type(err).__name__}: {err}"
        error = " ".join(error.split())
        log.warning("source item %s: %s", guid, error)
        sources.record_item(feed_url, guid, link=link, error=error)
        report.failed.append((guid, error))
        return
    sources.record_item(feed_url, guid, link=link, article_id=article.id, rendered_hash=article.content_hash)
    report.queued.append(article.id)
    if saved.created:
        report.new += 1
    else:
        report.changed += 1


def article_for_entry(entry, guid: str, link: str, settings: Settings) -> Article:
    """The article on the entry's page; the entry gives the headline and time when the page has none.
    The page's section, else the entry's first ``<category>``, is the article's section; the page's
    tags and every ``<category>`` of the entry are its tags."""
    response = fetch(link, timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes,
                     allow_private=settings.fetch_allow_private, accept=PAGE_TYPES)
    text = decode_text(response.body, link)
    entry_title = " ".join(str(entry.get("title", "")).split())
    if entry_title and not _HEADLINE.search(text):
        # Without one, clean-up would take the first paragraph for the headline.
        text = f"<title>{html.escape(entry_title)}</title>{text}"
    page = clean_html(text, url=link)
    title = page.title.strip() or entry_title
    author = page.author or (" ".join(str(entry.get("author", "")).split()) or None)
    categories = entry_categories(entry)
    page = Page(title=title, blocks=page.blocks, published=page.published or entry_time(entry), author=author,
                section=page.section or next(iter(categories), None), tags=labels([*page.tags, *categories]))
    return article_from_page(page, source_id=guid, source_url=link, tz=ZoneInfo(settings.timezone), name=link,
                             max_chars=settings.max_article_chars)


def entry_categories(entry) -> tuple[str, ...]:
    """The entry's ``<category>`` elements (RSS text; Atom ``label``, else ``term``), in order."""
    return labels(tag.get("label") or tag.get("term") for tag in entry.get("tags") or () if isinstance(tag, dict))


def entry_time(entry) -> datetime | None:
    """The entry's published (else updated) time; feedparser gives it in UTC."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
