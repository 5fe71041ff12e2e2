"""The Celery app. Start a worker with ``loa worker`` (or ``celery -A worker.app worker -Q publish,ingest,tts,audio,broadcast``).

Its configuration is ``worker.config``; its tasks are ``worker.tasks``, ``worker.polling`` and
``worker.reconcile``.
"""
from __future__ import annotations

from celery import Celery

from loa.settings import Settings, SettingsError, get_settings
from worker.config import celery_config


def make_app(settings: Settings | None = None) -> Celery:
    celery = Celery("loa", include=["worker.tasks", "worker.polling", "worker.reconcile"])
    celery.conf.update(celery_config(settings or get_settings()))
    return celery


try:
    app = make_app()
except SettingsError as err:  # ``celery -A worker.app`` started by hand: one line, no traceback
    raise SystemExit(f"loa: error: {err}") from None
