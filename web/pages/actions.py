"""What staff do to articles from the list and the article page: render the failed ones again in
bulk, and retract one (the same retraction as the webhook's DELETE)."""
from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from web import auth
from web.pages.articles import LIST_LIMIT
from web.pages.base import not_found, refused, see_other, svc

log = logging.getLogger("loa.web.pages")
router = APIRouter()

LIST_PARAMS = ("q", "tu", "den", "trang-thai")  # the list's filters, kept after the retry


@router.post("/bai-viet/doc-lai")
async def retry_failed(request: Request, user: str = Depends(auth.require_user)) -> Response:
    """Render again every chosen article that failed; others (rendered since, unknown) are left alone."""
    if not await auth.csrf_ok(request):
        return refused(request)
    form = await request.form()
    chosen = list(dict.fromkeys(v for v in form.getlist("bai") if isinstance(v, str)))[:LIST_LIMIT]
    back = form.get("quay-lai")
    back_query = urlencode([(k, v) for k, v in parse_qsl(back[:1000] if isinstance(back, str) else "")
                            if k in LIST_PARAMS])
    retried, skipped, queue_failed = await run_in_threadpool(_retry, request, chosen)
    log.info("%s queued %d failed articles again", user, retried)
    outcome = {"da-xep": retried, "khong-xep": skipped} | ({"loi-xep": 1} if queue_failed else {})
    return see_other("/bai-viet?" + "&".join(filter(None, [back_query, urlencode(outcome)])))


def _retry(request: Request, chosen: list[str]) -> tuple[int, int, bool]:
    services = svc(request)
    retried = skipped = 0
    for article_id in chosen:
        state = services.store.state(article_id)
        if state is None or state.status != "failed":
            skipped += 1
            continue
        try:
            services.queue_render(article_id)
        except Exception:
            log.exception("cannot queue %s", article_id)
            return retried, skipped, True
        retried += 1
    return retried, skipped, False


@router.post("/bai-viet/{article_id}/go")
async def retract(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    # Out of the database's published set, the radio drop folder and the rebuilt feed.
    if not await run_in_threadpool(svc(request).pipeline.retract, article_id):
        return not_found(request, "Không có bài viết này.")
    log.info("%s retracted %s", user, article_id)
    return see_other(f"/bai-viet/{article_id}?da-go=1")
