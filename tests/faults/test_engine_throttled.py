"""A vendor metering its quota under real workers: its 429s hold the sentence back, never the engine.

A throttled sentence is retried after the wait the vendor asked for (plus a jittered backoff) more
times than a failing one, its engine's circuit stays closed, and the article keeps its voice
instead of falling to the next engine of the chain.
"""
from __future__ import annotations

import pytest
import redis

from tests.faults.test_engine_failing import episode_engine
from tests.support.faults import all_settled, fault_env, queue_articles, settings_of, settled_outcome, small_article
from tests.support.workers import Worker, wait_for

pytestmark = pytest.mark.integration

METERED = "tests.support.metered:MeteredEngine"
THROTTLED_SENTENCE = "ngầm tràn"


def test_a_throttled_sentence_is_retried_and_the_article_keeps_its_engine(tmp_path, redis_url):
    synth_log = tmp_path / "synth.log"
    # No retry for a failing engine and a circuit that opens at the first failure: only throttling's
    # own retries can keep this article on the metered engine.
    env = fault_env(tmp_path / "var", redis_url, engine="auto", LOA_ENGINE_CHAIN=f"{METERED},espeak",
                    LOA_TEST_THROTTLE_ON=THROTTLED_SENTENCE, LOA_TEST_THROTTLE_TIMES="3",
                    LOA_TEST_SYNTH_LOG=str(synth_log), LOA_ENGINE_RETRIES="0", LOA_BREAKER_FAILURES="1")
    settings = settings_of(env)
    worker = Worker(env, tmp_path / "worker.log", concurrency=2)
    try:
        queue_articles(settings, [small_article("e-han-muc", 0)])
        wait_for(lambda: all_settled(settings, ["e-han-muc"]), 60, "the throttled article")
        outcome = settled_outcome(settings, ["e-han-muc"])
    finally:
        worker.stop()

    assert outcome.failed == {}
    assert episode_engine(settings, "e-han-muc") == ("metered", None, "metered")
    attempts = [line.split("\t")[1] for line in synth_log.read_text(encoding="utf-8").splitlines()
                if THROTTLED_SENTENCE in line]
    assert attempts == ["throttled"] * 3 + ["ok"]
    client = redis.Redis.from_url(settings.redis_url)
    try:
        assert client.hget(settings.redis_key("loa:circuit:metered"), "failures") is None  # never counted
    finally:
        client.close()
