"""The browser protections every response of the web app carries, set in one place.

* ``Content-Security-Policy``: scripts, styles, media and requests only from this site, and no
  inline script at all (the staff script is ``/static/loa.js``), so markup that slips into a page
  cannot run. Forms post only here; no plug-ins; no ``<base>``.
* Framing: refused (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``), so no other site can
  lay a staff page under a decoy and steal clicks. A route that must be embedded elsewhere (a
  public player, say) is named in ``frameable`` and gets ``frame-ancestors`` from ``embedders``.
* ``X-Content-Type-Options: nosniff``: a file is what its type says, never script by guesswork.
* ``Referrer-Policy: same-origin``: staff URLs (article ids, searches) never leave in a Referer.

The middleware wraps the whole app, error pages included. ``HeadWithoutBody`` makes a HEAD answer
carry a GET's status and headers and no body, whatever server runs the app.
"""
from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "media-src": "'self'",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
REFERRER_POLICY = "same-origin"


def content_security_policy(frame_ancestors: str, files_origin: str = "") -> str:
    """The policy's header value with ``frame-ancestors`` set; ``files_origin`` (where stored files are
    public, ``LOA_STORAGE_PUBLIC_URL``'s origin) may also serve images, media and chapters.

    >>> content_security_policy("'none'").endswith("form-action 'self'; frame-ancestors 'none'")
    True
    >>> "media-src 'self' https://cdn.example.vn;" in content_security_policy("'none'", "https://cdn.example.vn")
    True
    """
    policy = {**POLICY, "frame-ancestors": frame_ancestors}
    if files_origin:
        for name in ("img-src", "media-src", "connect-src"):
            policy[name] = f"{policy[name]} {files_origin}"
    return "; ".join(f"{name} {value}" for name, value in policy.items())


class SecurityHeaders:
    """ASGI middleware setting the headers above on every HTTP response.

    ``frameable`` lists path prefixes (``"/nghe/"``) that other sites may frame; ``embedders`` is
    their ``frame-ancestors`` source list (e.g. ``"https://www.example.vn"``).
    """

    def __init__(self, app: ASGIApp, frameable: Sequence[str] = (), embedders: str = "'self'",
                 files_origin: str = ""):
        self.app = app
        self.frameable = tuple(frameable)
        self.closed = content_security_policy("'none'", files_origin)
        self.embeddable = content_security_policy(embedders, files_origin)

    def may_be_framed(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.frameable)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        framed = self.may_be_framed(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = self.embeddable if framed else self.closed
                if framed:
                    del headers["X-Frame-Options"]
                else:
                    headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = REFERRER_POLICY
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadWithoutBody:
    """ASGI middleware: a HEAD request is answered with its headers only (Content-Length kept)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_headers_only)
