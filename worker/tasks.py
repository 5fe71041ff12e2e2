"""Celery tasks: thin wrappers around the pipeline steps.

render_article (audio) → chord(synthesize_sentence × uncached sentences (tts)) → assemble (audio)
→ publish (publish) → broadcast (broadcast). An engine that runs on this machine's CPU (espeak-ng)
is synthesized and assembled inside render_article instead: its sentences spread over the tts
processes would only take the cores the masters need, and every article's assembly would wait
behind every other article's synthesis. A redelivered task repeats its step harmlessly: clips are
cached by content, episodes are unique per article version in the database, the feed is rebuilt
from the database, and a step of a render that was replaced stops (``Superseded``).

voice_sample (tts) makes a voice's sample sentence for the voices page (``worker.samples``).

send_callback (publish) tells the station's CMS that an article's audio is ready, after each
publication when ``LOA_CALLBACK_URL`` is set, and when staff ask to send it again
(``worker.callback``); Celery retries it with a doubling countdown, ``worker.callback.TRIES``
attempts in all, each recorded.

When an engine fails a sentence (after ``LOA_ENGINE_RETRIES`` retries while its circuit stays
closed), the article is handed to the next engine of the chain and rendered whole again. A
throttled engine (a vendor's 429 with Retry-After, or the shared rate limit) is retried up to
``MAX_RETRIES`` times first, each after the wait asked for plus a jittered backoff, capped at
``LOA_RETRY_DELAY``. Every
other failure marks the article failed with the step and the reason.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import redis
from celery import chain, chord
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry
from sqlalchemy.exc import OperationalError

from audio.engines.backoff import retry_wait
from audio.engines.chain import EngineFailed, NoEngineLeft, describe
from audio.engines.circuit import CircuitBreaker, RedisBreakerStore
from audio.errors import NoNetwork, RateLimited, ServiceError
from loa.settings import get_settings
from loa.storage import StoreUnavailable
from worker.app import app
from worker.bulletins import BulletinBuilder, build_requested
from worker.callback import TRIES as CALLBACK_TRIES
from worker.callback import backoff, deliver
from worker.config import FETCH_ARTICLE, SEND_CALLBACK, SYNTHESIZE_SENTENCE, VOICE_SAMPLE
from worker.fetching import fetch_and_save
from worker.locks import LockNotAcquired
from worker.pipeline import Pipeline, Script, Superseded, new_token
from worker.queue import ASSEMBLE, BROADCAST, BUILD_CHOSEN_BULLETIN, PUBLISH, RENDER_ARTICLE
from worker.samples import Samples
from worker.schedule import parse_slot, parse_times, scheduled_window

log = logging.getLogger("loa.worker")

_pipeline: Pipeline | None = None
_pipeline_pid: int | None = None
# Passing troubles worth a retry of the same step: a service, the network, Redis, the database, the
# object store, another feed writer holding the lock too long.
RETRYABLE = (RateLimited, NoNetwork, ServiceError, RedisConnectionError, BrokerUnavailable, OperationalError,
             StoreUnavailable, LockNotAcquired)
MAX_RETRIES = 5
THROTTLED_RETRY_BASE = 2.0  # seconds: the jittered backoff of a throttled sentence's first retry, then doubling


def pipeline() -> Pipeline:
    """One pipeline per worker process (database connections must not cross a fork); its engines'
    circuits are shared with every other worker through Redis."""
    global _pipeline, _pipeline_pid
    if _pipeline is None or _pipeline_pid != os.getpid():
        settings = get_settings()
        # A circuit unreadable for want of Redis reads as closed at once: no retries, short timeouts.
        client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=1,
                                      retry=Retry(NoBackoff(), 0))
        breaker = CircuitBreaker(RedisBreakerStore(client, settings.key_prefix), settings.breaker_failures,
                                 settings.breaker_cooldown)
        _pipeline = Pipeline(settings, breaker=breaker)
        _pipeline_pid = os.getpid()
    return _pipeline


def _fail(article_id: str, token: str | None, step: str, err: BaseException) -> None:
    """The article failed at ``step``: visible with the reason (unless its render was replaced)."""
    try:
        pipeline().renders.fail_render(article_id, token, f"{step}: {describe(err)}")
    except Exception:  # the failure itself is what matters; log the secondary one
        log.exception("could not mark article %s failed", article_id)


def _retry_or_fail(task, article_id: str, token: str | None, step: str, err: BaseException) -> None:
    """Retry a passing trouble after ``LOA_RETRY_DELAY`` (raises celery's Retry); after ``MAX_RETRIES``,
    fail the article (the caller raises the error again)."""
    if task.request.retries < MAX_RETRIES:
        raise task.retry(exc=err, countdown=pipeline().settings.retry_delay, max_retries=MAX_RETRIES)
    _fail(article_id, token, step, err)


@app.task(name=RENDER_ARTICLE, bind=True, max_retries=MAX_RETRIES)
def render_article(self, article_id: str, engine: str | None = None, reason: str | None = None,
                   token: str | None = None) -> dict:
    """Start (or, with ``token``, go on with) a render: its script, then the chord of sentences."""
    p = pipeline()
    state = p.store.state(article_id)
    if token is None and state is not None and state.status == "published" and state.episode is not None:
        # A late copy of a render message (redelivered after its render was driven on and published).
        return {"article_id": article_id, "skipped": "already published"}
    try:
        script = p.prepare(article_id, engine, reason, token)
        todo = p.uncached(script)
    except Superseded as err:
        return {"article_id": article_id, "skipped": str(err)}
    except NoEngineLeft as err:
        _fail(article_id, token, "prepare", err)
        raise
    except RETRYABLE as err:
        _retry_or_fail(self, article_id, token, "prepare", err)
        raise
    except Exception as err:
        _fail(article_id, token, "prepare", err)
        raise
    if todo and p.runs_locally(script.engine):
        done = _render_here(p, script)
        if done is not None:
            return done
        todo = p.uncached(script)  # a passing trouble: the clips made so far stay, the tasks retry the rest
    finish = chain(
        assemble.si(article_id, script.token, script.content_hash, script.engine, script.engine_reason),
        publish.si(article_id, script.token, script.content_hash),
        broadcast.si(article_id, script.token, script.engine),
    )
    if todo:
        chord([synthesize_sentence.si(article_id, script.token, script.engine, spoken, script.engine_reason)
               for spoken in todo])(finish)
    else:
        finish.delay()
    return {"article_id": article_id, "sentences": len(script.sentences), "to_synthesize": len(todo),
            "engine": script.engine}


def _render_here(p: Pipeline, script: Script) -> dict | None:
    """Synthesize and assemble ``script`` in this process, then queue its publication and broadcast;
    None after a passing trouble (the caller hands what is left to the tasks, which retry it)."""
    article_id, token = script.article_id, script.token
    assert token is not None  # prepare always gives a render its token
    step = "synthesize"
    try:
        with p.working(article_id, token, step):
            p.synthesize_all(script)
        step = "assemble"
        episode = p.assemble(article_id, script.content_hash, script.engine, token, script.engine_reason)
    except Superseded as err:
        return {"article_id": article_id, "skipped": str(err)}
    except EngineFailed as failure:
        _fall_back(article_id, token, failure, script.engine_reason)
        return {"article_id": article_id, "skipped": str(failure)}
    except RETRYABLE as err:
        log.warning("article %s: %s in this process failed (%s); the tasks retry it", article_id, step, describe(err))
        return None
    except Exception as err:
        _fail(article_id, token, step, err)
        raise
    chain(publish.si(article_id, token, script.content_hash), broadcast.si(article_id, token, script.engine)).delay()
    return {"article_id": article_id, "sentences": len(script.sentences), "engine": script.engine,
            "audio": episode.audio_key, "duration": episode.duration}


@app.task(name=SYNTHESIZE_SENTENCE, bind=True, max_retries=MAX_RETRIES)
def synthesize_sentence(self, article_id: str, token: str, engine: str, spoken: str,
                        reason: str | None = None) -> bool:
    p = pipeline()
    try:
        with p.working(article_id, token, "synthesize"):
            made = p.synthesize(engine, spoken)
    except Superseded:
        return False  # the chord counts it done; the replaced render's assemble stops too
    except EngineFailed as failure:
        # A throttled engine works, it asks for patience: more retries, each after the wait it asked
        # for plus a jittered backoff (so the sentences refused together come back spread out).
        throttled = failure.retry_after is not None
        retries = MAX_RETRIES if throttled else p.settings.engine_retries
        if failure.transient and self.request.retries < retries and p.breaker.status(failure.name) == "closed":
            delay = p.settings.retry_delay
            countdown = (retry_wait(failure.retry_after, self.request.retries, THROTTLED_RETRY_BASE, delay)
                         if throttled else delay)
            raise self.retry(exc=failure, countdown=countdown, max_retries=retries) from failure
        _fall_back(article_id, token, failure, reason)
        return False
    except RETRYABLE as err:
        _retry_or_fail(self, article_id, token, "synthesize", err)
        raise
    except Exception as err:
        _fail(article_id, token, "synthesize", err)
        raise
    return made


def _fall_back(article_id: str, token: str, failure: EngineFailed, reason: str | None) -> None:
    """Hand the article from the failed engine to the next one; of all the sentences failing at once,
    one wins the hand-over and the others find the render replaced."""
    p = pipeline()
    try:
        choice = p.fall_back(failure, reason)
    except NoEngineLeft as err:
        if p.renders.fail_render(article_id, token, f"synthesize: {err}"):
            log.error("article %s failed: %s", article_id, err)
        return
    successor = new_token()
    if p.renders.switch_render(article_id, token, successor):
        log.warning("article %s: %s; rendered again by %s", article_id, failure, choice.label)
        render_article.apply_async((article_id,), {"engine": choice.spec, "reason": choice.reason,
                                                   "token": successor})


@app.task(name=ASSEMBLE, bind=True, max_retries=MAX_RETRIES)
def assemble(self, article_id: str, token: str, content_hash: str, engine: str, reason: str | None = None) -> dict:
    p = pipeline()
    try:
        episode = p.assemble(article_id, content_hash, engine, token, reason)
    except Superseded as err:
        self.request.chain = None  # the replaced render publishes nothing
        return {"article_id": article_id, "skipped": str(err)}
    except EngineFailed as failure:  # a clip went missing and its engine failed to make it again
        self.request.chain = None
        _fall_back(article_id, token, failure, reason)
        return {"article_id": article_id, "skipped": str(failure)}
    except RETRYABLE as err:
        _retry_or_fail(self, article_id, token, "assemble", err)
        raise
    except Exception as err:
        _fail(article_id, token, "assemble", err)
        raise
    return {"article_id": article_id, "audio": episode.audio_key, "duration": episode.duration}


@app.task(name=PUBLISH, bind=True, max_retries=MAX_RETRIES)
def publish(self, article_id: str, token: str, content_hash: str) -> str | None:
    p = pipeline()
    try:
        feed = str(p.publish(article_id, content_hash, token))
    except Superseded:
        self.request.chain = None
        return None
    except RETRYABLE as err:
        _retry_or_fail(self, article_id, token, "publish", err)
        raise
    except Exception as err:
        _fail(article_id, token, "publish", err)
        raise
    if p.settings.callback_url:
        _queue_callback(p, article_id, content_hash)
    return feed


def _queue_callback(p: Pipeline, article_id: str, content_hash: str) -> None:
    """Queue the callback of a publication; one that cannot be queued is recorded as failed (staff see
    it and send it again), and never fails the publication or keeps the broadcast step from running."""
    state = p.store.state(article_id)
    if state is None or state.status != "published" or state.content_hash != content_hash:
        return
    try:
        send_callback.apply_async((article_id, content_hash))
    except Exception as err:
        log.exception("article %s: its callback could not be queued", article_id)
        p.store.callbacks.record(article_id, content_hash, 1, "failed", reason=f"not queued: {describe(err)}")


@app.task(name=SEND_CALLBACK, bind=True, max_retries=CALLBACK_TRIES - 1)
def send_callback(self, article_id: str, content_hash: str | None = None) -> dict:
    """Tell the CMS the article's audio is ready (``worker.callback``); retried with a doubling backoff."""
    p = pipeline()
    attempt = self.request.retries + 1
    try:
        done = deliver(p, article_id, content_hash, attempt)
    except RETRYABLE as err:  # the database or Redis, not the CMS: the same attempt again later
        raise self.retry(exc=err, countdown=p.settings.retry_delay, max_retries=MAX_RETRIES) from err
    if done is None:
        return {"article_id": article_id, "skipped": "nothing to announce"}
    if done.status == "retrying":
        raise self.retry(countdown=backoff(attempt, p.settings.retry_delay), max_retries=CALLBACK_TRIES - 1)
    return {"article_id": article_id, "attempt": attempt, "status": done.status, "reason": done.reason}


@app.task(name=BROADCAST, bind=True, max_retries=MAX_RETRIES)
def broadcast(self, article_id: str, token: str | None = None, engine: str | None = None) -> str | None:
    """The broadcast WAV and the radio drop folder: after the podcast feed, which need not wait."""
    p = pipeline()
    try:
        return p.broadcast(article_id, engine, token)
    except Superseded:
        return None
    except RETRYABLE as err:
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=err, countdown=p.settings.retry_delay) from err
        p.renders.note_error(article_id, f"broadcast: {describe(err)}")
        raise
    except Exception as err:
        # The article stays published (it is in the feed); the radio's file is what failed.
        p.renders.note_error(article_id, f"broadcast: {describe(err)}")
        raise


