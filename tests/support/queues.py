"""What the doors sent to the workers, read from the real Redis queue."""
from __future__ import annotations

import base64
import json

import redis


class RenderQueue:
    """The render messages sent to the ``audio`` queue since the test began (the queue is not emptied)."""

    def __init__(self, redis_url: str):
        self.redis_url = redis_url
        self.start = self._length()

    def _length(self) -> int:
        client = redis.Redis.from_url(self.redis_url)
        try:
            return int(client.llen("audio"))
        finally:
            client.close()

    def renders(self) -> list[list]:
        """Arguments of every render_article message queued since, oldest first."""
        client = redis.Redis.from_url(self.redis_url)
        try:
            added = int(client.llen("audio")) - self.start
            raw = client.lrange("audio", 0, added - 1) if added > 0 else []  # senders push at the head
        finally:
            client.close()
        found = []
        for item in reversed(raw):
            message = json.loads(item)
            if message["headers"]["task"] == "loa.render_article":
                args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
                found.append(args)
        return found
