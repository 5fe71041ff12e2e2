r"""Signed requests between the station's CMS and Loa: scheme ``v2``.

What is signed
--------------
A signature binds one request: its method, its path and query, its time, its delivery id and its
body. A captured request cannot be sent again (the delivery id is used once), nor turned into
another (a signed ``GET /api/articles/X`` does not sign ``DELETE /api/articles/Y``, a ``POST`` does
not sign a ``PUT``), nor kept for later (the time must be within five minutes).

Every signed call to ``/api/articles`` carries three headers:

``X-Loa-Timestamp``
    The time of sending, in whole Unix seconds (``1795663800``).
``X-Loa-Delivery``
    A new random id for every request, retries included: 16 to 128 characters from ``A-Z a-z
    0-9 . _ ~ : -`` (a UUID is fine). Loa refuses an id it has already received (HTTP 409).
``X-Loa-Signature``
    ``v2=`` followed by the hex HMAC-SHA256 (either case), keyed with the shared secret
    (``LOA_WEBHOOK_SECRET``, UTF-8), of these bytes::

        loa-v2 LF METHOD LF TARGET LF TIMESTAMP LF DELIVERY LF BODY

    where LF is one newline byte, ``METHOD`` is the HTTP method in capitals, ``TARGET`` the path
    and query exactly as sent on the request line, starting at ``/api/`` (a proxy that publishes
    Loa under a prefix strips it before Loa; sign the path without it), and ``BODY`` the exact raw
    body (empty for GET and DELETE).

With curl and openssl::

    ts=$(date +%s); id=$(cat /proc/sys/kernel/random/uuid)
    sig=$( { printf 'loa-v2\nPOST\n/api/articles\n%s\n%s\n' "$ts" "$id"; cat bai-100.json; } \
           | openssl dgst -sha256 -hmac "$LOA_WEBHOOK_SECRET" -r | cut -d' ' -f1 )
    curl -X POST https://loa.example.vn/api/articles --data-binary @bai-100.json \
         -H 'Content-Type: application/json' -H "X-Loa-Timestamp: $ts" \
         -H "X-Loa-Delivery: $id" -H "X-Loa-Signature: v2=$sig"

In Python::

    body = json.dumps(article).encode()
    ts, delivery = str(int(time.time())), str(uuid.uuid4())
    message = b"\n".join([b"loa-v2", b"POST", b"/api/articles", ts.encode(), delivery.encode(), body])
    mac = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    headers = {"X-Loa-Timestamp": ts, "X-Loa-Delivery": delivery, "X-Loa-Signature": f"v2={mac}"}

A request is refused with HTTP 401 when the secret is not configured, a header is missing or
malformed, the timestamp is more than ``MAX_SKEW`` seconds in the past or the future, or the
signature does not match; the earlier scheme (``sha256=`` over timestamp and body) is refused with
a message that says so. Checking that a delivery id is new is ``web.deliveries``' job.

The signing itself lives in ``loa.signing``: Loa's callback to the CMS (``LOA_CALLBACK_URL``) is signed
the same way, with ``LOA_CALLBACK_SECRET`` and the callback URL's path and query as ``TARGET``.
"""
from __future__ import annotations

import hmac
import re
import time
from dataclasses import dataclass

from loa.signing import (
    DELIVERY_HEADER,
    HEADERS,
    PREFIX,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    VERSION,
    message,
    signature,
    signed_headers,
)

__all__ = ["DELIVERY_HEADER", "HEADERS", "MAX_SKEW", "PREFIX", "SIGNATURE_HEADER", "TIMESTAMP_HEADER", "VERSION",
           "SignatureError", "SignedRequest", "message", "signature", "signed_headers", "verify"]

MAX_SKEW = 300  # seconds
DELIVERY_ID = re.compile(r"[A-Za-z0-9._~:-]{16,128}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEX_MAC = re.compile(r"[0-9a-fA-F]{64}")


class SignatureError(Exception):
    """The request is not signed by someone holding the secret; the message says why."""


@dataclass(frozen=True)
class SignedRequest:
    """What a verified signature vouches for."""

    timestamp: int
    delivery_id: str


def verify(secret: str, method: str, target: str, timestamp: str | None, delivery_id: str | None,
           sig: str | None, body: bytes, now: float | None = None) -> SignedRequest:
    """What the request's signature vouches for, or SignatureError saying why it is refused.

    >>> signed = signed_headers("k", "POST", "/api/articles", b"{}", timestamp=1795663800,
    ...                         delivery_id="0f8e5a52-6c1e-4c55-9a55-0d1c7bb0b0a1")
    >>> verify("k", "POST", "/api/articles", *signed.values(), b"{}", now=1795663800)
    SignedRequest(timestamp=1795663800, delivery_id='0f8e5a52-6c1e-4c55-9a55-0d1c7bb0b0a1')
    >>> verify("k", "DELETE", "/api/articles", *signed.values(), b"{}", now=1795663800)
    Traceback (most recent call last):
    web.signing.SignatureError: X-Loa-Signature does not match this request (method, path, timestamp, delivery id and body)
    """
    if not secret:
        raise SignatureError("the webhook is disabled: LOA_WEBHOOK_SECRET is not set on the server")
    missing = [name for name, value in zip(HEADERS, (timestamp, delivery_id, sig), strict=True) if not value]
    if missing:
        raise SignatureError(f"missing {' and '.join(missing)} header{'s' if len(missing) > 1 else ''}")
    assert timestamp is not None and delivery_id is not None and sig is not None
    if not _TIMESTAMP.fullmatch(timestamp):
        raise SignatureError(f"{TIMESTAMP_HEADER} must be whole Unix seconds")
    skew = int(timestamp) - (time.time() if now is None else now)
    if abs(skew) > MAX_SKEW:
        raise SignatureError(f"{TIMESTAMP_HEADER} is more than {MAX_SKEW // 60} minutes "
                             f"{'ahead' if skew > 0 else 'old'}; check the sender's clock")
    if not DELIVERY_ID.fullmatch(delivery_id):
        raise SignatureError(f"{DELIVERY_HEADER} must be 16 to 128 letters, digits or . _ ~ : - (a UUID)")
    scheme, _, mac = sig.strip().partition("=")
    if scheme.lower() == "sha256":
        raise SignatureError(f"{SIGNATURE_HEADER} uses the retired sha256= scheme; sign with {PREFIX} "
                             "(method, path, timestamp, delivery id and body)")
    if scheme.lower() != VERSION or not _HEX_MAC.fullmatch(mac):
        raise SignatureError(f"{SIGNATURE_HEADER} must be {PREFIX} followed by 64 hex digits")
    expected = signature(secret, method, target, timestamp, delivery_id, body).removeprefix(PREFIX)
    if not hmac.compare_digest(expected.encode("ascii"), mac.lower().encode("ascii")):
        raise SignatureError(f"{SIGNATURE_HEADER} does not match this request (method, path, timestamp, "
                             "delivery id and body)")
    return SignedRequest(int(timestamp), delivery_id)
