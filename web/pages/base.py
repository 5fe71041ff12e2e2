"""What every staff page shares: the templates and their filters, the page response, redirects."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from web import auth
from web.services import Services, services

WEB_DIR = Path(__file__).resolve().parent.parent
# Every page answers HEAD wherever it answers GET: ``@router.api_route(path, methods=GET)``.
GET = ["GET", "HEAD"]
templates = Jinja2Templates(directory=WEB_DIR / "templates")

STATUS_LABELS = {
    "new": "Mới nhận",
    "queued": "Đang chờ đọc",
    "rendering": "Đang đọc",
    "published": "Đã phát hành",
    "failed": "Lỗi",
    "retracted": "Đã gỡ",
    "fetching": "Đang tải trang",
}
# A published article whose publication time has not come (an embargo): out of the feed, pages and drop folder.
SCHEDULED_LABEL = "Hẹn giờ"
# An article whose audio is ready but the station's CMS could not be told (``LOA_CALLBACK_URL``).
CALLBACK_FAILED_LABEL = "Chưa báo được CMS"
ROLE_LABELS = {
    "headline": "Tiêu đề", "dateline": "Thời gian, địa điểm", "lead": "Sa-pô", "body": "Thân bài",
    "caption": "Chú thích ảnh", "byline": "Tác giả",
}


def svc(request: Request) -> Services:
    return services(request.app)


def zone(request: Request) -> ZoneInfo:
    return ZoneInfo(svc(request).settings.timezone)


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)  # whole seconds shown, as audio players show them
    return f"{total // 60}:{total % 60:02d}"


def format_time(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%d/%m/%Y %H:%M") if value else ""


def web_link(url: str | None) -> str | None:
    """``url`` when it is a web address that is safe as a link (http or https, with a host), else None.

    Article URLs come from the CMS and from feeds: ``javascript:`` or ``data:`` must never become a link.

    >>> web_link("https://radio.example.vn/tin/1"), web_link("javascript:alert(1)"), web_link(" JaVaScRiPt:x")
    ('https://radio.example.vn/tin/1', None, None)
    >>> web_link("http:evil"), web_link("/tin/1"), web_link("https://x.vn/\\x00a"), web_link("http://[::1")
    (None, None, None, None)
    """
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


templates.env.filters["duration"] = format_duration
templates.env.filters["web_link"] = web_link
templates.env.filters["local"] = format_time
templates.env.globals["STATUS_LABELS"] = STATUS_LABELS
templates.env.globals["SCHEDULED_LABEL"] = SCHEDULED_LABEL
templates.env.globals["CALLBACK_FAILED_LABEL"] = CALLBACK_FAILED_LABEL
templates.env.globals["ROLE_LABELS"] = ROLE_LABELS


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    session = auth.session_for(request)
    context = {"csrf": session.csrf, "user": session.username, "zone": zone(request), **context}
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return auth.save_session(request, response)


def refused(request: Request) -> Response:
    return page(request, "loi.html", {
        "title": "Yêu cầu bị từ chối",
        "message": "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.",
    }, status_code=403)


def not_found(request: Request, what: str) -> Response:
    return page(request, "loi.html", {"title": "Không tìm thấy", "message": what}, status_code=404)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
