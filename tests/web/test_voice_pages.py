"""Voices in the staff app: an article's voice by its Vietnamese name, changed and rendered again."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import redis
from fastapi.testclient import TestClient

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.accounts import add_user, csrf_of, sign_in
from tests.support.queues import RedisTarget
from tests.support.workers import key_prefix
from web.app import create_app
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-giong-doc-1"
RENDERED = Article(id="bai-mua", title="Mùa màng bội thu ở đồng bằng", published=datetime(2026, 11, 25, 9, 0, tzinfo=HCM),
                   blocks=(Block("lead", "Năm nay, bà con thu hoạch lúa sớm hơn mọi năm."),))
RETRACTED = Article(id="bai-go", title="Tin đã gỡ", published=datetime(2026, 11, 24, 9, 0, tzinfo=HCM),
                    blocks=(Block("lead", "Nội dung không còn trên kênh."),))


def visible_text(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


@pytest.fixture(scope="module")
def queue_url(redis_url):
    return RedisTarget(redis_url, key_prefix(redis_url))


@pytest.fixture(scope="module")
def settings(tmp_path_factory, queue_url) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("voices") / "var", engine="espeak", secret_key="khoa",
                        redis_url=str(queue_url), key_prefix=queue_url.prefix,
                        public_base_url="https://radio.example.vn/loa")
    pipeline = Pipeline(settings)
    for a in (RENDERED, RETRACTED):
        pipeline.store.save_article(a)
    pipeline.render(RENDERED.id)
    pipeline.retract(RETRACTED.id)
    pipeline.close()
    add_user(settings.db_url, "bien-tap", PASSWORD)
    return settings


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app, settings, queue_url):
    redis.Redis.from_url(queue_url).delete(queue_url.key("audio"))
    pipeline = Pipeline(settings)
    pipeline.store.set_voice(RENDERED.id, None)
    pipeline.close()
    with TestClient(app) as c:
        sign_in(c, "bien-tap", PASSWORD)
        yield c


def queued(queue_url: RedisTarget) -> list[str]:
    return [json.loads(raw)["headers"]["argsrepr"]
            for raw in redis.Redis.from_url(queue_url).lrange(queue_url.key("audio"), 0, -1)]


def fact(html: str, name: str) -> str:
    [dd] = lxml.html.fromstring(html).xpath(f"//dl[@class='facts']//dd[@class='{name}']")
    return " ".join(dd.text_content().split())


def test_the_article_page_names_the_voice_and_offers_every_voice_by_its_vietnamese_name(client):
    page = client.get(f"/bai-viet/{RENDERED.id}")

    assert fact(page.text, "voice") == "Theo thứ tự máy đọc (mặc định)"
    assert fact(page.text, "engine") == "espeak"
    options = lxml.html.fromstring(page.text).xpath("//form[@action='/bai-viet/bai-mua/giong-doc']//option")
    labels = {o.get("value"): o.text_content().strip() for o in options}
    assert labels[""] == "Mặc định" and labels["nu-bac"] == "Nữ miền Bắc" and labels["nam-nam"] == "Nam miền Nam"


def test_changing_the_voice_stores_it_and_queues_a_render(client, settings, queue_url):
    page = client.get(f"/bai-viet/{RENDERED.id}")

    response = client.post(f"/bai-viet/{RENDERED.id}/giong-doc", data={"csrf": csrf_of(page.text), "voice": "nam-nam"})

    assert response.status_code == 200 and response.url.params["da-xep"] == "1"
    assert fact(response.text, "voice") == "Nam miền Nam"
    assert "Đã xếp hàng đọc lại." in visible_text(response.text)
    assert queued(queue_url) == [f"['{RENDERED.id}']"]
    chosen = lxml.html.fromstring(response.text).xpath("//select[@name='voice']/option[@selected]")
    assert [o.get("value") for o in chosen] == ["nam-nam"]

    back = client.post(f"/bai-viet/{RENDERED.id}/giong-doc", data={"csrf": csrf_of(response.text), "voice": ""})
    assert fact(back.text, "voice") == "Theo thứ tự máy đọc (mặc định)"
    assert len(queued(queue_url)) == 2


@pytest.mark.parametrize("voice", ["nu-hue", "<script>", "x" * 5000])
def test_an_unknown_voice_is_400_and_changes_nothing(client, settings, queue_url, voice):
    page = client.get(f"/bai-viet/{RENDERED.id}")

    response = client.post(f"/bai-viet/{RENDERED.id}/giong-doc", data={"csrf": csrf_of(page.text), "voice": voice})

    assert response.status_code == 400
    assert "Giọng đọc đã chọn không có trong danh sách giọng của đài." in visible_text(response.text)
    assert queued(queue_url) == []
    pipeline = Pipeline(settings)
    try:
        assert pipeline.store.voice_of(RENDERED.id) is None
    finally:
        pipeline.close()


def test_changing_the_voice_needs_the_form_token_and_a_signed_in_editor(app, client, queue_url):
    for data in ({"voice": "nu-bac"}, {"csrf": "gia-mao", "voice": "nu-bac"}):
        assert client.post(f"/bai-viet/{RENDERED.id}/giong-doc", data=data).status_code == 403
    with TestClient(app) as stranger:
        response = stranger.post(f"/bai-viet/{RENDERED.id}/giong-doc", data={"voice": "nu-bac"},
                                 follow_redirects=False)
        assert response.status_code in (303, 401, 403)
    assert queued(queue_url) == []


def test_a_retracted_or_missing_article_is_not_rendered_again(client, queue_url):
    page = client.get(f"/bai-viet/{RETRACTED.id}")
    token = csrf_of(page.text)

    assert client.post(f"/bai-viet/{RETRACTED.id}/giong-doc", data={"csrf": token, "voice": "nu-bac"}).status_code == 200
    assert client.post("/bai-viet/khong-co/giong-doc", data={"csrf": token, "voice": "nu-bac"}).status_code == 404
    assert queued(queue_url) == []
