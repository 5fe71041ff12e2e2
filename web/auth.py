"""Staff sessions in signed cookies, the CSRF token of every form, and sign-in throttling."""
from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from web.services import services

log = logging.getLogger("loa.web.auth")

COOKIE = "loa_phien"
SESSION_SECONDS = 12 * 3600
SIGN_IN_PATH = "/dang-nhap"
CSRF_FIELD = "csrf"


@dataclass(frozen=True)
class Session:
    """What the cookie carries: the signed-in user (or None) and the token every form must echo."""

    username: str | None
    csrf: str


def _serializer(request: Request) -> URLSafeTimedSerializer:
    state = request.app.state
    serializer = getattr(state, "session_serializer", None)
    if serializer is None:
        key = state.settings.secret_key
        if not key:
            log.warning("LOA_SECRET_KEY is empty: sessions are signed with a random key and end on restart")
            key = secrets.token_urlsafe(32)
        serializer = URLSafeTimedSerializer(key, salt="loa.staff-session")
        state.session_serializer = serializer
    return serializer


def read_session(request: Request) -> Session | None:
    """The session of this request's cookie, or None when it is absent, forged or expired."""
    if hasattr(request.state, "session"):
        return request.state.session
    raw = request.cookies.get(COOKIE)
    session = None
    if raw:
        try:
            data = _serializer(request).loads(raw, max_age=SESSION_SECONDS)
            session = Session(data.get("u"), str(data["c"]))
        except (BadSignature, KeyError, TypeError, AttributeError):
            session = None
    request.state.session = session
    return session


def session_for(request: Request) -> Session:
    """This request's session, or a fresh anonymous one (written out by ``save_session``)."""
    session = read_session(request)
    if session is None:
        session = Session(None, secrets.token_urlsafe(24))
        request.state.session = session
        request.state.session_dirty = True
    return session


def start_session(request: Request, username: str) -> Session:
    """A new session for ``username``; the CSRF token changes with it."""
    session = Session(username, secrets.token_urlsafe(24))
    request.state.session = session
    request.state.session_dirty = True
    return session


def save_session(request: Request, response: Response) -> Response:
    """Set the cookie when this request created or changed the session."""
    if getattr(request.state, "session_dirty", False):
        session = request.state.session
        value = _serializer(request).dumps({"u": session.username, "c": session.csrf})
        response.set_cookie(COOKIE, value, max_age=SESSION_SECONDS, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/")
    return response


def end_session(response: Response) -> Response:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


def require_user(request: Request) -> str:
    """Dependency of every staff page: the signed-in username, or a redirect to sign-in."""
    session = read_session(request)
    if session and session.username and services(request.app).users.get(session.username):
        return session.username
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise HTTPException(status_code=303, headers={"Location": f"{SIGN_IN_PATH}?next={quote(target, safe='')}"})


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


async def csrf_ok(request: Request) -> bool:
    """Whether the posted form carries this session's token (every POST must check)."""
    session = read_session(request)
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    return session is not None and isinstance(sent, str) and hmac.compare_digest(sent, session.csrf)


class Throttle:
    """At most ``limit`` failed sign-ins per key within ``window`` seconds."""

    def __init__(self, limit: int = 5, window: float = 15 * 60):
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def wait_seconds(self, *keys: str) -> float:
        """How long until these keys may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            waits = [self._recent(k, now)[0] + self.window - now for k in keys
                     if len(self._recent(k, now)) >= self.limit]
        return max(waits, default=0.0)

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def clear(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
