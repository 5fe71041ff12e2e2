"""Sign-in, server-side sessions, CSRF and sign-in throttling for the staff pages, as a browser meets
them. The throttle runs on the real Redis of the tests (a database of its own, emptied per test)."""
from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlparse, urlunparse

import httpx
import lxml.html
import pytest
import redis
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, text

from loa.settings import Settings
from tests.support.accounts import add_user, csrf_of
from tests.support.accounts import sign_in as submit_sign_in
from tests.support.workers import REPO_ROOT, loa_env, wait_for
from web import auth
from web.throttle import SignInThrottle
from web.workpool import BoundedPool

PASSWORD = "mat-khau-dai-1"
KEY = "khoa-thu-nghiem"
STAFF_PAGES = ["/", "/bai-viet", "/bai-viet?q=l%C5%A9", "/bai-viet/bai-nao-do", "/bai-viet/bai-nao-do/ban-ghi.txt",
               "/bai-viet/bai-nao-do/doan-1.wav", "/tu-dien", "/ban-tin"]
OWNER_ADDRESS, ATTACKER_ADDRESS = "203.0.113.10", "198.51.100.66"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
TOO_MANY = re.compile(r"Đăng nhập sai quá nhiều lần\. Hãy thử lại sau (\d+) (giây|phút)\.")


