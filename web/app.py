"""The HTTP app: the publish webhook, the staff pages, the JSON API, and serving feeds and audio.

``create_app(settings)`` builds one app; ``loa serve`` runs it with uvicorn.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from loa.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        from web.api import close_services

        close_services(app)

    app = FastAPI(title="Loa", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.settings = settings

    from web import api, bulletins_page, pages, serving

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(bulletins_page.router)
    app.include_router(serving.router)  # last: it serves files under the data directory
    return app
