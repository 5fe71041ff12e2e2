"""The fields of an article that comes as JSON (webhook, ``.json`` file), checked before anything else.

Every field has one type, a range and a size; anything else is a one-line ``IngestError`` that
names the field, so a CMS sending a list where a URL goes, a priority of 10^30, a lone UTF-16
surrogate or a date in year 9999 is told what to fix instead of meeting an error deep inside Loa.
Fields Loa does not know are ignored.

Limits: ``id`` up to 1,000 characters (ids that are not a plain name are hashed); ``title`` up to
1,000; ``author`` up to 500; ``url`` see ``articles.urls``; ``priority`` a whole number from
-1000 to 1000; ``version`` a whole number from 0 to 2^53 - 1; ``published`` and ``modified`` ISO 8601
times from 1900 to 2199; ``category`` text up to 100 characters; ``tags`` a list of at most 30 texts of
up to 100 characters each (``articles.categories``). The readable length of the whole article is checked in ``articles.ingest``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from articles.categories import MAX_LABEL_CHARS, MAX_TAGS, label, labels
from articles.errors import IngestError
from articles.urls import check_article_url, json_type

MAX_ID_CHARS = 1000
MAX_TITLE_CHARS = 1000
MAX_AUTHOR_CHARS = 500
PRIORITY_RANGE = (-1000, 1000)
MAX_VERSION = 2**53 - 1  # what every JSON parser reads exactly
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)  # exclusive

_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class ArticleFields:
    """What a JSON article says, each field checked; None where it says nothing."""

    source_id: str | None
    url: str | None
    title: str | None
    body: str | None
    html: str | None
    published: datetime | None
    modified: datetime | None
    author: str | None
    priority: int
    version: int | None
    category: str | None = None
    tags: tuple[str, ...] = ()


def read_fields(doc: dict, name: str, tz: tzinfo) -> ArticleFields:
    """The checked fields of ``doc``, or an IngestError naming the first field that is wrong."""
    return ArticleFields(
        source_id=_source_id(doc.get("id"), name),
        url=None if _absent(doc.get("url")) else check_article_url(doc["url"], name),
        title=_text(doc.get("title"), name, "title", MAX_TITLE_CHARS),
        body=_text(doc.get("body"), name, "body"),
        html=_text(doc.get("html"), name, "html"),
        published=_time(doc.get("published"), name, "published", tz),
        modified=_time(doc.get("modified"), name, "modified", tz),
        author=_text(doc.get("author"), name, "author", MAX_AUTHOR_CHARS),
        priority=_whole(doc.get("priority"), name, "priority", *PRIORITY_RANGE) or 0,
        version=_whole(doc.get("version"), name, "version", 0, MAX_VERSION),
        category=read_category(doc, name),
        tags=read_tags(doc, name),
    )


def read_category(doc: dict, name: str) -> str | None:
    """The checked ``category`` of ``doc`` (the article's section), None when it gives none."""
    return label(_text(doc.get("category"), name, "category", MAX_LABEL_CHARS))


def read_tags(doc: dict, name: str) -> tuple[str, ...]:
    """The checked ``tags`` of ``doc``, each once."""
    return _tags(doc.get("tags"), name)


def check_text(value: str, name: str, field: str) -> str:
    """``value`` unless it holds a character that is not text: NUL, or half of a UTF-16 pair.

    >>> check_text("Tin \\ud800 nóng", "article", "title")
    Traceback (most recent call last):
    ...
    articles.errors.IngestError: article: 'title' contains U+D800, a lone UTF-16 surrogate, which is not text
    """
    found = _NOT_TEXT.search(value)
    if found is None:
        return value
    char = found[0]
    what = "a NUL character" if char == "\x00" else f"U+{ord(char):04X}, a lone UTF-16 surrogate"
    raise IngestError(f"{name}: '{field}' contains {what}, which is not text")


def parse_time(value: str, tz: tzinfo, name: str = "input", field: str = "published") -> datetime:
    """An ISO 8601 time between 1900 and 2199 (no zone: ``tz``).

    >>> parse_time("2026-11-26T08:15:00+07:00", UTC).isoformat()
    '2026-11-26T08:15:00+07:00'
    >>> parse_time("9999-12-31T23:59:59-07:00", UTC)
    Traceback (most recent call last):
    ...
    articles.errors.IngestError: input: 'published' must fall between 1900 and 2199, not '9999-12-31T23:59:59-07:00'
    """
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise IngestError(f"{name}: '{field}' is not an ISO 8601 time: {shown(value)}") from None
    return check_time(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), name, field, value)


