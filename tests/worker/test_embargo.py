"""Embargo: an article published with a future time is rendered at once, and enters the feed and the
radio drop folder only when its time has come (reconciliation, which beat runs, lets it in)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest

from tests.worker.test_pipeline import article
from tests.worker.test_reconcile import in_queue, run
from worker.pipeline import Pipeline
from worker.queue import TaskQueue


@pytest.fixture
def setup(settings, redis_url, redis_prefix, tmp_path):
    s = replace(settings, redis_url=redis_url, key_prefix=redis_prefix, drop_folder=str(tmp_path / "drop"))
    pipeline = Pipeline(s)
    yield pipeline, TaskQueue(s)
    pipeline.close()


def feed_links(pipeline: Pipeline) -> list[str]:
    parsed = feedparser.parse(pipeline.storage.path("feed.xml").read_bytes())
    assert parsed.bozo == 0
    return [e.link for e in parsed.entries]


def dropped(pipeline: Pipeline) -> list[str]:
    folder = Path(pipeline.settings.drop_folder)
    return sorted(p.name for p in folder.glob("*.wav")) if folder.is_dir() else []


def test_an_embargoed_article_is_rendered_at_once_and_enters_feed_and_drop_folder_at_its_time(setup):
    pipeline, sender = setup
    now = datetime.now(UTC)
    at = now + timedelta(hours=2)
    past, embargoed = article("bai-da-dang"), replace(article("bai-hen-gio"), published=at,
                                                       url="https://radio.example.vn/tin/bai-hen-gio")
    for a in (past, embargoed):
        pipeline.store.save_article(a)
        pipeline.render(a.id)

    # Rendered, published in the database, its broadcast master made: but not in the feed or the folder.
    episode = pipeline.store.state(embargoed.id).episode
    assert pipeline.store.state(embargoed.id).status == "published"
    assert pipeline.storage.exists(episode.audio_key.removesuffix(".mp3") + ".wav")
    assert feed_links(pipeline) == [past.url]
    assert [name.endswith(f"_{past.id}.wav") for name in dropped(pipeline)] == [True]
    assert [a.id for a, _ in pipeline.store.published(as_of=now)] == [past.id]

    # Before its time reconciliation changes nothing, and never takes the held file for a stalled broadcast.
    report = run(pipeline, sender, now=now + timedelta(hours=1))
    assert (report.released, report.broadcasts, report.feed_rebuilt) == ([], [], False)
    assert feed_links(pipeline) == [past.url]

    # Its time has come: the feed is rebuilt with it, its drop-folder copy is queued once.
    report = run(pipeline, sender, now=at + timedelta(seconds=1))
    assert report.feed_rebuilt and report.released == [embargoed.id]
    assert feed_links(pipeline) == [embargoed.url, past.url]
    assert in_queue(pipeline, "broadcast") == [("loa.broadcast", [embargoed.id])]
    assert run(pipeline, sender, now=at + timedelta(seconds=2)).released == []  # waiting: not sent twice

    pipeline.broadcast(embargoed.id, now=at + timedelta(seconds=3))  # what the worker does with the message
    local = at.astimezone(ZoneInfo(pipeline.settings.timezone))
    assert [name for name in dropped(pipeline) if name.endswith(f"_{embargoed.id}.wav")] == [
        next(n for n in dropped(pipeline) if n.startswith(f"{local:%Y-%m-%d_%H%M}_"))]
    assert pipeline.renders.progress(embargoed.id).step == "done"
    report = run(pipeline, sender, now=at + timedelta(seconds=4))
    assert (report.released, report.broadcasts, report.feed_rebuilt) == ([], [], False)


def test_an_embargoed_article_retracted_before_its_time_never_enters(setup):
    pipeline, sender = setup
    at = datetime.now(UTC) + timedelta(hours=1)
    a = replace(article("bai-rut"), published=at)
    pipeline.store.save_article(a)
    pipeline.render(a.id)
    assert pipeline.retract(a.id)
    report = run(pipeline, sender, now=at + timedelta(seconds=1))
    assert report.released == [] and feed_links(pipeline) == [] and dropped(pipeline) == []
