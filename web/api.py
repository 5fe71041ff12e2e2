"""The JSON API: the CMS webhook for articles, and the segment list for radio automation.

Routes
------
``POST /api/articles`` (signed)
    An article as JSON: ``id``, ``url``, ``title``, ``body`` or ``html``, ``published``, ``author``,
    ``priority``, and the source's order of its edits: ``version`` (a whole number that grows with
    every edit) and/or ``modified`` (ISO 8601). With only ``url`` (no body or html) the article is
    recorded as ``fetching`` (its id the given one, else derived from the URL) and 202 answers at
    once: a worker fetches the page within the fetch deadline and reads it as HTML (``id``,
    ``title``, ``published``, ``author`` and ``priority`` given in the JSON win over the page's),
    then queues the render, or marks the article failed with the reason. The web request itself
    never waits on another server. New or changed content is saved, marked ``queued`` and its
    render sent to the workers: 202. The same content again (by article id and content hash)
    changes nothing and queues nothing: 200 with the current status. A copy older than the stored
    one (by ``version``, else ``modified``, else because its content is that of a replaced
    version) changes nothing: 409. A retracted article stays retracted until new content comes.
    ``voice`` (optional) names one of the station's voices (``audio.voices``): the article is read
    in it from then on, and a change of voice alone renders it again (202); an unknown voice is 422.
    ``category`` (text) and ``tags`` (a list of texts), optional, are where the CMS files the
    article (``articles.categories``): they choose its shows (``feeds.shows``) and win over the
    page's when only ``url`` is given.
``PUT /api/articles/{id}`` (signed)
    The same, for the article with that id (the body's ``id`` may be left out, or must agree).
    An edit keeps the article's feed GUID and renders a new version.
``GET /api/articles/{id}`` (public; more when signed)
    The article's status. Without signature headers, what the public may know: ``id``, ``status``,
    ``version``, ``published``, ``duration`` and ``audio_url`` (the audio is public in the feed
    anyway; for an article embargoed until a later ``published`` time, none until then). Signed
    like a write (method GET, empty body), also the ``title``, ``engine``, the
    ``updated`` time and the ``error`` of a failed render, with file paths and URL credentials
    taken out.
``DELETE /api/articles/{id}`` (signed, empty body)
    Retracts the article: it stays in the database as ``retracted``, leaves the feed, which is
    rebuilt at once, and its files leave the radio drop folder.
``GET /api/segments?since=ISO&limit=N`` (public, read-only like the feed)
    Published segments and bulletins (``type``), newest first, with their download URLs (the
    podcast MP3, and the broadcast WAV once it is made), for the station's playout system on the
    intranet. ``since`` (ISO 8601; write ``+`` as ``%2B``) keeps those published at
    or after it; ``limit`` is 1 to 300, default 50.

Every GET route answers HEAD too. Signed routes follow the contract in ``web.signing``; a delivery id
already received is 409, and when Redis cannot say whether it is new the request is refused with
503. Bodies over 2 MB get 413, an article with more readable text than ``LOA_MAX_ARTICLE_CHARS``
413, broken JSON or an unusable article (a field of the wrong type or out of range, a ``url`` that
is not absolute http(s)) 422 with a one-line ``detail``, an unknown id 404, a refused signature
401. Nothing is stored when a request is refused.
"""
from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from articles.errors import ArticleTooLong, IngestError
from articles.fields import parse_time, read_fields, shown
from articles.ingest import article_from_json, decode_text, load_json_object
from articles.model import Article, Bulletin, Episode
from articles.store import ArticleState, OlderVersion
from articles.urls import without_credentials
from loa.settings import Settings
from web.deliveries import DeliveryLedger, LedgerUnavailable
from web.services import NOT_QUEUED, Services, services
from web.signing import DELIVERY_HEADER, HEADERS, SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureError, verify
from worker.fetching import delivered_fields, placeholder

router = APIRouter(prefix="/api")

