"""Staff pages on a deployment whose files are in an S3-compatible bucket (a real moto server): a
paragraph's audio is cut from the episode in the bucket, and the lexicon is edited there."""
from __future__ import annotations

import io
import re
import wave
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from articles.model import Article, Block
from tests.support.accounts import add_user, sign_in
from worker.pipeline import Pipeline

PASSWORD = "mat-khau-dai-du-12"
ARTICLE = Article(
    id="mua-dong-01", title="Miền Bắc đón đợt rét đầu mùa",
    blocks=(Block("lead", "Từ đêm nay, không khí lạnh tràn về các tỉnh miền Bắc."),
            Block("body", "Nhiệt độ thấp nhất ở vùng núi có nơi dưới mười độ."),),
    published=datetime(2026, 11, 28, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
)


@pytest.fixture
def s3_settings(web_settings, s3_env):
    settings = replace(web_settings, storage_url=s3_env.storage_url(), s3_endpoint_url=s3_env.endpoint_url,
                       secret_key="khoa")
    pipeline = Pipeline(settings)
    try:
        pipeline.store.save_article(ARTICLE)
        pipeline.render(ARTICLE.id)
    finally:
        pipeline.close()
    add_user(settings.db_url, "bien-tap", PASSWORD)
    return settings


@pytest.fixture
def staff(s3_settings, make_app):
    with TestClient(make_app(s3_settings)) as c:
        sign_in(c, "bien-tap", PASSWORD)
        yield c


def test_a_paragraphs_audio_is_cut_from_the_episode_in_the_bucket(staff, s3_settings):
    pipeline = Pipeline(s3_settings)
    try:
        episode = pipeline.store.state(ARTICLE.id).episode
    finally:
        pipeline.close()
    response = staff.get(f"/bai-viet/{ARTICLE.id}/doan-2.wav")
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(response.content)) as w:
        frames, rate = w.getnframes(), w.getframerate()
    paragraph = [t for t in episode.timeline if t.paragraph == 1]
    assert rate == episode.sample_rate and frames == paragraph[-1].end - paragraph[0].start
    assert not (s3_settings.data_dir / "episodes").exists()


def test_a_lexicon_entry_added_by_staff_is_saved_in_the_bucket(staff, s3_settings):
    page = staff.get("/tu-dien")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    response = staff.post("/tu-dien/them", data={"csrf": csrf, "term": "TTXVN", "spoken": "thông tấn xã Việt Nam"})
    assert response.status_code == 200
    pipeline = Pipeline(s3_settings)
    try:
        assert pipeline.storage.read_bytes("lexicon.txt").decode("utf-8").splitlines() == ["TTXVN = thông tấn xã Việt Nam"]
    finally:
        pipeline.close()
    assert not (s3_settings.data_dir / "lexicon.txt").exists()
