"""The segment list for radio automation: published segments and bulletins, newest first."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from articles.model import Article, Block
from loa.settings import Settings
from web.app import create_app
from web.services import close_services
from worker.bulletins import BulletinBuilder
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://radio.example.vn/loa"


def article(article_id: str, hour: int, title: str, priority: int = 0) -> Article:
    return Article(
        id=article_id, title=title,
        blocks=(Block("lead", f"{title}, theo tin từ phóng viên của đài."),
                Block("body", "Chính quyền địa phương đã họp bàn và thống nhất phương án thực hiện.")),
        published=datetime(2026, 11, 27, hour, 0, tzinfo=HCM), url=f"https://radio.example.vn/tin/{article_id}",
        priority=priority,
    )


@pytest.fixture(scope="module")
def station(tmp_path_factory) -> Settings:
    """Three rendered articles (one without its broadcast WAV, one retracted) and a bulletin."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("radio") / "var", engine="espeak", public_base_url=BASE)
    pipeline = Pipeline(settings)
    try:
        for a in (article("sang", 7, "Khai mạc hội chợ"), article("trua", 11, "Cấp nước sạch cho xã", 3),
                  article("chieu", 16, "Sửa chữa quốc lộ"), article("toi", 20, "Tin đã rút")):
            pipeline.store.save_article(a)
            pipeline.render(a.id)
        pipeline.retract("toi")
        BulletinBuilder(pipeline).build(datetime(2026, 11, 27, 10, tzinfo=HCM),
                                        datetime(2026, 11, 27, 12, tzinfo=HCM))
        chieu = pipeline.store.state("chieu").episode.audio_key
        pipeline.storage.delete(chieu.removesuffix(".mp3") + ".wav")
    finally:
        pipeline.close()
    return settings


@pytest.fixture
def client(station):
    app = create_app(station)
    with TestClient(app) as c:
        yield c
    close_services(app)


def test_segments_and_bulletins_newest_first_with_their_downloads(client, station):
    response = client.get("/api/segments")
    assert response.status_code == 200
    body = response.json()
    items = body["items"]
    assert body["count"] == 4
    assert [(i["type"], i["id"]) for i in items] == [
        ("segment", "chieu"), ("bulletin", items[1]["id"]), ("segment", "trua"), ("segment", "sang")]
    assert [i["published"] for i in items] == [
        "2026-11-27T16:00:00+07:00", "2026-11-27T12:00:00+07:00", "2026-11-27T11:00:00+07:00",
        "2026-11-27T07:00:00+07:00"]

    trua = items[2]
    assert trua["title"] == "Cấp nước sạch cho xã" and trua["priority"] == 3
    assert 2 < trua["duration"] < 60
    assert trua["downloads"]["mp3"].startswith(f"{BASE}/episodes/trua/trua-")
    assert trua["downloads"]["wav"] == trua["downloads"]["mp3"].removesuffix(".mp3") + ".wav"
    assert "wav" not in items[0]["downloads"]  # the broadcast master of "chieu" is not there

    bulletin = items[1]
    assert bulletin["articles"] == ["trua"]
    assert bulletin["downloads"]["mp3"].startswith(f"{BASE}/bulletins/")
    assert bulletin["duration"] > trua["duration"]


def test_every_download_url_is_served_by_the_app(client, station):
    for item in client.get("/api/segments").json()["items"]:
        for kind, url in item["downloads"].items():
            response = client.get(url.removeprefix(BASE))
            assert response.status_code == 200, url
            assert response.headers["content-type"] == {"mp3": "audio/mpeg", "wav": "audio/wav"}[kind]
            key = url.removeprefix(BASE + "/")
            assert response.content == (station.data_dir / key).read_bytes()


def test_retracted_articles_are_not_listed(client):
    ids = [i["id"] for i in client.get("/api/segments").json()["items"]]
    assert "toi" not in ids


@pytest.mark.parametrize("since, expected", [
    ("2026-11-27T11:00:00+07:00", ["chieu", "bulletin", "trua"]),  # at or after
    ("2026-11-27T04:00:00Z", ["chieu", "bulletin", "trua"]),
    ("2026-11-27T11:00:01", ["chieu", "bulletin"]),  # no zone: the station's
    ("2026-11-27T17:00:00+07:00", []),
    ("2026-11-26", ["chieu", "bulletin", "trua", "sang"]),
])
def test_since_keeps_what_was_published_at_or_after_it(client, since, expected):
    items = client.get(f"/api/segments?since={quote(since)}").json()["items"]
    assert [i["id"] if i["type"] == "segment" else "bulletin" for i in items] == expected


def test_an_unencoded_plus_in_since_is_read_as_a_zone(client):
    response = client.get("/api/segments?since=2026-11-27T11:00:00+07:00")
    assert response.status_code == 200
    assert [i["id"] for i in response.json()["items"] if i["type"] == "segment"] == ["chieu", "trua"]


def test_limit_keeps_the_newest(client):
    items = client.get("/api/segments?limit=2").json()["items"]
    assert [i["type"] for i in items] == ["segment", "bulletin"] and items[0]["id"] == "chieu"
    since_and_limit = client.get("/api/segments?since=2026-11-27T07:00:00%2B07:00&limit=1").json()
    assert [i["id"] for i in since_and_limit["items"]] == ["chieu"]


@pytest.mark.parametrize("query", ["since=hôm+qua", "since=2026-13-01", "limit=0", "limit=301", "limit=nhiều"])
def test_bad_parameters_are_422(client, query):
    assert client.get(f"/api/segments?{query}").status_code == 422


def test_the_list_is_public_and_read_only(client):
    assert client.get("/api/segments").status_code == 200  # no signature needed
    assert client.post("/api/segments").status_code == 405
    assert client.delete("/api/segments").status_code == 405


def test_an_empty_station_lists_nothing(tmp_path):
    app = create_app(Settings(data_dir=tmp_path / "var", engine="espeak", public_base_url=BASE))
    with TestClient(app) as client:
        assert client.get("/api/segments").json() == {"items": [], "count": 0}
    close_services(app)
