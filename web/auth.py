"""Staff sessions kept on the server, the cookie that names them, and the CSRF token of every form.

A signed-in browser holds one cookie, ``loa_phien``, carrying only a random session id, signed with
``LOA_SECRET_KEY``. The database keeps the session (``Store.staff_sessions``): the SHA-256 of the
id, the user, when it began, was last seen and expires, whether it was ended, and its CSRF token.
So signing out, a password change or expiry ends a session everywhere at once, every web process
agrees about it, and a restart changes nothing.

Before signing in, the cookie carries only the sign-in form's CSRF token (nothing is stored for
visitors); signing in always starts a new session with a new id and a new token.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from web.services import services

log = logging.getLogger("loa.web.auth")

COOKIE = "loa_phien"
SESSION_LIFETIME = timedelta(hours=12)
SESSION_SECONDS = int(SESSION_LIFETIME.total_seconds())
# last_seen_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
SIGN_IN_PATH = "/dang-nhap"
CSRF_FIELD = "csrf"


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Session:
    """This request's session: the signed-in user (None before sign-in) and the token forms echo."""

    username: str | None
    csrf: str
    id_hash: str | None = None  # the stored session's key; None before sign-in


def hash_session_id(session_id: str) -> str:
    """What the database keeps of a session id.

    >>> len(hash_session_id("abc")), hash_session_id("abc") == hash_session_id("abc")
    (64, True)
    """
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def _serializer(request: Request) -> URLSafeTimedSerializer:
    state = request.app.state
    serializer = getattr(state, "session_serializer", None)
    if serializer is None:
        key = state.settings.secret_key
        if not key:
            log.warning("LOA_SECRET_KEY is empty: session cookies are signed with a random key, so other web "
                        "processes reject them and they end on restart")
            key = secrets.token_urlsafe(32)
        serializer = URLSafeTimedSerializer(key, salt="loa.staff-session")
        state.session_serializer = serializer
    return serializer


def _cookie_data(request: Request) -> dict:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return {}
    try:
        data = _serializer(request).loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def read_session(request: Request) -> Session | None:
    """The session of this request's cookie, or None when it is absent, forged, expired or ended."""
    if hasattr(request.state, "session"):
        return request.state.session
    data = _cookie_data(request)
    session = None
    if isinstance(data.get("s"), str):
        id_hash = hash_session_id(data["s"])
        sessions = services(request.app).store.staff_sessions
        stored = sessions.get(id_hash)
        moment = now()
        if stored is not None and stored.active(moment):
            session = Session(stored.username, stored.csrf, id_hash)
            if moment - stored.last_seen_at >= TOUCH_EVERY:
                sessions.touch(id_hash, moment)
    elif isinstance(data.get("a"), str):
        session = Session(None, data["a"])
    request.state.session = session
    return session


def session_for(request: Request) -> Session:
    """This request's session, or a fresh visitor's one (its cookie written by ``save_session``)."""
    session = read_session(request)
    if session is None:
        session = Session(None, secrets.token_urlsafe(24))
        request.state.session = session
        request.state.session_cookie = {"a": session.csrf}
    return session


def start_session(request: Request, username: str) -> Session:
    """A new stored session for ``username``, with a new id and token; the one the request had ends."""
    previous = read_session(request)
    store = services(request.app).store
    moment = now()
    if previous is not None and previous.id_hash:
        store.staff_sessions.revoke(previous.id_hash, moment)
    session_id = secrets.token_urlsafe(32)
    stored = store.staff_sessions.start(username, hash_session_id(session_id), secrets.token_urlsafe(24), moment,
                                        SESSION_LIFETIME)
    session = Session(stored.username, stored.csrf, stored.id_hash)
    request.state.session = session
    request.state.session_cookie = {"s": session_id}
    return session


def save_session(request: Request, response: Response) -> Response:
    """Set the cookie when this request began a session (a visitor's or a signed-in one)."""
    value = getattr(request.state, "session_cookie", None)
    if value is not None:
        response.set_cookie(COOKIE, _serializer(request).dumps(value), max_age=SESSION_SECONDS, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https", path="/")
    return response


def end_session(request: Request, response: Response) -> Response:
    """End this request's stored session and remove the cookie."""
    session = read_session(request)
    if session is not None and session.id_hash:
        services(request.app).store.staff_sessions.revoke(session.id_hash, now())
        log.info("%s signed out", session.username)
    return forget_cookie(request, response)


def forget_cookie(request: Request, response: Response) -> Response:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


def require_user(request: Request) -> str:
    """Dependency of every staff page: the signed-in username, or a redirect to sign-in."""
    session = read_session(request)
    if session is not None and session.username:
        return session.username
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise HTTPException(status_code=303, headers={"Location": f"{SIGN_IN_PATH}?next={quote(target, safe='')}"})


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in.

    >>> safe_next("/tu-dien"), safe_next("//evil.example/x"), safe_next("https://evil.example/")
    ('/tu-dien', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


# How a form is parsed (``csrf_ok`` parses it first, the route reads the same one): its size is
# bounded before it is read (``web.pages.forms``), so Starlette's own limits of 1,000 fields and
# 1 MB a field would only turn a long form that is allowed (the lexicon's thousands of article ids,
# a 2 MB article) into a bare 400.
FORM_PARSING = {"max_fields": 1_000_000, "max_part_size": 4 * 1024 * 1024}


async def csrf_ok(request: Request) -> bool:
    """Whether the posted form carries this session's token (every POST must check)."""
    session = await run_in_threadpool(read_session, request)
    form = await request.form(**FORM_PARSING)
    sent = form.get(CSRF_FIELD)
    return session is not None and isinstance(sent, str) and hmac.compare_digest(sent, session.csrf)
