"""Signing in and out."""
from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import Response

from web import auth
from web.pages.base import page, refused, see_other, svc

log = logging.getLogger("loa.web.pages")

router = APIRouter()


def _throttle(request: Request) -> auth.Throttle:
    state = request.app.state
    throttle = getattr(state, "sign_in_throttle", None)
    if throttle is None:
        throttle = state.sign_in_throttle = auth.Throttle()
    return throttle


@router.get("/dang-nhap")
def sign_in_form(request: Request, next: str = "/") -> Response:
    return page(request, "dang_nhap.html", {"next": auth.safe_next(next), "username": "", "error": None})


@router.post("/dang-nhap")
async def sign_in(request: Request) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    form = await request.form()
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    target = auth.safe_next(str(form.get("next", "/")))
    keys = (f"user:{username.casefold()}", f"ip:{request.client.host if request.client else '-'}")
    throttle = _throttle(request)
    wait = throttle.wait_seconds(*keys)
    if wait:
        error = f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {max(1, round(wait / 60))} phút."
        return page(request, "dang_nhap.html", {"next": target, "username": username, "error": error},
                    status_code=429)
    user = svc(request).users.authenticate(username, password) if username and password else None
    if user is None:
        throttle.fail(*keys)
        return page(request, "dang_nhap.html", {
            "next": target, "username": username, "error": "Tên đăng nhập hoặc mật khẩu không đúng.",
        }, status_code=401)
    throttle.clear(keys[0])
    auth.start_session(request, user.username)
    log.info("%s signed in", user.username)
    return auth.save_session(request, see_other(target))


@router.post("/dang-xuat")
async def sign_out(request: Request) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    return auth.end_session(see_other(auth.SIGN_IN_PATH))
