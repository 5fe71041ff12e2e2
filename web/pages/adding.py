"""Adding an article by hand: its text pasted, read the way ``loa add`` reads a text file, or its
address, fetched by a worker the way the webhook's URL-only deliveries are. Either way the article
is rendered by the workers and the page follows it."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from articles.errors import ArticleTooLong, IngestError
from articles.fields import read_fields
from articles.ingest import parse_article
from articles.store import OlderVersion
from articles.urls import without_credentials
from web import auth
from web.pages.base import GET, page, refused, see_other, svc
from web.services import NOT_QUEUED
from worker.fetching import delivered_fields, placeholder
from worker.pipeline import RenderError

log = logging.getLogger("loa.web.pages")
router = APIRouter()

TITLE_CHARS, URL_CHARS = 500, 2000
PASTED = "bài dán"

# (pattern in the ingest error, what the form says); the first that matches is shown, the error below it.
INGEST_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), m) for p, m in (
    (r"more than the [\d,]+ Loa reads", "Bài dài hơn giới hạn Loa đọc. Hãy chia bài thành nhiều phần."),
    (r"the article is empty|no body text|nothing to read|no article text",
     "Bài không có nội dung để đọc. Hãy dán cả tiêu đề và thân bài."),
    (r"user name or password|must not carry a user", "Địa chỉ có tên đăng nhập hoặc mật khẩu: hãy dùng địa chỉ công khai của bài."),
    (r"only http and https|malformed|no host|absolute http",
     "Địa chỉ phải là một trang web bắt đầu bằng http:// hoặc https://."),
    (r"refused", "Địa chỉ này không được phép tải (mạng nội bộ hoặc địa chỉ đặc biệt)."),
    (r"older than", "Đã có bản mới hơn của bài này; không thay đổi gì."),
))


@dataclass(frozen=True)
class Draft:
    title: str = ""
    body: str = ""
    url: str = ""


def form_page(request: Request, draft: Draft, status_code: int = 200, error: str | None = None,
              detail: str | None = None) -> Response:
    settings = svc(request).settings
    return page(request, "them_bai.html", {"draft": draft, "error": error, "detail": detail,
                                           "max_chars": settings.max_article_chars}, status_code=status_code)


def ingest_message(error: str) -> str:
    for pattern, message in INGEST_MESSAGES:
        if pattern.search(error):
            return message
    return "Không đọc được bài này."


@router.api_route("/them-bai", methods=GET)
def add_form(request: Request, user: str = Depends(auth.require_user)) -> Response:
    return form_page(request, Draft())


@router.post("/them-bai")
async def add_article(request: Request, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    form = await request.form()

    def text(name: str) -> str:
        value = form.get(name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else ""

    draft = Draft(" ".join(text("tieu-de").split()), text("noi-dung"), text("dia-chi").strip())
    if len(draft.title) > TITLE_CHARS or len(draft.url) > URL_CHARS:
        return form_page(request, draft, 422, f"Tiêu đề dài tối đa {TITLE_CHARS} ký tự, địa chỉ {URL_CHARS} ký tự.")
    if draft.body.strip():
        return await run_in_threadpool(_add_pasted, request, draft, user)
    if draft.url:
        return await run_in_threadpool(_add_by_address, request, draft, user)
    return form_page(request, draft, 422, "Hãy dán nội dung bài hoặc nhập địa chỉ của bài.")


def _refused(request: Request, draft: Draft, err: IngestError | RenderError | OlderVersion) -> Response:
    detail = without_credentials(str(err))
    draft = Draft(draft.title, draft.body, without_credentials(draft.url))  # never a password back into a page
    status = 413 if isinstance(err, ArticleTooLong) else 409 if isinstance(err, OlderVersion) else 422
    return form_page(request, draft, status, ingest_message(detail), detail)


def _add_pasted(request: Request, draft: Draft, user: str) -> Response:
    services = svc(request)
    settings = services.settings
    text = f"{draft.title}\n\n{draft.body}" if draft.title else draft.body
    try:
        article = parse_article(text.encode("utf-8"), "text", name=PASTED, source_url=draft.url or None,
                                timezone=settings.timezone, max_chars=settings.max_article_chars)
        services.pipeline.script_for(article)  # something to read, or refused before anything is stored
        saved = services.store.save_article(article)
    except (IngestError, RenderError, OlderVersion) as err:
        return _refused(request, draft, err)
    log.info("%s added %s by pasting its text", user, article.id)
    state = services.store.state(article.id)
    if saved.changed or (state is not None and state.status in ("new", "failed")):
        try:
            services.queue_render(article.id)
        except Exception:  # marked failed with the reason, which the article page explains
            log.exception("cannot queue %s", article.id)
    return see_other(f"/bai-viet/{article.id}?da-them=1")


def _add_by_address(request: Request, draft: Draft, user: str) -> Response:
    services = svc(request)
    settings = services.settings
    doc: dict[str, object] = {"url": draft.url}
    if draft.title:
        doc["title"] = draft.title
    try:
        read_fields(doc, "article", ZoneInfo(settings.timezone))  # what the webhook checks of the same fields
        fields = delivered_fields(doc, settings)
    except IngestError as err:
        return _refused(request, draft, err)
    services.store.renders.request_fetch(placeholder(fields, settings, datetime.now(ZoneInfo(settings.timezone))),
                                         fields.as_json())
    try:
        services.queue.fetch(fields.article_id)
    except Exception as err:
        log.exception("cannot queue the fetch of %s", fields.article_id)
        services.store.renders.fail_fetch(fields.article_id, f"{NOT_QUEUED}: {type(err).__name__}: {err}")
    log.info("%s added %s by its address", user, fields.article_id)
    return see_other(f"/bai-viet/{fields.article_id}?da-them=1")