MAX_BODY_BYTES = 2 * 1024 * 1024
SEGMENTS_DEFAULT, SEGMENTS_MAX = 50, 300
RETRY_AFTER = {"Retry-After": "30"}
_ID_MESSAGE = "(letters, digits, '.', '_' and '-', at most 64)"


def refuse(status: int, message: str, headers: dict[str, str] | None = None) -> HTTPException:
    """The HTTP error for a refused request: one line, with no URL credentials in it."""
    return HTTPException(status, " ".join(without_credentials(message).split()), headers=headers)


# Signed requests ------------------------------------------------------------------------------

async def read_body(request: Request) -> bytes:
    """The raw body, refused with 413 as soon as it passes ``MAX_BODY_BYTES``."""
    too_large = refuse(413, f"the body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB")
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and (len(declared) > 12 or int(declared) > MAX_BODY_BYTES):
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def request_target(request: Request) -> str:
    """The path and query as sent on the request line, from ``/api/`` on: what a signature covers."""
    raw: bytes = request.scope.get("raw_path") or request.scope["path"].encode("utf-8")
    root = request.scope.get("root_path", "").encode("utf-8")
    if root and raw.startswith(root + b"/"):
        raw = raw[len(root):]
    query: bytes = request.scope.get("query_string", b"")
    return (raw + (b"?" + query if query else b"")).decode("latin-1")


_ledger_lock = threading.Lock()


def _ledger(app: FastAPI) -> DeliveryLedger:
    """The app's record of delivery ids, made on first use (one Redis connection pool per app)."""
    with _ledger_lock:
        found: DeliveryLedger | None = getattr(app.state, "loa_deliveries", None)
        if found is None:
            found = app.state.loa_deliveries = DeliveryLedger(app.state.settings.redis_url)
        return found


async def signed_body(request: Request) -> bytes:
    """The body of a request signed with the webhook secret and never received before; else
    401 (signature), 409 (delivery id already received) or 503 (Redis cannot tell)."""
    body = await read_body(request)
    now = time.time()
    headers = request.headers
    try:
        signed = verify(request.app.state.settings.webhook_secret, request.method, request_target(request),
                        headers.get(TIMESTAMP_HEADER), headers.get(DELIVERY_HEADER), headers.get(SIGNATURE_HEADER),
                        body, now)
    except SignatureError as err:
        raise refuse(401, str(err), headers={"WWW-Authenticate": 'Loa-HMAC-SHA256 realm="loa"'}) from None
    try:
        fresh = await run_in_threadpool(_ledger(request.app).claim, signed, now)
    except LedgerUnavailable:
        raise refuse(503, f"cannot check whether {DELIVERY_HEADER} is new: Redis does not answer; "
                          "nothing was done, send the request again later", RETRY_AFTER) from None
    if not fresh:
        raise refuse(409, f"{DELIVERY_HEADER} {signed.delivery_id} was already received: each request is "
                          "acted on once; send every request, retries too, with a new delivery id")
    return body


def _is_signed(request: Request) -> bool:
    return any(name in request.headers for name in HEADERS)


# Articles -------------------------------------------------------------------------------------

@router.post("/articles")
async def post_article(request: Request):
    body = await signed_body(request)
    return await run_in_threadpool(accept_article, services(request.app), body, None)


@router.put("/articles/{article_id}")
async def put_article(article_id: str, request: Request):
    body = await signed_body(request)
    return await run_in_threadpool(accept_article, services(request.app), body, article_id)


@router.api_route("/articles/{article_id}", methods=["GET", "HEAD"])
async def get_article(article_id: str, request: Request):
    signed = _is_signed(request)
    if signed:
        await signed_body(request)
    return await run_in_threadpool(article_status, services(request.app), article_id, signed)


@router.delete("/articles/{article_id}")
async def delete_article(article_id: str, request: Request):
    await signed_body(request)
    return await run_in_threadpool(retract_article, services(request.app), article_id)


