"""The Celery configuration, in one place, from Loa's settings: queues, routes, crash safety, schedules.

The workers (``worker.app``) and the senders (``worker.queue``: the web app and the command line)
read the same configuration, so a task is always routed to the queue its workers consume.

Queues are sized by where the work is: ``publish`` marks articles published, rebuilds the
feeds and tells the CMS the audio is ready (light and urgent: a worker of its own, so publishing never waits behind another article's
mastering), ``tts`` waits on speech services (many light workers), ``audio`` plans programmes and
makes the podcast masters (CPU: one worker per core), ``ingest`` fetches pages and feeds and runs
reconciliation (network waits bounded by the fetch deadline; kept apart so a hanging site never
holds up a render), ``broadcast`` makes the broadcast WAVs and fills the radio drop folder, after
the feed. A worker consuming several queues takes from them in the order it lists them
(``queue_order_strategy`` ``priority``), so ``loa worker``'s default order, publish first and
broadcast last, holds whenever work waits in more than one.
"""
from __future__ import annotations

from typing import Any

from celery.schedules import crontab

from loa.settings import Settings
from worker.schedule import parse_times

PUBLISH_QUEUE = "publish"
TTS_QUEUE = "tts"
AUDIO_QUEUE = "audio"
INGEST_QUEUE = "ingest"
BROADCAST_QUEUE = "broadcast"
# In the order a worker serving all of them takes work (see the module's docstring).
QUEUES = (PUBLISH_QUEUE, INGEST_QUEUE, TTS_QUEUE, AUDIO_QUEUE, BROADCAST_QUEUE)

SYNTHESIZE_SENTENCE = "loa.synthesize_sentence"
PUBLISH = "loa.publish"
REBUILD_FEED = "loa.rebuild_feed"
BROADCAST = "loa.broadcast"
FETCH_ARTICLE = "loa.fetch_article"
RECONCILE = "loa.reconcile"
POLL_SOURCES = "loa.poll_sources"
VOICE_SAMPLE = "loa.voice_sample"
SEND_CALLBACK = "loa.send_callback"


def celery_config(settings: Settings) -> dict[str, Any]:
    transport: dict[str, Any] = {
        # Longer than any task's hard time limit plus its retry countdown (checked by the settings),
        # or Redis hands a running task to a second worker.
        "visibility_timeout": settings.visibility_timeout,
        # How often unacknowledged messages of dead workers are looked for (throttle 1: every interval).
        "unacked_restore_interval": settings.unacked_restore_interval,
        "unacked_restore_throttle": 1,
        "queue_order_strategy": "priority",
    }
    results: dict[str, Any] = {"visibility_timeout": settings.visibility_timeout}
    if settings.key_prefix:
        # Queues, unacknowledged messages, results and chord counters all live under the prefix.
        transport["global_keyprefix"] = settings.key_prefix
        results["global_keyprefix"] = settings.key_prefix
    return {
        "broker_url": settings.redis_url,
        "result_backend": settings.redis_url,
        "broker_transport_options": transport,
        "result_backend_transport_options": results,
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,  # a Redis restart is waited out, however long
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": settings.task_time_limit,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_default_queue": AUDIO_QUEUE,
        "task_routes": {
            SYNTHESIZE_SENTENCE: {"queue": TTS_QUEUE},
            VOICE_SAMPLE: {"queue": TTS_QUEUE},
            PUBLISH: {"queue": PUBLISH_QUEUE},
            REBUILD_FEED: {"queue": PUBLISH_QUEUE},
            SEND_CALLBACK: {"queue": PUBLISH_QUEUE},
            BROADCAST: {"queue": BROADCAST_QUEUE},
            FETCH_ARTICLE: {"queue": INGEST_QUEUE},
            POLL_SOURCES: {"queue": INGEST_QUEUE},
            RECONCILE: {"queue": INGEST_QUEUE},
        },
        "task_publish_retry": True,
        "task_publish_retry_policy": {"max_retries": 10, "interval_start": 0.5, "interval_step": 1,
                                      "interval_max": 5},
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "result_expires": 24 * 3600,
        "worker_hijack_root_logger": False,
        "beat_schedule": {
            "rebuild-feed": {"task": REBUILD_FEED, "schedule": 15 * 60.0},
            "poll-sources": {"task": POLL_SOURCES, "schedule": float(settings.poll_interval)},
            # A run nobody took before the next one is due is dropped, not piled up.
            "reconcile": {"task": RECONCILE, "schedule": float(settings.reconcile_interval),
                          "options": {"expires": float(settings.reconcile_interval)}},
            **bulletin_schedule(settings),
        },
        "timezone": settings.timezone,
    }


def bulletin_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """One beat entry per bulletin time in settings (local station time)."""
    return {
        f"bulletin-{t:%H%M}": {"task": "loa.build_bulletin", "schedule": crontab(hour=t.hour, minute=t.minute)}
        for t in parse_times(settings.bulletin_times)
    }