def visible_text(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


@pytest.fixture(scope="module")
def settings(tmp_path_factory, redis_url) -> Settings:
    """One database and account for the module; the throttle's Redis database is emptied per test."""
    throttle_url = urlunparse(urlparse(redis_url)._replace(path="/11"))  # the web tests' database
    settings = Settings(data_dir=tmp_path_factory.mktemp("auth") / "var", engine="espeak", secret_key=KEY,
                        redis_url=throttle_url)
    add_user(settings.db_url, "bien-tap", PASSWORD)
    return settings


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    client = redis.Redis.from_url(settings.redis_url)
    client.flushdb()
    client.close()


@pytest.fixture
def app(settings, make_app):
    return make_app(settings)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture
def free_port() -> int:
    """A port nothing listens on."""
    return _free_port()


def browser_at(app, address: str, **headers: str) -> TestClient:
    """A browser whose connection comes from ``address``."""
    return TestClient(app, client=(address, 40000), headers=headers)


def sign_in(client, username="bien-tap", password=PASSWORD, next_path="/bai-viet", **headers):
    return submit_sign_in(client, username, password, next_path, **headers)


def signed_in(client) -> bool:
    return client.get("/bai-viet", follow_redirects=False).status_code == 200


def refused_for(response) -> tuple[int, str]:
    """(seconds, unit) of a 429 sign-in page's message."""
    assert response.status_code == 429, response.text
    found = TOO_MANY.search(visible_text(response.text))
    assert found, visible_text(response.text)
    return int(found.group(1)), found.group(2)


# Signing in -----------------------------------------------------------------------------------

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


def test_signing_in_sets_a_protected_cookie_carrying_only_a_signed_session_id(client, settings):
    response = sign_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/bai-viet"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("loa_phien=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=43200" in cookie
    assert "Secure" not in cookie  # plain http: a Secure cookie would never come back
    page = client.get("/bai-viet")
    assert page.status_code == 200
    shown = visible_text(page.text)
    assert "bien-tap" in shown and "Đăng xuất" in shown and "Bài viết" in shown

    carried = URLSafeTimedSerializer(KEY, salt="loa.staff-session").loads(client.cookies["loa_phien"])
    assert list(carried) == ["s"] and len(carried["s"]) >= 40  # nothing but the random id
    engine = create_engine(settings.db_url)
    with engine.connect() as db:
        stored = db.execute(text("SELECT * FROM staff_sessions WHERE id_hash = :h"),
                            {"h": hashlib.sha256(carried["s"].encode()).hexdigest()}).mappings().one()
        everything = " ".join(str(v) for row in db.execute(text("SELECT * FROM staff_sessions")) for v in row)
    engine.dispose()
    assert carried["s"] not in everything  # the id itself is kept nowhere
    assert stored["csrf"] == csrf_of(page.text) and stored["revoked_at"] is None


@pytest.mark.parametrize("username,password", [("bien-tap", "sai-mat-khau"), ("khong-co-ai", PASSWORD),
                                               ("bien-tap", "")])
def test_a_wrong_password_or_unknown_user_is_refused_with_one_message(client, username, password):
    response = sign_in(client, username, password)
    assert response.status_code == 401
    assert WRONG in visible_text(response.text)
    assert not signed_in(client)


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
    assert not signed_in(client)


def test_a_token_from_another_session_is_refused(app, client):
    with TestClient(app) as other:
        foreign = csrf_of(other.get("/dang-nhap").text)
    client.get("/dang-nhap")
    response = client.post("/dang-nhap", data={"csrf": foreign, "username": "bien-tap", "password": PASSWORD})
    assert response.status_code == 403


# Sessions -------------------------------------------------------------------------------------

def test_signing_out_ends_the_session_for_whoever_kept_its_cookie_and_token(client, settings, app):
    sign_in(client)
    page = client.get("/tu-dien")
    token, cookie = csrf_of(page.text), client.cookies["loa_phien"]
    assert client.post("/dang-xuat", data={"csrf": "sai"}).status_code == 403
    assert signed_in(client)
    response = client.post("/dang-xuat", data={"csrf": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dang-nhap"
    assert 'loa_phien=""' in response.headers["set-cookie"]
    assert not signed_in(client)

    # Someone who copied the cookie and a form's token before the sign-out gets nothing with them.
    with TestClient(app, cookies={"loa_phien": cookie}) as copy:
        assert copy.get("/bai-viet", follow_redirects=False).status_code == 303
        added = copy.post("/tu-dien/them", data={"csrf": token, "term": "VOV", "spoken": "vê ô vê"},
                          follow_redirects=False)
        assert added.status_code == 303 and added.headers["location"].startswith("/dang-nhap")
    assert not (settings.data_dir / "lexicon.txt").exists()


def test_signing_in_again_replaces_the_session(app):
    with TestClient(app) as browser:
        sign_in(browser)
        first = browser.cookies["loa_phien"]
        sign_in(browser)
        assert browser.cookies["loa_phien"] != first and signed_in(browser)
    with TestClient(app, cookies={"loa_phien": first}) as copy:
        assert not signed_in(copy)


def test_a_tampered_cookie_counts_as_signed_out(client):
    sign_in(client)
    value = client.cookies["loa_phien"]
    client.cookies.set("loa_phien", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert not signed_in(client)


def test_a_session_expires_after_twelve_hours(client, monkeypatch):
    sign_in(client)
    assert signed_in(client)
    started = auth.now()
    monkeypatch.setattr(auth, "now", lambda: started + timedelta(hours=11, minutes=59))
    assert signed_in(client)
    monkeypatch.setattr(auth, "now", lambda: started + timedelta(hours=12, seconds=5))
    assert not signed_in(client)


def test_a_session_survives_a_restart_of_the_app(settings, make_app):
    with TestClient(make_app(settings)) as before:
        sign_in(before)
        cookie = before.cookies["loa_phien"]
    with TestClient(make_app(settings), cookies={"loa_phien": cookie}) as after:
        assert signed_in(after)


def test_a_cookie_signed_with_another_key_is_not_accepted(settings, client, make_app):
    sign_in(client)
    with TestClient(make_app(replace(settings, secret_key="khoa-khac"))) as other:
        other.cookies.set("loa_phien", client.cookies["loa_phien"])
        assert not signed_in(other)


def test_without_a_secret_key_sessions_use_a_random_key_and_say_so(settings, caplog, make_app):
    with caplog.at_level(logging.WARNING, logger="loa.web.auth"):
        with TestClient(make_app(replace(settings, secret_key=""))) as client:
            assert sign_in(client).status_code == 303
            assert signed_in(client)
        with TestClient(make_app(replace(settings, secret_key=""))) as restarted:
            restarted.cookies.set("loa_phien", client.cookies["loa_phien"])
            assert not signed_in(restarted)
    assert "LOA_SECRET_KEY is empty" in caplog.text


def test_behind_https_the_cookie_is_secure(app):
    with TestClient(app, base_url="https://loa.example.vn") as browser:
        response = sign_in(browser)
        assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


# Throttling -----------------------------------------------------------------------------------

def test_guesses_from_elsewhere_never_lock_the_owner_out(app):
    with browser_at(app, ATTACKER_ADDRESS) as attacker:
        for _ in range(5):
            assert sign_in(attacker, password="doan-bua").status_code == 401
        locked = sign_in(attacker)  # even the right password, from there
        seconds, unit = refused_for(locked)
        assert (unit, seconds) == ("phút", 15)
        assert int(locked.headers["retry-after"]) > 14 * 60
        assert not signed_in(attacker)
    with browser_at(app, OWNER_ADDRESS) as owner:
        assert sign_in(owner).status_code == 303
        assert signed_in(owner)


def test_a_right_password_clears_the_owners_own_mistakes(app):
    with browser_at(app, OWNER_ADDRESS) as owner:
        for _ in range(4):
            assert sign_in(owner, password="go-nham-roi").status_code == 401
        assert sign_in(owner).status_code == 303  # the fifth try, right: signed in, her count starts again
        for _ in range(4):
            assert sign_in(owner, password="go-nham-roi").status_code == 401
        assert sign_in(owner).status_code == 303


@pytest.fixture
def throttle(settings):
    """The app's throttle on the same Redis, to record many failed tries without an argon2 check each."""
    shared = SignInThrottle.from_url(settings.redis_url)
    yield shared
    shared.close()


def record_failures(throttle, tries: list[tuple[str, str]]) -> None:
    """Failed tries as the app records them: counted, never followed by a success."""
    for address, username in tries:
        assert throttle.attempt(address, username).allowed


def test_one_address_going_through_many_accounts_is_stopped(app, throttle):
    record_failures(throttle, [(ATTACKER_ADDRESS, f"nguoi-{n}") for n in range(19)])
    with browser_at(app, ATTACKER_ADDRESS) as attacker:
        assert sign_in(attacker, username="nguoi-19", password="doan-bua").status_code == 401  # the 20th
        seconds, unit = refused_for(sign_in(attacker))  # the right password of a real account, from there
        assert unit == "phút" and seconds == 15
    with browser_at(app, OWNER_ADDRESS) as owner:
        assert sign_in(owner).status_code == 303


def test_an_account_under_attack_slows_addresses_that_failed_but_not_clean_ones(app, throttle):
    # A guesser spread over many addresses: 15 failures on the account, one from each.
    record_failures(throttle, [(f"198.51.100.{n + 1}", "bien-tap") for n in range(15)])
    guesser = browser_at(app, "198.51.100.99")
    assert sign_in(guesser, password="doan-bua").status_code == 401  # its first try is let through
    # One failure of its own, yet it waits: 2 ** (16 - 10) = 64 seconds from its try.
    seconds, unit = refused_for(sign_in(guesser))
    assert (unit, seconds) == ("phút", 2)
    with browser_at(app, OWNER_ADDRESS) as owner:  # a clean address: the right password always works
        assert sign_in(owner).status_code == 303 and signed_in(owner)
    # Names differing only in case count as the same account.
    refused_for(sign_in(guesser, username="BIEN-TAP"))


def test_the_throttle_is_shared_by_every_app_on_the_same_redis(settings, make_app):
    first, second = make_app(settings), make_app(settings)
    with browser_at(first, ATTACKER_ADDRESS) as one, browser_at(second, ATTACKER_ADDRESS) as two:
        for browser in (one, one, one, two, two):
            assert sign_in(browser, password="doan-bua").status_code == 401
        refused_for(sign_in(one))
        refused_for(sign_in(two))


def test_when_redis_is_down_sign_in_is_refused_and_signed_in_staff_carry_on(settings, make_app, free_port):
    with TestClient(make_app(settings)) as working:
        assert sign_in(working).status_code == 303
        cookie = working.cookies["loa_phien"]
    down = replace(settings, redis_url=f"redis://127.0.0.1:{free_port}/0")
    with TestClient(make_app(down)) as browser:
        response = sign_in(browser)
        assert response.status_code == 503
        assert "hệ thống kiểm soát đăng nhập (Redis) không trả lời" in visible_text(response.text)
        assert not signed_in(browser)
        browser.cookies.set("loa_phien", cookie)
        assert signed_in(browser)


# Client addresses behind proxies ----------------------------------------------------------------

def test_forwarded_for_from_an_untrusted_peer_is_ignored(app):
    with browser_at(app, ATTACKER_ADDRESS) as attacker:
        for n in range(5):
            response = sign_in(attacker, password="doan-bua", **{"X-Forwarded-For": f"192.0.2.{n}"})
            assert response.status_code == 401
        refused_for(sign_in(attacker, **{"X-Forwarded-For": OWNER_ADDRESS}))
    with browser_at(app, OWNER_ADDRESS) as owner:
        response = sign_in(owner, **{"X-Forwarded-Proto": "https"})
        assert response.status_code == 303 and "Secure" not in response.headers["set-cookie"]


def test_behind_a_trusted_proxy_the_client_is_the_right_most_address_it_did_not_add(settings, make_app):
    app = make_app(replace(settings, trusted_proxies="10.0.0.0/24"))
    with browser_at(app, "10.0.0.5") as proxy:
        for n in range(5):  # the left part is whatever the attacker wrote; the proxy appends the real peer
            forwarded = f"192.0.2.{n}, {ATTACKER_ADDRESS}"
            assert sign_in(proxy, password="doan-bua", **{"X-Forwarded-For": forwarded}).status_code == 401
        refused_for(sign_in(proxy, **{"X-Forwarded-For": f"192.0.2.99, {ATTACKER_ADDRESS}"}))
        owner = sign_in(proxy, **{"X-Forwarded-For": OWNER_ADDRESS, "X-Forwarded-Proto": "https"})
        assert owner.status_code == 303 and "Secure" in owner.headers["set-cookie"]


# Several web processes ------------------------------------------------------------------------

class WebProcess:
    """``loa serve`` in a process of its own, on the module's database and Redis."""

    def __init__(self, env: dict[str, str], log_path):
        self.env, self.log_path = env, log_path
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.start()

    def start(self) -> None:
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(self.port)], env=self.env,
                                     cwd=REPO_ROOT, stdout=self._log, stderr=subprocess.STDOUT)

        def answers() -> bool:
            assert self.proc.poll() is None, self.log_path.read_text(errors="replace")
            try:
                return httpx.get(self.base_url + "/dang-nhap", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(answers, 90, f"loa serve on port {self.port}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)
        self._log.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def web_processes(settings, tmp_path_factory):
    logs = tmp_path_factory.mktemp("serve-logs")
    env = loa_env(settings.data_dir, settings.redis_url, LOA_SECRET_KEY=KEY)
    started = [WebProcess(env, logs / f"web-{n}.log") for n in range(2)]
    yield started
    for process in started:
        process.stop()


def http_sign_in(client: httpx.Client, base_url: str, password: str = PASSWORD) -> httpx.Response:
    form = client.get(base_url + "/dang-nhap")
    return client.post(base_url + "/dang-nhap", data={"csrf": csrf_of(form.text), "username": "bien-tap",
                                                      "password": password})


def test_web_processes_share_sessions_and_the_throttle_and_a_restart_forgets_nothing(web_processes):
    first, second = web_processes
    with httpx.Client(timeout=10) as browser:  # one cookie jar: both processes are on 127.0.0.1
        assert http_sign_in(browser, first.base_url).status_code == 303
        assert browser.get(second.base_url + "/bai-viet").status_code == 200
        first.stop()
        first.start()
        assert browser.get(first.base_url + "/bai-viet").status_code == 200
        token = csrf_of(browser.get(second.base_url + "/bai-viet").text)
        assert browser.post(second.base_url + "/dang-xuat", data={"csrf": token}).status_code == 303
        assert browser.get(first.base_url + "/bai-viet").status_code == 303  # ended on the other one too

        for base_url in (first.base_url,) * 3 + (second.base_url,) * 2:
            assert http_sign_in(browser, base_url, "doan-bua").status_code == 401
        for base_url in (first.base_url, second.base_url):
            refused = http_sign_in(browser, base_url)
            assert refused.status_code == 429 and TOO_MANY.search(visible_text(refused.text))


def test_simultaneous_guesses_cannot_slip_past_the_limit(web_processes):
    with httpx.Client(timeout=30) as browser:
        token = csrf_of(browser.get(web_processes[0].base_url + "/dang-nhap").text)
        form = {"csrf": token, "username": "bien-tap", "password": "doan-bua"}

        def guess(n: int) -> int:
            return browser.post(web_processes[n % 2].base_url + "/dang-nhap", data=form).status_code

        with ThreadPoolExecutor(12) as pool:
            answers = sorted(pool.map(guess, range(12)))
    assert answers == [401] * 5 + [429] * 7


def test_loa_serve_believes_no_forwarded_for_unless_the_proxy_is_trusted(web_processes):
    base_url = web_processes[0].base_url
    with httpx.Client(timeout=10) as browser:
        for n in range(5):
            form = browser.get(base_url + "/dang-nhap")
            answer = browser.post(base_url + "/dang-nhap", headers={"X-Forwarded-For": f"192.0.2.{n}"},
                                  data={"csrf": csrf_of(form.text), "username": "bien-tap", "password": "doan-bua"})
            assert answer.status_code == 401
        form = browser.get(base_url + "/dang-nhap")
        refused = browser.post(base_url + "/dang-nhap", headers={"X-Forwarded-For": "192.0.2.99"},
                               data={"csrf": csrf_of(form.text), "username": "bien-tap", "password": PASSWORD})
        assert refused.status_code == 429


def test_signing_out_of_a_session_that_already_ended_just_shows_sign_in(app):
    with TestClient(app) as browser:
        sign_in(browser)
        token = csrf_of(browser.get("/bai-viet").text)
        with TestClient(app, cookies={"loa_phien": browser.cookies["loa_phien"]}) as other_tab:
            assert other_tab.post("/dang-xuat", data={"csrf": token}, follow_redirects=False).status_code == 303
        late = browser.post("/dang-xuat", data={"csrf": token}, follow_redirects=False)
        assert late.status_code == 303 and late.headers["location"] == "/dang-nhap"
        assert not signed_in(browser)


def test_when_every_password_thread_is_taken_sign_in_says_to_try_again(app):
    app.state.password_pool = BoundedPool(workers=1, queue_limit=0)
    release, started = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        release.wait(10)

    holder = threading.Thread(target=lambda: asyncio.run(app.state.password_pool.run(hold)))
    holder.start()
    try:
        assert started.wait(10)
        with TestClient(app) as browser:
            busy = sign_in(browser)
            assert busy.status_code == 503
            assert "Hệ thống đang xử lý nhiều lượt đăng nhập. Hãy thử lại sau vài giây." in visible_text(busy.text)
            release.set()
            holder.join(10)
            assert sign_in(browser).status_code == 303
    finally:
        release.set()
