"""HTTP for the cloud speech engines: one keep-alive session per process, vendors' errors as ours.

Every vendor request goes through ``call``: a timeout on every request, no redirects for API calls
(a redirect would carry our key header to whatever host it names), a cap on the size of a reply,
and connection failures turned into ``NoNetwork``. ``raise_for_status`` turns an HTTP status into
the error class that tells the worker what to do next:

- 429 → ``Throttled`` (a ``RateLimited`` carrying the vendor's Retry-After in seconds): try later;
- 401/403 → ``AuthenticationFailed`` (an ``EngineUnavailable``): retrying cannot help until the
  credentials are fixed, so the worker does not retry and the article fails with the reason;
- 408 and 5xx → ``ServiceError``: the vendor's trouble, retried later;
- any other 4xx → ``RequestRejected``: this request can never succeed as it is.

Secrets never appear in an error message: vendor bodies and library messages are passed through
``redact`` with the engine's secrets before they are quoted.

The session is created lazily in each process and forgotten in a forked child, whose copy would
share the parent's sockets (a Celery prefork worker forks after the module is imported).
"""
from __future__ import annotations

import email.utils
import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from audio.errors import EngineUnavailable, NoNetwork, RateLimited, ServiceError, SpeechError

USER_AGENT = "Loa/0.1 (news-to-speech; python-requests)"
MAX_REPLY_BYTES = 64 * 1024 * 1024  # ten minutes of 48 kHz WAV is 55 MiB; nothing a vendor sends is bigger
POOL_SIZE = 16  # connections kept per host: a worker process with threads rarely needs more
DETAIL_CHARS = 300  # how much of a vendor's error message is quoted


