"""Voices through real Celery workers: the article's voice speaks every sentence task, and when its
engine refuses, the whole article falls to the chain; the episode says which engine, voice and why."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.store import Store
from tests.audio.fakes.azure import SYNTHESIZE, FakeAzure
from tests.audio.fakes.server import Answer, speech_audio
from tests.support.workers import Worker, loa_env, run_loa, wait_for

pytestmark = pytest.mark.integration
KEY = "2b4d6f8a0c1e3a5c7e9a1c3e5a7c9e1a"


def write_article(folder: Path, article_id: str) -> Path:
    path = folder / f"{article_id}.json"
    path.write_text(json.dumps({
        "id": article_id, "title": "Tuyến xe buýt mới nối hai huyện",
        "body": "Từ tuần sau, tuyến xe buýt mới chạy mỗi giờ một chuyến.\n\nGiá vé là tám nghìn đồng một lượt.",
        "published": "2026-11-28T06:30:00+07:00",
    }, ensure_ascii=False), encoding="utf-8")
    return path


def settled(data_dir: Path, article_id: str):
    store = Store(f"sqlite:///{data_dir / 'loa.db'}")
    try:
        state = store.state(article_id)
        if state is None or state.status not in ("published", "failed"):
            return None
        reason = store.renders.episode_engine_reason(article_id, state.episode.script_hash) if state.episode else None
        return state, reason
    finally:
        store.close()


def test_a_voice_renders_through_workers_and_a_refusing_engine_hands_the_article_over(tmp_path, redis_url):
    azure = FakeAzure(speech_audio(), KEY).start()
    data_dir = tmp_path / "var"
    env = loa_env(data_dir, redis_url, engine="auto", LOA_ENGINE_CHAIN="espeak", LOA_AZURE_KEY=KEY,
                  LOA_AZURE_ENDPOINT=azure.url + SYNTHESIZE)
    worker = Worker(env, tmp_path / "worker.log")
    try:
        assert run_loa(["add", str(write_article(tmp_path, "xe-buyt")), "--queue", "--voice", "nu-bac"],
                       env).returncode == 0
        state, reason = wait_for(lambda: settled(data_dir, "xe-buyt"), 90, "the article in voice nu-bac")
        assert state.status == "published", state.error
        assert (state.episode.engine, state.episode.voice, state.episode.voice_name) == (
            "azure", "vi-VN-HoaiMyNeural", "nu-bac")
        assert reason is None and len(azure.to(SYNTHESIZE)) >= 3

        azure.reset()
        azure.then(SYNTHESIZE, *[Answer(401)] * 50)
        assert run_loa(["add", str(write_article(tmp_path, "xe-buyt-2")), "--queue", "--voice", "nam-bac"],
                       env).returncode == 0
        state, reason = wait_for(lambda: settled(data_dir, "xe-buyt-2"), 90, "the article handed to espeak")
        assert state.status == "published", state.error
        assert (state.episode.engine, state.episode.voice_name) == ("espeak", None)
        assert reason.startswith("azure/nam-bac: AuthenticationFailed: Azure Speech refused the credentials")
        assert KEY not in reason and KEY not in worker.log()
    finally:
        worker.stop()
        azure.stop()
    assert "Traceback" not in worker.log()
