"""The voices page: every voice by its Vietnamese name with its engine, a sample sentence made by a
worker and played from the clip cache, an engine's failure shown with its reason, and the cost."""
from __future__ import annotations

import io
import json
import wave
from dataclasses import replace
from datetime import timedelta

import lxml.html
import numpy as np
import pytest
import redis
from fastapi.testclient import TestClient

from loa.settings import Settings
from tests.audio.fakes.azure import SYNTHESIZE, FakeAzure
from tests.audio.fakes.server import Answer, speech_audio
from tests.support.accounts import add_user, csrf_of, sign_in
from tests.support.queues import RedisTarget
from tests.support.workers import Worker, key_prefix, loa_env, wait_for
from web.app import create_app
from worker.pipeline import Pipeline
from worker.samples import Samples

PASSWORD = "mat-khau-giong-mau-1"
KEY = "1f2e3d4c5b6a79880f1e2d3c4b5a6978"


def voice_rows(html: str) -> dict[str, lxml.html.HtmlElement]:
    return {tr.get("data-voice"): tr for tr in lxml.html.fromstring(html).xpath("//table[@class='voices']/tbody/tr")}


def text_of(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def azure():
    fake = FakeAzure(speech_audio(), KEY).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def queue_url(redis_url):
    return RedisTarget(redis_url, key_prefix(redis_url))


@pytest.fixture(scope="module")
def settings(tmp_path_factory, queue_url, azure) -> Settings:
    folder = tmp_path_factory.mktemp("giong")
    voices_file = folder / "giong.yaml"
    voices_file.write_text('voices:\n  may-nam: {engine: espeak, voice: vi-vn-x-south, name: "Giọng máy miền Nam"}\n',
                           encoding="utf-8")
    settings = Settings(data_dir=folder / "var", engine="espeak", secret_key="khoa", redis_url=str(queue_url),
                        key_prefix=queue_url.prefix, public_base_url="https://radio.example.vn/loa",
                        voices_file=str(voices_file), voice="may-nam", bulletin_voices="nu-bac,nam-bac",
                        azure_key=KEY, azure_endpoint=azure.url + SYNTHESIZE, engine_daily_chars="fpt:5000")
    Pipeline(settings).close()
    add_user(settings.db_url, "bien-tap", PASSWORD)
    return settings


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app, queue_url, azure):
    azure.reset()
    redis.Redis.from_url(queue_url).delete(queue_url.key("tts"))
    with TestClient(app) as c:
        sign_in(c, "bien-tap", PASSWORD)
        yield c


@pytest.fixture
def pipeline(settings):
    p = Pipeline(settings)
    yield p
    p.close()


def queued_samples(queue_url: RedisTarget) -> list[str]:
    return [json.loads(raw)["headers"]["argsrepr"]
            for raw in redis.Redis.from_url(queue_url).lrange(queue_url.key("tts"), 0, -1)]


def test_every_voice_is_listed_by_its_vietnamese_name_with_its_engine(client):
    page = client.get("/giong-doc")

    assert page.status_code == 200
    rows = voice_rows(page.text)
    assert text_of(rows["nu-bac"].find_class("name")[0]) == "Nữ miền Bắc bản tin"
    assert text_of(rows["nu-bac"].find_class("engine")[0]) == "azure vi-VN-HoaiMyNeural"
    assert text_of(rows["may-nam"].find_class("name")[0]) == "Giọng máy miền Nam mặc định"
    assert text_of(rows["nam-nam"].find_class("engine")[0]) == "viettel hcm-minhquan"
    assert "Giọng đọc" in [a.text for a in lxml.html.fromstring(page.text).xpath("//nav/a")]


def test_a_voice_whose_engine_cannot_be_built_shows_why_at_once(client):
    rows = voice_rows(client.get("/giong-doc").text)

    assert rows["nu-trung"].get("data-sample") == "failed"
    assert text_of(rows["nu-trung"].find_class("reason")[0]) == (
        "Không đọc được: EngineUnavailable: FPT.AI needs an API key")


def test_asking_for_a_sample_queues_it_for_a_worker_and_the_page_says_it_waits(client, queue_url):
    page = client.get("/giong-doc")

    response = client.post("/giong-doc/may-doc/nghe-thu", data={"csrf": csrf_of(page.text)})

    assert response.status_code == 200 and response.url.params["da-xep"] == "may-doc"
    assert queued_samples(queue_url) == ["['may-doc']"]
    assert voice_rows(response.text)["may-doc"].get("data-sample") == "waiting"


