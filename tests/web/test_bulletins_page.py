"""The bulletins page as a signed-in editor uses it: pick, order, ask for the bulletin, which a real
worker on a real Redis builds, listen, download."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
from fastapi.testclient import TestClient

from articles.model import Article, Block
from audio.ffmpeg import decode_file
from loa.settings import Settings
from tests.support.accounts import add_user, csrf_of, sign_in
from tests.support.workers import Worker, key_prefix, loa_env, wait_for
from web.app import create_app
from web.services import close_services
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-dai-1"


def article(article_id: str, title: str, hour: int, body: str) -> Article:
    return Article(id=article_id, title=title, blocks=(Block("body", body),),
                   published=datetime(2026, 11, 27, hour, tzinfo=HCM), url=f"https://radio.example.vn/{article_id}")


FLOOD = article("lu", "Nước sông Hiếu lên nhanh", 9, "Nước sông Hiếu đang lên.")
BRIDGE = article("cau", "Khánh thành cầu mới", 10, "Cầu mới đã thông xe.")
MARKET = article("cho", "Chợ phiên mở cửa sớm", 11, "Chợ phiên mở cửa sớm. Người dân đến đông.")
DRAFT = article("nhap", "Bài chưa đọc", 12, "Bài này chưa được đọc.")


pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def settings(tmp_path_factory, redis_url) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("ban-tin") / "var", engine="espeak", secret_key="khoa",
                        public_base_url="https://radio.example.vn/loa", redis_url=redis_url,
                        key_prefix=key_prefix(redis_url))
    pipeline = Pipeline(settings)
    try:
        for a in (FLOOD, BRIDGE, MARKET, DRAFT):
            pipeline.store.save_article(a)
        for a in (FLOOD, BRIDGE, MARKET):
            pipeline.render(a.id)
    finally:
        pipeline.close()
    add_user(settings.db_url, "bien-tap", PASSWORD)
    return settings


@pytest.fixture(scope="module")
def worker(settings, tmp_path_factory):
    worker = Worker(loa_env(settings.data_dir, settings.redis_url, LOA_KEY_PREFIX=settings.key_prefix),
                    tmp_path_factory.mktemp("worker") / "worker.log")
    yield worker
    worker.stop()


@pytest.fixture(scope="module")
def app(settings, worker):
    app = create_app(settings)
    yield app
    close_services(app)


def finished(client, response) -> str:
    """Follow a build request until the worker has made the bulletin; the bulletin page's URL."""
    assert response.status_code == 303, response.text
    waiting = response.headers["location"]
    assert waiting.startswith("/ban-tin/yeu-cau/")

    def done() -> str | None:
        shown = client.get(waiting, follow_redirects=False)
        return shown.headers["location"] if shown.status_code == 303 else None

    return wait_for(done, 60, "the worker to build the bulletin")


def failed_page(client, response) -> str:
    """Follow a build request until the worker has refused it; the page staff are shown."""
    assert response.status_code == 303, response.text
    waiting = response.headers["location"]

    def refused() -> str | None:
        shown = client.get(waiting, follow_redirects=False)
        assert shown.status_code == 200
        return shown.text if "bulletin-builder" in shown.text else None

    return wait_for(refused, 60, "the worker to refuse the bulletin")


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        sign_in(c, "bien-tap", PASSWORD)
        yield c


@pytest.fixture
def pipeline(settings):
    p = Pipeline(settings)
    yield p
    p.close()


def doc(html: str):
    return lxml.html.fromstring(html)


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def build_form(csrf: str, order: dict[str, int], slot: str = "") -> dict:
    """What the browser sends: ticked boxes (in list order) and their order fields."""
    return {"csrf": csrf, "khung": slot, "article": list(order),
            **{f"thu-tu-{article_id}": str(n) for article_id, n in order.items()}}


def test_signed_out_visitors_are_sent_to_sign_in(app):
    with TestClient(app) as anonymous:
        for response in (anonymous.get("/ban-tin", follow_redirects=False),
                         anonymous.post("/ban-tin", data={}, follow_redirects=False),
                         anonymous.get("/ban-tin/b-x", follow_redirects=False)):
            assert response.status_code == 303
            assert response.headers["location"].startswith("/dang-nhap?next=%2Fban-tin")


