"""The listeners' pages as anyone on the web sees them: no sign-in, only what is published."""
from __future__ import annotations

import doctest
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
import lxml.html
import podcastparser
import pytest
from fastapi.testclient import TestClient

from articles.model import Article, Block
from feeds.chapters import ChapterMark, publish_chapters
from loa.settings import Settings
from tests.support.queues import RedisTarget
from tests.support.workers import key_prefix
from web.app import create_app
from web.listen import oembed, public, snippets
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://radio.example.vn/loa"
HOSTILE = 'Giá xăng <script>alert("x")</script> & "tăng" \'nhẹ\''


def article(article_id: str, title: str, day: int, url: str | None = None, *bodies: str,
            published: datetime | None = None) -> Article:
    return Article(id=article_id, title=title, url=url,
                   published=published or datetime(2026, 11, day, 8, 0, tzinfo=HCM),
                   blocks=(Block("lead", "Sáng nay, UBND tỉnh họp bàn công tác ứng phó mùa lũ."),
                           *(Block("body", b) for b in bodies or ("Lực lượng chức năng trực suốt đêm.",))))


FLOOD = article("mua-lu", "Đường sạt lở ở Hướng Hóa được thông xe", 26, "https://baoquangtri.vn/tin/mua-lu.htm",
                "Có 1.200 hộ dân được di dời.", "Đến trưa, tuyến đường đã thông xe.")
PRICES = article("gia-xang", HOSTILE, 25, "javascript:alert(1)")
RETRACTED = article("da-go", "Bài đã gỡ khỏi kênh", 24)
FAILED = article("bi-loi", "Bài đọc bị lỗi", 23)
WAITING = article("chua-doc", "Bài chưa đọc", 22)
EMBARGOED = article("cam-dang", "Bài chờ giờ đăng", 1, published=datetime.now(UTC) + timedelta(days=30))
HIDDEN = (RETRACTED, FAILED, WAITING, EMBARGOED)


@pytest.fixture(scope="module")
def settings(tmp_path_factory, redis_url) -> Settings:
    target = RedisTarget(redis_url, key_prefix(redis_url))
    settings = Settings(data_dir=tmp_path_factory.mktemp("listen") / "var", engine="espeak",
                        redis_url=str(target), key_prefix=target.prefix, public_base_url=BASE,
                        feed_title="Loa Quảng Trị", feed_description="Tin tức Quảng Trị, đọc thành tiếng.")
    pipeline = Pipeline(settings)
    try:
        for a in (FLOOD, PRICES, RETRACTED, FAILED, WAITING, EMBARGOED):
            pipeline.store.save_article(a)
        for a in (FLOOD, PRICES, RETRACTED, FAILED, EMBARGOED):
            pipeline.render(a.id)
        pipeline.retract(RETRACTED.id)
        pipeline.store.set_status(FAILED.id, "failed", error="ServiceError: nội bộ")
        # Short articles get no chapters from the pipeline: give FLOOD a chapters file as a long one has.
        audio_key = pipeline.store.state(FLOOD.id).episode.audio_key
        publish_chapters(pipeline.storage.path(audio_key.removesuffix(".mp3") + ".chapters.json"),
                         [ChapterMark(0, None, FLOOD.title), ChapterMark(2.5, None, "Di dời dân")])
    finally:
        pipeline.close()
    return settings


@pytest.fixture(scope="module")
def client(settings):
    app = create_app(settings)
    with TestClient(app) as c:
        yield c


def parse(response) -> lxml.html.HtmlElement:
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def meta(doc, prop: str) -> str | None:
    found = doc.xpath(f"//meta[@property='{prop}' or @name='{prop}']/@content")
    return found[0] if found else None


def text(element) -> str:
    return " ".join(element.text_content().split())


# The show page --------------------------------------------------------------------------------

