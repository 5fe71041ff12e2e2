"""Listens counted by a real ``loa serve`` from real downloads, and their charts in Chromium at desktop
and phone sizes: readable, accessible (axe), nothing scrolling sideways."""
from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.axe import violations
from tests.web.browser.conftest import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.integration

FLOOD = {
    "id": "lu-song-thach-han",
    "title": "Nước sông Thạch Hãn lên nhanh, nhiều xã vùng trũng bị ngập",
    "body": ("Chiều 28/11, mực nước sông Thạch Hãn lên nhanh sau mưa lớn.\n\n"
             "Nhiều xã vùng trũng bị ngập sâu, chính quyền đã sơ tán hơn 500 hộ dân."),
    "published": "2026-11-28T16:00:00+07:00",
}
AGENTS = ("AppleCoreMedia/1.0.0.21F90 (iPhone; U; CPU OS 17_5 like Mac OS X; vi_vn)",
          "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Mobile Safari/537.36",
          "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)")


@pytest.fixture(scope="module")
def listened(live_site):
    """The article published, then downloaded by three listeners (one of them twice, in ranges), a
    probe and a robot: three listens."""
    sent = live_site.post_article(FLOOD)
    live_site.wait_published(sent["id"])
    audio = urlsplit(httpx.get(live_site.url(f"/api/articles/{sent['id']}"), timeout=10).json()["audio_url"]).path
    for agent in AGENTS:
        assert httpx.get(live_site.url(audio), headers={"User-Agent": agent}, timeout=10).status_code == 200
    ranges = [f"bytes={first}-{first + 999}" for first in range(0, 3000, 1000)]
    for asked in ranges + ["bytes=0-1"]:
        answer = httpx.get(live_site.url(audio), headers={"User-Agent": AGENTS[0], "Range": asked}, timeout=10)
        assert answer.status_code == 206
    robot = httpx.get(live_site.url(audio), headers={"User-Agent": "Googlebot/2.1"}, timeout=10)
    assert robot.status_code == 200
    return sent["id"]


def test_the_charts_show_the_listens_at_desktop_and_phone_sizes(browser, live_site, listened, screenshot):
    for name, viewport in (("may-tinh", DESKTOP), ("dien-thoai", PHONE)):
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)  # axe is injected
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            sign_in(page, live_site)

            page.goto(live_site.url(f"/bai-viet/{listened}"))
            caption = page.locator("#nghe-bai figcaption").inner_text()
            assert caption == "Lượt nghe bài này mỗi ngày: 3 lượt nghe trong 30 ngày"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.locator("#nghe-bai").scroll_into_view_if_needed()
            screenshot(page, f"luot-nghe-bai-{name}")
            assert violations(page) == []

            page.goto(live_site.url("/nghe-tai"))
            assert page.title() == "Lượt nghe · Loa"
            top = page.locator("ol.listens-top li", has_text=FLOOD["title"])
            assert top.locator("figcaption").inner_text().endswith(": 3 lượt nghe trong 30 ngày")
            bars = page.locator("#nghe-tat-ca rect.bar")
            assert bars.count() == 30
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(page, f"luot-nghe-{name}")
            assert violations(page) == []
        finally:
            context.close()


def test_the_listens_page_keeps_its_content_security_policy(staff_page, live_site, listened):
    staff_page.goto(live_site.url("/nghe-tai"))
    assert staff_page.locator("#nghe-tat-ca svg[role=img]").count() == 1
