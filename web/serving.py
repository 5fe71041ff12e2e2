"""Serving the public files of the data directory: feeds, cover, audio, transcripts, chapters.

A request path, relative to the app's root, is the storage key: the feed names its files
``<LOA_PUBLIC_BASE_URL>/<key>``, so a proxy that publishes Loa under a path prefix strips it
(or runs uvicorn with ``--root-path``). Only ``feed.xml``, ``bulletins.xml``, ``cover.png`` and
files under ``episodes/``, ``bulletins/``, ``transcripts/``, ``chapters/`` and ``shows/`` (each
show's feed and cover) with a known extension are served; everything else (the database, the clip
cache, the lexicon, dotfiles, temporary files, paths leading outside the data directory) is a 404.

Podcast apps need byte ranges (Apple refuses feeds whose audio host lacks them): ``GET`` honours
one ``Range: bytes=...`` (206, or 416 when it starts past the end), guarded by ``If-Range``;
several ranges at once get the whole file (200). ``ETag`` and ``Last-Modified`` come with every
response and answer ``If-None-Match`` / ``If-Modified-Since`` with 304. Each response is built
from one version of the file (one open file handle; on an object store, reads guarded by its ETag),
so a feed replaced mid-request is served whole, old or new.

Files come from the storage (``LOA_STORAGE_URL``): the data directory or an object store. With
``LOA_STORAGE_PUBLIC_URL`` set (a CDN or the bucket's public address), requests for files in folders
(audio, transcripts, chapters, the shows' covers) are redirected there (302) and their listens are
the CDN's to count; the feeds (the shows' too) and the station's cover are still served here.

A download of an episode or bulletin MP3 is counted as a listen once it is sent (``web.listens``).
"""
from __future__ import annotations

import re
from email.utils import formatdate, parsedate_to_datetime

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from loa.publicfiles import cache_control, content_type, is_feed, public_key
from loa.storage import OpenFile, Storage, StoreUnavailable, open_storage
from web import auth
from web.listens import counts, listen_counter, programme_of

router = APIRouter()


class Unsatisfiable(Exception):
    """A range that starts past the end of the file."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The one byte range ``(first, last)`` (inclusive) that ``header`` asks for, None to send the
    whole file (another unit, several ranges, or a header that does not parse), or Unsatisfiable.

    Positions of any length are read (RFC 9110 sets no limit): one past the end of the file starts
    nothing (416), an end past it is clamped, a suffix longer than the file is the whole file.

    >>> parse_range("bytes=" + "9" * 5000 + "-", 100)
    Traceback (most recent call last):
    ...
    web.serving.Unsatisfiable
    >>> parse_range("bytes=10-" + "9" * 5000, 100), parse_range("bytes=-" + "9" * 5000, 100)
    ((10, 99), (0, 99))
    """
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    match = re.fullmatch(r"\s*([0-9]*)\s*-\s*([0-9]*)\s*", spec, re.ASCII)
    if not match or not (match[1] or match[2]):
        return None
    if not match[1]:
        suffix = _position(match[2])
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    first = _position(match[1])
    last = _position(match[2]) if match[2] else size - 1
    if first >= size or last < first:
        raise Unsatisfiable
    return first, min(last, size - 1)


def _position(digits: str) -> int:
    """A byte position; one too long to be a file's is read as "beyond any file" (Python refuses to
    read integers of thousands of digits)."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 18 else 10**18


def _etag_matches(header: str, etag: str, weak: bool) -> bool:
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        candidate = candidate.strip()
        if weak:
            candidate = candidate.removeprefix("W/")
        if candidate == etag:
            return True
    return False


def _not_after(header: str, mtime: int) -> bool:
    """Whether the file, modified at ``mtime`` (whole seconds), is no newer than the ``header`` date."""
    try:
        return mtime <= int(parsedate_to_datetime(header).timestamp())
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


def _range_applies(request: Request, etag: str, last_modified: str) -> bool:
    if_range = request.headers.get("if-range")
    if if_range is None:
        return True
    if_range = if_range.strip()
    if if_range.startswith(('"', "W/")):
        return if_range == etag  # strong comparison: a weak tag never allows a range
    return if_range == last_modified


@router.api_route("/{key:path}", methods=["GET", "HEAD"], include_in_schema=False)
def serve_file(key: str, request: Request) -> Response:
    public = public_key(key)
    if public is None:
        raise HTTPException(404)
    key = public
    settings = request.app.state.settings
    if settings.storage_public_url and "/" in key and not is_feed(key):
        # Audio, transcripts and chapters are fetched from the CDN; the feeds stay here, at their own address.
        return RedirectResponse(settings.file_url(key), status_code=302,
                                headers={"Cache-Control": cache_control(key), "Access-Control-Allow-Origin": "*"})
    try:
        opened = file_storage(request.app).open_file(key)
    except StoreUnavailable:
        raise HTTPException(503, headers={"Retry-After": "30"}) from None
    except (OSError, ValueError):
        raise HTTPException(404) from None  # missing, or a symlink leading out of the data directory
    try:
        response = _respond(request, key, opened)
    except BaseException:
        opened.close()
        raise
    if not isinstance(response, StreamingResponse):
        opened.close()
    return response


def file_storage(app: FastAPI) -> Storage:
    """The storage the app serves files from (``LOA_STORAGE_URL``), opened on first use."""
    found: Storage | None = getattr(app.state, "file_storage", None)
    if found is None:
        found = app.state.file_storage = open_storage(app.state.settings)
    return found


def _respond(request: Request, key: str, opened: OpenFile) -> Response:
    info = opened.info
    size = info.size
    etag = info.etag
    last_modified = formatdate(info.modified, usegmt=True)
    headers = {
        "Accept-Ranges": "bytes", "ETag": etag, "Last-Modified": last_modified,
        "Cache-Control": cache_control(key), "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
    }
    if_none_match = request.headers.get("if-none-match")
    if_modified_since = request.headers.get("if-modified-since")
    if (if_none_match is not None and _etag_matches(if_none_match, etag, weak=True)) or (
            if_none_match is None and if_modified_since and _not_after(if_modified_since, int(info.modified))):
        return Response(status_code=304, headers=headers)

    headers["Content-Type"] = content_type(key)
    first, last = 0, size - 1
    status = 200
    range_header = request.headers.get("range")
    if request.method == "GET" and range_header and _range_applies(request, etag, last_modified):
        try:
            wanted = parse_range(range_header, size)
        except Unsatisfiable:
            headers["Content-Range"] = f"bytes */{size}"
            return Response(status_code=416, headers=headers)
        if wanted is not None:
            first, last = wanted
            status = 206
            headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    length = last - first + 1
    headers["Content-Length"] = str(length)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers)
    return StreamingResponse(opened.chunks(first, length), status_code=status, headers=headers,
                             background=_listen(request, key, status, length))


def _listen(request: Request, key: str, status: int, length: int) -> BackgroundTask | None:
    """Counting the listen (``web.listens``) once the response is sent, for episode and bulletin MP3s.
    Staff playing an episode in the staff app (the request carries its cookie) are not listeners."""
    if not counts(request.method, status, length) or programme_of(key) is None or request.client is None:
        return None
    if auth.COOKIE in request.cookies:
        return None
    counter = listen_counter(request.app)
    return BackgroundTask(counter.hear, key, request.client.host, request.headers.get("user-agent", ""))
