"""Two real Celery workers on "two machines" (data directories of their own, nothing shared on disk)
render and publish an article through one S3-compatible bucket (a real moto server), one database and
one Redis: the feed in the bucket lists the episode and its MP3 decodes to the episode's length."""
from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from articles.store import Store
from audio.ffmpeg import decode_file
from loa.s3storage import S3Storage
from tests.support.s3 import S3_ENV
from tests.support.workers import Worker, key_prefix, loa_env, run_loa, wait_for

pytestmark = pytest.mark.integration

PUBLIC = "https://radio.example.vn/loa/"
ARTICLE = {
    "id": "cang-ca-01", "title": "Cảng cá mới đón những chuyến tàu đầu tiên",
    "body": "Sáng nay, cảng cá ở huyện ven biển đã đón mười hai tàu trở về sau chuyến đi dài ngày.\n\n"
            "Ngư dân cho biết sản lượng năm nay khá hơn. Giá cá ngừ tăng nhẹ so với tháng trước.",
    "published": "2026-11-28T06:00:00+07:00", "url": "https://radio.example.vn/tin/cang-ca-01",
}


def bucket_feed(storage: S3Storage) -> list:
    if not storage.exists("feed.xml"):
        return []
    parsed = feedparser.parse(storage.read_bytes("feed.xml"))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed.entries


def test_two_workers_sharing_no_directory_publish_through_one_bucket(tmp_path, redis_url, s3_env):
    s3_server = s3_env
    storage_url = s3_server.storage_url()
    shared = {
        "LOA_KEY_PREFIX": key_prefix(redis_url),
        "LOA_DATABASE_URL": f"sqlite:///{tmp_path / 'database' / 'loa.db'}",
        "LOA_STORAGE_URL": storage_url, "LOA_S3_ENDPOINT_URL": s3_server.endpoint_url, **S3_ENV,
    }
    (tmp_path / "database").mkdir()
    hosts = {name: tmp_path / name for name in ("may-tong-hop", "may-phat-hanh", "may-bien-tap")}
    envs = {name: loa_env(folder, redis_url, **shared) for name, folder in hosts.items()}
    # One machine synthesizes and masters; the other publishes the feed and makes the broadcast WAV,
    # from the clips the first one left in the bucket.
    rendering = Worker(envs["may-tong-hop"], tmp_path / "rendering.log", queues="ingest,tts,audio")
    publishing = Worker(envs["may-phat-hanh"], tmp_path / "publishing.log", queues="publish,broadcast")
    storage = S3Storage.from_url(storage_url, endpoint_url=s3_server.endpoint_url)
    try:
        source = tmp_path / "cang-ca-01.json"
        source.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
        queued = run_loa(["add", str(source), "--queue"], envs["may-bien-tap"])
        assert queued.returncode == 0, queued.stderr
        entries = wait_for(lambda: bucket_feed(storage), 120, "the episode in the bucket's feed")
        assert [e.title for e in entries] == [ARTICLE["title"]]
        enclosure = entries[0].enclosures[0]
        mp3_key = enclosure.href.removeprefix(PUBLIC)
        assert mp3_key.startswith("episodes/cang-ca-01/") and int(enclosure.length) == storage.size(mp3_key)
        wav_key = mp3_key.removesuffix(".mp3") + ".wav"
        wait_for(lambda: storage.exists(wav_key), 120, "the broadcast WAV made by the publishing worker")
    finally:
        rendering.stop()
        publishing.stop()
    store = Store(shared["LOA_DATABASE_URL"])
    try:
        state = store.state("cang-ca-01")
    finally:
        store.close()
    assert state is not None and state.status == "published" and state.episode is not None
    with storage.local_copy(mp3_key) as mp3:
        decoded = decode_file(mp3, "mp3", state.episode.sample_rate, 1)
    assert decoded.frames / decoded.sample_rate == pytest.approx(state.episode.duration, abs=0.06)
    assert state.episode.duration > 5
    for folder in hosts.values():  # nothing of the programme on any machine's own disk
        assert [p for p in Path(folder).rglob("*") if p.suffix in (".mp3", ".wav", ".xml", ".vtt")] == []
    for worker in (rendering, publishing):
        assert "Traceback" not in worker.log(), worker.log()[-3000:]


def test_a_store_that_comes_back_is_retried_and_the_article_published(tmp_path, redis_url, s3_env):
    from moto.server import ThreadedMotoServer

    from tests.support.s3 import client, free_port

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    shared = {
        "LOA_KEY_PREFIX": key_prefix(redis_url), "LOA_DATABASE_URL": f"sqlite:///{tmp_path / 'loa.db'}",
        "LOA_STORAGE_URL": "s3://loa-tro-lai/tin", "LOA_S3_ENDPOINT_URL": endpoint, **S3_ENV,
    }
    worker = Worker(loa_env(tmp_path / "may-1", redis_url, **shared), tmp_path / "worker.log")
    server = None
    try:
        source = tmp_path / "cang-ca-01.json"
        source.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
        # The door reads the lexicon from a store that answers; the worker's store is down.
        door = {**shared, "LOA_STORAGE_URL": s3_env.storage_url(), "LOA_S3_ENDPOINT_URL": s3_env.endpoint_url}
        queued = run_loa(["add", str(source), "--queue"], loa_env(tmp_path / "may-2", redis_url, **door))
        assert queued.returncode == 0, queued.stderr
        wait_for(lambda: "StoreUnavailable" in worker.log(), 60, "a step meeting the store down")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        client(endpoint).create_bucket(Bucket="loa-tro-lai")
        storage = S3Storage.from_url("s3://loa-tro-lai/tin", endpoint_url=endpoint)
        entries = wait_for(lambda: bucket_feed(storage), 120, "the episode in the feed once the store is back")
        assert [e.title for e in entries] == [ARTICLE["title"]]
    finally:
        worker.stop()
        if server is not None:
            server.stop()
