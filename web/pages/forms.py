"""Staff forms read with a bound: a POST must say how long it is, and no longer than its form needs."""
from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from web.pages.base import page


def too_large(request: Request, limit: int) -> Response | None:
    """The refusal page when the request's body is absent of a length or longer than ``limit`` bytes; else None.

    The server reads exactly ``Content-Length`` bytes, so checking it bounds what is read (Starlette
    reads a URL-encoded form whole, with no limit of its own)."""
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