def check_time(moment: datetime, name: str, field: str = "published", given: str | None = None) -> datetime:
    """``moment`` (timezone-aware) when it falls between 1900 and 2199, else an IngestError.

    Times outside those years are typing errors, and near the ends of ``datetime``'s range they
    cannot even be moved to another zone.
    """
    try:
        in_range = EARLIEST <= moment < LATEST
    except OverflowError:  # at the very edge of datetime's range, in a zone that pushes it over
        in_range = False
    if not in_range:
        raise IngestError(f"{name}: '{field}' must fall between {EARLIEST.year} and {LATEST.year - 1}, "
                          f"not {shown(given if given is not None else str(moment))}")
    return moment


def shown(value: object, limit: int = 40) -> str:
    """``value`` as it may be echoed in a one-line message: quoted and cut short.

    >>> shown("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"
    """
    text = value if isinstance(value, str) else str(value)
    text = text[:limit - 1] + "…" if len(text) > limit else text
    return repr(_NOT_TEXT.sub("\ufffd", text))


def _absent(value: object) -> bool:
    return value is None or value == ""


def _text(value: object, name: str, field: str, limit: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(f"{name}: '{field}' must be text, not {json_type(value)}")
    if limit is not None and len(value) > limit:
        raise IngestError(f"{name}: '{field}' is longer than {limit:,} characters")
    return check_text(value, name, field)


def _tags(value: object, name: str) -> tuple[str, ...]:
    """``tags``: a list of texts, each once.

    >>> _tags(["Bóng đá", "bóng đá", "V-League"], "bai.json")
    ('Bóng đá', 'V-League')
    >>> _tags("Bóng đá", "bai.json")
    Traceback (most recent call last):
    ...
    articles.errors.IngestError: bai.json: 'tags' must be a list of texts like ["Thể thao"], not text
    """
    if value is None:
        return ()
    if not isinstance(value, list):
        raise IngestError(f"{name}: 'tags' must be a list of texts like [\"Thể thao\"], not {json_type(value)}")
    if len(value) > MAX_TAGS:
        raise IngestError(f"{name}: 'tags' has {len(value)} entries, more than the {MAX_TAGS} kept")
    for tag in value:
        if not isinstance(tag, str):
            raise IngestError(f"{name}: 'tags' must be a list of texts, and holds {json_type(tag)}")
        _text(tag, name, "tags", MAX_LABEL_CHARS)
    return labels(value)


def _source_id(value: object, name: str) -> str | None:
    if _absent(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18:
        return str(value)
    if not isinstance(value, str):
        raise IngestError(f"{name}: 'id' must be text or a whole number, not {json_type(value)}")
    if len(value) > MAX_ID_CHARS:
        raise IngestError(f"{name}: 'id' is longer than {MAX_ID_CHARS:,} characters")
    return check_text(value, name, "id").strip() or None


def _time(value: object, name: str, field: str, tz: tzinfo) -> datetime | None:
    if _absent(value):
        return None
    if not isinstance(value, str):
        raise IngestError(f"{name}: '{field}' must be an ISO 8601 time as text, not {json_type(value)}")
    return parse_time(value, tz, name, field)


def _whole(value: object, name: str, field: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise IngestError(f"{name}: '{field}' must be a whole number, not {json_type(value)}")
    if not low <= value <= high:
        raise IngestError(f"{name}: '{field}' must be a whole number from {low} to {high}")
    return value
