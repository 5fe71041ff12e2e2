"""Sending work to the workers from the doors (the web app, the command line), by task name.

The sender is configured like the workers (``worker.config``), so routes and the publish retry
policy are the same, but keeps no result backend: a door never waits for a render, and a backend
would subscribe to every sent task's result for the life of the process.
"""
from __future__ import annotations

import threading

from celery import Celery

from loa.settings import Settings
from worker.config import celery_config

RENDER_ARTICLE = "loa.render_article"
BUILD_CHOSEN_BULLETIN = "loa.build_chosen_bulletin"


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

    def build_bulletin(self, request_id: str) -> None:
        """Queue the build of the bulletin request ``request_id`` (see ``articles.store``)."""
        self._celery().send_task(BUILD_CHOSEN_BULLETIN, args=[request_id], retry=False)
