"""The HTTP app: the publish webhook, the staff pages, the JSON API, and serving feeds and audio.

``create_app(settings)`` builds one app; ``loa serve`` runs it with uvicorn.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.types import ASGIApp

from feeds.pages import EMBED_PREFIX
from loa.settings import Settings, get_settings
from web import api, serving
from web.listen import assets, oembed, public, shows
from web.pages import actions, adding, article, articles, bulletins, lexicon, listens, sign_in, static, voices
from web.pages.forms import FormSizeLimit
from web.protections import HeadWithoutBody, SecurityHeaders
from web.proxies import TrustedProxies
from web.services import close_services

# Path prefixes other sites may put in a frame (the embeddable public player); every other
# response refuses to be framed. Their frame-ancestors: LOA_EMBED_FRAME_ANCESTORS.
FRAMEABLE: tuple[str, ...] = ("/" + EMBED_PREFIX,)


def origin_of(url: str) -> str:
    """``https://cdn.example.vn/loa`` → ``https://cdn.example.vn``; empty stays empty."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class LoaApp(FastAPI):
    """FastAPI with Loa's outer layers around everything, Starlette's own error pages included."""

    def build_middleware_stack(self) -> ASGIApp:
        settings: Settings = self.state.settings
        inner = HeadWithoutBody(FormSizeLimit(super().build_middleware_stack()))
        protected = SecurityHeaders(inner, frameable=FRAMEABLE, embedders=settings.embed_frame_ancestors,
                                    files_origin=origin_of(settings.storage_public_url))
        return TrustedProxies(protected, settings.trusted_proxy_networks)


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        close_app(app)

    app = LoaApp(title="Loa", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings or get_settings()
    app.include_router(api.router)
    for pages in (static, sign_in, articles, adding, actions, article, lexicon, bulletins, voices, listens, assets,
                  public, shows, oembed):
        app.include_router(pages.router)
    app.include_router(serving.router)  # last: it serves files under the data directory
    return app


def close_app(app: FastAPI) -> None:
    """Release what the app holds (made again on first use if it serves on): database connections,
    the throttle's Redis connections, the password threads."""
    close_services(app)
    for name in ("sign_in_throttle", "password_pool"):
        held = getattr(app.state, name, None)
        if held is not None:
            held.close()
            setattr(app.state, name, None)
