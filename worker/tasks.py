"""Celery tasks: thin wrappers around the pipeline steps.

render_article (audio) → chord(synthesize_sentence × uncached sentences (tts)) → assemble (audio)
→ publish (audio). A redelivered task repeats its step harmlessly: clips are cached by content,
episodes are unique per article version in the database, the feed is rebuilt from the database.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime
from zoneinfo import ZoneInfo

from celery import chain, chord
from redis.exceptions import ConnectionError as RedisConnectionError

from audio.errors import NoNetwork, RateLimited, ServiceError
from loa.settings import get_settings
from worker.app import app
from worker.bulletins import BulletinBuilder, build_requested
from worker.pipeline import Pipeline
from worker.queue import BUILD_CHOSEN_BULLETIN, RENDER_ARTICLE
from worker.schedule import parse_slot, parse_times, scheduled_window

log = logging.getLogger("loa.worker")

_pipeline: Pipeline | None = None
_pipeline_pid: int | None = None
RETRYABLE = (RateLimited, NoNetwork, ServiceError, RedisConnectionError)
MAX_RETRIES = 5


def pipeline() -> Pipeline:
    """One pipeline per worker process (database connections must not cross a fork)."""
    global _pipeline, _pipeline_pid
    if _pipeline is None or _pipeline_pid != os.getpid():
        _pipeline = Pipeline(get_settings())
        _pipeline_pid = os.getpid()
    return _pipeline


def _fail(article_id: str, err: BaseException) -> None:
    try:
        pipeline().store.set_status(article_id, "failed", error=f"{type(err).__name__}: {err}")
    except Exception:  # the failure itself is what matters; log the secondary one
        log.exception("could not mark article %s failed", article_id)


@app.task(name=RENDER_ARTICLE, bind=True, max_retries=MAX_RETRIES)
def render_article(self, article_id: str) -> dict:
    p = pipeline()
    try:
        script = p.prepare(article_id)
        todo = p.uncached(script)
    except RETRYABLE as err:
        raise self.retry(exc=err, countdown=p.settings.retry_delay) from err
    except Exception as err:
        _fail(article_id, err)
        raise
    finish = chain(
        assemble.si(article_id, script.content_hash, script.engine),
        publish.si(article_id, script.content_hash),
        broadcast.si(article_id, script.engine),
    )
    if todo:
        chord([synthesize_sentence.si(script.engine, spoken, article_id) for spoken in todo])(finish)
    else:
        finish.delay()
    return {"article_id": article_id, "sentences": len(script.sentences), "to_synthesize": len(todo),
            "engine": script.engine}


@app.task(name="loa.synthesize_sentence", bind=True, max_retries=MAX_RETRIES)
def synthesize_sentence(self, engine: str, spoken: str, article_id: str) -> bool:
    try:
        return pipeline().synthesize(engine, spoken)
    except RETRYABLE as err:
        if self.request.retries >= self.max_retries:
            _fail(article_id, err)
            raise
        raise self.retry(exc=err, countdown=pipeline().settings.retry_delay * (self.request.retries + 1)) from err
    except Exception as err:
        _fail(article_id, err)
        raise


@app.task(name="loa.assemble", bind=True, max_retries=MAX_RETRIES)
def assemble(self, article_id: str, content_hash: str, engine: str) -> dict:
    try:
        episode = pipeline().assemble(article_id, content_hash, engine)
    except RETRYABLE as err:
        raise self.retry(exc=err, countdown=pipeline().settings.retry_delay) from err
    except Exception as err:
        _fail(article_id, err)
        raise
    return {"article_id": article_id, "audio": episode.audio_key, "duration": episode.duration}


@app.task(name="loa.publish", bind=True, max_retries=MAX_RETRIES)
def publish(self, article_id: str, content_hash: str) -> str:
    try:
        return str(pipeline().publish(article_id, content_hash))
    except RETRYABLE as err:
        raise self.retry(exc=err, countdown=pipeline().settings.retry_delay) from err


@app.task(name="loa.broadcast", bind=True, max_retries=MAX_RETRIES)
def broadcast(self, article_id: str, engine: str | None = None) -> str | None:
    """The broadcast WAV and the radio drop folder: after the podcast feed, which need not wait."""
    try:
        return pipeline().broadcast(article_id, engine)
    except RETRYABLE as err:
        raise self.retry(exc=err, countdown=pipeline().settings.retry_delay) from err


@app.task(name="loa.rebuild_feed")
def rebuild_feed() -> str:
    return str(pipeline().rebuild_feed())


@app.task(name="loa.build_bulletin")
def build_bulletin(since: str | None = None, until: str | None = None, slot: str | None = None) -> dict:
    """A bulletin for [since, until); with no window, the one that ends at the latest scheduled time."""
    p = pipeline()
    tz = ZoneInfo(p.settings.timezone)
    if since and until:
        window = datetime.fromisoformat(since), datetime.fromisoformat(until)
    else:
        window = scheduled_window(parse_times(p.settings.bulletin_times), datetime.now(tz))
    slot = slot or p.settings.bulletin_slot
    bulletin, _ = BulletinBuilder(p).build(*window, parse_slot(slot) if slot else None)
    p.rebuild_bulletin_feed()
    return {"bulletin": bulletin.id, "articles": len(bulletin.items), "left_out": list(bulletin.left_out),
            "duration": bulletin.duration}


@app.task(name=BUILD_CHOSEN_BULLETIN, bind=True, max_retries=MAX_RETRIES)
def build_chosen_bulletin(self, request_id: str) -> dict:
    """The bulletin staff asked for on the bulletins page (``worker.bulletins.build_requested``)."""
    p = pipeline()
    try:
        request = build_requested(p, request_id)
    except RETRYABLE as err:
        if self.request.retries < self.max_retries:
            p.store.bulletin_requests.set_status(request_id, "queued")
            raise self.retry(exc=err, countdown=p.settings.retry_delay) from err
        p.store.bulletin_requests.set_status(request_id, "failed", error=f"{type(err).__name__}: {err}")
        raise
    except Exception as err:
        p.store.bulletin_requests.set_status(request_id, "failed", error=f"{type(err).__name__}: {err}")
        raise
    return {"request": request_id, "status": request.status if request else "unknown",
            "bulletin": request.bulletin_id if request else None}