def accept_article(svc: Services, body: bytes, path_id: str | None) -> JSONResponse:
    doc = _json_object(body)
    if path_id is not None:
        if doc.get("id") not in (None, "", path_id):
            raise refuse(422, f"article: 'id' {shown(doc['id'])} differs from the id in the URL {shown(path_id)}")
        doc["id"] = path_id
    try:
        read_fields(doc, "article", ZoneInfo(svc.settings.timezone))  # every field, whichever way it is read
    except IngestError as err:
        raise refuse(422, str(err)) from None
    voice = _voice(svc, doc.get("voice"))
    if _only_url(doc):
        return _article_from_url(svc, doc, path_id, voice)
    try:
        article = article_from_json(doc, name="article", timezone=svc.settings.timezone,
                                    max_chars=svc.settings.max_article_chars)
    except ArticleTooLong as err:
        raise refuse(413, str(err)) from None
    except IngestError as err:
        raise refuse(422, str(err)) from None
    if path_id is not None and article.id != path_id:
        raise refuse(422, f"article: {shown(path_id)} is not a usable article id {_ID_MESSAGE}")

    try:
        saved = svc.store.save_article(article)
    except OlderVersion as err:
        raise refuse(409, str(err)) from None
    state = _state(svc, article.id)
    voice_changed = voice is not None and voice != state.voice and state.status != "retracted"
    if voice_changed:
        svc.store.set_voice(article.id, voice)
    never_sent = state.status == "new" or (state.status == "failed" and (state.error or "").startswith(NOT_QUEUED))
    queued = saved.changed or never_sent or voice_changed
    if queued:
        try:
            svc.queue_render(article.id)
        except Exception:
            raise refuse(503, "the render could not be queued; send the article again later", RETRY_AFTER) from None
        state = _state(svc, article.id)
    return JSONResponse(status_code=202 if queued else 200, content={
        "id": article.id, "status": state.status, "version": saved.version, "changed": saved.changed,
        "status_url": svc.settings.public_url(f"api/articles/{article.id}"),
    })


def _state(svc: Services, article_id: str) -> ArticleState:
    state = svc.store.state(article_id)
    if state is None:  # deleted between the request's steps
        raise refuse(404, f"no article with id {shown(article_id)}")
    return state


def _json_object(body: bytes) -> dict:
    try:
        text = decode_text(body, "article")
        if not text.strip():
            raise IngestError("article: the article is empty")
        return load_json_object(text, "article")
    except IngestError as err:
        raise refuse(422, str(err)) from None


def _voice(svc: Services, value: object) -> str | None:
    """The delivery's ``voice``: one of the configured voices, or None when it names none (the
    article keeps the voice it has)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in svc.pipeline.voices:
        known = ", ".join(svc.pipeline.voices.names)
        raise refuse(422, f"article: 'voice' {shown(value)} is not one of the station's voices ({known})")
    return value


def _has_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _only_url(doc: dict) -> bool:
    """A delivery naming its page by URL, without its text (the page is to be fetched)."""
    return not _has_text(doc.get("body")) and not _has_text(doc.get("html")) and _has_text(doc.get("url"))


def _article_from_url(svc: Services, doc: dict, path_id: str | None, voice: str | None = None) -> JSONResponse:
    """Record the article as waiting for its page and queue the fetch: 202 at once, whatever the page's
    server does. The URL and the delivery's own fields are checked now (422); the page's problems
    (unreachable, refused address, not HTML, too large, timed out) fail the article with the reason."""
    try:
        fields = delivered_fields(doc, svc.settings)
    except IngestError as err:
        raise refuse(422, str(err) if str(err).startswith("article:") else f"article: {err}") from None
    article_id = fields.article_id
    if path_id is not None and article_id != path_id:
        raise refuse(422, f"article: {shown(path_id)} is not a usable article id {_ID_MESSAGE}")
    now = datetime.now(ZoneInfo(svc.settings.timezone))
    svc.store.renders.request_fetch(placeholder(fields, svc.settings, now), fields.as_json())
    if voice is not None:
        svc.store.set_voice(article_id, voice)
    try:
        svc.queue.fetch(article_id)
    except Exception as err:
        svc.store.renders.fail_fetch(article_id, f"{NOT_QUEUED}: {type(err).__name__}: {err}")
        raise refuse(503, "the fetch could not be queued; send the article again later", RETRY_AFTER) from None
    state = _state(svc, article_id)
    return JSONResponse(status_code=202, content={
        "id": article_id, "status": state.status, "version": state.version, "changed": None,
        "fetching": fields.url, "status_url": svc.settings.public_url(f"api/articles/{article_id}"),
    })


def article_status(svc: Services, article_id: str, full: bool) -> dict:
    """The article's status; ``full`` (a signed request) adds what only the CMS may see."""
    state = svc.store.state(article_id)
    article = svc.store.get_article(article_id)
    if state is None or article is None:
        raise refuse(404, f"no article with id {shown(article_id)}")
    episode = state.episode if state.status != "retracted" else None
    if not full and article.published > datetime.now(UTC):
        episode = None  # embargoed: its audio is the public's only at its time (the CMS, signed, has it)
    status = {
        "id": state.article_id, "status": state.status, "version": state.version,
        "published": article.published.astimezone(ZoneInfo(svc.settings.timezone)).isoformat(),
        "duration": round(episode.duration, 3) if episode else None,
        "audio_url": svc.settings.file_url(episode.audio_key) if episode else None,
    }
    if full:
        status |= {
            "title": state.title, "engine": state.engine,
            "error": public_error(state.error) if state.error else None,
            "updated": state.updated_at.isoformat() if state.updated_at else None,
        }
    return status


