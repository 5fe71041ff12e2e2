"""The shows as listeners and podcast apps see them: the list on ``/nghe/``, each show's page, its feed
and cover served, and the OPML list of every feed, read back with an XML parser, each feed with
feedparser and podcastparser."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import feedparser
import lxml.etree
import lxml.html
import podcastparser
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.queues import RedisTarget
from tests.support.workers import key_prefix
from web.app import create_app
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://radio.example.vn/loa"
SHOWS = """\
shows:
  - slug: thoi-su
    title: Thời sự
    description: Tin thời sự trong tỉnh và cả nước, cập nhật mỗi giờ.
    categories: [Thời sự]
  - slug: the-thao
    title: Thể thao
    description: Bóng đá, điền kinh và các giải đấu của tỉnh.
    categories: [Thể thao]
    tags: [SEA Games]
"""


def news(article_id: str, title: str, section: str, *tags: str, hours_ago: float = 1) -> Article:
    return Article(id=article_id, title=title, section=section, tags=tags,
                   published=datetime.now(HCM) - timedelta(hours=hours_ago),
                   blocks=(Block("lead", "Chiều nay, sân vận động tỉnh đón hàng nghìn cổ động viên."),
                           Block("body", "Trận đấu kết thúc với tỉ số hai không.")))


MATCH = news("chung-ket-bong-da", "Đội bóng tỉnh vô địch giải hạng Nhì", "Thể thao", hours_ago=3)
RUN = news("giai-chay-bo", "Giải chạy bộ vì người nghèo", "Xã hội", "sea games", hours_ago=2)
MEETING = news("hop-hdnd", "Kỳ họp Hội đồng nhân dân tỉnh khai mạc", "THỜI SỰ", hours_ago=1)


@pytest.fixture(scope="module")
def settings(tmp_path_factory, redis_url) -> Settings:
    folder = tmp_path_factory.mktemp("shows")
    (folder / "chuong-trinh.yaml").write_text(SHOWS, encoding="utf-8")
    target = RedisTarget(redis_url, key_prefix(redis_url))
    settings = Settings(data_dir=folder / "var", engine="espeak", redis_url=str(target), key_prefix=target.prefix,
                        public_base_url=BASE, feed_title="Loa Quảng Trị", station_name="Đài Quảng Trị",
                        feed_description="Tin tức Quảng Trị, đọc thành tiếng.",
                        shows_file=str(folder / "chuong-trinh.yaml"))
    pipeline = Pipeline(settings)
    try:
        for a in (MATCH, RUN, MEETING):
            pipeline.store.save_article(a)
            pipeline.render(a.id)
    finally:
        pipeline.close()
    return settings


@pytest.fixture(scope="module")
def client(settings):
    with TestClient(create_app(settings)) as c:
        yield c


def page(client, path: str) -> lxml.html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html") and "set-cookie" not in response.headers
    return lxml.html.fromstring(response.text)


def meta(doc, prop: str) -> str | None:
    found = doc.xpath(f"//meta[@property='{prop}' or @name='{prop}']/@content")
    return found[0] if found else None


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_the_all_news_page_lists_the_shows_and_every_episode(client):
    doc = page(client, "/nghe/")
    assert [text(h) for h in doc.xpath("//ul[@class='show-list']/li/h3")] == ["Thời sự", "Thể thao"]
    assert doc.xpath("//ul[@class='show-list']//a/@href") == ["../nghe/thoi-su/", "../nghe/the-thao/"]
    assert len(doc.xpath("//ol[@class='episodes']/li")) == 3
    assert doc.xpath("//link[@type='text/x-opml']/@href") == [f"{BASE}/shows.opml"]


def test_a_show_page_has_its_episodes_subscribe_links_and_meta_tags(client):
    doc = page(client, "/nghe/the-thao/")
    assert doc.findtext(".//title") == "Thể thao"
    assert text(doc.xpath("//h1")[0]) == "Thể thao"
    assert [text(h) for h in doc.xpath("//ol[@class='episodes']/li/h3")] == [RUN.title, MATCH.title]
    assert doc.xpath("//ol[@class='episodes']/li/h3/a/@href") == ["../../nghe/giai-chay-bo",
                                                                  "../../nghe/chung-ket-bong-da"]
    assert (meta(doc, "og:title"), meta(doc, "og:url"), meta(doc, "og:image")) == (
        "Thể thao", f"{BASE}/nghe/the-thao/", f"{BASE}/shows/the-thao/cover.png")
    assert meta(doc, "description") == "Bóng đá, điền kinh và các giải đấu của tỉnh."
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"{BASE}/nghe/the-thao/"]
    assert doc.xpath("//link[@rel='alternate' and @type='application/rss+xml']/@href") == [
        f"{BASE}/shows/the-thao/feed.xml"]
    links = {text(a): a.get("href") for a in doc.xpath("//ul[@class='apps']//a")}
    assert links == {"Apple Podcasts": "podcast://radio.example.vn/loa/shows/the-thao/feed.xml",
                     "Spotify và ứng dụng khác (RSS)": f"{BASE}/shows/the-thao/feed.xml"}
    assert doc.xpath("//img[@class='cover']/@src") == ["../../shows/the-thao/cover.png"]
    assert doc.xpath("//ul[@class='show-list']//a/@href") == ["../../nghe/thoi-su/"]
    assert doc.xpath("//p[@class='crumbs']/a/@href") == ["../../nghe/"]
    assert doc.xpath("//link[@rel='stylesheet']/@href") == ["../../static/nghe.css"]


@pytest.mark.parametrize("path", ["/nghe/the-thao/", "/shows.opml", "/shows/the-thao/feed.xml"])
def test_the_show_pages_and_files_answer_head_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""


def test_an_episode_page_links_the_shows_it_is_in(client):
    doc = page(client, f"/nghe/{RUN.id}")
    assert [(text(a), a.get("href")) for a in doc.xpath("//p[@class='crumbs']/a")] == [
        ("← Tất cả bài nghe", "../nghe/"), ("Thể thao", "../nghe/the-thao/")]


def test_an_unknown_show_is_not_found_and_a_show_without_its_slash_leads_there(client):
    assert client.get("/nghe/khong-co/").status_code == 404
    response = client.get("/nghe/the-thao", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (308, "the-thao/")


def test_the_opml_lists_every_feed_and_each_is_served_and_reads_in_podcast_apps(client):
    response = client.get("/shows.opml")
    assert response.status_code == 200 and response.headers["content-type"] == "text/x-opml; charset=utf-8"
    root = lxml.etree.fromstring(response.content)
    assert (root.tag, root.get("version"), root.findtext("head/title")) == ("opml", "2.0", "Loa Quảng Trị")
    outlines = root.findall("body/outline")
    assert [(o.get("type"), o.get("text"), o.get("title")) for o in outlines] == [
        ("rss", "Loa Quảng Trị", "Loa Quảng Trị"), ("rss", "Thời sự", "Thời sự"), ("rss", "Thể thao", "Thể thao")]
    assert [o.get("xmlUrl") for o in outlines] == [f"{BASE}/feed.xml", f"{BASE}/shows/thoi-su/feed.xml",
                                                   f"{BASE}/shows/the-thao/feed.xml"]
    assert [o.get("htmlUrl") for o in outlines] == [f"{BASE}/nghe/", f"{BASE}/nghe/thoi-su/", f"{BASE}/nghe/the-thao/"]

    episodes = {}
    for outline in outlines:
        feed = client.get(urlsplit(outline.get("xmlUrl")).path.removeprefix("/loa"))
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/rss+xml")
        assert feed.headers["cache-control"] == "public, max-age=300"
        parsed = feedparser.parse(feed.content)
        assert parsed.bozo == 0
        assert parsed.feed.title == outline.get("title") and parsed.feed.link == outline.get("htmlUrl")
        podcast = podcastparser.parse(outline.get("xmlUrl"), io.BytesIO(feed.content))
        assert podcast["title"] == outline.get("title")
        episodes[outline.get("text")] = [e["title"] for e in podcast["episodes"]]
        assert client.get(urlsplit(outline.get("htmlUrl")).path.removeprefix("/loa")).status_code == 200
    assert episodes == {"Loa Quảng Trị": [MEETING.title, RUN.title, MATCH.title], "Thời sự": [MEETING.title],
                        "Thể thao": [RUN.title, MATCH.title]}


def test_a_shows_cover_is_served_as_the_image_the_feed_names(client):
    response = client.get("/shows/thoi-su/cover.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size[0] >= 1400
    assert client.get("/shows/thoi-su/khong-co.png").status_code == 404


def test_without_shows_there_is_no_list_and_the_opml_has_the_one_feed(settings, tmp_path):
    plain = replace(settings, shows_file="", data_dir=Path(tmp_path) / "var")
    with TestClient(create_app(plain)) as other:
        doc = page(other, "/nghe/")
        assert not doc.xpath("//ul[@class='show-list']") and not doc.xpath("//link[@type='text/x-opml']")
        root = lxml.etree.fromstring(other.get("/shows.opml").content)
        assert [o.get("xmlUrl") for o in root.findall("body/outline")] == [f"{BASE}/feed.xml"]
        assert other.get("/nghe/the-thao/").status_code == 404
