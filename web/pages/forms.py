"""Forms read with a bound: a POST must say how long it is, and no longer than its form needs.

``FormSizeLimit`` applies it to every POST outside ``/api/`` (which bounds its own bodies), before
a route reads a byte: Starlette reads a URL-encoded form whole, with no limit of its own, and the
sign-in form takes posts from anyone. A staff form holds a few fields, ids and its token
(``FORM_BYTES``); the article form holds a pasted article, and the lexicon's "render again" form
the ids of every article a term is in, which on a large archive runs to thousands
(``FORM_BYTES_BY_PATH``).
"""
from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from web.pages.base import page

FORM_BYTES = 64 * 1024
FORM_BYTES_BY_PATH = {"/them-bai": 2 * 1024 * 1024, "/tu-dien/doc-lai": 2 * 1024 * 1024}


def too_large(request: Request, limit: int) -> Response | None:
    """The refusal page when the request's body is absent of a length or longer than ``limit`` bytes; else None.

    The server reads exactly ``Content-Length`` bytes, so checking it bounds what is read."""
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        return page(request, "loi.html", {
            "title": "Yêu cầu không hợp lệ",
            "message": "Trình duyệt không gửi độ dài của biểu mẫu. Hãy tải lại trang rồi gửi lại.",
        }, status_code=411)
    if int(length) > limit:
        return page(request, "loi.html", {
            "title": "Nội dung quá lớn",
            "message": f"Biểu mẫu gửi lên lớn hơn {limit // 1024:,} KB. Hãy rút gọn nội dung rồi gửi lại.".replace(",", "."),
        }, status_code=413)
    return None


def form_limit(path: str) -> int | None:
    """The most a POST to ``path`` may send, or None where the route bounds its body itself (the API).

    >>> form_limit("/dang-nhap"), form_limit("/them-bai"), form_limit("/api/articles")
    (65536, 2097152, None)
    """
    if path == "/api" or path.startswith("/api/"):
        return None
    return FORM_BYTES_BY_PATH.get(path, FORM_BYTES)


class FormSizeLimit:
    """ASGI middleware: a POST without a length (411) or longer than its form needs (413) is
    answered with the error page before its body is read."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            path, root = scope["path"], scope.get("root_path", "")
            limit = form_limit(path[len(root):] if root and path.startswith(root) else path)
            if limit is not None:
                refusal = too_large(Request(scope, receive), limit)
                if refusal is not None:
                    await refusal(scope, receive, send)
                    return
        await self.app(scope, receive, send)
