"""Reconciliation from the database, in one process, sending real messages to this test's own queues."""
from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import redis

from articles.store import Placeholder
from tests.support.queues import queued
from tests.worker.test_pipeline import article
from worker.pipeline import Pipeline
from worker.queue import TaskQueue, waiting_articles
from worker.reconcile import reconcile


@pytest.fixture
def setup(settings, redis_url, redis_prefix, tmp_path):
    s = replace(settings, redis_url=redis_url, key_prefix=redis_prefix, drop_folder=str(tmp_path / "drop"))
    pipeline = Pipeline(s)
    yield pipeline, TaskQueue(s)
    pipeline.close()


def later(pipeline: Pipeline, seconds: float = 1) -> datetime:
    """A moment past the stall deadline of everything that moved until now."""
    return datetime.now(UTC) + timedelta(seconds=pipeline.settings.stall_after + seconds)


def run(pipeline: Pipeline, sender: TaskQueue, now: datetime | None = None, sweep: bool = False):
    client = redis.Redis.from_url(pipeline.settings.redis_url)
    try:
        waiting = waiting_articles(client, pipeline.settings)
    finally:
        client.close()
    return reconcile(pipeline, sender, waiting, now or later(pipeline), sweep_temporary_files=sweep)


def in_queue(pipeline: Pipeline, queue: str) -> list[tuple[str, list]]:
    return queued(pipeline.settings.redis_url, pipeline.settings.key_prefix, queue)


def empty_queue(pipeline: Pipeline, queue: str) -> None:
    """The messages are gone (taken by a worker that then died, or lost with Redis)."""
    redis.Redis.from_url(pipeline.settings.redis_url).delete(pipeline.settings.redis_key(queue))


def test_a_queued_article_whose_message_was_lost_is_driven_on_then_failed_with_the_reason(setup):
    pipeline, sender = setup
    a = article()
    pipeline.store.save_article(a)
    pipeline.store.set_status(a.id, "queued")

    assert run(pipeline, sender, now=datetime.now(UTC)).driven == []  # not stalled yet

    for attempt in (1, 2, 3):
        report = run(pipeline, sender)
        assert report.driven == [a.id]
        assert in_queue(pipeline, "audio") == [("loa.render_article", [a.id])]
        assert pipeline.renders.progress(a.id).attempts == attempt
        # While its message waits behind others, the article is not stalled: nothing is sent twice.
        report = run(pipeline, sender)
        assert (report.driven, report.waiting) == ([], 1)
        empty_queue(pipeline, "audio")

    report = run(pipeline, sender)
    assert report.failed == [a.id] and report.driven == []
    state = pipeline.store.state(a.id)
    assert state.status == "failed"
    assert state.error == ("stalled while queued: no progress for 90 s, 3 times driven on "
                           "(is a worker running for every queue?)")
    assert in_queue(pipeline, "audio") == []


def test_a_render_that_stalled_at_a_step_is_driven_on_and_its_old_render_cut_off(setup):
    pipeline, sender = setup
    a = article()
    pipeline.store.save_article(a)
    script = pipeline.prepare(a.id)
    pipeline.renders.touch_render(a.id, script.token, "synthesize")

    assert run(pipeline, sender).driven == [a.id]
    progress = pipeline.renders.progress(a.id)
    assert (progress.status, progress.step, progress.render_token) == ("rendering", "synthesize", None)
    # A late step of the old render (its worker was only slow) stops instead of racing the new one.
    assert not pipeline.renders.render_is_current(a.id, script.token)


def test_articles_that_moved_recently_or_are_settled_are_left_alone(setup):
    pipeline, sender = setup
    done, going = article("bai-xong"), article("bai-dang-doc")
    for a in (done, going):
        pipeline.store.save_article(a)
    pipeline.render(done.id)
    script = pipeline.prepare(going.id)

    report = run(pipeline, sender, now=datetime.now(UTC) + timedelta(seconds=5))
    assert (report.driven, report.failed, report.broadcasts) == ([], [], [])
    assert pipeline.renders.render_is_current(going.id, script.token)
    assert in_queue(pipeline, "audio") == []


