"""The staff pages on a phone (390 × 844): nothing scrolls sideways, and the player stays in view
while the transcript scrolls."""
from __future__ import annotations

import pytest

from articles.store import Store
from tests.support.browser import wait_until
from tests.web.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.integration

LONG = {
    "id": "dien-dan-kinh-te-bien",
    "title": "Diễn đàn kinh tế biển miền Trung thu hút hơn 1.200 doanh nghiệp tham dự trong hai ngày",
    "body": "\n\n".join([
        "Sáng 27/11, tại thành phố Đông Hà, UBND tỉnh khai mạc Diễn đàn kinh tế biển miền Trung lần thứ IV.",
        "Hơn 1.200 doanh nghiệp trong và ngoài nước đăng ký tham dự, tăng 35% so với năm trước.",
        "Các đại biểu thảo luận về cảng biển, logistics, du lịch và nuôi trồng thủy sản bền vững.",
        "Theo Sở Kế hoạch và Đầu tư, tổng vốn đăng ký của các dự án ký kết đạt khoảng 12.500 tỷ đồng.",
        "Diễn đàn kéo dài đến hết ngày 28/11 với 6 phiên chuyên đề và triển lãm sản phẩm.",
    ]),
    "published": "2026-11-27T10:00:00+07:00",
    "author": "Lê Na",
}
FAILED = {"id": "tin-loi-trang", "title": "Tin có trang gốc không tải được",
          "body": "Sáng nay, tỉnh họp bàn công tác phòng chống lụt bão.", "published": "2026-11-27T11:00:00+07:00"}
LONG_REASON = ("page not read: https://radio.example.vn/" + "duong-dan-rat-dai-khong-co-cho-ngat-" * 6
               + ": timed out after 15 s")


@pytest.fixture(scope="module")
def articles(live_site):
    """A long article published, and one that failed with a long unbroken reason."""
    for article in (LONG, FAILED):
        live_site.post_article(article)
    for article in (LONG, FAILED):
        live_site.wait_published(article["id"])
    store = Store(f"sqlite:///{live_site.data_dir / 'loa.db'}")
    try:
        store.set_status(FAILED["id"], "failed", error=LONG_REASON)
    finally:
        store.close()
    return LONG["id"]


@pytest.fixture
def phone(browser, live_site, csp_violations):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, live_site)
    yield page
    context.close()
    assert csp_violations == []


def test_no_staff_page_scrolls_sideways_on_a_phone_and_the_player_sticks(phone, live_site, articles, screenshot):
    pages = {"bai-viet": "/bai-viet", "bai-viet-loi": "/bai-viet?trang-thai=failed",
             "bai-viet-chi-tiet": f"/bai-viet/{articles}", "bai-viet-loi-chi-tiet": f"/bai-viet/{FAILED['id']}",
             "them-bai": "/them-bai", "tu-dien": "/tu-dien", "ban-tin": "/ban-tin",
             "nghe-tai": "/nghe-tai"}
    for name, path in pages.items():
        phone.goto(live_site.url(path))
        phone.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        width = phone.evaluate("document.documentElement.scrollWidth")
        screenshot(phone, f"dien-thoai-{name}")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a {PHONE['width']} px phone"
    # The picker has an article to choose from; the failed one has its explanation.
    phone.goto(live_site.url("/ban-tin"))
    assert phone.locator("table.picks tbody tr").count() >= 1
    phone.goto(live_site.url("/bai-viet"))
    assert phone.locator(f"tr[data-id='{FAILED['id']}'] .reason p").first.inner_text() == (
        "Trang bài gốc không trả lời kịp.")

    phone.goto(live_site.url(f"/bai-viet/{articles}"))
    phone.locator("table.spoken").scroll_into_view_if_needed()
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    wait_until(phone, "() => window.scrollY > 400")
    top = phone.evaluate("document.querySelector('.player').getBoundingClientRect().top")
    assert 0 <= top <= 1  # pinned to the top of the screen while the transcript scrolls beneath
    screenshot(phone, "dien-thoai-trinh-phat-dinh")