@app.task(name=FETCH_ARTICLE, bind=True, max_retries=MAX_RETRIES)
def fetch_article(self, article_id: str) -> dict:
    """Fetch the page of an article given only by URL, save it and queue its render."""
    p = pipeline()
    try:
        outcome = fetch_and_save(p, article_id)
        if outcome is None:
            return {"article_id": article_id, "skipped": "no fetch waiting"}
        if outcome.render:
            p.store.set_status(article_id, "queued")
            render_article.apply_async((article_id,))
        p.renders.end_fetch(article_id)
    except RETRYABLE as err:
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=err, countdown=p.settings.retry_delay) from err
        p.renders.fail_fetch(article_id, f"page not read: {describe(err)}")
        raise
    except Exception as err:
        p.renders.fail_fetch(article_id, f"page not read: {describe(err)}")
        raise
    return {"article_id": article_id, "queued": outcome.render, "error": outcome.error}


@app.task(name=VOICE_SAMPLE)
def voice_sample(voice: str) -> dict:
    """The sample sentence of a voice for the voices page; an engine's failure is recorded, not raised."""
    p = pipeline()
    if voice not in p.voices:
        return {"voice": voice, "status": "unknown voice"}
    state = Samples(p).make(p.voices.get(voice))
    return {"voice": voice, "status": state.status, "reason": state.reason}


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
