"""Locks that keep two writers of one file (the feeds) apart: a file lock in the data directory for
processes of one machine, a Redis lock for workers of several machines sharing an object store."""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from loa.settings import Settings

# A feed is rebuilt from the database in well under a second; a holder that died frees the lock after this.
LOCK_TIMEOUT = 60.0
LOCK_WAIT = 120.0  # longest wait for another holder before the step fails (and is retried)


class LockNotAcquired(RuntimeError):
    """Another writer held the lock for longer than ``LOCK_WAIT``."""


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` (made when missing) while the block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def redis_lock(settings: Settings, name: str, timeout: float = LOCK_TIMEOUT,
               wait: float = LOCK_WAIT) -> Iterator[None]:
    """The lock ``name`` in Redis (under ``LOA_KEY_PREFIX``) while the block runs; it expires after
    ``timeout`` seconds if its holder dies."""
    client = redis.Redis.from_url(settings.redis_url)
    try:
        lock = client.lock(settings.redis_key(f"lock:{name}"), timeout=timeout, blocking_timeout=wait)
        if not lock.acquire():
            raise LockNotAcquired(f"lock {name} held elsewhere for more than {wait:g} s")
        try:
            yield
        finally:
            try:
                lock.release()
            except redis.exceptions.LockError:
                pass  # it expired meanwhile: a later writer rebuilds from the database anyway
    finally:
        client.close()
