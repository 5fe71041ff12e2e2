"""The browser protections' middleware: framing is refused except on the routes allowed to be
embedded, errors carry the headers too, and HEAD answers without a body."""
from __future__ import annotations

import doctest
import importlib

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from web.protections import HeadWithoutBody, SecurityHeaders


def page(request) -> HTMLResponse:
    return HTMLResponse("<p>Bản tin</p>", headers={"X-Frame-Options": "SAMEORIGIN"})


def framed_app() -> TestClient:
    inner = Starlette(routes=[Route("/nghe/{id}", page), Route("/bai-viet", page)])
    return TestClient(SecurityHeaders(inner, frameable=("/nghe/",), embedders="https://www.example.vn"))


def test_only_routes_on_the_allow_list_may_be_framed_and_only_by_the_embedders():
    client = framed_app()
    player = client.get("/nghe/ban-tin-6h")
    assert "x-frame-options" not in player.headers
    assert player.headers["content-security-policy"].endswith("frame-ancestors https://www.example.vn")
    assert "script-src 'self'" in player.headers["content-security-policy"]
    staff = client.get("/bai-viet")
    assert staff.headers["x-frame-options"] == "DENY"  # whatever the route itself said
    assert staff.headers["content-security-policy"].endswith("frame-ancestors 'none'")


def test_a_server_error_carries_the_protections_too(app):
    def broken() -> None:
        raise RuntimeError("hỏng")

    app.add_api_route("/hong", broken)
    app.router.routes.insert(0, app.router.routes.pop())  # before the catch-all file route
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/hong")
    assert response.status_code == 500
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_head_keeps_status_and_headers_and_drops_the_body():
    client = TestClient(HeadWithoutBody(Starlette(routes=[Route("/bai-viet", page, methods=["GET", "HEAD"])])))
    head = client.head("/bai-viet")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len("<p>Bản tin</p>".encode()))


@pytest.mark.parametrize("name", ["web.proxies", "web.protections", "web.throttle", "web.auth", "web.pages.base",
                                  "web.pages.sign_in", "cli.processes"])
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
