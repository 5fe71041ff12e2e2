"""A show's page in headless Chromium, as a listener finds it from the all-news page: at desktop and
390 px phone width, keyboard only, accessible (axe), its cover and feed link working, nothing fetched
from anyone else."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.axe import violations
from tests.support.browser import wait_until
from tests.support.workers import REPO_ROOT, loa_env, wait_for
from tests.web.browser.conftest import DESKTOP, PHONE, _free_port
from worker.pipeline import Pipeline

pytestmark = pytest.mark.integration

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SHOWS = """\
shows:
  - slug: the-thao
    title: Thể thao Quảng Trị
    description: Bóng đá, điền kinh, đua thuyền và các giải đấu trong tỉnh, đọc thành tiếng mỗi ngày.
    categories: [Thể thao]
  - slug: kinh-te
    title: Kinh tế
    description: Giá cả, mùa vụ và doanh nghiệp.
    categories: [Kinh tế]
"""


def news(article_id: str, title: str, section: str, hours_ago: float) -> Article:
    return Article(id=article_id, title=title, section=section,
                   published=datetime.now(HCM) - timedelta(hours=hours_ago),
                   blocks=(Block("lead", "Sáng nay, hàng trăm vận động viên tham gia giải đấu trên sông Thạch Hãn."),
                           Block("body", "Ban tổ chức trao giải cho mười đội xuất sắc nhất.")))


RACE = news("dua-thuyen", "Giải đua thuyền truyền thống trên sông Thạch Hãn", "Thể thao", 2)
FOOTBALL = news("bong-da-tre", "Đội bóng trẻ tỉnh vào vòng chung kết", "Thể thao", 1)
RICE = news("gia-lua", "Giá lúa tăng nhẹ đầu vụ đông xuân", "Kinh tế", 3)


@pytest.fixture(scope="module")
def show_site(tmp_path_factory, redis_url, chromium_path):
    """``loa serve`` on a data directory whose articles were rendered beforehand, with two shows."""
    root = tmp_path_factory.mktemp("shows-browser")
    (root / "chuong-trinh.yaml").write_text(SHOWS, encoding="utf-8")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=root / "var", engine="espeak", public_base_url=base_url,
                        shows_file=str(root / "chuong-trinh.yaml"))
    pipeline = Pipeline(settings)
    try:
        for a in (RACE, FOOTBALL, RICE):
            pipeline.store.save_article(a)
            pipeline.render(a.id)
    finally:
        pipeline.close()
    env = loa_env(root / "var", redis_url, LOA_PUBLIC_BASE_URL=base_url, LOA_SECRET_KEY="khoa-chuong-trinh",
                  LOA_SHOWS_FILE=str(root / "chuong-trinh.yaml"))
    with open(root / "server.log", "ab") as log:
        server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], env=env, cwd=REPO_ROOT,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        def answers() -> bool:
            try:
                return httpx.get(base_url + "/nghe/", timeout=1).status_code == 200
            except httpx.HTTPError:
                return server.poll() is not None

        try:
            wait_for(answers, 90, "the web server")
            assert server.poll() is None, (root / "server.log").read_text(errors="replace")
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=15)


def test_a_show_page_from_the_all_news_page_at_desktop_and_phone_sizes(new_page, show_site, screenshot):
    for name, viewport in (("may-tinh", DESKTOP), ("dien-thoai", PHONE)):
        page = new_page(viewport)
        page.goto(show_site + "/nghe/")
        assert page.locator("ul.show-list h3").all_inner_texts() == ["Thể thao Quảng Trị", "Kinh tế"]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"nghe-kenh-chuong-trinh-{name}")
        assert violations(page) == []

        # Keyboard only: Tab to the show's link, Enter follows it.
        page.locator("body").focus()
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim() === 'Thể thao Quảng Trị'"):
                break
        page.keyboard.press("Enter")
        page.wait_for_url(show_site + "/nghe/the-thao/")

        assert page.title() == "Thể thao Quảng Trị"
        assert page.locator("h1").inner_text() == "Thể thao Quảng Trị"
        assert page.locator("ol.episodes h3").all_inner_texts() == [FOOTBALL.title, RACE.title]
        assert page.locator("#dia-chi-kenh").input_value() == show_site + "/shows/the-thao/feed.xml"
        wait_until(page, "() => document.querySelector('img.cover').naturalWidth >= 1400")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.get_by_role("button", name="Sao chép").click()
        # The message follows the clipboard's promise: it comes a moment after the click.
        said = wait_until(page, "() => document.querySelector('[data-copied]').textContent.trim()")
        assert said == "Đã sao chép."
        screenshot(page, f"nghe-chuong-trinh-{name}")
        assert violations(page) == []
        assert [u for u in page.requests if not u.startswith(show_site + "/")] == []

        feed = httpx.get(page.locator("#dia-chi-kenh").input_value(), timeout=10)
        assert feed.status_code == 200 and FOOTBALL.title in feed.text and RICE.title not in feed.text

        page.locator("ol.episodes h3 a", has_text=RACE.title).click()
        page.wait_for_url(show_site + f"/nghe/{RACE.id}")
        assert page.locator("h1").inner_text() == RACE.title
