"""Redis SIGKILLed in the middle of renders and started again (append-only file on, as in production):
queued messages survive, the running steps that lost their connection are driven on from the
database, and every article is published exactly once."""
from __future__ import annotations

import time

import pytest

from tests.support.faults import (
    RedisServer,
    all_settled,
    fault_env,
    messages_left,
    queue_articles,
    settings_of,
    settled_outcome,
    small_article,
)
from tests.support.workers import Beat, Worker, wait_for

pytestmark = pytest.mark.integration


def synthesized(log) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def test_redis_killed_mid_render_and_restarted_loses_and_duplicates_nothing(tmp_path):
    server = RedisServer(tmp_path / "redis")
    synth_log = tmp_path / "synth.log"
    env = fault_env(tmp_path / "var", server.url, engine="tests.support.engines:SlowEspeakEngine",
                    LOA_TEST_SYNTH_LOG=str(synth_log), LOA_TEST_SYNTH_DELAY="0.3")
    settings = settings_of(env)
    articles = [small_article(f"r-{n}", n) for n in range(6)]
    ids = [a.id for a in articles]
    worker = Worker(env, tmp_path / "worker.log", concurrency=3)
    beat = Beat(env, tmp_path / "beat")
    try:
        queue_articles(settings, articles)
        wait_for(lambda: synthesized(synth_log) >= 6, 60, "synthesis to be under way")
        server.kill()
        time.sleep(1.5)  # the workers and beat see the connection go
        server.start()
        wait_for(lambda: all_settled(settings, ids), 120, "every article to settle after the restart")
        wait_for(lambda: messages_left(settings) == 0, 60, "the redelivered messages to be done")
        outcome = settled_outcome(settings, ids)
    finally:
        beat.stop()
        worker.stop()
        server.stop()
    assert sorted(outcome.published) == sorted(ids) and outcome.failed == {}
