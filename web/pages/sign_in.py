"""Signing in and out.

A sign-in is checked in this order: the form's CSRF token, the shared throttle (``web.throttle``),
then the password, on the app's bounded password pool so the event loop keeps serving everybody
else while argon2 works. Every refusal says in Vietnamese what happened and what to do.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from web import auth
from web.pages.base import GET, page, refused, see_other, svc
from web.throttle import SignInThrottle, ThrottleUnavailable
from web.users import USERNAME_MAX, Users
from web.workpool import BoundedPool, PoolBusy

log = logging.getLogger("loa.web.pages")

router = APIRouter()

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLE_DOWN = ("Tạm thời chưa đăng nhập được: hệ thống kiểm soát đăng nhập (Redis) không trả lời. "
                 "Hãy thử lại sau ít phút hoặc báo bộ phận kỹ thuật.")
BUSY = "Hệ thống đang xử lý nhiều lượt đăng nhập. Hãy thử lại sau vài giây."


def wait_message(seconds: float) -> str:
    """The 429 message, in seconds under a minute, else in whole minutes rounded up.

    >>> wait_message(8), wait_message(61)
    ('Đăng nhập sai quá nhiều lần. Hãy thử lại sau 8 giây.', 'Đăng nhập sai quá nhiều lần. Hãy thử lại sau 2 phút.')
    """
    when = f"{math.ceil(seconds)} giây" if seconds < 60 else f"{math.ceil(seconds / 60)} phút"
    return f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {when}."


@dataclass(frozen=True)
class Outcome:
    username: str | None = None  # set when the password was right
    wait_seconds: float = 0.0  # set when the throttle refused the try


def throttle_of(request: Request) -> SignInThrottle:
    state = request.app.state
    throttle = getattr(state, "sign_in_throttle", None)
    if throttle is None:
        throttle = state.sign_in_throttle = SignInThrottle.from_url(svc(request).settings.redis_url)
    return throttle


def password_pool(request: Request) -> BoundedPool:
    state = request.app.state
    pool = getattr(state, "password_pool", None)
    if pool is None:
        pool = state.password_pool = BoundedPool(name="loa-password")
    return pool


def check(throttle: SignInThrottle, users: Users, address: str, username: str, password: str) -> Outcome:
    """One sign-in try, on a pool thread: the throttle, then argon2, then the throttle told of success."""
    verdict = throttle.attempt(address, username)
    if not verdict.allowed:
        log.warning("sign-in of %r from %s refused for %.0f s (%s limit)", username, address,
                    verdict.wait_seconds, verdict.reason)
        return Outcome(wait_seconds=verdict.wait_seconds)
    user = users.authenticate(username, password)
    if user is None:
        log.warning("failed sign-in of %r from %s", username, address)
        return Outcome()
    throttle.succeeded(address, username)
    return Outcome(username=user.username)


@router.api_route("/dang-nhap", methods=GET)
def sign_in_form(request: Request, next: str = "/") -> Response:
    return page(request, "dang_nhap.html", {"next": auth.safe_next(next), "username": "", "error": None})


@router.post("/dang-nhap")
async def sign_in(request: Request) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    form = await request.form()
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    target = auth.safe_next(str(form.get("next", "/")))

    def again(status_code: int, error: str) -> Response:
        return page(request, "dang_nhap.html", {"next": target, "username": username, "error": error},
                    status_code=status_code)

    if not username or not password or len(username) > USERNAME_MAX:  # no account has such a name
        return again(401, WRONG)
    address = request.client.host if request.client else "-"
    try:
        outcome = await password_pool(request).run(check, throttle_of(request), svc(request).users, address, username, password)
    except ThrottleUnavailable as err:
        log.error("sign-in refused: the throttle's Redis does not answer: %s", err)
        return again(503, THROTTLE_DOWN)
    except PoolBusy as err:
        log.warning("sign-in refused: password pool full (%s)", err)
        return again(503, BUSY)
    if outcome.wait_seconds:
        refusal = again(429, wait_message(outcome.wait_seconds))
        refusal.headers["Retry-After"] = str(math.ceil(outcome.wait_seconds))
        return refusal
    if outcome.username is None:
        return again(401, WRONG)
    try:
        await run_in_threadpool(auth.start_session, request, outcome.username)
    except KeyError:  # the account was removed a moment ago
        return again(401, WRONG)
    log.info("%s signed in from %s", outcome.username, address)
    return auth.save_session(request, see_other(target))


@router.post("/dang-xuat")
async def sign_out(request: Request) -> Response:
    session = await run_in_threadpool(auth.read_session, request)
    response = see_other(auth.SIGN_IN_PATH)
    if session is None or session.username is None:  # already ended (expired, or signed out elsewhere)
        return auth.forget_cookie(request, response)
    if not await auth.csrf_ok(request):
        return refused(request)
    await run_in_threadpool(auth.end_session, request, response)
    return response
