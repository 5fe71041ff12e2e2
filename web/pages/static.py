"""The stylesheets and scripts of the staff pages and of the listeners' pages."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, PlainTextResponse, Response

from web.pages.base import GET, WEB_DIR

router = APIRouter()
STATIC_FILES = {
    "loa.css": "text/css; charset=utf-8", "loa.js": "text/javascript; charset=utf-8",
    # The listeners' pages and the embedded player (web/listen/)
    "nghe.css": "text/css; charset=utf-8", "nghe.js": "text/javascript; charset=utf-8",
}


@router.api_route("/static/{name}", methods=GET, include_in_schema=False)
def static_file(name: str) -> Response:
    if name not in STATIC_FILES:
        return PlainTextResponse("Không tìm thấy", status_code=404)
    return FileResponse(WEB_DIR / "static" / name, media_type=STATIC_FILES[name],
                        headers={"Cache-Control": "no-cache"})