def test_the_show_page_is_open_to_everyone_and_lists_only_what_is_published(client):
    response = client.get("/nghe/")
    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    doc = parse(response)
    assert doc.get("lang") == "vi"
    assert doc.findtext(".//title") == "Loa Quảng Trị"
    assert [text(h) for h in doc.xpath("//ol[@class='episodes']/li/h3")] == [FLOOD.title, HOSTILE]
    assert doc.xpath("//ol[@class='episodes']/li/h3/a/@href") == ["../nghe/mua-lu", "../nghe/gia-xang"]
    page = text(doc)
    for hidden in HIDDEN:
        assert hidden.title not in page


def test_the_show_page_tells_apps_and_social_sites_what_it_is(client):
    doc = parse(client.get("/nghe/"))
    assert meta(doc, "og:title") == "Loa Quảng Trị"
    assert meta(doc, "og:description") == "Tin tức Quảng Trị, đọc thành tiếng."
    assert meta(doc, "og:image") == f"{BASE}/cover.png"
    assert meta(doc, "og:url") == f"{BASE}/nghe/"
    assert doc.xpath("//link[@rel='alternate' and @type='application/rss+xml']/@href") == [f"{BASE}/feed.xml"]
    assert doc.xpath("//img[@class='cover']/@src") == ["../cover.png"]


def test_the_show_page_offers_every_way_to_subscribe(client):
    doc = parse(client.get("/nghe/"))
    links = {text(a): a.get("href") for a in doc.xpath("//ul[@class='apps']//a")}
    assert links == {"Apple Podcasts": "podcast://radio.example.vn/loa/feed.xml",
                     "Spotify và ứng dụng khác (RSS)": f"{BASE}/feed.xml"}
    field = doc.get_element_by_id("dia-chi-kenh")
    assert field.get("value") == f"{BASE}/feed.xml" and field.get("readonly") is not None
    assert doc.xpath("//button[@data-copy='dia-chi-kenh']")
    assert doc.xpath("//label[@for='dia-chi-kenh']")


@pytest.mark.parametrize("path", ["/nghe/", "/nghe/mua-lu", "/nhung/mua-lu", "/nhung/player.js"])
def test_every_public_page_answers_head_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["cache-control"].startswith("public")


