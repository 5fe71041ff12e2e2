"""The bulletins page in headless Chromium, against the served app, a real Redis and a real worker."""
from __future__ import annotations

import pytest

from tests.support.browser import wait_until

pytestmark = pytest.mark.integration

WEATHER = {
    "id": "ban-tin-thoi-tiet",
    "title": "Trời rét đậm ở vùng núi phía tây",
    "body": "Đêm nay, vùng núi phía tây rét đậm.\n\nNgười dân cần giữ ấm cho trẻ nhỏ.",
    "published": "2026-11-27T15:00:00+07:00",
}
HARVEST = {
    "id": "ban-tin-mua-vu",
    "title": "Nông dân Cam Lộ thu hoạch hồ tiêu",
    "body": "Nông dân Cam Lộ đang thu hoạch hồ tiêu.\n\nGiá tiêu năm nay cao hơn năm trước.",
    "published": "2026-11-27T16:00:00+07:00",
}


def seconds(clock: str) -> int:
    minutes, secs = clock.split(":")
    return int(minutes) * 60 + int(secs)


def test_picking_ordering_and_building_a_bulletin(staff_page, live_site, screenshot):
    for article in (WEATHER, HARVEST):
        live_site.post_article(article)
    for article in (WEATHER, HARVEST):
        live_site.wait_published(article["id"])
    page = staff_page
    page.click("nav >> text=Bản tin")
    page.wait_for_url(live_site.url("/ban-tin"))
    total = page.locator("#tong-thoi-luong")
    assert total.inner_text() == "0:00"

    weather = page.locator(f"tr[data-id='{WEATHER['id']}']")
    harvest = page.locator(f"tr[data-id='{HARVEST['id']}']")
    weather.locator("input[type=checkbox]").check()
    one = seconds(total.inner_text())
    assert one > 5  # the article, the opener, jingles and close
    harvest.locator("input[type=checkbox]").check()
    two = seconds(total.inner_text())
    assert two > one + 3
    # Newest first in the list (the site may hold other tests' articles too): the older weather story,
    # just under the harvest, is moved up to be read first.
    place = int(weather.locator("input.order").input_value())
    assert harvest.locator("input.order").input_value() == str(place - 1)
    weather.locator("[data-move='-1']").click()
    assert page.locator("#thu-tu-phat li").all_inner_texts() == [WEATHER["title"], HARVEST["title"]]
    assert weather.locator("input.order").input_value() == str(place - 1)
    assert harvest.locator("input.order").input_value() == str(place)

    page.fill("input[name=khung]", "10s")
    assert page.locator(".total.over").is_visible()
    assert "vượt" in page.locator("#so-voi-khung").inner_text()
    page.fill("input[name=khung]", "5m")
    assert page.locator(".total.over").count() == 0
    assert page.locator("#so-voi-khung").inner_text().startswith("/ khung 5:00 — còn ")
    screenshot(page, "05-ban-tin-chon")

    page.click("button:text('Tạo bản tin')")
    page.wait_for_url("**/ban-tin/b-*?da-tao=1")
    assert page.locator("[role=status]").inner_text() == "Đã tạo bản tin."
    titles = page.locator(".chapters .chapter-title").all_inner_texts()
    assert titles == [WEATHER["title"], HARVEST["title"]]
    built = seconds(page.locator(".facts div", has_text="Thời lượng").locator("dd").inner_text())
    assert abs(built - two) <= 1  # the estimate shown before building

    wait_until(page, "() => document.getElementById('ban-tin-player').readyState >= 1")
    second = page.locator(".chapters .chapter").nth(1)
    start = float(second.get_attribute("data-start"))
    second.click()
    wait_until(page, "start => document.getElementById('ban-tin-player').currentTime >= start", start)
    page.locator(".chapter.playing").wait_for()
    assert HARVEST["title"] in page.locator(".chapter.playing").inner_text()
    downloads = page.locator(".downloads a").all_inner_texts()
    assert downloads == ["Podcast (MP3)", "Bản phát sóng (WAV)", "Mục lục (JSON)"]
    page.evaluate("document.getElementById('ban-tin-player').pause()")
    screenshot(page, "05-ban-tin")
