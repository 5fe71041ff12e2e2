"""The newsroom's signals in the staff pages, in Chromium at desktop and phone sizes: an embargoed
article scheduled with its time, and a CMS that was never told an article's audio is ready."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from articles.store import Store
from tests.support.axe import violations
from tests.web.browser.conftest import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.integration

AT = (datetime.now(UTC) + timedelta(days=2)).replace(second=0, microsecond=0)
SCHEDULED = {"id": "hen-gio-quy-hoach", "title": "Công bố quy hoạch tỉnh thời kỳ mới",
             "body": "Chiều nay, tỉnh công bố quy hoạch giai đoạn mới.", "published": AT.isoformat()}
NOT_TOLD = {"id": "cms-chua-nhan", "title": "Khai mạc hội chợ thương mại biên giới",
            "body": "Sáng nay, hội chợ thương mại biên giới khai mạc tại Lao Bảo.",
            "published": "2026-11-27T09:00:00+07:00"}
REASON = "cannot connect to cms.example.vn: Connection refused"


@pytest.fixture(scope="module")
def newsroom(live_site):
    for article in (SCHEDULED, NOT_TOLD):
        live_site.post_article(article)
    for article in (SCHEDULED, NOT_TOLD):
        live_site.wait_published(article["id"])
    store = Store(f"sqlite:///{live_site.data_dir / 'loa.db'}")
    try:
        content = store.state(NOT_TOLD["id"]).content_hash
        for attempt in range(1, 5):
            store.callbacks.record(NOT_TOLD["id"], content, attempt, "retrying", reason=REASON,
                                   next_try_at=datetime.now(UTC))
        store.callbacks.record(NOT_TOLD["id"], content, 5, "failed", reason=REASON)
    finally:
        store.close()


def test_scheduled_articles_and_untold_cms_show_in_the_list_and_pages(browser, live_site, newsroom, screenshot):
    local = AT.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")
    for name, viewport in (("may-tinh", DESKTOP), ("dien-thoai", PHONE)):
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            sign_in(page, live_site)
            for _ in range(2):  # as served, then as the page's polling draws the rows again
                scheduled = page.locator(f"tr[data-id='{SCHEDULED['id']}'] .status")
                assert scheduled.inner_text() == f"Hẹn giờ {local}"
                assert "status-scheduled" in scheduled.get_attribute("class")
                marker = page.locator(f"tr[data-id='{NOT_TOLD['id']}'] .callback-failed")
                assert marker.inner_text() == "Chưa báo được CMS"
                page.wait_for_timeout(3500)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(page, f"bai-viet-hen-gio-cms-{name}")
            assert violations(page) == []

            page.goto(live_site.url(f"/bai-viet/{NOT_TOLD['id']}"))
            notice = page.locator(".notice.callback")
            assert "Không báo được cho CMS rằng bản đọc đã sẵn sàng (đã thử 5 lần" in notice.inner_text()
            # This site sets no LOA_CALLBACK_URL: no button to send again, and the page says why.
            assert "Địa chỉ báo tin cho CMS hiện không được đặt" in notice.inner_text()
            assert page.get_by_role("button", name="Báo lại cho CMS").count() == 0
            notice.locator("summary").click()
            assert notice.locator("code.detail").inner_text() == REASON
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(page, f"bai-viet-cms-chua-nhan-{name}")
            assert violations(page) == []

            page.goto(live_site.url(f"/bai-viet/{SCHEDULED['id']}"))
            assert page.locator(".facts .status").inner_text() == f"Hẹn giờ {local}"
            screenshot(page, f"bai-viet-hen-gio-{name}")
            assert violations(page) == []
        finally:
            context.close()
