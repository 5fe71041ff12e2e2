"""The staff pages in headless Chromium, against the served app, a real Redis and a real worker."""
from __future__ import annotations

import time

import pytest

from tests.support.browser import wait_until
from tests.web.browser.conftest import PASSWORD, USERNAME

pytestmark = pytest.mark.integration

FLOOD = {
    "id": "mua-lu-huong-hoa",
    "title": "Hướng Hóa khắc phục sạt lở sau mưa lũ",
    "body": ("Sáng 26/11, UBND huyện Hướng Hóa huy động 300 người khắc phục sạt lở.\n\n"
             "Đến trưa, tuyến đường đã thông xe. QTV sẽ tiếp tục đưa tin."),
    "published": "2026-11-26T09:30:00+07:00",
    "author": "Minh Hoàng",
}
BRIDGE = {
    "id": "khanh-thanh-cau",
    "title": "Khánh thành cầu mới qua sông Hiếu",
    "body": "Sáng nay, tỉnh khánh thành cầu mới qua sông Hiếu.\n\nCầu dài 320 mét, rộng 12 mét.",
    "published": "2026-11-27T08:00:00+07:00",
    "author": "Thanh Tâm",
}


@pytest.fixture(scope="module")
def published(live_site):
    """An article the CMS sent, rendered and published by the worker."""
    sent = live_site.post_article(FLOOD)
    live_site.wait_published(sent["id"])
    return sent["id"]


def test_sign_in_sends_the_editor_back_to_the_page_they_asked_for(page, live_site, screenshot):
    page.goto(live_site.url("/tu-dien"))
    assert page.url == live_site.url("/dang-nhap?next=%2Ftu-dien")
    screenshot(page, "01-dang-nhap")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", "khong-dung-mat-khau")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url("/tu-dien"))
    assert page.locator("h1").inner_text() == "Từ điển phát âm"


def test_an_article_from_the_webhook_appears_and_turns_published_without_reloading(staff_page, live_site,
                                                                                    screenshot):
    page = staff_page
    page.evaluate("window.sameDocument = true")
    sent = live_site.post_article(BRIDGE)
    row = page.locator(f"tr[data-id='{sent['id']}']")
    row.wait_for()
    assert row.locator("td").nth(1).inner_text() == BRIDGE["title"]  # after the cell that picks failed ones
    row.locator(".status", has_text="Đã phát hành").wait_for(timeout=45_000)
    assert page.evaluate("window.sameDocument") is True  # the page was never reloaded
    cells = row.locator("td").all_inner_texts()
    assert cells[2] == "27/11/2026 08:00" and cells[4] == "espeak" and cells[5].count(":") == 1
    screenshot(page, "02-bai-viet")


def test_clicking_a_sentence_plays_the_episode_from_there(staff_page, live_site, published, screenshot):
    page = staff_page
    page.goto(live_site.url(f"/bai-viet/{published}"))
    wait_until(page, "() => document.getElementById('player').readyState >= 1")
    sentence = page.locator(".transcript .sentence").nth(3)
    start = float(sentence.get_attribute("data-start"))
    assert start > 2
    page.evaluate("""() => {
        const a = document.getElementById('player');
        window.firstPlayedAt = null;
        a.addEventListener('playing', () => { if (window.firstPlayedAt === null) window.firstPlayedAt = a.currentTime; });
    }""")
    sentence.click()
    wait_until(page, "() => window.firstPlayedAt !== null")
    # Where playback began: the sentence's start, not the beginning of the episode.
    assert page.evaluate("window.firstPlayedAt") == pytest.approx(start, abs=0.3)
    page.locator(".sentence.playing").wait_for()
    assert page.locator(".sentence.playing").inner_text() == sentence.inner_text()
    # Let a moment of audio pass so the screenshot shows the player running.
    time.sleep(0.3)
    screenshot(page, "03-bai-viet-chi-tiet")
    spoken = page.locator("table.spoken tr.changed td:nth-child(3)").all_inner_texts()
    assert any("ba trăm" in cell for cell in spoken)


def test_adding_a_lexicon_entry_lists_it_and_offers_the_articles_using_it(staff_page, live_site, published,
                                                                            screenshot):
    page = staff_page
    page.goto(live_site.url("/tu-dien"))
    page.fill(".add-entry input[name=term]", "QTV")
    page.fill(".add-entry input[name=spoken]", "Quảng Trị ti vi")
    page.click(".add-entry button[type=submit]")
    page.wait_for_url("**/tu-dien?luu=QTV")
    assert page.locator("[role=status] p").first.inner_text() == "Đã lưu “QTV”."
    entry = page.locator("form.entry", has=page.locator("input[name=term][value='QTV']"))
    assert entry.locator("input[name=spoken]").input_value() == "Quảng Trị ti vi"
    offered = page.locator("input[name=article]")
    assert offered.count() == 1 and offered.get_attribute("value") == published and offered.is_checked()
    screenshot(page, "04-tu-dien")
    assert (live_site.data_dir / "lexicon.txt").read_text(encoding="utf-8") == "QTV = Quảng Trị ti vi\n"
    page.click("form[action='/tu-dien/doc-lai'] button[type=submit]")
    page.wait_for_url("**/tu-dien?da-xep=1")
    assert page.locator("[role=status]").first.inner_text() == "Đã xếp hàng đọc lại 1 bài."
    live_site.wait_published(published)


def test_pages_are_served_under_the_content_security_policy_and_injected_script_does_not_run(
        staff_page, live_site, csp_violations):
    page = staff_page
    response = page.goto(live_site.url("/tu-dien"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.append(script);
        const button = document.createElement('button');
        button.setAttribute('onclick', 'window.clicked = true');
        document.body.append(button);
        button.click();
    }""")
    assert page.evaluate("window.injected === undefined && window.clicked === undefined")
    deadline = time.monotonic() + 5
    while len(csp_violations) < 2 and time.monotonic() < deadline:  # the console messages arrive a moment later
        page.wait_for_timeout(50)
    assert len(csp_violations) == 2 and all("script-src" in message for message in csp_violations)
    csp_violations.clear()  # provoked on purpose


def test_signing_out_ends_the_session_in_the_browser(staff_page, live_site):
    page = staff_page
    page.click("form.sign-out button[type=submit]")
    page.wait_for_url(live_site.url("/dang-nhap"))
    page.goto(live_site.url("/bai-viet"))
    assert page.url == live_site.url("/dang-nhap?next=%2Fbai-viet")
    assert page.locator("h1").inner_text() == "Đăng nhập"