def test_the_sample_made_by_the_worker_code_plays_from_the_cache_and_costs_one_request(client, pipeline, azure):
    made = Samples(pipeline).make(pipeline.voices.get("nam-bac"))
    again = Samples(pipeline).make(pipeline.voices.get("nam-bac"))

    assert (made.status, again.status) == ("ready", "ready")
    assert len(azure.to(SYNTHESIZE)) == 1  # the second time it came from the clip cache
    row = voice_rows(client.get("/giong-doc").text)["nam-bac"]
    [audio] = row.xpath(".//audio")
    assert audio.get("src") == "/giong-doc/nam-bac/mau.wav"
    wav = client.get("/giong-doc/nam-bac/mau.wav")
    assert wav.status_code == 200 and wav.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(wav.content)) as reader:
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
        seconds = reader.getnframes() / reader.getframerate()
    assert seconds > 0.5 and np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > 300


def test_a_failed_sample_shows_the_engines_reason_without_the_key(client, pipeline, azure):
    azure.then(SYNTHESIZE, Answer(401))

    state = Samples(pipeline).make(pipeline.voices.get("nu-bac"))

    assert state.status == "failed"
    page = client.get("/giong-doc")
    row = voice_rows(page.text)["nu-bac"]
    assert "AuthenticationFailed: Azure Speech refused the credentials (HTTP 401)" in text_of(row)
    assert row.xpath(".//form[@action='/giong-doc/nu-bac/nghe-thu']//button")[0].text == "Thử lại"
    assert KEY not in page.text


def test_the_page_shows_characters_sent_today_against_the_budget(client, pipeline):
    today = pipeline.meter.today()
    pipeline.store.usage.add("fpt", 1234, today)
    pipeline.store.usage.add("fpt", 66, today - timedelta(days=1))

    doc = lxml.html.fromstring(client.get("/giong-doc").text)
    [row] = doc.xpath("//table[@class='costs']//tr[@data-engine='fpt']")

    cells = {td.get("class").split()[-1]: text_of(td) for td in row.findall("td") if td.get("class")}
    assert (cells["today"], cells["budget"], cells["left"]) == ("1.234", "5.000", "3.766")
    assert cells["days"] == f"{today:%d/%m}: 1.234; {today - timedelta(days=1):%d/%m}: 66"


def test_forms_need_the_token_and_unknown_voices_are_404(app, client, queue_url):
    assert client.post("/giong-doc/may-doc/nghe-thu", data={"csrf": "gia"}).status_code == 403
    token = csrf_of(client.get("/giong-doc").text)
    assert client.post("/giong-doc/khong-co/nghe-thu", data={"csrf": token}).status_code == 404
    assert client.get("/giong-doc/khong-co/mau.wav").status_code == 404
    assert client.get("/giong-doc/may-nam/mau.wav").status_code == 404  # not made yet
    with TestClient(app) as stranger:
        assert stranger.get("/giong-doc", follow_redirects=False).status_code in (303, 401)
        assert stranger.get("/giong-doc/nam-bac/mau.wav", follow_redirects=False).status_code in (303, 401)
    assert queued_samples(queue_url) == []


@pytest.mark.integration
def test_a_real_worker_makes_the_sample_staff_asked_for(settings, tmp_path, redis_url):
    env = loa_env(settings.data_dir, str(settings.redis_url), LOA_KEY_PREFIX=settings.key_prefix,
                  LOA_VOICES_FILE=settings.voices_file, LOA_VOICE=settings.voice)
    worker = Worker(env, tmp_path / "worker.log", queues="tts", concurrency=1)
    try:
        with TestClient(create_app(replace(settings))) as client:
            sign_in(client, "bien-tap", PASSWORD)
            token = csrf_of(client.get("/giong-doc").text)
            assert client.post("/giong-doc/may-nam/nghe-thu", data={"csrf": token}).status_code == 200

            wait_for(lambda: voice_rows(client.get("/giong-doc").text)["may-nam"].get("data-sample") == "ready",
                     60, "the sample made by the worker")
            assert client.get("/giong-doc/may-nam/mau.wav").status_code == 200
    finally:
        worker.stop()
