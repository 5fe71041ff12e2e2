r"""Loa's request signatures, scheme ``v2``: the bytes signed and the headers, for both directions.

The inbound webhook verifies them (``web.signing``, where the contract is written out); the callback
to the station's CMS (``worker.callback``) signs its requests the same way, with
``LOA_CALLBACK_SECRET``, so a CMS checks Loa's calls with the code it signs its own with.
"""
from __future__ import annotations

import hashlib
import hmac
import time
import uuid

TIMESTAMP_HEADER = "X-Loa-Timestamp"
DELIVERY_HEADER = "X-Loa-Delivery"
SIGNATURE_HEADER = "X-Loa-Signature"
HEADERS = (TIMESTAMP_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER)
VERSION = "v2"
PREFIX = VERSION + "="


def message(method: str, target: str, timestamp: str, delivery_id: str, body: bytes) -> bytes:
    r"""The bytes a ``v2`` signature is computed over.

    >>> message("delete", "/api/articles/bai-1", "1795663800", "0f8e5a52-6c1e-4c55-9a55-0d1c7bb0b0a1", b"")
    b'loa-v2\nDELETE\n/api/articles/bai-1\n1795663800\n0f8e5a52-6c1e-4c55-9a55-0d1c7bb0b0a1\n'
    """
    head = "\n".join(["loa-" + VERSION, method.upper(), target, timestamp, delivery_id])
    return head.encode("utf-8") + b"\n" + body


def signature(secret: str, method: str, target: str, timestamp: str, delivery_id: str, body: bytes) -> str:
    """The ``X-Loa-Signature`` value for this request."""
    mac = hmac.new(secret.encode("utf-8"), message(method, target, timestamp, delivery_id, body), hashlib.sha256)
    return PREFIX + mac.hexdigest()


def signed_headers(secret: str, method: str, target: str, body: bytes = b"", *, timestamp: int | None = None,
                   delivery_id: str | None = None) -> dict[str, str]:
    """The three headers for sending this request now (or at ``timestamp``), with a fresh delivery id."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    delivery = delivery_id or str(uuid.uuid4())
    return {TIMESTAMP_HEADER: ts, DELIVERY_HEADER: delivery,
            SIGNATURE_HEADER: signature(secret, method, target, ts, delivery, body)}
