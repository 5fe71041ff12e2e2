"""A speech engine failing under real workers: mid-article (the article is spoken again, whole, by the
next engine), failing on and on (its circuit opens, shared by every worker, and new articles skip it
at once), then recovering (after the cool-down one article probes it and it is used again)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from articles.db import EpisodeRow
from articles.store import Store
from tests.support.faults import (
    all_settled,
    fault_env,
    queue_articles,
    settings_of,
    settled_outcome,
    small_article,
)
from tests.support.workers import Worker, wait_for

pytestmark = pytest.mark.integration

SWITCHABLE = "tests.support.engines:SwitchableEngine"
FAILED_SENTENCE = "ServiceError: the test service answered HTTP 503"


def episode_engine(settings, article_id) -> tuple[str, str | None, str | None]:
    """(episode engine, why, the article's engine label)."""
    store = Store(settings.db_url)
    try:
        with store.session() as s:
            [row] = s.execute(select(EpisodeRow.engine, EpisodeRow.engine_reason)
                              .where(EpisodeRow.article_id == article_id)).all()
        return row.engine, row.engine_reason, store.state(article_id).engine
    finally:
        store.close()


def spoken_by(log, text_part: str) -> set[str]:
    return {line.split("\t")[1] for line in log.read_text(encoding="utf-8").splitlines() if text_part in line}


def test_a_failing_engine_hands_articles_whole_to_the_next_one_and_comes_back(tmp_path):
    # The test owns its Redis here too, so the circuits it opens are its own.
    from tests.support.faults import RedisServer

    server = RedisServer(tmp_path / "redis")
    control, synth_log = tmp_path / "control", tmp_path / "synth.log"
    env = fault_env(tmp_path / "var", server.url, engine="auto", LOA_ENGINE_CHAIN=f"{SWITCHABLE},espeak",
                    LOA_TEST_ENGINE_CONTROL=str(control), LOA_TEST_SYNTH_LOG=str(synth_log),
                    LOA_BREAKER_FAILURES="3", LOA_BREAKER_COOLDOWN="4", LOA_ENGINE_RETRIES="1")
    settings = settings_of(env)
    worker = Worker(env, tmp_path / "worker.log", concurrency=3)
    try:
        # Mid-article: the engine speaks some sentences and fails one (twice: once retried).
        control.write_text("fail-on:ngầm tràn")
        queue_articles(settings, [small_article("e-giua-bai", 0)])
        wait_for(lambda: all_settled(settings, ["e-giua-bai"]), 60, "the article failing mid-way")
        engine, why, label = episode_engine(settings, "e-giua-bai")
        assert (engine, why) == ("espeak", f"switchable: {FAILED_SENTENCE}")
        assert label == f"espeak (switchable: {FAILED_SENTENCE})"
        assert spoken_by(synth_log, "ngầm tràn") == {"fail"}  # tried, retried, never in an episode

        # Failing on and on: the circuit opens; an article queued then skips the engine at once.
        control.write_text("fail")
        queue_articles(settings, [small_article("e-hong", 1)])
        wait_for(lambda: all_settled(settings, ["e-hong"]), 60, "the article while the engine fails")
        assert episode_engine(settings, "e-hong")[0] == "espeak"
        tries = len(synth_log.read_text().splitlines())
        queue_articles(settings, [small_article("e-mach-mo", 2)])
        wait_for(lambda: all_settled(settings, ["e-mach-mo"]), 60, "the article while the circuit is open")
        engine, why, label = episode_engine(settings, "e-mach-mo")
        assert engine == "espeak" and why.startswith("switchable: circuit open after ")
        assert why.endswith(f" failures: {FAILED_SENTENCE}") and label.startswith("espeak (switchable: circuit open")
        assert len(synth_log.read_text().splitlines()) == tries  # not asked at all

        # Recovered: after the cool-down one render probes it, and it speaks again.
        control.write_text("ok")
        wait_for(lambda: _cooled_down(settings), 30, "the cool-down to end")
        queue_articles(settings, [small_article("e-hoi-phuc", 3)])
        wait_for(lambda: all_settled(settings, ["e-hoi-phuc"]), 60, "the article after the recovery")
        assert episode_engine(settings, "e-hoi-phuc") == ("switchable", None, "switchable")

        outcome = settled_outcome(settings, ["e-giua-bai", "e-hong", "e-mach-mo", "e-hoi-phuc"])
    finally:
        worker.stop()
        server.stop()
    assert outcome.failed == {}


def _cooled_down(settings) -> bool:
    import time

    import redis

    client = redis.Redis.from_url(settings.redis_url)
    try:
        opened_until = client.hget(settings.redis_key("loa:circuit:switchable"), "opened_until")
    finally:
        client.close()
    return opened_until is None or float(opened_until) < time.time()


def test_when_the_only_engine_fails_the_article_fails_at_once_with_the_reason(tmp_path, redis_url):
    control = tmp_path / "control"
    control.write_text("fail")
    env = fault_env(tmp_path / "var", redis_url, engine=SWITCHABLE, LOA_TEST_ENGINE_CONTROL=str(control),
                    LOA_ENGINE_RETRIES="1")
    settings = settings_of(env)
    worker = Worker(env, tmp_path / "worker.log", concurrency=2)
    try:
        queue_articles(settings, [small_article("e-mot-minh", 0)])
        wait_for(lambda: all_settled(settings, ["e-mot-minh"]), 60, "the article to fail")
        outcome = settled_outcome(settings, ["e-mot-minh"])
    finally:
        worker.stop()
    reason = outcome.failed["e-mot-minh"]
    assert reason.startswith("synthesize: no speech engine left: switchable: ")
    assert FAILED_SENTENCE in reason or "circuit open" in reason
