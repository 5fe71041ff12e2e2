"""The source URL that comes with an article: what Loa accepts, and how a URL is shown back.

An article's ``url`` ends up as a link on the staff pages and in the feed, so only an absolute
``http`` or ``https`` address of a named host is accepted: a ``javascript:`` or ``data:`` URL would
run in a reader's browser, a relative one points nowhere, and ``user:password@`` would publish a
credential. Messages that echo a URL drop its credentials first.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from articles.errors import IngestError

MAX_URL_CHARS = 2000
_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]*@")
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f\\]")


def check_article_url(value: object, name: str = "article", field: str = "url") -> str:
    """``value`` as an article URL, or an IngestError that says what is wrong with it.

    >>> check_article_url(" https://radio.example.vn/tin/bai-1?trang=2 ")
    'https://radio.example.vn/tin/bai-1?trang=2'
    >>> check_article_url("javascript:alert(document.domain)//http://x")
    Traceback (most recent call last):
    ...
    articles.errors.IngestError: article: 'url' must be an absolute http or https URL, not a javascript: URL
    >>> check_article_url("https://bien-tap:mat-khau@radio.example.vn/tin/1")
    Traceback (most recent call last):
    ...
    articles.errors.IngestError: article: 'url' must not carry a user name or password (https://radio.example.vn/tin/1)
    """
    if not isinstance(value, str):
        raise IngestError(f"{name}: '{field}' must be text (a URL), not {json_type(value)}")
    url = value.strip()
    if len(url) > MAX_URL_CHARS:
        raise IngestError(f"{name}: '{field}' is longer than {MAX_URL_CHARS} characters")
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    if scheme is None or scheme[1].lower() not in ("http", "https"):
        kind = f"a {scheme[1].lower()}: URL" if scheme else "a relative URL"
        raise IngestError(f"{name}: '{field}' must be an absolute http or https URL, not {kind}")
    if _NOT_IN_URL.search(url):
        raise IngestError(f"{name}: '{field}' contains spaces, control characters or backslashes")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError as err:
        raise IngestError(f"{name}: '{field}' is not a valid URL ({err})") from None
    if not url[len(scheme[0]):].startswith("//") or not host:
        raise IngestError(f"{name}: '{field}' must be an absolute http or https URL with a host name")
    if "@" in parts.netloc:
        raise IngestError(f"{name}: '{field}' must not carry a user name or password "
                          f"({without_credentials(url)})")
    return url


def without_credentials(text: str) -> str:
    """``text`` with the ``user:password@`` of every URL in it removed.

    >>> without_credentials("cannot fetch http://bien-tap:mat-khau@10.0.0.5/tin: HTTP 404")
    'cannot fetch http://10.0.0.5/tin: HTTP 404'
    """
    return _CREDENTIALS.sub(r"\1", text)


def json_type(value: object) -> str:
    """What a JSON value is called, for messages.

    >>> json_type(["a"]), json_type(None), json_type(True), json_type(1.5)
    ('a list', 'null', 'true/false', 'a number')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
