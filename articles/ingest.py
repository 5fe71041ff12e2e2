"""Reading an article from a file, a URL or raw bytes: plain text, HTML or JSON."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.errors import IngestError
from articles.model import Article, Block, Page

FORMATS = ("text", "html", "json")
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def read_source(
    source: str, timeout: float = 15.0, allow_private: bool | None = None
) -> tuple[bytes, str | None, str | None]:
    """The bytes of ``source`` (a path or an http(s) URL), the format it declares, and its URL.

    ``allow_private`` lets URLs reach loopback and private addresses; None: ``LOA_FETCH_ALLOW_PRIVATE``.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        from articles.fetch import fetch_url

        data, content_type = fetch_url(source, timeout=timeout, max_bytes=MAX_ARTICLE_BYTES,
                                       allow_private=allow_private)
        return data, _format_from_content_type(content_type), source
    path = Path(source)
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise IngestError(f"{source}: file is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except IsADirectoryError:
        raise IngestError(f"{source}: is a directory, not an article file") from None
    except FileNotFoundError:
        raise IngestError(f"{source}: no such file") from None
    except PermissionError:
        raise IngestError(f"{source}: permission denied") from None
    except OSError as err:
        raise IngestError(f"{source}: cannot read ({err.strerror or err})") from None
    return data, _format_from_suffix(path.suffix), None


def _format_from_suffix(suffix: str) -> str | None:
    return {".json": "json", ".html": "html", ".htm": "html", ".txt": "text", ".text": "text"}.get(suffix.lower())


def _format_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/json", "text/json") or kind.endswith("+json"):
        return "json"
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    if kind == "text/plain":
        return "text"
    return None


def decode_text(data: bytes, name: str = "input") -> str:
    """UTF-8 text of ``data`` (a BOM is allowed); anything else is a one-line IngestError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"{name}: not valid UTF-8 (byte 0x{data[err.start]:02x} at position {err.start})"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_format(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"
    if re.match(r"<(!doctype html|html|head|body|article|div|p|h1)\b", stripped, re.IGNORECASE):
        return "html"
    return "text"


def parse_article(
    data: bytes,
    fmt: str | None = None,
    *,
    name: str = "input",
    source_url: str | None = None,
    timezone: str = "Asia/Ho_Chi_Minh",
    now: datetime | None = None,
) -> Article:
    """Turn raw bytes into an Article, or raise IngestError naming what is wrong."""
    text = decode_text(data, name)
    if not text.strip():
        raise IngestError(f"{name}: the article is empty")
    fmt = fmt or sniff_format(text)
    if fmt not in FORMATS:
        raise IngestError(f"{name}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    tz = ZoneInfo(timezone)
    source_id, priority = None, 0
    if fmt == "json":
        page, source_id, url, priority = _page_from_json(text, name, tz)
        source_url = url or source_url
    elif fmt == "html":
        from articles.cleanup import clean_html

        page = clean_html(text, url=source_url)
    else:
        from articles.cleanup import clean_text

        page = clean_text(text)
    return article_from_page(page, source_id=source_id, source_url=source_url, tz=tz, now=now, name=name,
                             priority=priority)


def article_from_page(
    page: Page,
    *,
    source_id: str | None,
    source_url: str | None,
    tz: ZoneInfo,
    now: datetime | None = None,
    name: str = "input",
    priority: int = 0,
) -> Article:
    title = " ".join(page.title.split())
    blocks = tuple(Block(b.role, " ".join(b.text.split())) for b in page.blocks if b.text.strip())
    if not title:
        raise IngestError(f"{name}: the article has no headline")
    if not any(b.role in ("lead", "body") and re.search(r"\w", b.text) for b in blocks):
        raise IngestError(f"{name}: the article has no body text to read")
    published = page.published or now or datetime.now(tz)
    if published.tzinfo is None:
        published = published.replace(tzinfo=tz)
    draft = Article(id="-", title=title, blocks=blocks, published=published, author=page.author, url=source_url)
    return Article(
        id=article_id(source_id, source_url, draft.content_hash),
        title=title, blocks=blocks, published=published, author=page.author, url=source_url,
        content_hash=draft.content_hash, priority=priority,
    )


def article_id(source_id: str | None, source_url: str | None, content_hash: str) -> str:
    """A stable id: the source's own id when it is a safe name, else a hash of its id or URL,
    else of the content.

    >>> article_id("bai-12345", None, "ab" * 32)
    'bai-12345'
    >>> article_id(None, "https://qtv.vn/tin/1", "ab" * 32)
    'u-c37e6646d09333ae'
    """
    if source_id:
        source_id = str(source_id).strip()
        if _SAFE_ID.match(source_id):
            return source_id
        return "i-" + hashlib.sha256(source_id.encode("utf-8")).hexdigest()[:16]
    if source_url:
        return "u-" + hashlib.sha256(source_url.strip().encode("utf-8")).hexdigest()[:16]
    return "c-" + content_hash[:16]


def _page_from_json(text: str, name: str, tz: ZoneInfo) -> tuple[Page, str | None, str | None, int]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise IngestError(f"{name}: invalid JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
    if not isinstance(doc, dict):
        raise IngestError(f"{name}: JSON must be an object with title and body")
    from articles.cleanup import author_from_byline, clean_html, clean_paragraphs

    title, body, html = doc.get("title"), doc.get("body"), doc.get("html")
    if not isinstance(title, str) or not title.strip():
        raise IngestError(f"{name}: JSON has no 'title'")
    if isinstance(body, str) and body.strip():
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
        blocks = clean_paragraphs(paragraphs)
        page_published = None
    elif isinstance(html, str) and html.strip():
        page = clean_html(html, url=doc.get("url") or None)
        blocks, page_published = page.blocks, page.published
    else:
        raise IngestError(f"{name}: JSON has no 'body' text (or 'html')")
    published = page_published
    if doc.get("published") not in (None, ""):
        published = parse_timestamp(str(doc["published"]), tz, name)
    author = doc.get("author")
    author = " ".join(str(author).split()) or None if author else None
    byline = next((b.text for b in blocks if b.role == "byline"), None)
    if author is None and byline:
        author = author_from_byline(byline)
    source_id = doc.get("id")
    url = doc.get("url") or None
    priority = doc.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise IngestError(f"{name}: 'priority' must be a whole number")
    page = Page(title=title, blocks=blocks, published=published, author=author)
    return page, (str(source_id) if source_id not in (None, "") else None), url, priority


def parse_timestamp(value: str, tz: ZoneInfo, name: str = "input") -> datetime:
    """ISO 8601 (``2026-11-26T08:15:00+07:00``; no zone means the station's zone)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise IngestError(f"{name}: 'published' is not an ISO 8601 time: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
