"""The bulletins page: pick and order published articles, see the estimated length against the slot,
ask for the bulletin, follow its build, listen to it and download its files.

The build runs on the workers like every other render: the page records the request, queues it,
and shows its progress until the bulletin is ready or the reason it could not be made.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import FormData

from articles.model import BulletinRequest
from web import auth
from web.pages.base import GET, format_duration, not_found, page, refused, see_other, svc
from worker.bulletins import BulletinBuilder, UnknownArticles, article_seconds, request_bulletin
from worker.outputs import sidecar_key
from worker.pipeline import RenderError
from worker.schedule import parse_slot

log = logging.getLogger("loa.web.bulletins")

router = APIRouter()
ARTICLE_LIMIT = 60
BULLETIN_LIMIT = 20
# The files beside a bulletin's MP3 (same name), as the staff calls them.
BESIDE_BULLETIN = {".wav": "Bản phát sóng (WAV)", ".chapters.json": "Mục lục (JSON)"}
QUEUE_FAILED = "Không gửi được yêu cầu tới hàng đợi. Hãy thử lại sau hoặc báo bộ phận kỹ thuật."


@dataclass(frozen=True)
class Choice:
    """One published article offered on the page."""

    id: str
    title: str
    published: datetime
    seconds: float  # its length in a bulletin
    order: int
    picked: bool


def choices(request: Request, picked: list[str] | None = None) -> list[Choice]:
    """Recent published articles whose time has come (an embargoed one is offered from its time on);
    the picked ones first, in their order."""
    picked = picked or []
    services = svc(request)
    published = services.store.published(ARTICLE_LIMIT, as_of=datetime.now(UTC))
    rank = {article_id: n for n, article_id in enumerate(picked)}
    published.sort(key=lambda pair: rank.get(pair[0].id, len(picked)))  # stable: newest first after them
    return [Choice(a.id, a.title, a.published, article_seconds(e, services.settings), n, a.id in rank)
            for n, (a, e) in enumerate(published, start=1)]


def builder_page(request: Request, status_code: int = 200, *, picked: list[str] | None = None,
                 slot: str | None = None, error: str | None = None) -> Response:
    services = svc(request)
    builder = BulletinBuilder(services.pipeline)
    return page(request, "ban_tin.html", {
        "choices": choices(request, picked), "overhead": builder.estimated_frame(datetime.now(builder.tz)),
        "slot": services.settings.bulletin_slot if slot is None else slot, "error": error,
        "bulletins": services.store.bulletins(BULLETIN_LIMIT),
    }, status_code=status_code)


@router.api_route("/ban-tin", methods=GET)
def bulletins(request: Request, user: str = Depends(auth.require_user)) -> Response:
    return builder_page(request)


def picked_in_order(form: FormData) -> list[str]:
    """The ticked articles sorted by their order field (the list order breaks ties and blanks)."""
    ticked = list(dict.fromkeys(str(v) for v in form.getlist("article")))

    def order(item: tuple[int, str]) -> tuple[float, int]:
        position, article_id = item
        try:
            value = float(str(form.get(f"thu-tu-{article_id}", "")).strip())
        except ValueError:
            value = math.inf
        return (value if math.isfinite(value) else math.inf, position)

    return [article_id for _, article_id in sorted(enumerate(ticked), key=order)]


def clock(seconds: float) -> str:
    """``m:ss``, rounded up so that an overrun is never shown as 0:00.

    >>> clock(59.2), clock(0.4)
    ('1:00', '0:01')
    """
    return format_duration(math.ceil(seconds - 1e-9))


def unknown_articles_message(article_ids: list[str]) -> str:
    return "Các bài sau chưa phát hành hoặc đã gỡ: " + ", ".join(article_ids) + "."


@router.post("/ban-tin")
async def build(request: Request, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    form = await request.form()
    picked = picked_in_order(form)
    slot_text = str(form.get("khung", "")).strip()

    def again(error: str) -> Response:
        return builder_page(request, 422, picked=picked, slot=slot_text, error=error)

    try:
        slot = parse_slot(slot_text) if slot_text else None
    except ValueError:
        return again(f"Khung “{slot_text}” không hợp lệ. Hãy nhập ví dụ 15m, 90s hoặc 1h30m.")
    if not picked:
        return again("Hãy chọn ít nhất một bài cho bản tin.")
    services = svc(request)
    try:
        wanted = request_bulletin(services.pipeline, picked, slot, user)
    except UnknownArticles as err:
        return again(unknown_articles_message(list(err.article_ids)))
    except RenderError as err:
        return again(f"Không tạo được bản tin: {err}")
    try:
        services.queue.build_bulletin(wanted.id)
    except Exception as err:
        log.exception("cannot queue bulletin request %s", wanted.id)
        services.store.bulletin_requests.set_status(wanted.id, "failed", error=f"not queued: {err}")
        return again(QUEUE_FAILED)
    log.info("%s asked for a bulletin of %s (request %s)", user, picked, wanted.id)
    return see_other(f"/ban-tin/yeu-cau/{quote(wanted.id)}")


def failure_message(wanted: BulletinRequest) -> str:
    """Why the requested bulletin was not made, as staff read it."""
    details: dict[str, Any] = wanted.error_details or {}
    if "slot_seconds" in details:
        seconds, slot = float(details["seconds"]), float(details["slot_seconds"])
        return (f"Bản tin dài {clock(seconds)}, vượt khung {clock(slot)} {math.ceil(seconds - slot)} giây. "
                "Hãy bỏ bớt bài hoặc nới khung.")
    if "article_ids" in details:
        return unknown_articles_message([str(i) for i in details["article_ids"]])
    return f"Không tạo được bản tin: {wanted.error or 'lỗi không rõ'}."


@router.api_route("/ban-tin/yeu-cau/{request_id}", methods=GET)
def requested(request: Request, request_id: str, user: str = Depends(auth.require_user)) -> Response:
    wanted = svc(request).store.bulletin_requests.get(request_id)
    if wanted is None:
        return not_found(request, "Không có yêu cầu tạo bản tin này.")
    if wanted.status == "done" and wanted.bulletin_id:
        return see_other(f"/ban-tin/{quote(wanted.bulletin_id)}?da-tao=1")
    if wanted.status == "failed":
        slot = "" if wanted.slot_seconds is None else f"{wanted.slot_seconds:g}s"
        return builder_page(request, picked=list(wanted.article_ids), slot=slot, error=failure_message(wanted))
    return page(request, "ban_tin_dang_tao.html", {"wanted": wanted})


@router.api_route("/ban-tin/yeu-cau/{request_id}/trang-thai", methods=GET)
def requested_status(request: Request, request_id: str) -> Response:
    """The request's status as JSON for the waiting page's polling."""
    try:
        auth.require_user(request)
    except Exception:
        return JSONResponse({"error": "Phiên đăng nhập đã hết."}, status_code=401)
    wanted = svc(request).store.bulletin_requests.get(request_id)
    if wanted is None:
        return JSONResponse({"error": "Không có yêu cầu này."}, status_code=404)
    return JSONResponse({"status": wanted.status}, headers={"Cache-Control": "no-store"})


@router.api_route("/ban-tin/{bulletin_id}", methods=GET)
def bulletin_page(request: Request, bulletin_id: str, user: str = Depends(auth.require_user)) -> Response:
    services = svc(request)
    bulletin = services.store.get_bulletin(bulletin_id)
    if bulletin is None:
        return not_found(request, "Không có bản tin này.")
    storage = services.pipeline.storage
    files = [(label, "/" + sidecar_key(bulletin.audio_key, suffix)) for suffix, label in BESIDE_BULLETIN.items()
             if storage.exists(sidecar_key(bulletin.audio_key, suffix))]
    left_out = []
    for article_id in bulletin.left_out:
        article = services.store.get_article(article_id)
        left_out.append((article_id, article.title if article else article_id))
    return page(request, "ban_tin_chi_tiet.html", {
        "bulletin": bulletin, "has_audio": storage.exists(bulletin.audio_key), "files": files,
        "left_out": left_out, "built": request.query_params.get("da-tao") == "1",
    })
