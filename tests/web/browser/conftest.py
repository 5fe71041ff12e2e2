"""Real headless Chromium (Debian's package) against the app served by uvicorn, with a real worker.

Chromium is never downloaded by Playwright: the session checks ``/usr/bin/chromium`` and, when it
is missing and this is root on a Debian-like machine, installs it with apt once. Otherwise the
browser tests are skipped locally and fail under ``CI``.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.once import machine_lock
from tests.support.workers import REPO_ROOT, Worker, loa_env, wait_for
from web.signing import signed_headers

log = logging.getLogger("tests.browser")

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's services, which a
# closed network answers with nothing but timeouts.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
WEBHOOK_SECRET = "bi-mat-cua-cms"
USERNAME, PASSWORD = "bien-tap", "mat-khau-dai-1"
DESKTOP, PHONE = {"width": 1200, "height": 900}, {"width": 390, "height": 844}


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    with machine_lock("loa-tests-chromium"):
        return _install_chromium()


def _install_chromium() -> Path:
    if CHROMIUM.exists():  # another test process installed it while this one waited
        return CHROMIUM
    apt = shutil.which("apt-get")
    if os.geteuid() != 0 or apt is None:
        _unavailable(f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get)")
    log.warning("installing Debian's chromium with apt-get (once per machine, takes a while)")
    sys.stderr.write("\ninstalling chromium with apt-get (once per machine)...\n")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "update"], [apt, "install", "-y", "--no-install-recommends", "chromium"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        log.warning("%s: exit %d\n%s", " ".join(command), result.returncode, result.stdout[-2000:] + result.stderr[-2000:])
        if result.returncode != 0:
            _unavailable(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    if not CHROMIUM.exists():
        _unavailable(f"apt-get installed chromium but {CHROMIUM} is not there")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveSite:
    """``loa serve`` and a Celery worker sharing one data directory, database and Redis."""

    def __init__(self, base_url: str, env: dict[str, str], data_dir: Path):
        self.base_url, self.env, self.data_dir = base_url, env, data_dir

    def url(self, path: str) -> str:
        return self.base_url + path

    def post_article(self, article: dict) -> dict:
        """Send ``article`` to the webhook, signed, as the station's CMS does."""
        body = json.dumps(article, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", **signed_headers(WEBHOOK_SECRET, "POST", "/api/articles", body)}
        response = httpx.post(self.url("/api/articles"), content=body, headers=headers, timeout=10)
        assert response.status_code == 202, response.text
        return response.json()

    def status(self, article_id: str) -> str:
        path = f"/api/articles/{article_id}"
        return httpx.get(self.url(path), headers=signed_headers(WEBHOOK_SECRET, "GET", path), timeout=10).json()["status"]

    def wait_published(self, article_id: str, timeout: float = 45) -> None:
        wait_for(lambda: self.status(article_id) == "published", timeout, f"{article_id} to be published", 0.3)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, redis_url, chromium_path):
    root = tmp_path_factory.mktemp("browser")
    data_dir = root / "var"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    # Keys of its own on the shared Redis (loa_env gives a prefix): no other test's worker takes these renders.
    env = loa_env(data_dir, redis_url, LOA_WEBHOOK_SECRET=WEBHOOK_SECRET, LOA_SECRET_KEY="khoa-phien-thu",
                  LOA_PUBLIC_BASE_URL=base_url)
    added = subprocess.run([sys.executable, "-m", "cli", "user", "add", USERNAME, "--password-stdin"],
                           input=PASSWORD + "\n", env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    worker = Worker(env, root / "worker.log")
    server_log = open(root / "server.log", "ab")
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], env=env,
                              cwd=REPO_ROOT, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)

    def answers():
        try:
            return httpx.get(base_url + "/dang-nhap", timeout=1).status_code == 200
        except httpx.HTTPError:
            return server.poll() is not None  # stop waiting; the assert below reports it

    try:
        wait_for(answers, 90, "the web server")
        assert server.poll() is None, (root / "server.log").read_text(errors="replace")
        yield LiveSite(base_url, env, data_dir)
    finally:
        server.terminate()
        server.wait(timeout=15)
        server_log.close()
        worker.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """What Chromium refused under the Content-Security-Policy while the test ran (it says so on the
    console). A test that provokes a refusal on purpose takes its messages out of the list."""
    return []


@pytest.fixture
def page(browser, csp_violations):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert csp_violations == [], "the pages broke their own Content-Security-Policy"


def sign_in(page, live_site) -> None:
    """Sign ``page`` in through the form, as an editor does."""
    page.goto(live_site.url("/dang-nhap"))
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url("/bai-viet"))


@pytest.fixture
def staff_page(page, live_site):
    """A page signed in through the form."""
    sign_in(page, live_site)
    return page


@pytest.fixture
def new_page(browser):
    """``new_page(viewport)``: a page whose every request is recorded (the URL) and whose console
    errors, failed responses and page errors fail the test; axe needs the context to let it inject
    its script."""
    contexts, problems = [], []

    def make(viewport=DESKTOP):
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.requests = []
        context.on("request", lambda request: page.requests.append(request.url))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert problems == []


@pytest.fixture(scope="session")
def screenshot():
    """Save the whole page under ``test-output/screenshots/<name>.png`` for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
