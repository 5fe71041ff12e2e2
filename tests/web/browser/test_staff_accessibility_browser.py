"""Every staff page in Chromium at desktop (1280) and phone (390) widths, with something on it to
show: axe-core finds no violation, nothing scrolls sideways, and a screenshot of each is saved."""
from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from articles.model import BulletinRequest
from articles.store import Store
from tests.support.axe import violations
from tests.support.workers import run_loa, wait_for
from tests.web.browser.conftest import PASSWORD, USERNAME, sign_in

pytestmark = pytest.mark.integration

SIZES = {"may-tinh": {"width": 1280, "height": 900}, "dien-thoai": {"width": 390, "height": 844}}
MARKET = {
    "id": "cho-dong-ha-tet",
    "title": "Chợ Đông Hà tấp nập hàng Tết sớm",
    "body": ("Sáng 25/11, chợ Đông Hà đã bày bán nhiều mặt hàng Tết với giá ổn định.\n\n"
             "BQL chợ cho biết có khoảng 450 gian hàng, tăng 15% so với năm trước."),
    "published": "2026-11-25T07:30:00+07:00",
    "author": "Hoài Thu",
}
SCHOOL = {
    "id": "truong-moi-vinh-linh",
    "title": "Vĩnh Linh đưa trường học mới vào sử dụng",
    "body": "Sáng nay, huyện Vĩnh Linh đưa ngôi trường mới vào sử dụng.\n\nTrường có 24 phòng học và một nhà thể chất.",
    "published": "2026-11-25T08:15:00+07:00",
}
BROKEN = {"id": "tin-khong-doc-duoc", "title": "Tin có trang gốc không tải được",
          "body": "Chiều nay, tỉnh họp bàn kế hoạch trồng rừng ven biển.", "published": "2026-11-25T09:00:00+07:00"}