_FILE_PATH = re.compile(r"(?<![\w:/.~-])(?:/[^/\s'\"]+)+/?")


def public_error(error: str) -> str:
    """A render's error as the API may show it: no URL credentials, no file system paths.

    >>> public_error("OSError: [Errno 28] No space left on device: '/srv/loa/var/episodes/bai-1/x.mp3'")
    "OSError: [Errno 28] No space left on device: '…/x.mp3'"
    """
    return _FILE_PATH.sub(lambda found: "…/" + found[0].rstrip("/").rsplit("/", 1)[-1],
                          without_credentials(error))


def retract_article(svc: Services, article_id: str) -> dict:
    # Out of the database's published set, the radio drop folder and the rebuilt feed.
    if not svc.pipeline.retract(article_id):
        raise refuse(404, f"no article with id {shown(article_id)}")
    return {"id": article_id, "status": "retracted"}


# Radio automation -----------------------------------------------------------------------------

@router.api_route("/segments", methods=["GET", "HEAD"])
def segments(request: Request, since: str | None = None, limit: str | None = None) -> dict:
    svc = services(request.app)
    after = _since(since, svc.settings) if since else None
    count = _limit(limit)
    found = [_segment(svc, a, e) for a, e in svc.store.published(count, as_of=datetime.now(UTC))]
    found += [_bulletin(svc, b) for b in svc.store.bulletins(count)]
    found.sort(key=lambda item: (item[0], item[1]["id"]), reverse=True)
    items = [item for published, item in found if after is None or published >= after][:count]
    return {"items": items, "count": len(items)}


def _limit(value: str | None) -> int:
    if value is None or not value.strip():
        return SEGMENTS_DEFAULT
    digits = value.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= 6 and 1 <= int(digits) <= SEGMENTS_MAX:
        return int(digits)
    raise refuse(422, f"segments: 'limit' must be a whole number from 1 to {SEGMENTS_MAX}, not {shown(value)}")


def _since(value: str, settings: Settings) -> datetime:
    # An unencoded "+" in a query string arrives as a space: "...08:15:00 07:00".
    value = re.sub(r" (\d\d(:?\d\d)?)$", r"+\1", value.strip())
    try:
        return parse_time(value, ZoneInfo(settings.timezone), "segments", "since")
    except IngestError as err:
        raise refuse(422, str(err)) from None


def _downloads(svc: Services, mp3_key: str) -> dict:
    downloads = {"mp3": svc.settings.file_url(mp3_key)}
    wav_key = mp3_key.removesuffix(".mp3") + ".wav"  # the broadcast master, once it is made
    if svc.pipeline.storage.exists(wav_key):
        downloads["wav"] = svc.settings.file_url(wav_key)
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
