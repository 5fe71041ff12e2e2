"""Polling the station's source feeds (Celery beat sends ``loa.poll_sources`` every poll interval)."""
from __future__ import annotations

import logging
from collections.abc import Callable

import redis

from articles.sources import poll_sources
from worker.app import app
from worker.config import POLL_SOURCES
from worker.pipeline import Pipeline
from worker.tasks import pipeline, render_article

log = logging.getLogger("loa.worker")

LOCK_KEY = "loa:poll-sources"


@app.task(name=POLL_SOURCES)
def poll_sources_task() -> dict:
    p = pipeline()

    def enqueue(article_id: str) -> None:
        p.store.set_status(article_id, "queued")
        render_article.apply_async((article_id,))

    return poll_once(p, enqueue)


def poll_once(p: Pipeline, enqueue: Callable[[str], None]) -> dict:
    """Poll every source feed once, unless another poll is running; what beat runs, and ``loa poll``."""
    settings = p.settings
    if not settings.source_feed_urls:
        return {"skipped": "no source feeds (LOA_SOURCE_FEEDS)"}
    # A slow poll must not overlap the next one; the lock expires by itself if this worker dies.
    lock = redis.Redis.from_url(settings.redis_url).lock(settings.redis_key(LOCK_KEY), timeout=settings.poll_interval)
    if not lock.acquire(blocking=False):
        log.info("source feeds: another poll is running, skipping this one")
        return {"skipped": "another poll is running"}
    try:
        return poll_sources(settings, enqueue, store=p.store).as_dict()
    finally:
        try:
            lock.release()
        except redis.exceptions.LockError:
            log.warning("source feeds: the poll outlasted its lock (LOA_POLL_INTERVAL)")