@pytest.fixture(scope="module")
def newsroom(live_site) -> Iterator[dict[str, str]]:
    """Two articles published, one failed, a bulletin built, one still waiting for a worker, a lexicon
    entry and characters sent to an engine: each staff page has rows, notices and details to show."""
    for article in (MARKET, SCHOOL, BROKEN):
        live_site.post_article(article)
    for article in (MARKET, SCHOOL, BROKEN):
        live_site.wait_published(article["id"])
    lexicon = live_site.data_dir / "lexicon.txt"
    kept = lexicon.read_text(encoding="utf-8") if lexicon.exists() else None
    lexicon.write_text("BQL = ban quản lý\n", encoding="utf-8")
    store = Store(f"sqlite:///{live_site.data_dir / 'loa.db'}")
    try:
        store.set_status(BROKEN["id"], "failed", error="page not read: https://radio.example.vn/tin: timed out after 15 s")
        store.usage.add("fpt", 1834, datetime.now(UTC).date())
        store.usage.add("fpt", 420, date.fromordinal(datetime.now(UTC).date().toordinal() - 1))
        waiting = store.bulletin_requests.add(BulletinRequest(
            id=uuid.uuid4().hex, article_ids=(MARKET["id"],), slot_seconds=None,
            at=datetime.now(UTC).replace(second=0, microsecond=0), requested_by=USERNAME, status="queued"))
    finally:
        store.close()
    built = run_loa(["bulletin", "--since", "2026-11-25T07:00:00+07:00", "--until", "2026-11-25T10:00:00+07:00"],
                    live_site.env)
    assert built.returncode == 0, built.stderr
    bulletin_id = built.stdout.split()[0]
    yield {
        "dang-nhap": "/dang-nhap",
        "bai-viet": "/bai-viet",
        "bai-viet-loc": "/bai-viet?trang-thai=failed&q=trang",
        "bai-viet-chi-tiet": f"/bai-viet/{MARKET['id']}",
        "bai-viet-loi-chi-tiet": f"/bai-viet/{BROKEN['id']}",
        "them-bai": "/them-bai",
        "tu-dien": "/tu-dien",
        "tu-dien-da-luu": "/tu-dien?luu=BQL",
        "ban-tin": "/ban-tin",
        "ban-tin-dang-tao": f"/ban-tin/yeu-cau/{waiting.id}",
        "ban-tin-chi-tiet": f"/ban-tin/{bulletin_id}",
        "giong-doc": "/giong-doc",
        "nghe-tai": "/nghe-tai",
        "khong-tim-thay": "/bai-viet/khong-co-bai-nay",
    }
    # The other browser tests share this site: its lexicon is left as it was.
    if kept is None:
        lexicon.unlink()
    else:
        lexicon.write_text(kept, encoding="utf-8")


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    """(name of the size, a page of that size); axe needs the context to let it inject its script."""
    context = browser.new_context(locale="vi-VN", viewport=SIZES[request.param], bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield request.param, page
    context.close()


def check(page, name: str, screenshot) -> list[str]:
    """Open every ``details``, save the screenshot, and return what is wrong: axe's violations and a
    page wider than the screen."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    screenshot(page, f"tiep-can-{name}")
    found = violations(page)
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        found.append("the page scrolls sideways")
    return found


def test_every_staff_page_passes_axe_at_desktop_and_phone_sizes(sized, live_site, newsroom, screenshot):
    size, page = sized
    found: dict[str, list[str]] = {}

    page.goto(live_site.url("/dang-nhap"))
    found["dang-nhap"] = check(page, f"dang-nhap-{size}", screenshot)
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", "khong-phai-mat-khau")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    found["dang-nhap-sai"] = check(page, f"dang-nhap-sai-{size}", screenshot)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url("/bai-viet"))

    for name, path in newsroom.items():
        if name == "dang-nhap":
            continue
        page.goto(live_site.url(path))
        found[name] = check(page, f"{name}-{size}", screenshot)

    # The forms' refusals, as staff see them.
    page.goto(live_site.url("/them-bai"))
    page.click("form.add-article button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "Hãy dán nội dung bài hoặc nhập địa chỉ của bài."
    found["them-bai-loi"] = check(page, f"them-bai-loi-{size}", screenshot)
    page.goto(live_site.url("/ban-tin"))
    page.fill("input[name=khung]", "không phải thời lượng")
    page.locator(f"tr[data-id='{MARKET['id']}'] input[type=checkbox]").check()
    page.click("button:text('Tạo bản tin')")
    page.locator("[role=alert]").wait_for()
    found["ban-tin-loi"] = check(page, f"ban-tin-loi-{size}", screenshot)

    # What each page is for is on it: the rows, the player, the table of spoken text, the charts.
    page.goto(live_site.url(newsroom["bai-viet-chi-tiet"]))
    assert page.locator("table.spoken tbody tr").count() >= 2
    assert page.locator("audio#player").count() == 1
    page.goto(live_site.url(newsroom["ban-tin-chi-tiet"]))
    assert page.locator(".chapters .chapter-title").all_inner_texts() == [SCHOOL["title"], MARKET["title"]]
    assert page.get_by_role("region", name="Nghe bản tin").locator("audio").count() == 1
    page.goto(live_site.url("/giong-doc"))
    assert page.locator("tr[data-engine=fpt] .today").inner_text() == "1.834"
    # One button per voice, and a screen reader says which voice each one is for.
    names = page.locator("table.voices td.sample button").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert len(names) >= 2 and len(set(names)) == len(names)
    assert "Nghe thử giọng Giọng máy (espeak-ng, không cần mạng)" in names
    page.goto(live_site.url(newsroom["tu-dien-da-luu"]))
    assert page.locator("[role=status] input[name=article]").evaluate_all("xs => xs.map(x => x.value)") == [MARKET["id"]]
    assert page.get_by_role("button", name="Xoá “BQL”", exact=True).count() == 1
    assert page.get_by_role("textbox", name="Cách đọc của BQL", exact=True).input_value() == "ban quản lý"

    assert {name: lines for name, lines in found.items() if lines} == {}


def sample_ready(page, live_site) -> bool:
    page.goto(live_site.url("/giong-doc"))
    return page.locator("tr[data-voice=may-doc] audio").count() == 1


def test_a_voice_sample_asked_for_and_ready_passes_axe_at_both_sizes(browser, live_site, newsroom, screenshot):
    found: dict[str, list[str]] = {}
    for size, viewport in SIZES.items():
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            sign_in(page, live_site)
            page.goto(live_site.url("/giong-doc"))
            if size == "may-tinh":
                page.get_by_role("button", name="Nghe thử giọng Giọng máy (espeak-ng, không cần mạng)",
                                 exact=True).click()
                page.wait_for_url("**/giong-doc?da-xep=may-doc")
                assert page.locator("[role=status]").inner_text().startswith("Đã gửi yêu cầu đọc câu mẫu.")
                found[f"giong-doc-da-gui-{size}"] = check(page, f"giong-doc-da-gui-{size}", screenshot)

            wait_for(functools.partial(sample_ready, page, live_site), 45, "the worker to read the sample sentence", 0.5)
            audio = page.get_by_label("Câu mẫu của giọng Giọng máy (espeak-ng, không cần mạng)", exact=True)
            assert audio.evaluate("a => a.tagName") == "AUDIO"
            found[f"giong-doc-mau-{size}"] = check(page, f"giong-doc-mau-{size}", screenshot)
        finally:
            context.close()
    assert {name: lines for name, lines in found.items() if lines} == {}
