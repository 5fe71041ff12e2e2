"""Signed requests between the station's CMS and Loa.

The contract
------------
Every call to ``/api/articles`` (POST, PUT, GET, DELETE) carries two headers:

``X-Loa-Timestamp``
    The time of sending, in whole Unix seconds (``1795663800``).
``X-Loa-Signature``
    ``sha256=`` followed by the hex HMAC-SHA256 (either case), keyed with the shared secret
    (``LOA_WEBHOOK_SECRET``, UTF-8), of the bytes ``f"{timestamp}."`` followed by the exact
    raw request body. A request without a body (GET, DELETE) signs ``f"{timestamp}."``.

In Python::

    body = json.dumps(article).encode()
    ts = str(int(time.time()))
    mac = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    headers = {"X-Loa-Timestamp": ts, "X-Loa-Signature": f"sha256={mac}"}

A request is refused (HTTP 401) when the secret is not configured, a header is missing or
malformed, the timestamp is more than ``MAX_SKEW`` seconds in the past or the future, or the
signature does not match. The timestamp bounds how long a captured request can be replayed;
within that window a replay is harmless because every call is idempotent.
"""
from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Loa-Timestamp"
SIGNATURE_HEADER = "X-Loa-Signature"
SCHEME = "sha256="
MAX_SKEW = 300  # seconds


class SignatureError(Exception):
    """The request is not signed by someone holding the secret; the message says why."""


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Loa-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return SCHEME + mac.hexdigest()


def signed_headers(secret: str, body: bytes = b"", timestamp: int | None = None) -> dict[str, str]:
    """Both headers for sending ``body`` now (or at ``timestamp``)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {TIMESTAMP_HEADER: ts, SIGNATURE_HEADER: signature(secret, ts, body)}


def verify(secret: str, timestamp: str | None, sig: str | None, body: bytes, now: float | None = None) -> None:
    """Raise SignatureError unless ``sig`` signs ``body`` at a ``timestamp`` close to ``now``."""
    if not secret:
        raise SignatureError("the webhook is disabled: LOA_WEBHOOK_SECRET is not set on the server")
    if not timestamp or not sig:
        raise SignatureError(f"missing {TIMESTAMP_HEADER} or {SIGNATURE_HEADER} header")
    if not timestamp.isascii() or not timestamp.isdigit():
        raise SignatureError(f"{TIMESTAMP_HEADER} must be whole Unix seconds")
    skew = int(timestamp) - (time.time() if now is None else now)
    if abs(skew) > MAX_SKEW:
        raise SignatureError(f"{TIMESTAMP_HEADER} is more than {MAX_SKEW // 60} minutes "
                             f"{'ahead' if skew > 0 else 'old'}; check the sender's clock")
    given = sig.strip().lower().encode("utf-8", "replace")
    if not hmac.compare_digest(signature(secret, timestamp, body).encode(), given):
        raise SignatureError(f"{SIGNATURE_HEADER} does not match the body")
