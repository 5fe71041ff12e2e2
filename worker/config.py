"""The Celery configuration, in one place, from Loa's settings: queues, routes, crash safety, schedules.

The workers (``worker.app``) and the senders (``worker.queue``: the web app and the command line)
read the same configuration, so a task is always routed to the queue its workers consume.
"""
from __future__ import annotations

from typing import Any

from celery.schedules import crontab

from loa.settings import Settings
from worker.schedule import parse_times

TTS_QUEUE = "tts"
AUDIO_QUEUE = "audio"


def celery_config(settings: Settings) -> dict[str, Any]:
    transport = {
        # Longer than any task's hard time limit and retry delay, or Redis hands a running task
        # to a second worker.
        "visibility_timeout": settings.visibility_timeout,
        # How often unacknowledged messages of dead workers are looked for (throttle 1: every interval).
        "unacked_restore_interval": settings.unacked_restore_interval,
        "unacked_restore_throttle": 1,
    }
    return {
        "broker_url": settings.redis_url,
        "result_backend": settings.redis_url,
        "broker_transport_options": transport,
        "result_backend_transport_options": {"visibility_timeout": settings.visibility_timeout},
        "broker_connection_retry_on_startup": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": settings.task_time_limit,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_default_queue": AUDIO_QUEUE,
        "task_routes": {"loa.synthesize_sentence": {"queue": TTS_QUEUE}},
        "task_publish_retry": True,
        "task_publish_retry_policy": {"max_retries": 10, "interval_start": 0.5, "interval_step": 1,
                                      "interval_max": 5},
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "result_expires": 24 * 3600,
        "worker_hijack_root_logger": False,
        "beat_schedule": {
            "rebuild-feed": {"task": "loa.rebuild_feed", "schedule": 15 * 60.0},
            "poll-sources": {"task": "loa.poll_sources", "schedule": float(settings.poll_interval)},
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
