"""What the web app's routes share, made once per app: settings, the store, the pipeline's files,
the task queue and the staff accounts."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from fastapi import FastAPI, Request

from articles.store import Store
from loa.settings import Settings
from web.users import Users
from worker.pipeline import Pipeline
from worker.queue import TaskQueue

NOT_QUEUED = "not queued"


@dataclass
class Services:
    settings: Settings
    store: Store
    pipeline: Pipeline
    queue: TaskQueue
    users: Users

    def queue_render(self, article_id: str) -> None:
        """Mark the article queued and hand it to the workers; when Redis cannot take it, the article
        is marked failed with the reason and the error is raised again."""
        # Marked before sending: a fast worker may publish before the request returns.
        self.store.set_status(article_id, "queued")
        try:
            self.queue.render(article_id)
        except Exception as err:
            self.store.set_status(article_id, "failed", error=f"{NOT_QUEUED}: {type(err).__name__}: {err}")
            raise

    def close(self) -> None:
        self.store.close()


_lock = threading.Lock()


def services(app: FastAPI) -> Services:
    with _lock:
        found: Services | None = getattr(app.state, "loa_services", None)
        if found is None:
            settings: Settings = app.state.settings
            store = Store(settings.db_url, upgrade=settings.db_auto_upgrade)
            found = Services(settings, store, Pipeline(settings, store), TaskQueue(settings), Users(store))
            app.state.loa_services = found
        return found


def services_of(request: Request) -> Services:
    """The services of the app serving ``request`` (a FastAPI dependency)."""
    return services(request.app)


def close_services(app: FastAPI) -> None:
    found = getattr(app.state, "loa_services", None)
    if found is not None:
        found.close()
        app.state.loa_services = None
