"""Each show's feed as podcast apps read it (feedparser, podcastparser): the articles its categories
choose, rebuilt when one is published, edited into another show, retracted or its embargo ends; and
the voice an article is read in when it has none of its own."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import podcastparser
import pytest
from PIL import Image

from articles.model import Article, Block
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://radio.example.vn/loa"

SHOWS = """\
shows:
  - slug: thoi-su
    title: Thời sự
    description: Tin thời sự trong tỉnh và cả nước.
    categories: [Thời sự]
  - slug: the-thao
    title: Thể thao
    description: Bóng đá, điền kinh và các giải đấu.
    voice: may-doc
    categories: [Thể thao]
    tags: [SEA Games]
"""
VOICES = """\
voices:
  cham: {engine: espeak, voice: vi, name: "Giọng máy đọc chậm", rate: 0.8}
"""


def news(article_id: str, section: str | None, *tags: str, hours_ago: float = 1, title: str = "") -> Article:
    return Article(
        id=article_id, title=title or f"Tin {article_id.replace('-', ' ')}",
        blocks=(Block("lead", "Sáng nay, tỉnh tổ chức hội nghị bàn về mùa mưa bão năm nay."),
                Block("body", "Các huyện ven biển đã sẵn sàng phương án sơ tán.")),
        published=datetime.now(HCM) - timedelta(hours=hours_ago), url=f"https://radio.example.vn/tin/{article_id}",
        section=section, tags=tags)


@pytest.fixture
def pipeline(settings, tmp_path):
    (tmp_path / "chuong-trinh.yaml").write_text(SHOWS, encoding="utf-8")
    (tmp_path / "giong.yaml").write_text(VOICES, encoding="utf-8")
    made = Pipeline(replace(settings, shows_file=str(tmp_path / "chuong-trinh.yaml"),
                            voices_file=str(tmp_path / "giong.yaml")))
    yield made
    made.close()


def publish(pipeline: Pipeline, *articles: Article) -> None:
    for a in articles:
        pipeline.store.save_article(a)
        pipeline.render(a.id)


def read_feed(pipeline: Pipeline, key: str):
    document = pipeline.storage.path(key).read_bytes()
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed, podcastparser.parse(f"{BASE}/{key}", io.BytesIO(document))


def links(pipeline: Pipeline, key: str) -> list[str]:
    return [e.link for e in read_feed(pipeline, key)[0].entries]


def test_each_show_has_its_own_feed_of_its_articles_and_all_news_has_every_one(pipeline):
    publish(pipeline, news("hop-bao", "Thời sự", hours_ago=3), news("bong-da", "Thể thao", hours_ago=2),
            news("dien-kinh", "Văn hóa", "SEA Games", hours_ago=1), news("le-hoi", "Văn hóa"))

    assert len(links(pipeline, "feed.xml")) == 4
    parsed, podcast = read_feed(pipeline, "shows/the-thao/feed.xml")
    assert [e.link for e in parsed.entries] == ["https://radio.example.vn/tin/dien-kinh",
                                                "https://radio.example.vn/tin/bong-da"]
    assert (parsed.feed.title, parsed.feed.subtitle, parsed.feed.link) == (
        "Thể thao", "Bóng đá, điền kinh và các giải đấu.", f"{BASE}/nghe/the-thao/")
    assert parsed.feed.image.href == f"{BASE}/shows/the-thao/cover.png"
    assert podcast["title"] == "Thể thao"
    assert [e["enclosures"][0]["url"].startswith(f"{BASE}/episodes/") for e in podcast["episodes"]] == [True, True]
    assert [e["total_time"] > 0 for e in podcast["episodes"]] == [True, True]
    assert links(pipeline, "shows/thoi-su/feed.xml") == ["https://radio.example.vn/tin/hop-bao"]

    # The same episode has the same GUID in every feed; each feed has its own podcast:guid.
    guids = {key: read_feed(pipeline, key)[0] for key in ("feed.xml", "shows/the-thao/feed.xml",
                                                           "shows/thoi-su/feed.xml")}
    all_news = {e.link: e.id for e in guids["feed.xml"].entries}
    assert all(all_news[e.link] == e.id for e in guids["shows/the-thao/feed.xml"].entries)
    podcast_guids = {key: pipeline.storage.path(key).read_text().split("<podcast:guid>")[1].split("<")[0]
                     for key in guids}
    assert len(set(podcast_guids.values())) == 3

    cover = Image.open(pipeline.storage.path("shows/the-thao/cover.png"))
    assert cover.format == "PNG" and cover.size[0] == cover.size[1] >= 1400


def test_an_edit_moves_an_article_between_shows_and_a_retraction_takes_it_out(pipeline):
    publish(pipeline, news("giai-chay", "Thể thao"))
    assert links(pipeline, "shows/the-thao/feed.xml") == ["https://radio.example.vn/tin/giai-chay"]

    publish(pipeline, replace(news("giai-chay", "Thời sự", title="Giải chạy bị hoãn vì bão"),
                              blocks=(Block("lead", "Ban tổ chức thông báo hoãn giải chạy vì bão số 9."),)))
    assert links(pipeline, "shows/the-thao/feed.xml") == []
    assert links(pipeline, "shows/thoi-su/feed.xml") == ["https://radio.example.vn/tin/giai-chay"]

    pipeline.retract("giai-chay")
    assert links(pipeline, "shows/thoi-su/feed.xml") == []


def test_an_embargoed_article_enters_its_show_at_its_time(pipeline):
    later = news("hen-gio", "Thời sự", hours_ago=-2)
    publish(pipeline, later)
    assert links(pipeline, "shows/thoi-su/feed.xml") == []
    pipeline.rebuild_feed(datetime.now(UTC) + timedelta(hours=3))
    assert links(pipeline, "shows/thoi-su/feed.xml") == ["https://radio.example.vn/tin/hen-gio"]


def test_a_cover_file_named_in_the_shows_file_is_published_replaced_when_it_changes_kept_when_it_goes(settings, tmp_path):
    cover = tmp_path / "bia.jpg"
    Image.new("RGB", (1400, 1400), (200, 40, 40)).save(cover, "JPEG")
    (tmp_path / "s.yaml").write_text("shows:\n  - {slug: tin-sang, title: Tin sáng, description: Bản tin buổi sáng., "
                                     "categories: [Thời sự], cover: bia.jpg}\n", encoding="utf-8")
    pipeline = Pipeline(replace(settings, shows_file=str(tmp_path / "s.yaml")))
    try:
        pipeline.rebuild_feed()
        assert pipeline.storage.path("shows/tin-sang/cover.jpg").read_bytes() == cover.read_bytes()
        parsed, _ = read_feed(pipeline, "shows/tin-sang/feed.xml")
        assert parsed.feed.image.href == f"{BASE}/shows/tin-sang/cover.jpg"
        assert parsed.entries == []
        Image.new("RGB", (1400, 1400), (40, 200, 40)).save(cover, "JPEG")
        pipeline.rebuild_feed()
        assert pipeline.storage.path("shows/tin-sang/cover.jpg").read_bytes() == cover.read_bytes()
        # A cover file moved away since the start keeps the one published and never stops a publication.
        published = cover.read_bytes()
        cover.unlink()
        pipeline.rebuild_feed()
        assert pipeline.storage.path("shows/tin-sang/cover.jpg").read_bytes() == published
    finally:
        pipeline.close()


def test_an_article_without_a_voice_is_read_in_its_shows_voice_and_its_own_voice_wins(pipeline):
    publish(pipeline, news("chung-ket", "Thể thao"), news("phien-hop", "Thời sự"))
    pipeline.store.save_article(news("co-vua", "Thể thao"))
    pipeline.store.set_voice("co-vua", "cham")
    pipeline.render("co-vua")

    voice = {a: pipeline.store.state(a).episode.voice_name for a in ("chung-ket", "phien-hop", "co-vua")}
    assert voice == {"chung-ket": "may-doc", "phien-hop": None, "co-vua": "cham"}


def test_without_a_shows_file_nothing_is_written_under_shows(settings):
    pipeline = Pipeline(settings)
    try:
        publish(pipeline, news("hop-bao", "Thời sự"))
        assert len(links(pipeline, "feed.xml")) == 1
        assert not Path(pipeline.storage.path("shows")).exists()
    finally:
        pipeline.close()
