"""oEmbed (https://oembed.com): a CMS given an episode page's URL asks here for the player to embed.

``GET /oembed?url=<episode page>&format=json[&maxwidth=W][&maxheight=H]`` answers a ``rich`` object
whose ``html`` is the iframe line. Only our own episode pages are answered: ``url`` must be an
episode page under ``LOA_PUBLIC_BASE_URL`` (either scheme), of a public episode; anything else is a
404, as the spec asks for a URL the provider has nothing for. ``format=xml`` is 501 (we answer JSON
only); a missing ``url`` or a size that is not a whole number is 400. The width is at most
``maxwidth`` (and at least ``MIN_WIDTH``); a ``maxheight`` below what the player needs, or a
``maxwidth`` below ``MIN_WIDTH``, is a 404: there is no embed that small.
"""
from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from feeds.pages import EPISODE_PREFIX, SHOW_PATH
from loa.settings import Settings
from web.listen import episodes, snippets
from web.listen.public import PLAYER_HEIGHT
from web.pages.base import GET
from web.services import services

router = APIRouter()

DEFAULT_WIDTH = 640
MIN_WIDTH = 240
MAX_URL = 2048
CACHE_AGE = 3600
_SIZE = re.compile(r"[0-9]{1,6}")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def episode_id(url: str, settings: Settings) -> str | None:
    """The article id of ``url`` when it is one of our episode pages, else None.

    >>> s = Settings(public_base_url="https://radio.example.vn/loa")
    >>> episode_id("https://radio.example.vn/loa/nghe/mua-lu", s), episode_id("http://RADIO.example.vn/loa/nghe/mua-lu/", s)
    ('mua-lu', 'mua-lu')
    >>> episode_id("https://evil.vn/loa/nghe/mua-lu", s), episode_id("https://radio.example.vn.evil.vn/loa/nghe/x", s)
    (None, None)
    >>> episode_id("https://radio.example.vn@evil.vn/loa/nghe/x", s), episode_id("https://radio.example.vn/nghe/x", s)
    (None, None)
    >>> episode_id("https://radio.example.vn/loa/nghe/a/b", s), episode_id("javascript:alert(1)//radio.example.vn/loa/nghe/x", s)
    (None, None)
    """
    if len(url) > MAX_URL or any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        return None
    try:
        wanted, ours = urlsplit(url), urlsplit(settings.public_base_url)
        if (wanted.scheme.lower() not in ("http", "https") or wanted.username is not None
                or wanted.password is not None or not _same_site(wanted, ours)):
            return None
    except ValueError:  # a port that is not a number
        return None
    prefix = ours.path.rstrip("/") + "/" + EPISODE_PREFIX
    if not wanted.path.startswith(prefix):
        return None
    rest = wanted.path[len(prefix):].removesuffix("/")
    article_id = unquote(rest)
    if not rest or "/" in rest or "/" in article_id or "\x00" in article_id:
        return None
    return article_id


def _same_site(wanted: SplitResult, ours: SplitResult) -> bool:
    """Same host and port; the other scheme is accepted on default ports (http:// of an https site)."""
    if wanted.hostname is None or wanted.hostname != ours.hostname:
        return False
    if wanted.scheme.lower() == ours.scheme.lower():
        return (wanted.port or _default_port(wanted.scheme)) == (ours.port or _default_port(ours.scheme))
    return wanted.port is None and ours.port is None


def _default_port(scheme: str) -> int:
    return 443 if scheme.lower() == "https" else 80


def _size(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not _SIZE.fullmatch(value.strip()):
        raise Refused(400, f"{name} must be a whole number of pixels")
    return int(value)


def dimensions(maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """The player's width and height within the consumer's limits.

    >>> dimensions(None, None), dimensions(400, 999999), dimensions(10**6, None)
    ((640, 150), (400, 150), (640, 150))
    """
    width = DEFAULT_WIDTH if maxwidth is None else min(DEFAULT_WIDTH, maxwidth)
    if width < MIN_WIDTH or (maxheight is not None and maxheight < PLAYER_HEIGHT):
        raise Refused(404, "no player fits in maxwidth and maxheight")
    return width, PLAYER_HEIGHT


@router.api_route("/oembed", methods=GET)
def oembed(request: Request) -> Response:
    params = request.query_params
    try:
        if params.get("format", "json").lower() != "json":
            raise Refused(501, "only format=json is supported")
        url = params.get("url")
        if not url:
            raise Refused(400, "the url parameter is required")
        width, height = dimensions(_size(params.get("maxwidth"), "maxwidth"),
                                   _size(params.get("maxheight"), "maxheight"))
        svc = services(request.app)
        settings = svc.settings
        article_id = episode_id(url, settings)
        episode = episodes.find(svc, article_id) if article_id is not None else None
        if episode is None:
            raise Refused(404, "not an episode of this station")
    except Refused as refused:
        return JSONResponse({"error": refused.message}, status_code=refused.status,
                            headers={"Cache-Control": "no-store"})
    body = {
        "version": "1.0",
        "type": "rich",
        "title": episode.title,
        "author_name": settings.feed_author,
        "provider_name": settings.feed_title,
        "provider_url": settings.public_url(SHOW_PATH),
        "cache_age": CACHE_AGE,
        "html": snippets.iframe(settings.public_url(episode.embed_path), episode.title, width, height),
        "width": width,
        "height": height,
    }
    return JSONResponse(body, headers={"Cache-Control": f"public, max-age={CACHE_AGE}",
                                       "Access-Control-Allow-Origin": "*"})
