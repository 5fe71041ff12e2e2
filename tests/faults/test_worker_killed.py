"""A worker SIGKILLed while five articles stand at five different steps: prepare, synthesis, assemble,
publish (the database says published, the feed does not have it yet) and broadcast. A new worker and
beat's reconciliation publish each exactly once; the dead worker's messages, redelivered after the
visibility timeout, change nothing."""
from __future__ import annotations

import fcntl

import pytest

from tests.support.faults import (
    all_settled,
    fault_env,
    messages_left,
    queue_articles,
    settings_of,
    settled_outcome,
    small_article,
    statuses,
)
from tests.support.workers import Beat, Worker, wait_for

pytestmark = pytest.mark.integration

STEPS = {"k-prepare": "loa.render_article", "k-synthesis": "loa.synthesize_sentence",
         "k-assemble": "loa.assemble", "k-broadcast": "loa.broadcast"}


def test_a_worker_killed_at_every_step_loses_and_duplicates_nothing(tmp_path, redis_url):
    pauses = tmp_path / "paused"
    pauses.mkdir()
    # A network-style engine, so every sentence is a task of its own (the offline voice is synthesized
    # and assembled inside the render task: its kill is the prepare step's).
    env = fault_env(tmp_path / "var", redis_url, engine="tests.support.engines:SlowEspeakEngine")
    settings = settings_of(env)
    held = dict(env, LOA_TEST_PAUSES=",".join(f"{a}@{t}" for a, t in STEPS.items()),
                LOA_TEST_PAUSE_DIR=str(pauses), LOA_TEST_PAUSE_SECONDS="13")
    articles = {name: small_article(name, n) for n, name in enumerate([*STEPS, "k-publish"])}
    ids = list(articles)

    first = Worker(held, tmp_path / "worker-1.log", concurrency=8, include="tests.support.pauses")
    lock = None
    try:
        # Broadcast: published and in the feed, its broadcast master under way.
        queue_articles(settings, [articles["k-broadcast"]])
        wait_for(lambda: (pauses / "k-broadcast@loa.broadcast").exists(), 60, "the broadcast step")
        # Publish: the feed is locked, so the worker has marked the article published in the database
        # and waits to write the feed when it dies.
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock = open(settings.data_dir / ".feed.lock", "a")
        fcntl.flock(lock, fcntl.LOCK_EX)
        queue_articles(settings, [articles[name] for name in ("k-publish", "k-prepare", "k-synthesis",
                                                               "k-assemble")])
        wait_for(lambda: statuses(settings, ["k-publish"])["k-publish"] == "published", 60, "the publish step")
        for name in ("k-prepare", "k-synthesis", "k-assemble"):
            wait_for(lambda name=name: (pauses / f"{name}@{STEPS[name]}").exists(), 60, f"the step of {name}")
        before = statuses(settings, ids)
    finally:
        first.kill()
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
    assert before == {"k-prepare": "queued", "k-synthesis": "rendering", "k-assemble": "rendering",
                      "k-broadcast": "published", "k-publish": "published"}

    second = Worker(env, tmp_path / "worker-2.log", concurrency=2)
    beat = Beat(env, tmp_path / "beat")
    try:
        wait_for(lambda: all_settled(settings, ids), 120, "every article to settle after the kill")
        # The dead worker's own messages come back after the visibility timeout: wait them out too.
        wait_for(lambda: messages_left(settings) == 0, 60, "the redelivered messages to be done")
        outcome = settled_outcome(settings, ids)
    finally:
        beat.stop()
        second.stop()
    assert sorted(outcome.published) == sorted(ids) and outcome.failed == {}
    assert "Traceback" not in second.log()