def test_a_published_article_missing_from_the_feed_is_put_back(setup):
    pipeline, sender = setup
    first, second = article("bai-mot"), article("bai-hai")
    for a in (first, second):
        pipeline.store.save_article(a)
    pipeline.render(first.id)
    feed = pipeline.storage.path("feed.xml")
    before = feed.read_bytes()
    pipeline.render(second.id)
    feed.write_bytes(before)  # the feed as it was when a worker died between the database and the feed

    report = run(pipeline, sender, now=datetime.now(UTC))
    assert report.feed_rebuilt
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.bozo == 0 and sorted(e.link for e in parsed.entries) == sorted([first.url, second.url])
    assert not run(pipeline, sender, now=datetime.now(UTC)).feed_rebuilt  # nothing left to heal


def test_a_retracted_article_still_in_the_feed_is_taken_out(setup):
    pipeline, sender = setup
    a = article()
    pipeline.store.save_article(a)
    pipeline.render(a.id)
    pipeline.store.retract(a.id)  # retracted in the database; the process died before the feed
    assert len(feedparser.parse(pipeline.storage.path("feed.xml").read_bytes()).entries) == 1

    assert run(pipeline, sender, now=datetime.now(UTC)).feed_rebuilt
    assert feedparser.parse(pipeline.storage.path("feed.xml").read_bytes()).entries == []


def test_a_broadcast_master_whose_worker_died_is_made_again(setup):
    pipeline, sender = setup
    a = article()
    pipeline.store.save_article(a)
    episode = pipeline.render(a.id)
    wav = pipeline.storage.path(episode.audio_key.removesuffix(".mp3") + ".wav")
    wav.unlink()
    pipeline.renders.touch_render(a.id, None, "broadcast")  # published; the broadcast step never finished

    report = run(pipeline, sender)
    assert report.broadcasts == [a.id]
    assert in_queue(pipeline, "broadcast") == [("loa.broadcast", [a.id])]
    assert pipeline.store.state(a.id).status == "published"

    pipeline.broadcast(a.id)  # what the worker does with that message
    assert wav.is_file()
    assert run(pipeline, sender).broadcasts == []


def test_a_page_fetch_that_stalled_is_queued_again_then_failed(setup):
    pipeline, sender = setup
    url = "https://radio.example.vn/tin/treo"
    pipeline.renders.request_fetch(Placeholder("bai-treo", url, url, datetime.now(UTC)), {"url": url})
    for attempt in (1, 2, 3):
        assert run(pipeline, sender).fetched == ["bai-treo"]
        assert in_queue(pipeline, "ingest") == [("loa.fetch_article", ["bai-treo"])]
        assert pipeline.renders.fetch_request("bai-treo").attempts == attempt
        empty_queue(pipeline, "ingest")
    assert run(pipeline, sender).failed == ["bai-treo"]
    state = pipeline.store.state("bai-treo")
    assert state.status == "failed"
    assert state.error == f"page not read: the fetch of {url} stalled 3 times"
    assert pipeline.renders.fetch_request("bai-treo") is None


def test_temporary_files_of_dead_writers_are_removed_and_nothing_else(setup):
    pipeline, sender = setup
    data, drop = pipeline.storage.root, pipeline.settings.drop_folder
    old = time.time() - 2 * 3600
    files = {
        "orphan_mp3": data / "episodes" / "bai-1" / ".bai-1-0a1b2c3d4e.k2j4x9_a.mp3",
        "empty_tmp": data / ".feed.xml.abcd1234.tmp",
        "drop_tmp": os.path.join(drop, ".bai-1.wav.q31ab01z.tmp"),
        "fresh_tmp": data / "clips" / "ab" / ".abcdef.wav.zz99yy88.tmp",
        "episode": data / "episodes" / "bai-1" / "bai-1-0a1b2c3d4e.mp3",
        "lock": data / ".feed.lock",
    }
    for name, path in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(b"" if name == "empty_tmp" else b"ID3")
        if name != "fresh_tmp":
            os.utime(path, (old, old))

    report = run(pipeline, sender, now=datetime.now(UTC), sweep=True)

    assert report.temporary_files_removed == 3
    assert {name for name, path in files.items() if os.path.exists(path)} == {"fresh_tmp", "episode", "lock"}
