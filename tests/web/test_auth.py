"""Sign-in, sessions and CSRF for the staff pages, as a browser meets them."""
from __future__ import annotations

import logging
import re
from dataclasses import replace

import itsdangerous.timed
import lxml.html
import pytest
from fastapi.testclient import TestClient

from loa.settings import Settings
from tests.support.accounts import add_user
from web.app import create_app

PASSWORD = "mat-khau-dai-1"
STAFF_PAGES = ["/", "/bai-viet", "/bai-viet?q=l%C5%A9", "/bai-viet/bai-nao-do", "/bai-viet/bai-nao-do/ban-ghi.txt",
               "/bai-viet/bai-nao-do/doan-1.wav", "/tu-dien"]


def visible_text(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture
def settings(tmp_path) -> Settings:
    settings = Settings(data_dir=tmp_path / "var", engine="espeak", secret_key="khoa-thu-nghiem")
    add_user(settings.db_url, "bien-tap", PASSWORD)
    return settings


@pytest.fixture
def client(settings):
    with TestClient(create_app(settings)) as c:
        yield c


def sign_in(client, username="bien-tap", password=PASSWORD, next_path="/bai-viet"):
    form = client.get("/dang-nhap")
    return client.post("/dang-nhap", data={"csrf": csrf_of(form.text), "username": username, "password": password,
                                            "next": next_path}, follow_redirects=False)


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_every_staff_page_sends_a_stranger_to_sign_in_and_back(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/dang-nhap?next=")

    page = client.get(location)
    assert "Đăng nhập" in visible_text(page.text)
    after = client.post("/dang-nhap", data={"csrf": csrf_of(page.text), "username": "bien-tap",
                                            "password": PASSWORD, "next": re.search(r'name="next" value="([^"]*)"',
                                                                                    page.text).group(1)},
                        follow_redirects=False)
    assert after.status_code == 303
    assert after.headers["location"] == path


def test_the_live_status_feed_answers_401_not_a_page_when_signed_out(client):
    response = client.get("/bai-viet/trang-thai")
    assert response.status_code == 401
    assert response.json() == {"error": "Phiên đăng nhập đã hết."}


def test_signing_in_sets_a_protected_session_cookie_and_shows_the_staff_name(client):
    response = sign_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/bai-viet"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("loa_phien=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=43200" in cookie
    page = client.get("/bai-viet")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "bien-tap" in text and "Đăng xuất" in text and "Bài viết" in text


@pytest.mark.parametrize("username,password", [("bien-tap", "sai-mat-khau"), ("khong-co-ai", PASSWORD),
                                               ("bien-tap", "")])
def test_a_wrong_password_or_unknown_user_is_refused_with_one_message(client, username, password):
    response = sign_in(client, username, password)
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in visible_text(response.text)
    assert client.get("/bai-viet", follow_redirects=False).status_code == 303


def test_after_sign_in_only_paths_on_this_site_are_followed(client):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = sign_in(client, next_path=target)
        assert response.status_code == 303
        assert response.headers["location"] == "/"


def test_sign_in_without_or_with_a_wrong_csrf_token_is_forbidden(client):
    client.get("/dang-nhap")
    missing = client.post("/dang-nhap", data={"username": "bien-tap", "password": PASSWORD})
    wrong = client.post("/dang-nhap", data={"csrf": "gia-mao", "username": "bien-tap", "password": PASSWORD})
    for response in (missing, wrong):
        assert response.status_code == 403
        assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in visible_text(response.text)
    assert client.get("/bai-viet", follow_redirects=False).status_code == 303


def test_a_token_from_another_session_is_refused(settings, client):
    with TestClient(create_app(settings)) as other:
        foreign = csrf_of(other.get("/dang-nhap").text)
    client.get("/dang-nhap")
    response = client.post("/dang-nhap", data={"csrf": foreign, "username": "bien-tap", "password": PASSWORD})
    assert response.status_code == 403


def test_signing_out_ends_the_session(client):
    sign_in(client)
    page = client.get("/bai-viet")
    assert client.post("/dang-xuat", data={"csrf": "sai"}).status_code == 403
    assert client.get("/bai-viet", follow_redirects=False).status_code == 200
    response = client.post("/dang-xuat", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dang-nhap"
    assert 'loa_phien=""' in response.headers["set-cookie"]
    assert client.get("/bai-viet", follow_redirects=False).status_code == 303


def test_a_tampered_cookie_counts_as_signed_out(client):
    sign_in(client)
    value = client.cookies["loa_phien"]
    client.cookies.set("loa_phien", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert client.get("/bai-viet", follow_redirects=False).status_code == 303


def test_a_session_expires_after_twelve_hours(client, monkeypatch):
    sign_in(client)
    assert client.get("/bai-viet", follow_redirects=False).status_code == 200
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + 12 * 3600 + 5)
    assert client.get("/bai-viet", follow_redirects=False).status_code == 303


def test_a_cookie_signed_with_another_key_is_not_accepted(settings, client):
    sign_in(client)
    with TestClient(create_app(replace(settings, secret_key="khoa-khac"))) as other:
        other.cookies.set("loa_phien", client.cookies["loa_phien"])
        assert other.get("/bai-viet", follow_redirects=False).status_code == 303


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client):
    for _ in range(5):
        assert sign_in(client, password="doan-bua").status_code == 401
    locked = sign_in(client)
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in visible_text(locked.text)
    assert client.get("/bai-viet", follow_redirects=False).status_code == 303


def test_without_a_secret_key_sessions_use_a_random_key_and_say_so(settings, caplog):
    with caplog.at_level(logging.WARNING, logger="loa.web.auth"):
        with TestClient(create_app(replace(settings, secret_key=""))) as client:
            assert sign_in(client).status_code == 303
            assert client.get("/bai-viet", follow_redirects=False).status_code == 200
        with TestClient(create_app(replace(settings, secret_key=""))) as restarted:
            restarted.cookies.set("loa_phien", client.cookies["loa_phien"])
            assert restarted.get("/bai-viet", follow_redirects=False).status_code == 303
    assert "LOA_SECRET_KEY is empty" in caplog.text
