"""The listeners' pages, open to everyone: the show (``/nghe/``; each show's page is in
``web.listen.shows``), an episode (``/nghe/<id>``) and the player other sites embed (``/nhung/<id>``)."""
from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from articles.categories import Categories
from feeds.pages import EMBED_PREFIX, EPISODE_PREFIX, SHOW_PATH
from web.listen import episodes, shows, snippets
from web.listen.render import public_not_found, public_page, settings_of
from web.pages.base import GET
from web.services import services

router = APIRouter()

_HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
PLAYER_HEIGHT = snippets.PLAYER_HEIGHT  # pixels the embedded player needs (one line of title, one of controls)
SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)


def colour(value: str | None) -> str | None:
    """A station colour from an attribute or a query (``c0392b`` or ``#c0392b``), else None.

    >>> colour("c0392b"), colour("#FFF"), colour("red"), colour("#c0392b;x:y"), colour(None)
    ('#c0392b', '#fff', None, None, None)
    """
    match = _HEX_COLOUR.fullmatch(value or "")
    return "#" + match[1].lower() if match else None


def oembed_path(settings_url: str) -> str:
    return "oembed?" + "url=" + quote(settings_url, safe="") + "&format=json"


@router.api_route("/" + SHOW_PATH.rstrip("/"), methods=GET, include_in_schema=False)
def show_without_slash() -> Response:
    return RedirectResponse(SHOW_PATH.rstrip("/").rsplit("/", 1)[-1] + "/", status_code=308)


@router.api_route("/" + SHOW_PATH, methods=GET)
def show_page(request: Request) -> Response:
    """The all-news show, with the list of the other shows (``web.listen.shows``)."""
    svc = services(request.app)
    return shows.render_show(request, svc, shows.all_news(svc), episodes.latest(svc))


@router.api_route("/" + EPISODE_PREFIX + "{article_id}", methods=GET)
def episode_page(request: Request, article_id: str) -> Response:
    svc = services(request.app)
    episode = episodes.find(svc, article_id)
    if episode is None:
        if svc.pipeline.shows.get(article_id) is not None:  # a show's page asked without its slash
            return RedirectResponse(article_id + "/", status_code=308)
        return public_not_found(request)
    settings = settings_of(request)
    page_url = settings.public_url(episode.page_path)
    return public_page(request, "nghe/tap.html", {
        "ep": episode,
        "paragraphs": episode.paragraphs(),
        "chapters": episodes.chapters(svc.pipeline.storage, episode),
        "page_url": page_url,
        "audio_url": settings.file_url(episode.audio_key),
        "embed_url": settings.public_url(episode.embed_path),
        "oembed_url": settings.public_url(oembed_path(page_url)),
        "show_url": settings.public_url(SHOW_PATH),
        "feed_url": settings.feed_url,
        "cover_url": episodes.cover_url(settings),
        "player_height": PLAYER_HEIGHT,
        "embed_line": snippets.iframe(settings.public_url(episode.embed_path), episode.title, "100%", PLAYER_HEIGHT),
        "speeds": SPEEDS,
        "shows": svc.pipeline.shows.of(Categories(episode.article.section, episode.article.tags)),
    })


@router.api_route("/" + EMBED_PREFIX + "{article_id}", methods=GET)
def embed_page(request: Request, article_id: str) -> Response:
    svc = services(request.app)
    episode = episodes.find(svc, article_id)
    if episode is None:
        return public_not_found(request)
    settings = settings_of(request)
    return public_page(request, "nghe/nhung.html", {
        "ep": episode,
        "page_url": settings.public_url(episode.page_path),
        "colour": colour(request.query_params.get("mau")),
        "speeds": SPEEDS,
    })
