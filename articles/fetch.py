"""Fetching an article page over HTTP, with a timeout, a size cap and a content-type check."""
from __future__ import annotations

from urllib.parse import urlparse

import requests

from articles.errors import IngestError

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "application/json", "text/plain")


def fetch_url(url: str, timeout: float = 15.0, max_bytes: int = 5 * 1024 * 1024) -> tuple[bytes, str]:
    """The body and content type at ``url`` (http or https only)."""
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise IngestError(f"{url}: only http and https URLs can be fetched")
    try:
        with requests.get(url, timeout=timeout, stream=True, headers={"User-Agent": "Loa/0.1"}) as response:
            if response.status_code >= 400:
                raise IngestError(f"{url}: the server answered HTTP {response.status_code}")
            content_type = response.headers.get("Content-Type", "")
            if not content_type.split(";")[0].strip().lower().startswith(ACCEPTED_TYPES):
                raise IngestError(f"{url}: unsupported content type {content_type or 'none'!r}")
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(f"{url}: page is larger than {max_bytes} bytes")
                chunks.append(chunk)
    except requests.Timeout:
        raise IngestError(f"{url}: timed out after {timeout:g} s") from None
    except requests.RequestException as err:
        raise IngestError(f"{url}: cannot connect ({type(err).__name__})") from None
    return b"".join(chunks), content_type
