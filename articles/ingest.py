"""Reading an article from a file, a URL or raw bytes: plain text, HTML or JSON.

Every door (the webhook, ``loa add``, the source-feed poller) comes through here, so the checks
that keep bad input out live here: JSON fields (``articles.fields``), the source URL
(``articles.urls``), text that is not text (NUL, lone surrogates), and the size of the article.

The size is counted in characters of readable text: the headline and the body, each run of
whitespace counted as one. More than ``max_chars`` (``LOA_MAX_ARTICLE_CHARS``, 100,000 by default:
about three hours of speech) is refused with ``ArticleTooLong``. Plain text and JSON bodies are
measured before clean-up; an HTML page is measured again after clean-up, which keeps only the
article, and is refused at once when even its raw text is more than twice the limit, so an
enormous page never reaches the slow clean-up.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.errors import ArticleTooLong, IngestError
from articles.fields import ArticleFields, check_time, parse_time, read_fields
from articles.model import Article, Block, Page
from articles.urls import check_article_url, without_credentials

FORMATS = ("text", "html", "json")
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ARTICLE_CHARS = 100_000
HTML_TEXT_FACTOR = 2  # raw page text beyond this many times the limit is refused before clean-up
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def read_source(
    source: str, timeout: float = 15.0, allow_private: bool | None = None
) -> tuple[bytes, str | None, str | None]:
    """The bytes of ``source`` (a path or an http(s) URL), the format it declares, and its URL.

    ``allow_private`` lets URLs reach loopback and private addresses; None: ``LOA_FETCH_ALLOW_PRIVATE``.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        from articles.fetch import fetch_url

        if without_credentials(source) != source:
            raise IngestError(f"{without_credentials(source)}: a URL with a user name or password is not fetched "
                              "(it would be stored and shown with the article)")

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
    """UTF-8 text of ``data`` (a BOM is allowed); anything else is a one-line IngestError.

    NUL bytes are valid UTF-8 but no article holds them: they mean a binary or UTF-16 file.

    >>> decode_text("T\\x00i\\x00n\\x00".encode(), "bai.txt")
    Traceback (most recent call last):
    ...
    articles.errors.IngestError: bai.txt: contains NUL bytes (at position 1): not a UTF-8 text file
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"{name}: not valid UTF-8 (byte 0x{data[err.start]:02x} at position {err.start})"
        ) from None
    if "\x00" in text:
        raise IngestError(f"{name}: contains NUL bytes (at position {data.index(0)}): not a UTF-8 text file")
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
    max_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
) -> Article:
    """Turn raw bytes into an Article, or raise IngestError naming what is wrong."""
    text = decode_text(data, name)
    if not text.strip():
        raise IngestError(f"{name}: the article is empty")
    fmt = fmt or sniff_format(text)
    if fmt not in FORMATS:
        raise IngestError(f"{name}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if fmt == "json":
        return article_from_json(load_json_object(text, name), name=name, source_url=source_url,
                                 timezone=timezone, now=now, max_chars=max_chars)
    tz = ZoneInfo(timezone)
    if fmt == "html":
        from articles.cleanup import clean_html

        check_html_size(text, name, max_chars)
        page = _named(name, clean_html, text, url=source_url)
    else:
        from articles.cleanup import clean_text

        check_size(text, name, max_chars)
        page = _named(name, clean_text, text)
    return article_from_page(page, source_id=None, source_url=source_url, tz=tz, now=now, name=name,
                             max_chars=max_chars)


def load_json_object(text: str, name: str) -> dict:
    """The JSON object in ``text``, or an IngestError (broken JSON, another shape, nested too deep)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise IngestError(f"{name}: invalid JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
    except RecursionError:
        raise IngestError(f"{name}: the JSON is nested too deeply to be an article") from None
    if not isinstance(doc, dict):
        raise IngestError(f"{name}: JSON must be an object with title and body")
    return doc


def article_from_json(
    doc: dict,
    *,
    name: str = "input",
    source_url: str | None = None,
    timezone: str = "Asia/Ho_Chi_Minh",
    now: datetime | None = None,
    max_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
) -> Article:
    """The article a JSON object describes: ``title`` and ``body`` (or ``html``), and optionally
    ``id``, ``url``, ``published``, ``modified``, ``author``, ``priority``, ``version``, ``category``
    and ``tags`` (``category`` and ``tags`` win over what an ``html`` page declares)."""
    tz = ZoneInfo(timezone)
    fields = read_fields(doc, name, tz)
    page = _page_from_fields(fields, name, max_chars)
    return article_from_page(page, source_id=fields.source_id, source_url=fields.url or source_url, tz=tz,
                             now=now, name=name, priority=fields.priority, max_chars=max_chars,
                             source_version=fields.version, source_modified=fields.modified)


def check_size(text: str, name: str, max_chars: int) -> None:
    """Refuse ``text`` when its readable length (whitespace runs count as one) is over ``max_chars``."""
    chars = readable_length(text)
    if chars > max_chars:
        raise ArticleTooLong(_too_long(name, chars, max_chars))


def check_html_size(html: str, name: str, max_chars: int) -> None:
    """Refuse a page whose text, before clean-up, is more than HTML_TEXT_FACTOR times ``max_chars``."""
    if len(html) <= max_chars:
        return
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return  # nothing to measure: clean-up says what is wrong with it
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    chars = readable_length(root.text_content())
    if chars > HTML_TEXT_FACTOR * max_chars:
        raise ArticleTooLong(f"{name}: the page has {chars:,} characters of text, far more than the "
                             f"{max_chars:,} of the longest article Loa reads (LOA_MAX_ARTICLE_CHARS)")


def readable_length(text: str) -> int:
    """Characters of ``text`` with each run of whitespace counted as one, ends not counted.

    >>> readable_length("  Tin   nóng\\n\\nhôm nay ")
    16
    """
    return len(" ".join(text.split()))


def _named(name: str, clean: Callable[..., Page], *args, **kwargs) -> Page:
    """``clean(*args, **kwargs)``, its one-line errors saying which input they are about."""
    try:
        return clean(*args, **kwargs)
    except IngestError as err:
        message = str(err)
        raise IngestError(message if message.startswith(f"{name}: ") else f"{name}: {message}") from None


def _too_long(name: str, chars: int, max_chars: int) -> str:
    return (f"{name}: the article has {chars:,} characters of text, more than the {max_chars:,} "
            "Loa reads (LOA_MAX_ARTICLE_CHARS)")


def article_from_page(
    page: Page,
    *,
    source_id: str | None,
    source_url: str | None,
    tz: ZoneInfo,
    now: datetime | None = None,
    name: str = "input",
    priority: int = 0,
    max_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
    source_version: int | None = None,
    source_modified: datetime | None = None,
) -> Article:
    """The Article of a cleaned page, once it has a headline, something to read, a published time
    in range and no more text than ``max_chars``; ``source_url`` must be an http(s) URL."""
    title = " ".join(page.title.split())
    blocks = tuple(Block(b.role, " ".join(b.text.split())) for b in page.blocks if b.text.strip())
    if not title:
        raise IngestError(f"{name}: the article has no headline")
    if not any(b.role in ("lead", "body") and re.search(r"\w", b.text) for b in blocks):
        raise IngestError(f"{name}: the article has no body text to read")
    chars = len(title) + sum(len(b.text) for b in blocks)
    if chars > max_chars:
        raise ArticleTooLong(_too_long(name, chars, max_chars))
    if source_url is not None:
        source_url = check_article_url(source_url, name)
    published = page.published or now or datetime.now(tz)
    if published.tzinfo is None:
        published = published.replace(tzinfo=tz)
    published = check_time(published, name)
    draft = Article(id="-", title=title, blocks=blocks, published=published, author=page.author, url=source_url)
    return Article(
        id=article_id(source_id, source_url, draft.content_hash),
        title=title, blocks=blocks, published=published, author=page.author, url=source_url,
        content_hash=draft.content_hash, priority=priority, source_version=source_version,
        source_modified=source_modified, section=page.section, tags=page.tags,
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


def _page_from_fields(fields: ArticleFields, name: str, max_chars: int) -> Page:
    from articles.cleanup import author_from_byline, clean_html, clean_paragraphs

    if fields.title is None or not fields.title.strip():
        raise IngestError(f"{name}: JSON has no 'title'")
    section: str | None = None
    tags: tuple[str, ...] = ()
    if fields.body is not None and fields.body.strip():
        check_size(fields.title + " " + fields.body, name, max_chars)
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", fields.body) if p.strip()]
        blocks = clean_paragraphs(paragraphs)
        page_published = None
    elif fields.html is not None and fields.html.strip():
        check_html_size(fields.html, name, max_chars)
        page = _named(name, clean_html, fields.html, url=fields.url)
        blocks, page_published = page.blocks, page.published
        section, tags = page.section, page.tags
    else:
        raise IngestError(f"{name}: JSON has no 'body' text (or 'html')")
    author = " ".join(fields.author.split()) or None if fields.author else None
    byline = next((b.text for b in blocks if b.role == "byline"), None)
    if author is None and byline:
        author = author_from_byline(byline)
    return Page(title=fields.title, blocks=blocks, published=fields.published or page_published, author=author,
                section=fields.category or section, tags=fields.tags or tags)


def parse_timestamp(value: str, tz: ZoneInfo, name: str = "input", field: str = "published") -> datetime:
    """ISO 8601 (``2026-11-26T08:15:00+07:00``; no zone means the station's zone), 1900 to 2199."""
    return parse_time(value, tz, name, field)
