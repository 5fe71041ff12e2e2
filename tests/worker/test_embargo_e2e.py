"""Embargo through real workers and beat: rendered at once, in the feed and the drop folder at its time."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.workers import Beat, Worker, loa_env, wait_for
from tests.worker.test_polling_e2e import feed_entries
from worker.pipeline import Pipeline
from worker.queue import TaskQueue

pytestmark = pytest.mark.integration
AHEAD = 25  # seconds: room for the worker to start and render before the time comes


def test_beat_lets_an_embargoed_article_into_the_feed_and_the_drop_folder_at_its_time(tmp_path, redis_url):
    data_dir, drop = tmp_path / "var", tmp_path / "drop"
    env = loa_env(data_dir, redis_url, LOA_RECONCILE_INTERVAL="1", LOA_DROP_FOLDER=str(drop))
    settings = Settings(data_dir=data_dir, engine="espeak", redis_url=redis_url, key_prefix=env["LOA_KEY_PREFIX"],
                        public_base_url="https://radio.example.vn/loa", drop_folder=str(drop))
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=AHEAD)
    pipeline = Pipeline(settings)
    pipeline.store.save_article(Article(id="bai-hen-gio", title="Công bố quy hoạch tỉnh", published=at,
                                        blocks=(Block("lead", "Chiều nay, tỉnh công bố quy hoạch giai đoạn mới."),)))
    pipeline.store.set_status("bai-hen-gio", "queued")
    TaskQueue(settings).render("bai-hen-gio")
    worker, beat = Worker(env, tmp_path / "worker.log"), Beat(env, tmp_path / "beat")
    try:
        wait_for(lambda: pipeline.renders.progress("bai-hen-gio").step == "embargo", AHEAD, "the render, held")
        assert datetime.now(UTC) < at
        assert pipeline.store.state("bai-hen-gio").status == "published"
        assert feed_entries(data_dir) == [] and list(Path(drop).glob("*.wav")) == []

        entries = wait_for(lambda: feed_entries(data_dir), AHEAD + 30, "the episode in the feed at its time")
        assert datetime.now(UTC) >= at and [e.title for e in entries] == ["Công bố quy hoạch tỉnh"]
        wait_for(lambda: list(Path(drop).glob("*_bai-hen-gio.wav")), 30, "its file in the drop folder")
        wait_for(lambda: pipeline.renders.progress("bai-hen-gio").step == "done", 10, "the broadcast step done")
    finally:
        beat.stop()
        worker.stop()
        pipeline.close()
    assert "Traceback" not in worker.log()