class Throttled(RateLimited):
    """Too many requests: wait ``retry_after`` seconds (None when nobody said how long)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class AuthenticationFailed(EngineUnavailable):
    """The vendor refused the credentials (missing, wrong, expired or without permission)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class RequestRejected(SpeechError):
    """The vendor refused this request as invalid (a 4xx other than 401, 403, 408 or 429)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Reply:
    """A vendor's whole answer."""

    status: int
    headers: Mapping[str, str] = field(default_factory=CaseInsensitiveDict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case: ``audio/mpeg``, ``application/json``..."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def text(self, limit: int = DETAIL_CHARS) -> str:
        """The start of the body as text, on one line, for error messages."""
        return " ".join(self.body[: limit * 4].decode("utf-8", "replace").split())[:limit]


_session: requests.Session | None = None
_session_lock = threading.Lock()


def shared_session() -> requests.Session:
    """This process's keep-alive session, created on first use."""
    global _session
    with _session_lock:
        if _session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=POOL_SIZE, pool_maxsize=POOL_SIZE, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            session.headers["User-Agent"] = USER_AGENT
            _session = session
        return _session


def _forget_session_in_child() -> None:
    global _session, _session_lock
    _session_lock = threading.Lock()  # the parent may have held it at fork time
    _session = None  # the copy shares the parent's sockets: never use it here


os.register_at_fork(after_in_child=_forget_session_in_child)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ``[secret]``.

    >>> redact("key AIzaSyA-123 refused", ["AIzaSyA-123", ""])
    'key [secret] refused'
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[secret]")
    return text


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date; None if absent or unreadable.

    >>> parse_retry_after("7"), parse_retry_after(" 2.5 "), parse_retry_after("-3"), parse_retry_after("soon")
    (7.0, 2.5, 0.0, None)
    >>> now = datetime(2025, 3, 1, 8, 0, 0, tzinfo=UTC)
    >>> parse_retry_after("Sat, 01 Mar 2025 08:00:30 GMT", now)
    30.0
    >>> parse_retry_after("Sat, 01 Mar 2025 07:59:00 GMT", now)
    0.0
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def call(
    method: str,
    url: str,
    *,
    vendor: str,
    timeout: float,
    secrets: Iterable[str] = (),
    headers: Mapping[str, str] | None = None,
    data: bytes | Mapping[str, str] | None = None,
    json_body: Any = None,
    follow_redirects: bool = False,
    max_bytes: int = MAX_REPLY_BYTES,
) -> Reply:
    """One request on the shared session, read whole; network failures raise ``NoNetwork``."""
    host = urlsplit(url).netloc or url
    try:
        response = shared_session().request(
            method, url, headers=dict(headers or {}), data=data, json=json_body, timeout=timeout,
            allow_redirects=follow_redirects, stream=True,
        )
    except requests.Timeout as error:
        raise NoNetwork(f"{vendor} ({host}) did not answer within {timeout:g} s") from error
    except requests.RequestException as error:
        reason = redact(str(error), secrets)
        raise NoNetwork(f"{vendor} ({host}) could not be reached: {type(error).__name__}: {reason}") from error
    try:
        body = _read_capped(response, max_bytes, vendor)
    except requests.RequestException as error:
        raise NoNetwork(f"the connection to {vendor} ({host}) broke off: {type(error).__name__}") from error
    finally:
        response.close()
    return Reply(response.status_code, response.headers, body)


def _read_capped(response: requests.Response, max_bytes: int, vendor: str) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ServiceError(f"{vendor} announced a reply of {int(declared)} bytes, over the {max_bytes} accepted",
                           status=response.status_code)
    parts: list[bytes] = []
    size = 0
    for part in response.iter_content(64 * 1024):
        size += len(part)
        if size > max_bytes:
            raise ServiceError(f"{vendor} sent a reply over the {max_bytes} bytes accepted", status=response.status_code)
        parts.append(part)
    return b"".join(parts)


def raise_for_status(reply: Reply, *, vendor: str, detail: str = "") -> None:
    """Nothing for a 2xx reply; otherwise the error that says what to do about it.

    ``detail`` is the vendor's own explanation (already redacted), quoted in the message.
    """
    status = reply.status
    if 200 <= status < 300:
        return
    said = f": {detail}" if detail else ""
    if status == 429:
        wait = parse_retry_after(reply.headers.get("Retry-After"))
        after = f", retry after {wait:g} s" if wait is not None else ""
        raise Throttled(f"{vendor} answered 429 Too Many Requests{after}{said}", retry_after=wait)
    if status in (401, 403):
        raise AuthenticationFailed(
            f"{vendor} refused the credentials (HTTP {status}){said}; check the key in the settings", status=status
        )
    if status == 408 or status >= 500:
        raise ServiceError(f"{vendor} answered HTTP {status}{said}", status=status)
    raise RequestRejected(f"{vendor} rejected the request (HTTP {status}){said}", status=status)


def vendor_message(reply: Reply, secrets: Iterable[str] = ()) -> str:
    """The vendor's explanation of a failed reply: the usual JSON fields, else the start of the body.

    >>> vendor_message(Reply(400, body=b'{"error": {"code": 400, "message": "Bad voice", "status": "INVALID_ARGUMENT"}}'))
    'INVALID_ARGUMENT 400 Bad voice'
    >>> vendor_message(Reply(400, body=b'{"error": "invalid_grant", "error_description": "Invalid JWT"}'))
    'invalid_grant Invalid JWT'
    >>> vendor_message(Reply(502, body=b"<html> Bad   gateway </html>"))
    '<html> Bad gateway </html>'
    """
    payload = reply.json()
    if not isinstance(payload, dict):
        return redact(reply.text(), secrets)
    inner = payload.get("error")
    source = inner if isinstance(inner, dict) else payload
    found = [inner] if isinstance(inner, str) else []
    for name in ("status", "code", "message", "error_description", "msg", "detail"):
        value = source.get(name)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value) not in found:
            found.append(str(value))
    text = " ".join(found) if found else reply.text()
    return redact(text, secrets)[:DETAIL_CHARS]


def read_secret(value: str, path: str, what: str) -> str:
    """A secret given directly, or read from the file at ``path`` (Docker and systemd secrets)."""
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise EngineUnavailable(f"cannot read the {what} from {path}: {error.strerror}") from error
    return value.strip()
