"""The article list: newest first, filtered by words of the title and by day, with live statuses."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from articles.store import Store
from web import auth
from web.pages.base import GET, SCHEDULED_LABEL, STATUS_LABELS, format_duration, format_time, page, see_other, svc, zone
from web.pages.reasons import explain

router = APIRouter()
LIST_LIMIT = 200


@dataclass(frozen=True)
class ListFilter:
    query: str
    day_from: date | None
    day_to: date | None
    status: str | None = None  # one of STATUS_LABELS; anything else is no filter

    @classmethod
    def from_request(cls, request: Request) -> ListFilter:
        params = request.query_params
        status = params.get("trang-thai")
        return cls(params.get("q", "").strip()[:200], _parse_day(params.get("tu")), _parse_day(params.get("den")),
                   status if status in STATUS_LABELS else None)

    def as_query(self) -> str:
        pairs = {"q": self.query, "tu": self.day_from and self.day_from.isoformat(),
                 "den": self.day_to and self.day_to.isoformat(), "trang-thai": self.status}
        return urlencode({k: v for k, v in pairs.items() if v})


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def fold(text: str) -> str:
    """Lower case without diacritics, so "duong" finds "Đường".

    >>> fold("Đường Lê Lợi")
    'duong le loi'
    """
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def list_articles(store: Store, wanted: ListFilter, tz: ZoneInfo, limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
    """Articles newest first, with the duration of the episode of their current content."""
    since = datetime.combine(wanted.day_from, time(), tz) if wanted.day_from else None
    before = datetime.combine(wanted.day_to + timedelta(days=1), time(), tz) if wanted.day_to else None
    needle = fold(wanted.query)
    now = datetime.now(tz)
    rows: list[dict[str, Any]] = []
    not_told = store.callbacks.given_up()  # articles the CMS was never told about
    for summary in store.article_summaries(since, before):
        if needle and needle not in fold(summary.title):
            continue
        if wanted.status and summary.status != wanted.status:
            continue
        failure = explain(summary.error) if summary.status == "failed" and summary.error else None
        rows.append({
            "id": summary.article_id, "title": summary.title, "published": format_time(summary.published, tz),
            "status": summary.status, "status_label": status_label(summary.status, summary.published, now, tz),
            "scheduled": summary.status == "published" and summary.published > now,
            "error": failure.detail if failure else None, "problem": failure.message if failure else None,
            "advice": failure.advice if failure else None, "engine": summary.engine or "",
            "duration": format_duration(summary.duration),
            "callback_failed": summary.article_id in not_told and summary.status == "published",
        })
        if len(rows) >= limit:
            break
    return rows


def status_label(status: str, published: datetime, now: datetime, tz: ZoneInfo) -> str:
    """The status as staff read it: a published article whose time has not come is scheduled, with its time."""
    if status == "published" and published > now:
        return f"{SCHEDULED_LABEL} {format_time(published, tz)}"
    return STATUS_LABELS.get(status, status)


@router.api_route("/", methods=GET)
def home(user: str = Depends(auth.require_user)) -> Response:
    return see_other("/bai-viet")


@router.api_route("/bai-viet", methods=GET)
def article_list(request: Request, user: str = Depends(auth.require_user)) -> Response:
    wanted = ListFilter.from_request(request)
    params = request.query_params
    return page(request, "bai_viet.html", {
        "wanted": wanted, "articles": list_articles(svc(request).store, wanted, zone(request)), "limit": LIST_LIMIT,
        "retried": _count(params.get("da-xep")), "not_retried": _count(params.get("khong-xep")),
        "retry_error": params.get("loi-xep") == "1",
    })


def _count(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


@router.api_route("/bai-viet/trang-thai", methods=GET)
def article_list_json(request: Request) -> Response:
    """The list as JSON for the page's polling; 401 (not a redirect) when the session is gone."""
    try:
        auth.require_user(request)
    except HTTPException:
        return JSONResponse({"error": "Phiên đăng nhập đã hết."}, status_code=401)
    articles = list_articles(svc(request).store, ListFilter.from_request(request), zone(request))
    return JSONResponse({"articles": articles}, headers={"Cache-Control": "no-store"})
