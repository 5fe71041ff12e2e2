"""The listeners' pages and the embedded player in headless Chromium, as a listener and a station's
article page use them: keyboard only, at desktop and phone sizes, nothing fetched from anyone else."""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.axe import violations
from tests.support.browser import wait_until
from tests.web.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.integration

STORM = {
    "id": "bao-so-15",
    "title": "Bão số 15 áp sát đất liền, Quảng Trị cấm biển",
    "body": ("Chiều 28/11, bão số 15 cách đất liền khoảng 200 km, gió mạnh cấp 10.\n\n"
             "Tỉnh Quảng Trị cấm tàu thuyền ra khơi từ 12 giờ trưa nay. Các huyện ven biển sơ tán "
             "hơn 3.000 hộ dân ở vùng trũng thấp.\n\n"
             "Lực lượng cứu hộ trực 24/24 giờ tại các điểm xung yếu. Người dân cần theo dõi bản tin "
             "thời tiết và không ra đường khi có gió mạnh.\n\n"
             "Sở Nông nghiệp đề nghị các hộ nuôi trồng thủy sản thu hoạch sớm để giảm thiệt hại."),
    "published": "2026-11-28T15:00:00+07:00",
    "url": "https://www.baoquangtri.vn/tin/bao-so-15.htm",
}
HOST_PATH = "/tin/bao-so-15.htm"


@pytest.fixture(scope="module")
def episode_id(live_site):
    sent = live_site.post_article(STORM)
    live_site.wait_published(sent["id"])
    return sent["id"]


@pytest.fixture
def station_site(tmp_path):
    """``serve(html)``: the station's article page on a web server of its own (another origin than
    Loa's; on this machine, as Chromium lets no public origin reach a loopback address); its URL."""
    servers = []

    def serve(html: str) -> str:
        page = tmp_path / HOST_PATH.lstrip("/")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
        handler = functools.partial(QuietHandler, directory=str(tmp_path))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{HOST_PATH}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def only_ours(page, base_url: str, allowed: tuple[str, ...] = ()) -> list[str]:
    return [u for u in page.requests if not u.startswith(base_url + "/") and not u.startswith(allowed)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_show_and_episode_pages_play_by_keyboard_and_follow_the_transcript(new_page, live_site, episode_id,
                                                                          screenshot):
    for name, viewport in (("may-tinh", DESKTOP), ("dien-thoai", PHONE)):
        page = new_page(viewport)
        page.goto(live_site.url("/nghe/"))
        assert page.title() == "Loa — Tin tức"
        assert page.locator("ol.episodes h3 a", has_text=STORM["title"]).count() == 1
        assert no_sideways_scroll(page)
        page.get_by_role("button", name="Sao chép").click()
        # The message follows the clipboard's promise: it comes a moment after the click.
        said = wait_until(page, "() => document.querySelector('[data-copied]').textContent.trim()")
        assert said == "Đã sao chép."
        screenshot(page, f"nghe-kenh-{name}")
        assert violations(page) == []

        page.locator("ol.episodes h3 a", has_text=STORM["title"]).click()
        page.wait_for_url(live_site.url(f"/nghe/{episode_id}"))
        wait_until(page, "() => document.querySelector('audio').readyState >= 1")
        assert no_sideways_scroll(page)
        screenshot(page, f"nghe-tap-{name}")
        assert violations(page) == []
        assert only_ours(page, live_site.base_url) == []

    # Keyboard only: Tab to the play button, Enter plays, the speed changes, arrows move by 5 s.
    page.locator("body").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('play')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Nghe"
    page.keyboard.press("Enter")
    wait_until(page, "() => !document.querySelector('audio').paused")
    # The label follows the audio's "play" event, which comes after ``paused`` turns false.
    wait_until(page, "() => document.querySelector('.play').getAttribute('aria-label') === 'Tạm dừng'")
    page.locator(".speed select").select_option("1.5")
    assert page.evaluate("document.querySelector('audio').playbackRate") == 1.5
    page.locator(".play").focus()
    page.keyboard.press("Space")
    wait_until(page, "() => document.querySelector('audio').paused")
    before = page.evaluate("document.querySelector('audio').currentTime")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.querySelector('audio').currentTime") == pytest.approx(before + 5, abs=0.5)
    assert "trên" in page.locator(".player .status").inner_text()

    # The transcript follows: at a sentence's time it is the one marked.
    cue = page.locator(".transcript .cue").nth(3)
    page.evaluate("t => { document.querySelector('audio').currentTime = t; }", float(cue.get_attribute("data-start")) + 0.1)
    wait_until(page, "i => document.querySelectorAll('.transcript .cue')[i].classList.contains('now')", 3)
    assert page.locator(".cue.now").all_inner_texts() == [cue.inner_text()]
    assert page.locator(".cue[aria-current=true]").count() == 1
    # A chapter-less short episode has no chapter list, the source is linked.
    assert page.locator("p.source a").get_attribute("href") == STORM["url"]


def test_the_embedded_player_on_a_station_page(new_page, live_site, episode_id, station_site, screenshot):
    host_html = (f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Báo Quảng Trị</title>"
                 f"<link rel='icon' href='data:,'></head>"
                 f"<body><h1>{STORM['title']}</h1><p>Nghe bài này:</p>"
                 f"<script src='{live_site.url('/nhung/player.js')}' data-episode='{episode_id}' "
                 f"data-color='#c0392b'></script><p>Nội dung bài báo.</p></body></html>")
    host = station_site(host_html)
    for name, viewport in (("may-tinh", DESKTOP), ("dien-thoai", PHONE)):
        page = new_page(viewport)
        page.goto(host)
        frame = page.frame_locator("iframe")
        frame.locator(".controls:not([hidden])").wait_for()
        assert frame.locator(".play").evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(192, 57, 43)"
        screenshot(page, f"nhung-{name}")
        assert only_ours(page, live_site.base_url, (host,)) == []
        if name == "dien-thoai":
            break
        # Keyboard: Space on the focused play button plays; the speed control; arrows seek.
        frame.locator(".play").focus()
        page.keyboard.press("Space")
        frame.locator(".player.playing").wait_for()
        assert frame.locator(".play").get_attribute("aria-label") == "Tạm dừng"
        assert "Đang phát" in frame.locator("[aria-live=polite]").inner_text()
        frame.locator(".speed select").select_option("1.25")
        assert frame.locator("audio").evaluate("a => a.playbackRate") == 1.25
        frame.locator(".play").focus()
        page.keyboard.press("Space")
        frame.locator(".player:not(.playing)").wait_for()
        frame.locator(".play").focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        stopped = frame.locator("audio").evaluate("a => a.currentTime")
        assert stopped > 9
        page.keyboard.press("Space")  # plays, then pauses again: the place is saved on pause
        frame.locator(".player.playing").wait_for()
        page.keyboard.press("Space")
        frame.locator(".player:not(.playing)").wait_for()
        stopped = frame.locator("audio").evaluate("a => a.currentTime")

        # The listener comes back: the player resumes where they stopped, at the speed they chose.
        page.reload()
        frame = page.frame_locator("iframe")
        frame.locator(".controls:not([hidden])").wait_for()
        assert frame.locator("audio").evaluate("a => a.currentTime") == pytest.approx(int(stopped), abs=1)
        assert frame.locator(".speed select").input_value() == "1.25"
        assert "Nghe tiếp từ" in frame.locator("[aria-live=polite]").inner_text()
        assert only_ours(page, live_site.base_url, (host,)) == []

    page = new_page(DESKTOP)
    page.goto(live_site.url(f"/nhung/{episode_id}"))
    assert violations(page) == []