def test_the_page_offers_published_articles_with_their_length_in_a_bulletin(client, pipeline):
    page = client.get("/ban-tin")
    assert page.status_code == 200
    html = doc(page.text)
    rows = html.xpath("//table[contains(@class,'picks')]/tbody/tr")
    assert [r.get("data-id") for r in rows] == ["cho", "cau", "lu"]  # newest first; the draft is not offered
    cells = [text_of(td) for td in rows[0].findall("td")]
    assert cells[2:4] == ["Chợ phiên mở cửa sớm", "27/11/2026 11:00"]
    episode = pipeline.store.state("cho").episode
    # The episode plus the longer pause a bulletin puts after an article.
    assert float(rows[0].get("data-seconds")) == pytest.approx(episode.duration + 0.8 - 0.45, abs=0.01)
    form = html.xpath("//form[contains(@class,'bulletin-builder')]")[0]
    assert float(form.get("data-fixed")) > 3 and float(form.get("data-gap")) > 0.4
    assert html.xpath("//nav/a[@aria-current='page']")[0].text_content() == "Bản tin"


def test_building_without_the_token_is_forbidden_and_builds_nothing(client, pipeline):
    before = [b.id for b in pipeline.store.bulletins()]
    response = client.post("/ban-tin", data=build_form("sai", {"lu": 1}))
    assert response.status_code == 403 and "Yêu cầu bị từ chối" in response.text
    assert client.post("/ban-tin", data={"article": "lu"}).status_code == 403
    assert [b.id for b in pipeline.store.bulletins()] == before


def test_building_the_chosen_articles_in_the_chosen_order(client, pipeline, settings):
    page = client.get("/ban-tin")
    html = doc(page.text)
    form = html.xpath("//form[contains(@class,'bulletin-builder')]")[0]
    seconds = {r.get("data-id"): float(r.get("data-seconds")) for r in html.xpath("//tr[@data-id]")}
    estimate = float(form.get("data-fixed")) + float(form.get("data-gap")) + seconds["lu"] + seconds["cho"]

    # Ticked in list order (cho before lu), ordered by the numbers: lu first.
    response = client.post("/ban-tin", data=build_form(csrf_of(page.text), {"cho": 2, "lu": 1}, slot="15m"),
                           follow_redirects=False)
    waiting = client.get(response.headers["location"])
    assert "Đang tạo bản tin" in waiting.text or "Đã tạo bản tin." in waiting.text
    location = finished(client, response)
    bulletin_id = location.removeprefix("/ban-tin/").removesuffix("?da-tao=1")
    bulletin = pipeline.store.get_bulletin(bulletin_id)
    assert [i.article_id for i in bulletin.items] == ["lu", "cho"]
    assert bulletin.slot_seconds == 900 and bulletin.left_out == ()
    # The page's estimate: jingles measured, the opener and close estimated at the articles' pace.
    assert abs(estimate - bulletin.duration) < 2.0

    mp3 = pipeline.storage.path(bulletin.audio_key)
    assert abs(decode_file(mp3, "mp3", bulletin.sample_rate).duration - bulletin.duration) < 0.05
    stem = bulletin.audio_key.removesuffix(".mp3")
    chapters = json.loads(pipeline.storage.path(stem + ".chapters.json").read_text(encoding="utf-8"))
    assert [c["title"] for c in chapters["chapters"]] == [FLOOD.title, MARKET.title]

    shown = client.get(location)
    html = doc(shown.text)
    assert text_of(html.xpath("//*[@role='status']")[0]) == "Đã tạo bản tin."
    assert html.xpath("//audio/@src") == [f"/{bulletin.audio_key}"]
    buttons = html.xpath("//ol[@class='chapters']//button")
    assert [text_of(b.xpath(".//*[@class='chapter-title']")[0]) for b in buttons] == [FLOOD.title, MARKET.title]
    starts = [float(b.get("data-start")) for b in buttons]
    assert starts == pytest.approx([i.start / bulletin.sample_rate for i in bulletin.items], abs=0.001)
    assert text_of(buttons[1].xpath(".//*[@class='at']")[0]) == f"0:{int(starts[1]):02d}"
    downloads = {text_of(a): a.get("href") for a in html.xpath("//ul[@class='downloads']//a")}
    assert downloads == {"Podcast (MP3)": f"/{stem}.mp3", "Bản phát sóng (WAV)": f"/{stem}.wav",
                         "Mục lục (JSON)": f"/{stem}.chapters.json"}
    for href in downloads.values():
        assert client.get(href).status_code == 200
    assert not html.xpath("//ul[@class='left-out']")

    listed = doc(client.get("/ban-tin").text).xpath("//table[contains(@class,'bulletins')]//a")
    assert (bulletin.title, f"/ban-tin/{bulletin.id}") in [(text_of(a), a.get("href")) for a in listed]
    feed = feedparser.parse(pipeline.storage.path("bulletins.xml").read_bytes())
    assert bulletin.guid in [e.id for e in feed.entries]


