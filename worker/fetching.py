"""Articles given only by URL: what the delivery said, checked at once, and the page, read by a worker.

The web request only checks the URL and the delivery's own fields, records the article as
``fetching`` and queues ``loa.fetch_article``; the page is fetched here, in a worker, within the
fetch deadline (``LOA_FETCH_TIMEOUT``), so a server that hangs holds up one worker slot for that
long and never the web app. What the delivery says (id, title, published, author, priority,
category, tags) wins over the page.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from articles.errors import IngestError
from articles.fetch import check_url, fetch_url
from articles.fields import read_category, read_tags
from articles.ingest import article_id as derive_article_id
from articles.ingest import parse_article, parse_timestamp
from articles.model import Article
from articles.store import FetchRequest, Placeholder
from loa.settings import Settings

log = logging.getLogger("loa.fetch")

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class DeliveredFields:
    """What a URL-only delivery said about its article; each field, when given, wins over the page's."""

    url: str
    source_id: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 as delivered (checked)
    author: str | None = None
    priority: int = 0
    category: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def article_id(self) -> str:
        """The delivery's id when it is a usable one, else derived from the URL (as for every article)."""
        return derive_article_id(self.source_id, self.url, "")

    def published_at(self, timezone: str) -> datetime | None:
        if not self.published:
            return None
        return parse_timestamp(self.published, ZoneInfo(timezone), "article")

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def delivered_fields(doc: dict, settings: Settings) -> DeliveredFields:
    """The URL and the fields of a delivery with only a URL, checked now: a malformed URL, an address
    that is refused outright, a bad date or priority is a one-line ``IngestError`` (the sender's 422)."""
    url = str(doc["url"]).strip()
    check_url(url, settings.fetch_allow_private)
    priority = doc.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise IngestError("article: 'priority' must be a whole number")
    title = " ".join(str(doc["title"]).split()) if isinstance(doc.get("title"), str) else None
    author = " ".join(str(doc["author"]).split()) if doc.get("author") else None
    published = str(doc["published"]) if doc.get("published") not in (None, "") else None
    fields = DeliveredFields(url=url, source_id=str(doc["id"]) if doc.get("id") not in (None, "") else None,
                             title=title or None, published=published, author=author or None, priority=priority,
                             category=read_category(doc, "article"), tags=read_tags(doc, "article"))
    fields.published_at(settings.timezone)  # refused now rather than after the fetch
    return fields


def placeholder(fields: DeliveredFields, settings: Settings, now: datetime) -> Placeholder:
    """What the article list shows while the page is fetched."""
    return Placeholder(fields.article_id, fields.url, fields.title or fields.url,
                       fields.published_at(settings.timezone) or now, fields.author, fields.priority)


def fields_of(request: FetchRequest) -> DeliveredFields:
    known = {k: v for k, v in request.fields.items() if k in DeliveredFields.__dataclass_fields__}
    return DeliveredFields(**{**known, "url": request.url, "tags": tuple(known.get("tags") or ())})


def read_page(request: FetchRequest, settings: Settings) -> Article:
    """Fetch the page of ``request`` (within the fetch deadline) and make the article of it, the
    delivery's fields winning; every failure is a one-line ``IngestError`` naming it."""
    fields = fields_of(request)
    data, content_type = fetch_url(fields.url, timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes,
                                   allow_private=settings.fetch_allow_private)
    if not content_type.split(";")[0].strip().lower().startswith(HTML_TYPES):
        raise IngestError(f"{fields.url} is not an HTML page ({content_type or 'no content type'})")
    page = parse_article(data, "html", name=fields.url, source_url=fields.url, timezone=settings.timezone)
    return Article(id=request.article_id, title=fields.title or page.title, blocks=page.blocks,
                   published=fields.published_at(settings.timezone) or page.published,
                   author=fields.author or page.author, url=fields.url, priority=fields.priority,
                   section=fields.category or page.section, tags=fields.tags or page.tags)


@dataclass(frozen=True)
class FetchOutcome:
    """How a fetch went: whether the article now needs a render, or why its page was not read."""

    article_id: str
    render: bool
    error: str | None = None


def fetch_and_save(pipeline: Any, article_id: str) -> FetchOutcome | None:
    """Read the page waiting for ``article_id`` and save the article (None when no fetch waits).

    A page that cannot be read, or has nothing to read, fails the article with the reason (an
    article already rendered keeps its status and shows the reason). The request stays recorded until
    the caller has queued the render (``end_fetch``), so a worker dying in between is driven on.
    """
    from worker.pipeline import RenderError

    renders = pipeline.store.renders
    request = renders.fetch_request(article_id)
    if request is None:
        return None
    renders.touch_fetch(article_id)
    try:
        article = read_page(request, pipeline.settings)
        pipeline.script_for(article)
    except (IngestError, RenderError) as err:
        reason = f"page not read: {err}"
        renders.fail_fetch(article_id, reason)
        log.warning("article %s: %s", article_id, reason)
        return FetchOutcome(article_id, False, reason)
    saved = renders.save_fetched(article)
    state = pipeline.store.state(article_id)
    needs_render = saved.changed or (state is not None and state.status in ("new", "queued", "failed", "fetching"))
    return FetchOutcome(article_id, needs_render)
