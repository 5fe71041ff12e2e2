"""The Celery app, configured in one place from Loa's settings.

Start a worker with ``loa worker`` (or ``celery -A worker.app worker -Q tts,audio``).
"""
from __future__ import annotations

from celery import Celery
from celery.schedules import crontab

from loa.settings import Settings, get_settings

TTS_QUEUE = "tts"
AUDIO_QUEUE = "audio"


def celery_config(settings: Settings) -> dict:
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
        },
        "timezone": settings.timezone,
    }


def bulletin_schedule(settings: Settings) -> dict:
    """One beat entry per bulletin time in settings (local station time)."""
    from worker.bulletins import parse_times

    return {
        f"bulletin-{t:%H%M}": {"task": "loa.build_bulletin", "schedule": crontab(hour=t.hour, minute=t.minute)}
        for t in parse_times(settings.bulletin_times)
    }


def make_app(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    celery = Celery("loa", include=["worker.tasks", "worker.polling"])
    celery.conf.update(celery_config(settings))
    celery.conf.beat_schedule.update(bulletin_schedule(settings))
    return celery


app = make_app()
