"""Sending work to the workers from the doors (the web app, the command line), by task name, and
reading what waits in the queues (for reconciliation).

The sender is configured like the workers (``worker.config``), so routes, the key prefix and the
publish retry policy are the same, but keeps no result backend: a door never waits for a render,
and a backend would subscribe to every sent task's result for the life of the process.
"""
from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterable
from typing import Any

from celery import Celery

from loa.settings import Settings
from worker.config import (
    BROADCAST,
    FETCH_ARTICLE,
    PUBLISH,
    QUEUES,
    SEND_CALLBACK,
    SYNTHESIZE_SENTENCE,
    VOICE_SAMPLE,
    celery_config,
)

RENDER_ARTICLE = "loa.render_article"
BUILD_CHOSEN_BULLETIN = "loa.build_chosen_bulletin"
ASSEMBLE = "loa.assemble"
# Tasks whose first argument is the article they work on.
ARTICLE_TASKS = frozenset({RENDER_ARTICLE, SYNTHESIZE_SENTENCE, ASSEMBLE, PUBLISH, BROADCAST, FETCH_ARTICLE})
PRIORITY_SEPARATOR, PRIORITY_STEPS = "\x06\x16", (3, 6, 9)  # kombu's Redis sub-queues per priority


class TaskQueue:
    """Hands tasks to the workers through Redis; raises when Redis cannot take them."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._client: Celery | None = None
        self._lock = threading.Lock()

    def _celery(self) -> Celery:
        with self._lock:
            if self._client is None:
                client = Celery("loa-sender", set_as_current=False)
                client.conf.update(celery_config(self.settings))
                client.conf.result_backend = None
                self._client = client
            return self._client

    def render(self, article_id: str) -> None:
        """Queue the render of ``article_id`` (its status is the caller's to set first)."""
        self._celery().send_task(RENDER_ARTICLE, args=[article_id], retry=False)

    def fetch(self, article_id: str) -> None:
        """Queue the fetch of the page of ``article_id`` (its request is the caller's to record first)."""
        self._celery().send_task(FETCH_ARTICLE, args=[article_id], retry=False)

    def broadcast(self, article_id: str) -> None:
        """Queue the broadcast master of the published article ``article_id`` (reconciliation)."""
        self._celery().send_task(BROADCAST, args=[article_id], retry=False)

    def send_callback(self, article_id: str) -> None:
        """Tell the CMS again that the article's audio is ready (staff's "send again"; ``worker.callback``)."""
        self._celery().send_task(SEND_CALLBACK, args=[article_id], retry=False)

    def voice_sample(self, voice: str) -> None:
        """Ask a worker for the sample sentence of ``voice`` (``worker.samples``)."""
        self._celery().send_task(VOICE_SAMPLE, args=[voice], retry=False)

    def build_bulletin(self, request_id: str) -> None:
        """Queue the build of the bulletin request ``request_id`` (see ``articles.store``)."""
        self._celery().send_task(BUILD_CHOSEN_BULLETIN, args=[request_id], retry=False)


def queue_keys(settings: Settings, queues: Iterable[str] = QUEUES) -> list[str]:
    """The Redis lists holding the messages waiting in ``queues`` (each priority has its own list)."""
    keys = []
    for queue in queues:
        keys.append(settings.redis_key(queue))
        keys += [settings.redis_key(f"{queue}{PRIORITY_SEPARATOR}{step}") for step in PRIORITY_STEPS]
    return keys


def message_article(raw: bytes | str) -> str | None:
    """The article a queued message works on, or None for other tasks and unreadable messages.

    >>> body = base64.b64encode(json.dumps([["bai-1"], {}, {}]).encode()).decode()
    >>> message_article(json.dumps({"body": body, "headers": {"task": "loa.render_article"},
    ...                             "properties": {"body_encoding": "base64"}}))
    'bai-1'
    """
    try:
        message: dict[str, Any] = json.loads(raw)
        if message.get("headers", {}).get("task") not in ARTICLE_TASKS:
            return None
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args, kwargs, _embed = json.loads(body)
        found = args[0] if args else kwargs.get("article_id")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return found if isinstance(found, str) else None


def waiting_articles(client: Any, settings: Settings) -> set[str]:
    """Articles with a message waiting in a queue for a worker: behind others, not stalled."""
    found: set[str] = set()
    for key in queue_keys(settings):
        for raw in client.lrange(key, 0, -1):
            article = message_article(raw)
            if article:
                found.add(article)
    return found
