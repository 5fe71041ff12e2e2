"""The HTTP app: the publish webhook, the staff pages, the JSON API, and serving feeds and audio.

``create_app(settings)`` builds one app; ``loa serve`` runs it with uvicorn.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from loa.settings import Settings, get_settings
from web import api, serving
from web.pages import article, articles, bulletins, lexicon, sign_in, static
from web.services import close_services


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        close_services(app)

    app = FastAPI(title="Loa", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.settings = settings or get_settings()
    app.include_router(api.router)
    for pages in (static, sign_in, articles, article, lexicon, bulletins):
        app.include_router(pages.router)
    app.include_router(serving.router)  # last: it serves files under the data directory
    return app
