"""A real Celery worker on a real Redis renders queued articles into the feed."""
from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from articles.store import Store
from tests.support.workers import Worker, loa_env, run_loa, wait_for

pytestmark = pytest.mark.integration

PARAGRAPHS = [
    "Sáng nay, Ban Chỉ huy phòng chống thiên tai tỉnh họp khẩn để ứng phó với đợt mưa lớn.",
    "Lượng mưa tại các huyện miền núi phổ biến từ 150 đến 250 mi li mét. Mực nước sông đang lên nhanh.",
    "Các địa phương đã di dời hơn 400 hộ dân khỏi vùng nguy hiểm. Lực lượng vũ trang trực sẵn sàng.",
    "Người dân cần theo dõi bản tin thời tiết và không đi qua ngầm tràn khi nước đang chảy xiết.",
]


def write_article(folder: Path, article_id: str, paragraphs: list[str]) -> Path:
    path = folder / f"{article_id}.json"
    path.write_text(json.dumps({
        "id": article_id, "title": "Tỉnh chủ động ứng phó mưa lớn", "body": "\n\n".join(paragraphs),
        "published": "2026-11-27T07:30:00+07:00", "author": "Văn Phúc",
        "url": f"https://radio.example.vn/tin/{article_id}",
    }, ensure_ascii=False), encoding="utf-8")
    return path


def feed_entries(data_dir: Path) -> list:
    feed_path = data_dir / "feed.xml"
    if not feed_path.exists():
        return []
    parsed = feedparser.parse(feed_path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed.entries


def published(data_dir: Path, article_id: str) -> bool:
    store = Store(f"sqlite:///{data_dir / 'loa.db'}")
    try:
        state = store.state(article_id)
        return state is not None and state.status == "published"
    finally:
        store.close()


def test_queued_article_appears_in_the_feed(tmp_path, redis_url):
    data_dir = tmp_path / "var"
    env = loa_env(data_dir, redis_url)
    worker = Worker(env, tmp_path / "worker.log")
    try:
        source = write_article(tmp_path, "mua-lon-01", PARAGRAPHS)
        queued = run_loa(["add", str(source), "--queue"], env)
        assert queued.returncode == 0, queued.stderr
        assert queued.stdout.strip() == "mua-lon-01"
        entries = wait_for(lambda: feed_entries(data_dir), 90, "the episode in the feed")
        assert [e.title for e in entries] == ["Tỉnh chủ động ứng phó mưa lớn"]
        enclosure = entries[0].enclosures[0]
        audio = data_dir / enclosure.href.removeprefix("https://radio.example.vn/loa/")
        assert int(enclosure.length) == audio.stat().st_size
        status = run_loa(["status", "mua-lon-01"], env)
        assert "status:   published" in status.stdout and "engine:   espeak" in status.stdout
    finally:
        worker.stop()
    assert "Traceback" not in worker.log()


@pytest.mark.parametrize("engine", ["SlowEspeakEngine", "LocalSlowEspeakEngine"])
def test_sigkilled_worker_mid_synthesis_still_publishes_exactly_once(tmp_path, redis_url, engine):
    """Sentences as tasks of their own (a network engine), or synthesized inside the render task (a
    local one): either way the killed worker's work is picked up and published once."""
    data_dir = tmp_path / "var"
    synth_log = tmp_path / "synth.log"
    env = loa_env(
        data_dir, redis_url, engine=f"tests.support.engines:{engine}",
        LOA_TEST_SYNTH_LOG=str(synth_log), LOA_TEST_SYNTH_DELAY="1.0",
    )
    source = write_article(tmp_path, "mua-lon-02", PARAGRAPHS * 2)
    first = Worker(env, tmp_path / "worker-1.log")
    try:
        queued = run_loa(["add", str(source), "--queue"], env)
        assert queued.returncode == 0, queued.stderr
        wait_for(lambda: synth_log.exists() and len(synth_log.read_text().splitlines()) >= 3, 60,
                 "synthesis to start")
    finally:
        first.kill()
    assert not published(data_dir, "mua-lon-02")
    assert feed_entries(data_dir) == []

    second = Worker(env, tmp_path / "worker-2.log")
    try:
        wait_for(lambda: published(data_dir, "mua-lon-02") and feed_entries(data_dir), 150,
                 "the article in the feed after the kill")
    finally:
        second.stop()
    entries = feed_entries(data_dir)
    assert len(entries) == 1 and entries[0].title == "Tỉnh chủ động ứng phó mưa lớn"
    store = Store(f"sqlite:///{data_dir / 'loa.db'}")
    try:
        with store.session() as s:
            from sqlalchemy import func, select

            from articles.db import EpisodeRow

            episodes = s.scalar(select(func.count()).select_from(EpisodeRow).where(
                EpisodeRow.article_id == "mua-lon-02"))
    finally:
        store.close()
    assert episodes == 1
    mp3s = list((data_dir / "episodes" / "mua-lon-02").glob("*.mp3"))
    assert len(mp3s) == 1
    pids = {line.split("\t", 1)[0] for line in synth_log.read_text().splitlines()}
    assert len(pids) >= 2, "the second worker synthesized the rest"


def test_offline_voice_is_rendered_by_the_audio_worker_alone(tmp_path, redis_url):
    """espeak-ng is CPU work: the article's render synthesizes and masters it in one task, so its
    sentences never wait in the speech queue (no speech worker runs here), while a network-style
    engine's sentences do."""
    from tests.support.queues import queued

    data_dir = tmp_path / "var"
    env = loa_env(data_dir, redis_url)
    worker = Worker(env, tmp_path / "worker.log", queues="publish,audio,broadcast", concurrency=1)
    try:
        source = write_article(tmp_path, "mua-lon-03", PARAGRAPHS)
        assert run_loa(["add", str(source), "--queue"], env).returncode == 0
        entries = wait_for(lambda: feed_entries(data_dir), 90, "the episode in the feed")
        assert [e.title for e in entries] == ["Tỉnh chủ động ứng phó mưa lớn"]
        wait_for(lambda: list((data_dir / "episodes" / "mua-lon-03").glob("*.wav")), 60, "the broadcast WAV")
    finally:
        worker.stop()
    assert "Traceback" not in worker.log()
    assert "Task loa.synthesize_sentence[" not in worker.log()  # received by nobody

    network_env = loa_env(data_dir, redis_url, engine="tests.support.engines:SlowEspeakEngine",
                          LOA_KEY_PREFIX=env["LOA_KEY_PREFIX"])
    worker = Worker(network_env, tmp_path / "worker-2.log", queues="publish,audio,broadcast", concurrency=1)
    try:
        other = write_article(tmp_path, "mua-lon-04", PARAGRAPHS[:2])
        assert run_loa(["add", str(other), "--queue"], network_env).returncode == 0
        def sentences_waiting() -> list:
            found = queued(redis_url, env["LOA_KEY_PREFIX"], "tts", "loa.synthesize_sentence")
            return found if len(found) >= 3 else []  # the render task queues them one after another

        waiting = wait_for(sentences_waiting, 60, "three of the network engine's sentences in the speech queue")
        assert {w[1][0] for w in waiting} == {"mua-lon-04"}
        assert not published(data_dir, "mua-lon-04")
    finally:
        worker.stop()
