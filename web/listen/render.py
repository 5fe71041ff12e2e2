"""Rendering a public page: no session, no cookie, briefly cacheable, and the page's absolute URLs.

Public pages sit one level below the root (``/nghe/``, ``/nghe/<id>``, ``/nhung/<id>``), so their
links to our own files are relative (``../static/...``): they keep working when a proxy publishes
Loa under a path prefix. Absolute URLs (Open Graph, oEmbed, the feed) come from
``LOA_PUBLIC_BASE_URL``.
"""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import Response

from loa.settings import Settings
from web.listen.episodes import cover_key
from web.pages.base import templates
from web.services import services

ROOT = "../"
PUBLIC_CACHE = "public, max-age=60"
NOT_FOUND = "Không tìm thấy bài nghe này. Có thể bài đã được gỡ hoặc chưa phát hành."


def settings_of(request: Request) -> Settings:
    return services(request.app).settings


def public_page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    svc = services(request.app)
    settings = svc.settings
    context = {"root": ROOT, "settings": settings, "zone": ZoneInfo(settings.timezone),
               "icon": cover_key(svc.pipeline.storage), **context}
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers["Cache-Control"] = PUBLIC_CACHE if status_code == 200 else "no-store"
    return response


def public_not_found(request: Request) -> Response:
    return public_page(request, "nghe/khong_thay.html", {"message": NOT_FOUND}, status_code=404)
