"""Listens shown to staff as plots: per day over the last 30 days, for the whole show (``/nghe-tai``:
all episodes, the bulletins, each show of ``LOA_SHOWS_FILE`` and the most listened episodes) and for
one article (its page)."""
from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from web import auth
from web.listens import listen_counter
from web.pages.base import GET, page, svc
from web.pages.charts import DAYS, Chart, daily_chart

router = APIRouter()
TOP = 10


def today(request: Request) -> date:
    """The station's day now, by the clock the listens are counted with."""
    return listen_counter(request.app).today()


def article_chart(request: Request, article_id: str) -> Chart:
    """The listens of one article's episodes (every version: they share the article's folder)."""
    last = today(request)
    counts = svc(request).store.listens.daily(last - timedelta(days=DAYS - 1), last, "episode", article_id)
    return daily_chart("nghe-bai", "Lượt nghe bài này mỗi ngày", counts, last)


def show_charts(request: Request, first: date, last: date) -> list[Chart]:
    """One chart per show (``LOA_SHOWS_FILE``): the listens of the episodes of its published articles."""
    services = svc(request)
    if not services.pipeline.shows:
        return []
    by_article = services.store.listens.daily_by_programme(first, last, "episode")
    categories = dict(services.store.published_categories())
    charts = []
    for show in services.pipeline.shows:
        counts: dict[date, int] = {}
        for article_id, days in by_article.items():
            if article_id in categories and show.selects(categories[article_id]):
                for day, listens in days.items():
                    counts[day] = counts.get(day, 0) + listens
        charts.append(daily_chart(f"nghe-ct-{show.slug}", show.title, counts, last))
    return charts


@router.api_route("/nghe-tai", methods=GET)
def listens_page(request: Request, user: str = Depends(auth.require_user)) -> Response:
    store = svc(request).store
    last = today(request)
    first = last - timedelta(days=DAYS - 1)
    top = []
    for rank, (article_id, _total) in enumerate(store.listens.top(first, last, "episode", TOP), start=1):
        article = store.get_article(article_id)
        chart = daily_chart(f"nghe-tap-{rank}", article.title if article else article_id,
                            store.listens.daily(first, last, "episode", article_id), last)
        top.append((article_id if article else None, chart))
    return page(request, "nghe_tai.html", {
        "show": daily_chart("nghe-tat-ca", "Lượt nghe các tập mỗi ngày", store.listens.daily(first, last, "episode"), last),
        "shows": show_charts(request, first, last),
        "bulletins": daily_chart("nghe-ban-tin", "Lượt nghe bản tin mỗi ngày",
                                 store.listens.daily(first, last, "bulletin"), last),
        "top": top,
    })
