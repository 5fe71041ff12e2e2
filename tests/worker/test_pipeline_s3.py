"""The pipeline in one process with its files in an S3-compatible bucket (a real moto server): the
station lexicon read from the bucket, the episode with its transcripts in the feed, a retraction."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from articles.model import Article, Block
from worker.pipeline import Pipeline

ARTICLE = Article(
    id="cau-tre-01", title="QTV khởi công cầu mới ở xã ven sông",
    blocks=(Block("lead", "Sáng nay, huyện khởi công cây cầu nối hai xã ven sông."),
            Block("body", "Cầu dự kiến hoàn thành trong mười tám tháng."),),
    published=datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
)


@pytest.fixture
def s3_pipeline(settings, s3_env, redis_url, redis_prefix):
    p = Pipeline(replace(settings, storage_url=s3_env.storage_url(), s3_endpoint_url=s3_env.endpoint_url,
                         redis_url=redis_url, key_prefix=redis_prefix))
    yield p
    p.close()


def test_a_render_in_a_bucket_reads_the_lexicon_there_and_lists_its_transcripts(s3_pipeline, settings):
    s3_pipeline.storage.write_bytes("lexicon.txt", "QTV = Quảng Trị ti vi\n".encode())
    s3_pipeline.store.save_article(ARTICLE)
    assert s3_pipeline.script_for(ARTICLE)[0].spoken.startswith("Quảng Trị ti vi")
    episode = s3_pipeline.render(ARTICLE.id)
    feed = feedparser.parse(s3_pipeline.storage.read_bytes("feed.xml"))
    assert feed.bozo == 0
    (entry,) = feed.entries
    stem = episode.audio_key.removesuffix(".mp3")
    assert entry.enclosures[0].href == f"https://radio.example.vn/loa/{episode.audio_key}"
    assert entry["podcast_transcript"]["url"] == f"https://radio.example.vn/loa/{stem}.srt"
    assert s3_pipeline.storage.list(f"episodes/{ARTICLE.id}") == sorted(
        f"{stem}{suffix}" for suffix in (".mp3", ".srt", ".vtt", ".wav"))
    assert not settings.data_dir.joinpath("episodes").exists()

    s3_pipeline.storage.write_bytes("lexicon.txt", "QTV = Quảng Trị tê vê\n".encode())
    assert s3_pipeline.script_for(ARTICLE)[0].spoken.startswith("Quảng Trị tê vê")  # a change is seen


def test_a_retraction_empties_the_buckets_feed(s3_pipeline):
    s3_pipeline.store.save_article(ARTICLE)
    s3_pipeline.render(ARTICLE.id)
    assert s3_pipeline.retract(ARTICLE.id)
    assert feedparser.parse(s3_pipeline.storage.read_bytes("feed.xml")).entries == []


def test_each_shows_feed_and_cover_are_written_to_the_bucket(settings, s3_env, redis_url, redis_prefix, tmp_path):
    (tmp_path / "chuong-trinh.yaml").write_text(
        "shows:\n  - slug: giao-thong\n    title: Giao thông\n    description: Cầu, đường và bến phà.\n"
        "    categories: [Giao thông]\n", encoding="utf-8")
    p = Pipeline(replace(settings, storage_url=s3_env.storage_url(), s3_endpoint_url=s3_env.endpoint_url,
                         redis_url=redis_url, key_prefix=redis_prefix, shows_file=str(tmp_path / "chuong-trinh.yaml"),
                         storage_public_url="https://cdn.example.vn/loa"))
    try:
        p.store.save_article(replace(ARTICLE, section="Giao thông"))
        episode = p.render(ARTICLE.id)
        feed = feedparser.parse(p.storage.read_bytes("shows/giao-thong/feed.xml"))
        assert feed.bozo == 0 and feed.feed.title == "Giao thông"
        (entry,) = feed.entries
        assert entry.enclosures[0].href == f"https://cdn.example.vn/loa/{episode.audio_key}"
        assert feed.feed.image.href == "https://cdn.example.vn/loa/shows/giao-thong/cover.png"
        assert p.storage.read_bytes("shows/giao-thong/cover.png").startswith(b"\x89PNG")
        assert not settings.data_dir.joinpath("shows").exists()
    finally:
        p.close()
