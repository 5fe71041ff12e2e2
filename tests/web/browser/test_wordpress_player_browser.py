"""The WordPress plugin's player (integrations/wordpress) in Chromium: the plugin (run without WordPress, through
tests/integrations/wordpress_harness.php) publishes a post to a real Loa with a real worker and puts
the player under it; the post's page, served from another origin, shows the player, which plays,
is reached by keyboard, fits its frame and passes axe at desktop and phone sizes."""
from __future__ import annotations

import functools
import html
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.integrations.test_wordpress import wordpress
from tests.support.axe import violations
from tests.support.browser import wait_until
from tests.web.browser.conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.integration

SIZES = {"may-tinh": {"width": 1280, "height": 900}, "dien-thoai": {"width": 390, "height": 844}}
POST = {
    "ID": 318, "post_type": "post", "post_status": "publish",
    "post_title": "Huế mở lại tuyến xe buýt ven sông Hương",
    "post_content": ("<p>Từ sáng 26/11, thành phố Huế mở lại tuyến xe buýt chạy dọc bờ sông Hương.</p>\n\n"
                     "<p>Tuyến dài 14 km, có 22 điểm dừng, chạy từ 6 giờ đến 20 giờ mỗi ngày.</p>"),
    "post_author": 5, "post_date_gmt": "2026-11-26 00:30:00", "post_modified_gmt": "2026-11-26 00:30:00",
}
ARTICLE_ID = "wp-318"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def post_page(live_site, tmp_path_factory):
    """The post published by the plugin and read by Loa's worker; its page as the theme prints it,
    with what the plugin's ``the_content`` filter makes of the post, on a web server of its own."""
    options = {"loa_podcast_base_url": live_site.base_url, "loa_podcast_secret": WEBHOOK_SECRET}
    sent = wordpress({"options": options, "post": POST, "do": "transition", "args": ["publish", "draft"]})
    assert [r["status"] for r in sent["requests"]] == [202], sent
    live_site.wait_published(ARTICLE_ID)

    content = wordpress({"options": options, "post": POST, "do": "content", "content": POST["post_content"]})["output"]
    assert content.count("<iframe") == 1
    title = html.escape(POST["post_title"])
    root = tmp_path_factory.mktemp("wordpress")
    (root / "index.html").write_text(
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title} – Tin Huế</title><link rel='icon' href='data:,'></head>"
        f"<body><header><a href='/'>Tin Huế</a></header><main><article class='post'><h1>{title}</h1>"
        f"<div class='entry-content'>{content}</div></article></main>"
        f"<footer><p>Tin Huế, 2026.</p></footer></body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    """(name of the size, a page of that size); axe needs the context to let it inject its script.
    Every error the page or the player meets is collected and must stay empty."""
    context = browser.new_context(locale="vi-VN", viewport=SIZES[request.param], bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield request.param, page
    context.close()
    assert problems == []


def test_the_player_under_the_post_plays_by_keyboard_and_passes_axe(sized, live_site, post_page, screenshot):
    size, page = sized
    page.goto(post_page)
    iframe = page.locator("article.post .entry-content iframe.loa-podcast-player")
    assert iframe.get_attribute("src") == live_site.url(f"/nhung/{ARTICLE_ID}")
    # Under the post: after its last paragraph, inside the post.
    assert page.evaluate("document.querySelector('.entry-content').lastElementChild.tagName") == "IFRAME"
    assert page.evaluate("""() => {
        const [text, frame] = [document.querySelector('.entry-content p:last-of-type'),
                               document.querySelector('iframe.loa-podcast-player')];
        return text.getBoundingClientRect().bottom <= frame.getBoundingClientRect().top;
    }""")
    frame = iframe.element_handle().content_frame()
    assert frame is not None
    player = page.frame_locator("iframe.loa-podcast-player")
    player.locator(".controls:not([hidden])").wait_for()
    assert player.locator(".embed-title").inner_text() == POST["post_title"]
    # The whole player fits the frame the plugin makes: nothing cut off, nothing to scroll.
    assert frame.evaluate("document.documentElement.scrollHeight <= window.innerHeight"), size
    assert frame.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), size
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), size
    screenshot(page, f"wordpress-trinh-phat-{size}")
    assert violations(page) == []
    assert violations(frame) == []

    # Keyboard only, from the top of the post's page: Tab reaches the play button inside the frame.
    page.locator("body").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if frame.evaluate("document.hasFocus() && document.activeElement.classList.contains('play')"):
            break
    else:
        pytest.fail("Tab never reached the player's play button")
    assert frame.evaluate("document.activeElement.getAttribute('aria-label')") == "Nghe"
    page.keyboard.press("Enter")
    player.locator(".player.playing").wait_for()
    assert player.locator(".play").get_attribute("aria-label") == "Tạm dừng"
    wait_until(frame, "() => document.querySelector('audio').currentTime > 0.5")
    page.keyboard.press("Space")
    player.locator(".player:not(.playing)").wait_for()
    assert frame.evaluate("document.querySelector('audio').paused")
    screenshot(page, f"wordpress-trinh-phat-da-nghe-{size}")