def test_the_downloads_offer_only_the_files_that_exist(client, pipeline):
    page = client.get("/ban-tin")
    response = client.post("/ban-tin", data=build_form(csrf_of(page.text), {"cau": 1}), follow_redirects=False)
    bulletin = pipeline.store.get_bulletin(finished(client, response).split("/")[-1].split("?")[0])
    pipeline.storage.path(bulletin.audio_key.removesuffix(".mp3") + ".wav").unlink()
    html = doc(client.get(f"/ban-tin/{bulletin.id}").text)
    assert [text_of(a) for a in html.xpath("//ul[@class='downloads']//a")] == ["Podcast (MP3)", "Mục lục (JSON)"]


def test_a_choice_longer_than_the_slot_is_refused_in_vietnamese_and_nothing_is_built(client, pipeline):
    before = [b.id for b in pipeline.store.bulletins()]
    page = client.get("/ban-tin")
    response = client.post("/ban-tin", data=build_form(csrf_of(page.text), {"lu": 1, "cau": 2}, slot="10s"),
                           follow_redirects=False)
    html = doc(failed_page(client, response))
    alert = text_of(html.xpath("//*[@role='alert']")[0])
    assert re.fullmatch(r"Bản tin dài 0:\d\d, vượt khung 0:10 \d+ giây\. Hãy bỏ bớt bài hoặc nới khung\. "
                        r"Chưa tạo bản tin nào\.", alert), alert
    # What the editor picked, in their order, and the slot are kept for the next try.
    assert html.xpath("//tr[@data-id][.//input[@type='checkbox'][@checked]]/@data-id") == ["lu", "cau"]
    assert html.xpath("//input[@name='khung']/@value") == ["10s"]
    assert [b.id for b in pipeline.store.bulletins()] == before


@pytest.mark.parametrize("fields,message", [
    ({"khung": "mười lăm phút"}, "Khung “mười lăm phút” không hợp lệ. Hãy nhập ví dụ 15m, 90s hoặc 1h30m."),
    ({"khung": "15m", "article": None}, "Hãy chọn ít nhất một bài cho bản tin."),
    ({"khung": "", "article": "nhap"}, "Các bài sau chưa phát hành hoặc đã gỡ: nhap."),
])
def test_what_cannot_be_built_is_explained(client, pipeline, fields, message):
    before = [b.id for b in pipeline.store.bulletins()]
    data = {"csrf": csrf_of(client.get("/ban-tin").text), "article": "lu", **fields}
    if data["article"] is None:
        del data["article"]
    response = client.post("/ban-tin", data=data)
    assert response.status_code == 422
    assert text_of(doc(response.text).xpath("//*[@role='alert']")[0]) == message + " Chưa tạo bản tin nào."
    assert [b.id for b in pipeline.store.bulletins()] == before


def test_an_unknown_bulletin_is_404_in_vietnamese(client):
    response = client.get("/ban-tin/b-khong-co")
    assert response.status_code == 404 and "Không có bản tin này." in response.text


def test_an_embargoed_article_is_offered_and_taken_only_from_its_time(client, pipeline):
    soon = datetime.now(HCM).replace(microsecond=0) + timedelta(seconds=20)
    embargoed = Article(id="hen-gio", title="Công bố kết quả kỳ thi học sinh giỏi tỉnh",
                        blocks=(Block("body", "Chiều nay, Sở Giáo dục công bố kết quả kỳ thi."),), published=soon,
                        url="https://radio.example.vn/hen-gio")
    pipeline.store.save_article(embargoed)
    pipeline.render(embargoed.id)
    assert datetime.now(HCM) < soon, "rendering took longer than the embargo: the test cannot tell"

    page = client.get("/ban-tin")
    assert "hen-gio" not in doc(page.text).xpath("//table[contains(@class,'picks')]/tbody/tr/@data-id")
    refused = client.post("/ban-tin", data=build_form(csrf_of(page.text), {"hen-gio": 1, "lu": 2}))
    assert refused.status_code == 422
    assert text_of(doc(refused.text).xpath("//*[@role='alert']")[0]) == (
        "Các bài sau chưa phát hành hoặc đã gỡ: hen-gio. Chưa tạo bản tin nào.")

    def offered() -> str | None:
        shown = client.get("/ban-tin").text
        return shown if "hen-gio" in doc(shown).xpath("//table[contains(@class,'picks')]/tbody/tr/@data-id") else None

    page_text = wait_for(offered, 30, "the embargoed article to be offered at its time", 0.5)
    built = client.get(finished(client, client.post("/ban-tin", data=build_form(csrf_of(page_text), {"hen-gio": 1}),
                                                    follow_redirects=False)))
    assert text_of(doc(built.text).xpath("//*[contains(@class,'chapter-title')]")[0]) == embargoed.title
