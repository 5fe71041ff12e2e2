"""The loader script a station's page includes (``<script src=".../nhung/player.js" data-episode="ID">``):
it puts the embedded player's iframe where the script stands."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from feeds.pages import EMBED_PREFIX
from web.pages.base import GET, WEB_DIR

router = APIRouter()
LOADER = WEB_DIR / "static" / "player.js"
LOADER_PATH = EMBED_PREFIX + "player.js"


@router.api_route("/" + LOADER_PATH, methods=GET, include_in_schema=False)
def loader() -> Response:
    return FileResponse(LOADER, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})
