"""The bulletins page (Vietnamese): pick and order published articles, see the length against the
slot, build the bulletin, listen to it and download its files.

The bulletin is built in the request, not on the workers: every sentence of a published article
is already in the clip cache, so a build only stitches, masters and encodes (about a second for a
few short articles, a few seconds for a full 15-minute bulletin), and staff see the result or the
reason at once. Builds are run one at a time per process, off the event loop.
"""
from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from articles.model import Bulletin
from web import auth
from web.api import services
from web.pages import format_duration, not_found, page, refused, see_other
from worker.bulletins import (BulletinBuilder, SlotExceeded, UnknownArticles, article_seconds, parse_slot)
from worker.outputs import sidecar_key

log = logging.getLogger("loa.web.bulletins")

router = APIRouter()
ARTICLE_LIMIT = 60
BULLETIN_LIMIT = 20
# The files beside a bulletin's MP3 (same name), as the staff calls them.
BESIDE_BULLETIN = {".wav": "Bản phát sóng (WAV)", ".chapters.json": "Mục lục (JSON)"}
_build_lock = threading.Lock()


@dataclass(frozen=True)
class Choice:
    """One published article offered on the page."""

    id: str
    title: str
    published: datetime
    seconds: float  # its length in a bulletin
    order: int
    picked: bool


def _settings(request: Request):
    return request.app.state.settings


def choices(request: Request, picked: list[str] | None = None) -> list[Choice]:
    """Recent published articles; the picked ones first, in their order."""
    picked = picked or []
    published = services(request.app).store.published(ARTICLE_LIMIT)
    rank = {article_id: n for n, article_id in enumerate(picked)}
    published.sort(key=lambda pair: rank.get(pair[0].id, len(picked)))  # stable: newest first after them
    return [Choice(a.id, a.title, a.published, article_seconds(e, _settings(request)), n, a.id in rank)
            for n, (a, e) in enumerate(published, start=1)]


def overhead(request: Request) -> tuple[float, float] | None:
    """(opener, jingles and close; stinger between two articles) in seconds, for a bulletin built now."""
    pipeline = services(request.app).pipeline
    try:
        with _build_lock:
            builder = BulletinBuilder(pipeline)
            frame = builder.frame(pipeline.engine(pipeline.choose_engine()), datetime.now(builder.tz))
    except Exception:
        log.exception("cannot measure the bulletin frame")
        return None
    return frame.fixed, frame.gap


def builder_page(request: Request, status_code: int = 200, *, picked: list[str] | None = None,
                 slot: str | None = None, error: str | None = None) -> Response:
    return page(request, "ban_tin.html", {
        "choices": choices(request, picked), "overhead": overhead(request),
        "slot": _settings(request).bulletin_slot if slot is None else slot, "error": error,
        "bulletins": services(request.app).store.bulletins(BULLETIN_LIMIT),
    }, status_code=status_code)


@router.get("/ban-tin")
def bulletins(request: Request, user: str = Depends(auth.require_user)) -> Response:
    return builder_page(request)


def picked_in_order(form) -> list[str]:
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
    """``m:ss``, rounded up so that an overrun is never shown as 0:00."""
    return format_duration(math.ceil(seconds - 1e-9))


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
    pipeline = services(request.app).pipeline

    def run() -> Bulletin:
        with _build_lock:
            bulletin, _ = BulletinBuilder(pipeline).build_chosen(picked, slot)
            pipeline.rebuild_bulletin_feed()
            return bulletin

    try:
        bulletin = await run_in_threadpool(run)
    except SlotExceeded as err:
        return again(f"Bản tin dài {clock(err.seconds)}, vượt khung {clock(err.slot_seconds)} "
                     f"{math.ceil(err.over)} giây. Hãy bỏ bớt bài hoặc nới khung.")
    except UnknownArticles as err:
        return again("Các bài sau chưa phát hành hoặc đã gỡ: " + ", ".join(err.article_ids) + ".")
    except Exception as err:
        log.exception("%s could not build a bulletin of %s", user, picked)
        return again(f"Không tạo được bản tin: {err}")
    log.info("%s built bulletin %s of %s", user, bulletin.id, picked)
    return see_other(f"/ban-tin/{quote(bulletin.id)}?da-tao=1")


@router.get("/ban-tin/{bulletin_id}")
def bulletin_page(request: Request, bulletin_id: str, user: str = Depends(auth.require_user)) -> Response:
    store = services(request.app).store
    bulletin = store.get_bulletin(bulletin_id)
    if bulletin is None:
        return not_found(request, "Không có bản tin này.")
    storage = services(request.app).pipeline.storage
    files = [(label, "/" + sidecar_key(bulletin.audio_key, suffix)) for suffix, label in BESIDE_BULLETIN.items()
             if storage.exists(sidecar_key(bulletin.audio_key, suffix))]
    left_out = []
    for article_id in bulletin.left_out:
        article = store.get_article(article_id)
        left_out.append((article_id, article.title if article else article_id))
    return page(request, "ban_tin_chi_tiet.html", {
        "bulletin": bulletin, "has_audio": storage.exists(bulletin.audio_key), "files": files,
        "left_out": left_out, "built": request.query_params.get("da-tao") == "1",
    })
