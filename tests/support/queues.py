"""What waits in Loa's queues on a shared Redis, read under a test's own key prefix."""
from __future__ import annotations

import base64
import json

import redis


class RedisTarget(str):
    """A Redis URL together with the key prefix (``LOA_KEY_PREFIX``) a test keeps its keys under:
    the database of the URL is shared, never flushed, and each test reads only its own keys."""

    prefix: str

    def __new__(cls, url: str, prefix: str) -> RedisTarget:
        target = super().__new__(cls, url)
        target.prefix = prefix
        return target

    def key(self, name: str) -> str:
        """The Redis key of ``name`` (a queue, a lock) under this prefix."""
        return f"{self.prefix}{name}"


def queued(url: str, prefix: str, queue: str, task: str | None = None) -> list[tuple[str, list]]:
    """(task name, arguments) of every message waiting in ``queue``, oldest first."""
    client = redis.Redis.from_url(url)
    try:
        raw = client.lrange(f"{prefix}{queue}", 0, -1)
    finally:
        client.close()
    found = []
    for item in reversed(raw):  # kombu pushes on the left and pops on the right
        message = json.loads(item)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        if task is None or message["headers"]["task"] == task:
            found.append((message["headers"]["task"], args))
    return found


class RenderQueue:
    """The render messages the doors sent to the ``audio`` queue of one test's prefix."""

    def __init__(self, target: RedisTarget):
        self.target = target

    def renders(self) -> list[list]:
        """Arguments of every render_article message waiting, oldest first."""
        return [args for _task, args in queued(self.target, self.target.prefix, "audio", "loa.render_article")]
