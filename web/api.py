"""The JSON API: the CMS webhook for articles, and the segment list for radio automation.

Routes
------
``POST /api/articles`` (signed)
    An article as JSON: ``id``, ``url``, ``title``, ``body`` or ``html``, ``published``, ``author``,
    ``priority``. With only ``url`` (no body or html) the article is recorded as ``fetching`` (its id
    the given one, else derived from the URL) and 202 answers at once: a worker fetches the page
    within the fetch deadline and reads it as HTML (``id``, ``title``, ``published``, ``author`` and
    ``priority`` given in the JSON win over the page's), then queues the render, or marks the
    article failed with the reason. The web request itself never waits on another server.
    New or changed content is saved, marked ``queued`` and its render sent to the workers:
    202. The same content again (by article id and content hash) changes nothing and queues
    nothing: 200 with the current status. A retracted article stays retracted until its content
    changes.
``PUT /api/articles/{id}`` (signed)
    The same, for the article with that id (the body's ``id`` may be left out, or must agree).
    An edit keeps the article's feed GUID and renders a new version.
``GET /api/articles/{id}`` (signed, empty body)
    The article's status: status, error, engine, version, published, duration, audio URL.
``DELETE /api/articles/{id}`` (signed, empty body)
    Retracts the article: it stays in the database as ``retracted``, leaves the feed, which is
    rebuilt at once, and its files leave the radio drop folder.
``GET /api/segments?since=ISO&limit=N`` (public, read-only like the feed)
    Published segments and bulletins (``type``), newest first, with their download URLs (the
    podcast MP3, and the broadcast WAV once it is made), for the station's playout system on the
    intranet. ``since`` (ISO 8601; write ``+`` as ``%2B``) keeps those published at
    or after it; ``limit`` is 1 to 300, default 50.

Signed routes follow the contract in ``web.signing``. Bodies over 2 MB get 413, broken JSON or an
unusable article 422 with a one-line ``detail``, an unknown id 404, a refused signature 401.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from articles.errors import IngestError
from articles.ingest import decode_text, parse_article, parse_timestamp
from articles.model import Article, Bulletin, Episode
from articles.store import ArticleState
from loa.settings import Settings
from web.services import NOT_QUEUED, Services, services
from web.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureError, verify
from worker.fetching import delivered_fields, placeholder

router = APIRouter(prefix="/api")

MAX_BODY_BYTES = 2 * 1024 * 1024
SEGMENTS_DEFAULT, SEGMENTS_MAX = 50, 300


# Signed requests ------------------------------------------------------------------------------

async def read_body(request: Request) -> bytes:
    """The raw body, refused with 413 as soon as it passes ``MAX_BODY_BYTES``."""
    too_large = HTTPException(413, f"the body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def signed_body(request: Request) -> bytes:
    """The body of a request signed with the webhook secret, or 401."""
    body = await read_body(request)
    try:
        verify(request.app.state.settings.webhook_secret, request.headers.get(TIMESTAMP_HEADER),
               request.headers.get(SIGNATURE_HEADER), body)
    except SignatureError as err:
        raise HTTPException(401, str(err), headers={"WWW-Authenticate": 'Loa-HMAC-SHA256 realm="loa"'}) from None
    return body


# Articles -------------------------------------------------------------------------------------

@router.post("/articles")
async def post_article(request: Request, body: bytes = Depends(signed_body)):
    return await run_in_threadpool(accept_article, services(request.app), body, None)


@router.put("/articles/{article_id}")
async def put_article(article_id: str, request: Request, body: bytes = Depends(signed_body)):
    return await run_in_threadpool(accept_article, services(request.app), body, article_id)


@router.get("/articles/{article_id}")
async def get_article(article_id: str, request: Request, _body: bytes = Depends(signed_body)):
    return await run_in_threadpool(article_status, services(request.app), article_id)


@router.delete("/articles/{article_id}")
async def delete_article(article_id: str, request: Request, _body: bytes = Depends(signed_body)):
    return await run_in_threadpool(retract_article, services(request.app), article_id)


def accept_article(svc: Services, body: bytes, path_id: str | None) -> JSONResponse:
    doc = _json_object(body)
    if path_id is not None:
        if doc.get("id") not in (None, "", path_id):
            raise HTTPException(422, f"article: 'id' {doc['id']!r} differs from the id in the URL {path_id!r}")
        doc["id"] = path_id
    if _only_url(doc):
        return _article_from_url(svc, doc, path_id)
    try:
        article = _article(doc, svc.settings)
    except IngestError as err:
        raise HTTPException(422, str(err)) from None
    if path_id is not None and article.id != path_id:
        raise HTTPException(422, f"article: {path_id!r} is not a usable article id "
                                 "(letters, digits, '.', '_' and '-', at most 64)")

    saved = svc.store.save_article(article)
    state = _state(svc, article.id)
    never_sent = state.status == "new" or (state.status == "failed" and (state.error or "").startswith(NOT_QUEUED))
    queued = saved.changed or never_sent
    if queued:
        try:
            svc.queue_render(article.id)
        except Exception:
            raise HTTPException(503, "the render could not be queued; send the article again later",
                                headers={"Retry-After": "30"}) from None
        state = _state(svc, article.id)
    return JSONResponse(status_code=202 if queued else 200, content={
        "id": article.id, "status": state.status, "version": state.version, "changed": saved.changed,
        "status_url": svc.settings.public_url(f"api/articles/{article.id}"),
    })


def _state(svc: Services, article_id: str) -> ArticleState:
    state = svc.store.state(article_id)
    if state is None:  # deleted between the request's steps
        raise HTTPException(404, f"no article with id {article_id!r}")
    return state


def _json_object(body: bytes) -> dict:
    try:
        text = decode_text(body, "article")
        if not text.strip():
            raise IngestError("article: the article is empty")
        doc = json.loads(text)
    except IngestError as err:
        raise HTTPException(422, str(err)) from None
    except json.JSONDecodeError as err:
        raise HTTPException(422, f"article: invalid JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
    if not isinstance(doc, dict):
        raise HTTPException(422, "article: JSON must be an object with title and body")
    return doc


def _has_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _article(doc: dict, settings: Settings) -> Article:
    return parse_article(json.dumps(doc, ensure_ascii=False).encode("utf-8"), "json", name="article",
                         timezone=settings.timezone)


def _only_url(doc: dict) -> bool:
    """A delivery naming its page by URL, without its text (the page is to be fetched)."""
    return not _has_text(doc.get("body")) and not _has_text(doc.get("html")) and _has_text(doc.get("url"))


def _article_from_url(svc: Services, doc: dict, path_id: str | None) -> JSONResponse:
    """Record the article as waiting for its page and queue the fetch: 202 at once, whatever the page's
    server does. The URL and the delivery's own fields are checked now (422); the page's problems
    (unreachable, refused address, not HTML, too large, timed out) fail the article with the reason."""
    try:
        fields = delivered_fields(doc, svc.settings)
    except IngestError as err:
        raise HTTPException(422, f"article: {err}" if not str(err).startswith("article:") else str(err)) from None
    article_id = fields.article_id
    if path_id is not None and article_id != path_id:
        raise HTTPException(422, f"article: {path_id!r} is not a usable article id "
                                 "(letters, digits, '.', '_' and '-', at most 64)")
    now = datetime.now(ZoneInfo(svc.settings.timezone))
    svc.store.renders.request_fetch(placeholder(fields, svc.settings, now), fields.as_json())
    try:
        svc.queue.fetch(article_id)
    except Exception as err:
        svc.store.renders.fail_fetch(article_id, f"{NOT_QUEUED}: {type(err).__name__}: {err}")
        raise HTTPException(503, "the fetch could not be queued; send the article again later",
                            headers={"Retry-After": "30"}) from None
    state = _state(svc, article_id)
    return JSONResponse(status_code=202, content={
        "id": article_id, "status": state.status, "version": state.version, "changed": None,
        "fetching": fields.url, "status_url": svc.settings.public_url(f"api/articles/{article_id}"),
    })


def article_status(svc: Services, article_id: str) -> dict:
    state = svc.store.state(article_id)
    article = svc.store.get_article(article_id)
    if state is None or article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    episode = state.episode
    return {
        "id": state.article_id, "title": state.title, "status": state.status, "error": state.error,
        "engine": state.engine, "version": state.version,
        "published": article.published.astimezone(ZoneInfo(svc.settings.timezone)).isoformat(),
        "updated": state.updated_at.isoformat() if state.updated_at else None,
        "duration": round(episode.duration, 3) if episode else None,
        "audio_url": svc.settings.public_url(episode.audio_key) if episode else None,
    }


def retract_article(svc: Services, article_id: str) -> dict:
    # Out of the database's published set, the radio drop folder and the rebuilt feed.
    if not svc.pipeline.retract(article_id):
        raise HTTPException(404, f"no article with id {article_id!r}")
    return {"id": article_id, "status": "retracted"}


# Radio automation -----------------------------------------------------------------------------

@router.get("/segments")
def segments(request: Request, since: str | None = None,
             limit: int = Query(SEGMENTS_DEFAULT, ge=1, le=SEGMENTS_MAX)) -> dict:
    svc = services(request.app)
    after = _since(since, svc.settings) if since else None
    found = [_segment(svc, a, e) for a, e in svc.store.published(limit)]
    found += [_bulletin(svc, b) for b in svc.store.bulletins(limit)]
    found.sort(key=lambda item: (item[0], item[1]["id"]), reverse=True)
    items = [item for published, item in found if after is None or published >= after][:limit]
    return {"items": items, "count": len(items)}


def _since(value: str, settings: Settings) -> datetime:
    # An unencoded "+" in a query string arrives as a space: "...08:15:00 07:00".
    value = re.sub(r" (\d\d(:?\d\d)?)$", r"+\1", value.strip())
    try:
        return parse_timestamp(value, ZoneInfo(settings.timezone), "since")
    except IngestError as err:
        raise HTTPException(422, str(err)) from None


def _downloads(svc: Services, mp3_key: str) -> dict:
    downloads = {"mp3": svc.settings.public_url(mp3_key)}
    wav_key = mp3_key.removesuffix(".mp3") + ".wav"  # the broadcast master, once it is made
    if svc.pipeline.storage.exists(wav_key):
        downloads["wav"] = svc.settings.public_url(wav_key)
    return downloads


def _segment(svc: Services, article: Article, episode: Episode) -> tuple[datetime, dict]:
    return article.published, {
        "type": "segment", "id": article.id, "guid": episode.guid, "title": article.title,
        "published": article.published.astimezone(ZoneInfo(svc.settings.timezone)).isoformat(),
        "duration": round(episode.duration, 3), "priority": article.priority,
        "downloads": _downloads(svc, episode.audio_key),
    }


def _bulletin(svc: Services, bulletin: Bulletin) -> tuple[datetime, dict]:
    return bulletin.until, {
        "type": "bulletin", "id": bulletin.id, "guid": bulletin.guid, "title": bulletin.title,
        "published": bulletin.until.astimezone(ZoneInfo(svc.settings.timezone)).isoformat(),
        "duration": round(bulletin.duration, 3), "articles": [item.article_id for item in bulletin.items],
        "downloads": _downloads(svc, bulletin.audio_key),
    }
