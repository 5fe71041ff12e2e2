"""Delivery ids already received, so a signed request is acted on once.

Each id is kept in Redis (the database of ``LOA_REDIS_URL``) with ``SET NX`` and an expiry, for as
long as its timestamp would still be accepted; after that the timestamp check refuses it anyway.
Every web process shares the one Redis, so a replay sent to another process is refused too. When
Redis does not answer, ``DeliveryLedger.claim`` raises ``LedgerUnavailable``: the caller refuses the
request (503) rather than act on one it could not check.
"""
from __future__ import annotations

import threading

import redis

from web.signing import MAX_SKEW, SignedRequest

KEY_PREFIX = "loa:webhook:delivery:"
TIMEOUT = 3.0  # seconds to connect to and hear from Redis


class LedgerUnavailable(Exception):
    """Redis could not be asked whether a delivery id is new."""


class DeliveryLedger:
    def __init__(self, redis_url: str):
        self._url = redis_url
        self._client: redis.Redis | None = None
        self._lock = threading.Lock()

    def _redis(self) -> redis.Redis:
        with self._lock:
            if self._client is None:
                self._client = redis.Redis.from_url(self._url, socket_connect_timeout=TIMEOUT,
                                                    socket_timeout=TIMEOUT)
            return self._client

    def claim(self, request: SignedRequest, now: float) -> bool:
        """True the first time ``request``'s delivery id is seen within its validity window."""
        # The timestamp is accepted until timestamp + MAX_SKEW: the id is kept at least that long.
        ttl = max(1, int(request.timestamp + MAX_SKEW - now) + 1)
        try:
            return bool(self._redis().set(KEY_PREFIX + request.delivery_id, b"1", nx=True, ex=ttl))
        except redis.RedisError as err:
            raise LedgerUnavailable(type(err).__name__) from None

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