def test_the_show_page_without_its_slash_leads_there(client):
    response = client.get("/nghe", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "nghe/"


def test_the_feed_links_its_channel_to_the_show_page(settings):
    feed = feedparser.parse(settings.data_dir / "feed.xml")
    assert feed.bozo == 0
    assert feed.feed.link == f"{BASE}/nghe/"
    with open(settings.data_dir / "feed.xml", "rb") as document:
        assert podcastparser.parse(f"{BASE}/feed.xml", document)["link"] == f"{BASE}/nghe/"
    # An episode links to its article, or to its own page when the article has no usable address.
    links = {e.title: e.link for e in feed.entries}
    assert (links[FLOOD.title], links[HOSTILE]) == (FLOOD.url, f"{BASE}/nghe/gia-xang")


# The episode page ------------------------------------------------------------------------------

def test_the_episode_page_has_the_player_chapters_transcript_and_source(client):
    response = client.get("/nghe/mua-lu")
    assert response.status_code == 200 and "set-cookie" not in response.headers
    doc = parse(response)
    assert doc.findtext(".//title") == f"{FLOOD.title} · Loa Quảng Trị"
    assert text(doc.find(".//h1")) == FLOOD.title
    audio = doc.find(".//div[@data-player]/audio")
    assert audio.get("src").startswith("../episodes/") and audio.get("src").endswith(".mp3")
    assert audio.get("controls") is not None  # usable before (and without) the script
    assert [text(b) for b in doc.xpath("//ol[@class='chapters']//button")] == [
        f"0:00 {FLOOD.title}", "0:02 Di dời dân"]
    cues = doc.xpath("//div[@class='transcript']//span[@class='cue']")
    assert text(cues[0]) == FLOOD.title
    assert "Có 1.200 hộ dân được di dời." in [text(c) for c in cues]
    starts = [float(c.get("data-start")) for c in cues]
    assert starts == sorted(starts) and all(float(c.get("data-end")) > float(c.get("data-start")) for c in cues)
    assert doc.xpath("//p[@class='source']/a/@href") == [FLOOD.url]


def test_the_transcript_times_are_the_published_webvtt_cues(client, settings):
    import webvtt

    doc = parse(client.get("/nghe/mua-lu"))
    audio_key = doc.find(".//audio").get("src").removeprefix("../")
    vtt = webvtt.read(str(settings.data_dir / audio_key.replace(".mp3", ".vtt")))
    page = [(float(c.get("data-start")), float(c.get("data-end")), text(c))
            for c in doc.xpath("//span[@class='cue']")]
    assert page == [(_seconds(c.start), _seconds(c.end), " ".join(c.text.split())) for c in vtt]


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return round(int(hours) * 3600 + int(minutes) * 60 + float(seconds), 3)


def test_the_episode_page_tells_social_sites_and_cmss_what_to_embed(client):
    doc = parse(client.get("/nghe/mua-lu"))
    page_url = f"{BASE}/nghe/mua-lu"
    assert meta(doc, "og:title") == FLOOD.title
    assert meta(doc, "og:description") == FLOOD.blocks[0].text
    assert meta(doc, "og:url") == page_url
    assert meta(doc, "og:image") == f"{BASE}/cover.png"
    assert meta(doc, "og:audio").startswith(f"{BASE}/episodes/") and meta(doc, "og:audio:type") == "audio/mpeg"
    assert meta(doc, "twitter:player") == f"{BASE}/nhung/mua-lu"
    assert doc.xpath("//link[@rel='canonical']/@href") == [page_url]
    assert doc.xpath("//link[@type='application/rss+xml']/@href") == [f"{BASE}/feed.xml"]
    [discovery] = doc.xpath("//link[@rel='alternate' and @type='application/json+oembed']/@href")
    parts = urlsplit(discovery)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{BASE}/oembed"
    assert parse_qs(parts.query) == {"url": [page_url], "format": ["json"]}
    embed_line = lxml.html.fragment_fromstring(doc.get_element_by_id("ma-nhung").get("value"))
    assert embed_line.tag == "iframe" and embed_line.get("src") == f"{BASE}/nhung/mua-lu"


def test_a_hostile_title_is_text_everywhere_and_a_javascript_link_is_no_link(client):
    response = client.get("/nghe/gia-xang")
    assert "<script>alert" not in response.text
    doc = parse(response)
    assert text(doc.find(".//h1")) == HOSTILE
    assert meta(doc, "og:title") == HOSTILE
    assert not doc.xpath("//a[starts-with(@href, 'javascript')]") and not doc.xpath("//p[@class='source']")
    embed_line = lxml.html.fragment_fromstring(doc.get_element_by_id("ma-nhung").get("value"))
    assert embed_line.get("title") == f"Nghe: {HOSTILE}" and not embed_line.getchildren()
    assert [s.get("src") for s in doc.xpath("//script")] == ["../static/nghe.js"]


@pytest.mark.parametrize("path", [f"/nghe/{a.id}" for a in HIDDEN] + [f"/nhung/{a.id}" for a in HIDDEN] + [
    "/nghe/khong-co", "/nhung/khong-co", "/nghe/%00", "/nghe/..%2Ffeed.xml"])
def test_what_is_not_published_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "set-cookie" not in response.headers
    for hidden in HIDDEN:
        assert hidden.title not in response.text


# The embedded player ---------------------------------------------------------------------------

def test_the_embed_may_be_framed_by_any_site_while_other_pages_may_not(client):
    embed = client.get("/nhung/mua-lu")
    assert embed.status_code == 200
    assert embed.headers["content-security-policy"].endswith("frame-ancestors *")
    assert "x-frame-options" not in embed.headers
    for path in ("/nghe/mua-lu", "/nghe/", "/dang-nhap", "/oembed"):
        response = client.get(path)
        assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'"), path
        assert response.headers["x-frame-options"] == "DENY", path


def test_who_may_frame_the_embed_is_a_setting(settings):
    from dataclasses import replace

    app = create_app(replace(settings, embed_frame_ancestors="https://www.baoquangtri.vn"))
    with TestClient(app) as c:
        assert c.get("/nhung/mua-lu").headers["content-security-policy"].endswith(
            "frame-ancestors https://www.baoquangtri.vn")
        assert c.get("/bai-viet").headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("value", ["https://a.vn; script-src *", "https://a.vn,https://b.vn", " ", "a\r\nX: y"])
def test_a_frame_ancestors_setting_that_would_change_the_policy_is_refused(value):
    from loa.settings import SettingsError

    with pytest.raises(SettingsError, match="LOA_EMBED_FRAME_ANCESTORS"):
        Settings(embed_frame_ancestors=value)


def test_the_embed_takes_the_station_colour_only_as_a_colour(client):
    assert parse(client.get("/nhung/mua-lu?mau=C0392B")).get("data-color") == "#c0392b"
    for hostile in ("red", "c0392b;background:url(x)", '"><script>', "#12345"):
        assert parse(client.get("/nhung/mua-lu", params={"mau": hostile})).get("data-color") is None


def test_the_embed_is_accessible_markup(client):
    doc = parse(client.get("/nhung/mua-lu"))
    assert doc.findtext(".//title") == f"Nghe: {FLOOD.title}"
    buttons = doc.xpath("//div[@data-player]//button")
    assert [b.get("aria-label") for b in buttons] == ["Nghe", "Lùi 15 giây", "Tới 15 giây"]
    assert doc.xpath("//input[@type='range']/@aria-label") == ["Vị trí trong bài nghe"]
    assert doc.xpath("//select/@aria-label") == ["Tốc độ đọc"]
    assert [o.text for o in doc.xpath("//select/option")] == ["0,75×", "1×", "1,25×", "1,5×", "1,75×", "2×"]
    assert doc.xpath("//*[@aria-live='polite']")


def test_the_player_stays_under_its_size_budget(client):
    """Everything the embed loads (the loader, the page, its stylesheet and script) under 30 KB."""
    doc = parse(client.get("/nhung/mua-lu"))
    own = ["/nhung/player.js", "/nhung/mua-lu"] + [
        "/" + href.removeprefix("../") for href in doc.xpath("//link[@rel='stylesheet']/@href | //script/@src")]
    sizes = {path: len(client.get(path).content) for path in own}
    assert len(sizes) == 4 and all(sizes.values())
    assert sum(sizes.values()) < 30 * 1024, sizes


def test_the_loader_script_is_javascript(client):
    response = client.get("/nhung/player.js")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/javascript")
    assert "data-episode" in response.text


# oEmbed ------------------------------------------------------------------------------------------

# What oembed.com (section 2.3.4) asks of a response of type "rich".
RICH = {
    "type": "object",
    "required": ["version", "type", "html", "width", "height"],
    "properties": {
        "version": {"const": "1.0"},
        "type": {"const": "rich"},
        "html": {"type": "string", "minLength": 1},
        "width": {"type": "integer", "minimum": 1},
        "height": {"type": "integer", "minimum": 1},
        "title": {"type": "string"},
        "author_name": {"type": "string"},
        "provider_name": {"type": "string"},
        "provider_url": {"type": "string", "pattern": "^https?://"},
        "cache_age": {"type": "integer", "minimum": 0},
    },
    # A thumbnail comes with both of its sizes or not at all.
    "dependentRequired": {"thumbnail_url": ["thumbnail_width", "thumbnail_height"]},
}

def test_oembed_answers_a_rich_player_for_an_episode_page(client):
    response = client.get("/oembed", params={"url": f"{BASE}/nghe/mua-lu", "format": "json"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    jsonschema.validate(body, RICH)
    assert body["title"] == FLOOD.title and body["provider_name"] == "Loa Quảng Trị"
    assert body["provider_url"] == f"{BASE}/nghe/"
    assert isinstance(body["width"], int) and isinstance(body["height"], int)
    frame = lxml.html.fragment_fromstring(body["html"])
    assert frame.tag == "iframe" and frame.get("src") == f"{BASE}/nhung/mua-lu"
    assert (int(frame.get("width")), int(frame.get("height"))) == (body["width"], body["height"])
    assert frame.get("title") == f"Nghe: {FLOOD.title}"


@pytest.mark.parametrize("params,size", [
    ({"maxwidth": "400"}, (400, public.PLAYER_HEIGHT)),
    ({"maxwidth": "99999", "maxheight": "99999"}, (oembed.DEFAULT_WIDTH, public.PLAYER_HEIGHT)),
    ({"maxheight": str(public.PLAYER_HEIGHT)}, (oembed.DEFAULT_WIDTH, public.PLAYER_HEIGHT)),
])
def test_oembed_keeps_within_maxwidth_and_maxheight(client, params, size):
    body = client.get("/oembed", params={"url": f"{BASE}/nghe/mua-lu", **params}).json()
    jsonschema.validate(body, RICH)
    assert (body["width"], body["height"]) == size
    frame = lxml.html.fragment_fromstring(body["html"])
    assert (frame.get("width"), frame.get("height")) == (str(size[0]), str(size[1]))


@pytest.mark.parametrize("params,status", [
    ({"format": "xml"}, 501),
    ({"maxwidth": "100"}, 404),
    ({"maxheight": "40"}, 404),
    ({"maxwidth": "-5"}, 400),
    ({"maxwidth": "1e9"}, 400),
    ({"maxheight": "9" * 5000}, 400),
])
def test_oembed_refuses_formats_and_sizes_it_cannot_honour(client, params, status):
    response = client.get("/oembed", params={"url": f"{BASE}/nghe/mua-lu", **params})
    assert response.status_code == status and "html" not in response.json()


@pytest.mark.parametrize("url", [
    None, "", "https://evil.example/loa/nghe/mua-lu", "https://radio.example.vn.evil.example/loa/nghe/mua-lu",
    "https://radio.example.vn@evil.example/loa/nghe/mua-lu", "https://user:pw@radio.example.vn/loa/nghe/mua-lu",
    "https://radio.example.vn:8443/loa/nghe/mua-lu", "https://radio.example.vn/nghe/mua-lu",
    "https://radio.example.vn/loa/nghe/../bai-viet/mua-lu", "https://radio.example.vn/loa/nghe/mua-lu/../../dang-nhap",
    "https://radio.example.vn/loa/nghe/%2e%2e%2Ffeed.xml", "javascript:alert(1)//radio.example.vn/loa/nghe/mua-lu",
    "file:///etc/passwd", "//radio.example.vn/loa/nghe/mua-lu", "https://radio.example.vn/loa/nghe/mua-lu\r\nX: 1",
    "http://[::1/loa/nghe/mua-lu", "https://radio.example.vn:99999/loa/nghe/mua-lu",
    "https://radio.example.vn/loa/nghe/" + "a" * 5000,
    *(f"{BASE}/nghe/{a.id}" for a in HIDDEN),
])
def test_oembed_answers_only_for_our_own_public_episode_pages(client, url):
    params = {"format": "json"} if url is None else {"url": url, "format": "json"}
    response = client.get("/oembed", params=params)
    assert response.status_code in (400, 404)
    assert "html" not in response.json()


def test_oembed_accepts_the_page_url_as_a_cms_may_write_it(client):
    for url in (f"{BASE}/nghe/mua-lu/", "http://radio.example.vn/loa/nghe/mua-lu", "HTTPS://Radio.Example.VN/loa/nghe/mua-lu"):
        assert client.get("/oembed", params={"url": url}).status_code == 200, url


def test_doctests_of_the_listeners_modules():
    for module in (oembed, public, snippets):
        assert doctest.testmod(module).failed == 0


def test_the_hidden_articles_are_hidden_for_their_own_reasons(settings):
    """What the 404s above stand on: each hidden article is in the state its name says."""
    pipeline = Pipeline(settings)
    try:
        states = {a.id: pipeline.store.state(a.id) for a in HIDDEN}
    finally:
        pipeline.close()
    assert {i: s.status for i, s in states.items()} == {
        RETRACTED.id: "retracted", FAILED.id: "failed", WAITING.id: "new", EMBARGOED.id: "published"}
    assert states[EMBARGOED.id].episode is not None and states[RETRACTED.id].episode is not None
