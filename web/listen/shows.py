"""The shows' public pages: what a show page shows, for the all-news feed (``/nghe/``) as for each show
of ``LOA_SHOWS_FILE`` (``/nghe/<slug>/``), and the OPML list of every feed (``/shows.opml``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from feeds.opml import Subscription, opml_document
from feeds.pages import OPML_PATH, SHOW_PATH
from feeds.shows import Show
from web.listen import episodes
from web.listen.render import public_not_found, public_page
from web.pages.base import GET
from web.services import Services, services

router = APIRouter()

OPML_TYPE = "text/x-opml; charset=utf-8"
SHOW_ROOT = "../../"  # a show page sits two levels below the root: /nghe/<slug>/


@dataclass(frozen=True)
class ShowPage:
    """What a show page and its meta tags say of one feed."""

    title: str
    description: str
    path: str  # the page, relative to the public base URL
    page_url: str
    feed_url: str
    cover: str | None  # our own cover file (its storage key), when it is there
    cover_url: str  # the cover's absolute URL, as the feed gives it
    slug: str | None = None  # None: the all-news feed

    @property
    def apple_url(self) -> str:
        return "podcast://" + self.feed_url.split("://", 1)[1]

    @property
    def subscription(self) -> Subscription:
        return Subscription(self.title, self.feed_url, self.page_url, self.description)


def all_news(svc: Services) -> ShowPage:
    settings = svc.settings
    return ShowPage(settings.feed_title, settings.feed_description, SHOW_PATH, settings.public_url(SHOW_PATH),
                    settings.feed_url, episodes.cover_key(svc.pipeline.storage), episodes.cover_url(settings))


def of_show(svc: Services, show: Show) -> ShowPage:
    settings = svc.settings
    cover = show.cover_key if svc.pipeline.storage.exists(show.cover_key) else None
    return ShowPage(show.title, show.description, show.page_path, settings.public_url(show.page_path),
                    settings.public_url(show.feed_key), cover, settings.public_url(show.cover_key), show.slug)


def show_ids(svc: Services, show: Show, now: datetime) -> list[str]:
    """The newest published articles of ``show`` whose time has come, enough for its page."""
    return svc.store.published_in(show.section_keys, show.tag_keys, as_of=now, limit=episodes.LATEST_LIMIT * 2)


def render_show(request: Request, svc: Services, page: ShowPage, latest: list[episodes.PublicEpisode],
                **context) -> Response:
    """A show page: the show, how to subscribe, its newest episodes, and the other shows."""
    return public_page(request, "nghe/kenh.html", {
        "show": page, "episodes": latest, "shows": [of_show(svc, s) for s in svc.pipeline.shows],
        "opml_url": svc.settings.public_url(OPML_PATH), **context,
    })


@router.api_route("/" + SHOW_PATH + "{slug}/", methods=GET)
def show_page(request: Request, slug: str) -> Response:
    svc = services(request.app)
    show = svc.pipeline.shows.get(slug)
    if show is None:
        return public_not_found(request)
    now = datetime.now(UTC)
    ids = show_ids(svc, show, now)
    latest = episodes.latest(svc, now=now, ids=ids) if ids else []
    return render_show(request, svc, of_show(svc, show), latest, root=SHOW_ROOT)


@router.api_route("/" + OPML_PATH, methods=GET)
def shows_opml(request: Request) -> Response:
    """Every feed of the installation: the all-news feed, then each show in the shows file's order."""
    svc = services(request.app)
    feeds = [all_news(svc), *(of_show(svc, show) for show in svc.pipeline.shows)]
    document = opml_document(svc.settings.feed_title, svc.settings.station_name, [f.subscription for f in feeds])
    return Response(document, media_type=OPML_TYPE, headers={"Cache-Control": "public, max-age=300"})

