"""Bulletins compiled from rendered articles, on the offline engine."""
from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import feedparser
import pytest

from articles.model import Article, Block
from audio.ffmpeg import decode_file
from worker.bulletins import BulletinBuilder
from worker.pipeline import Pipeline, RenderError
from worker.schedule import parse_slot

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2026, 11, 27, tzinfo=HCM)


def article(article_id: str, hour: int, sentences: int, priority: int = 0, day: datetime = DAY) -> Article:
    body = " ".join(f"Câu thứ {i + 1} của bản tin này nói về công tác chuẩn bị của địa phương." for i in range(sentences))
    return Article(
        id=article_id, title=f"Tin {article_id}: địa phương chủ động ứng phó mưa lũ",
        blocks=(Block("lead", "Sáng nay, tỉnh họp bàn phương án ứng phó."), Block("body", body)),
        published=day.replace(hour=hour), url=f"https://radio.example.vn/tin/{article_id}", priority=priority,
    )


@pytest.fixture
def pipeline(settings):
    p = Pipeline(settings)
    for a in (article("sang", 7, 2), article("trua", 11, 6, priority=2), article("chieu", 16, 1),
              article("hom-qua", 22, 1, day=DAY - timedelta(days=1))):
        p.store.save_article(a)
        p.render(a.id)
    yield p
    p.close()


def test_bulletin_holds_the_window_in_priority_then_recency_order(pipeline):
    bulletin, selection = BulletinBuilder(pipeline).build(DAY.replace(hour=6), DAY.replace(hour=18))
    assert [i.article_id for i in bulletin.items] == ["trua", "chieu", "sang"]
    assert bulletin.left_out == () and selection.left_out == ()
    assert bulletin.title == "Bản tin thời sự 18:00 ngày 27/11/2026"
    starts = [i.start for i in bulletin.items]
    assert starts == sorted(starts)
    assert all(a.end < b.start for a, b in pairwise(bulletin.items))  # stinger between
    assert bulletin.items[0].start > 2.4 * bulletin.sample_rate  # after the intro jingle and opener
    assert bulletin.items[-1].end < bulletin.frames - 2.4 * bulletin.sample_rate  # before close and outro

    mp3 = pipeline.storage.path(bulletin.audio_key)
    decoded = decode_file(mp3, "mp3", bulletin.sample_rate)
    assert abs(decoded.duration - bulletin.duration) < 0.05
    assert bulletin.audio_bytes == mp3.stat().st_size


def test_slot_is_filled_without_exceeding_it_and_left_out_is_reported(pipeline):
    builder = BulletinBuilder(pipeline)
    full, _ = builder.build(DAY.replace(hour=6), DAY.replace(hour=18))
    longest = max(full.items, key=lambda i: i.end - i.start)
    slot = full.duration - (longest.end - longest.start) / full.sample_rate  # too short for everything
    short, selection = builder.build(DAY.replace(hour=6), DAY.replace(hour=18), slot)
    assert short.duration <= slot
    assert short.left_out and set(short.left_out) | {i.article_id for i in short.items} == {"sang", "trua", "chieu"}
    assert [c.article.id for c in selection.left_out] == list(short.left_out)
    # Articles are never cut: each keeps the length it has in the full bulletin.
    lengths = {i.article_id: i.end - i.start for i in full.items}
    assert all(i.end - i.start == lengths[i.article_id] for i in short.items)


def test_rebuilding_the_window_replaces_the_bulletin(pipeline):
    builder = BulletinBuilder(pipeline)
    first, _ = builder.build(DAY.replace(hour=6), DAY.replace(hour=18))
    second, _ = builder.build(DAY.replace(hour=6), DAY.replace(hour=18), parse_slot("1m"))
    assert (second.id, second.guid) == (first.id, first.guid)
    assert len(pipeline.store.bulletins()) == 1
    assert not pipeline.storage.exists(first.audio_key) and pipeline.storage.exists(second.audio_key)
    pipeline.rebuild_bulletin_feed()
    feed = feedparser.parse(pipeline.storage.path("bulletins.xml").read_bytes())
    assert feed.bozo == 0
    assert [e.id for e in feed.entries] == [first.guid]
    assert int(feed.entries[0].enclosures[0].length) == second.audio_bytes


def test_empty_window_and_impossible_slot_are_clear_errors(pipeline):
    builder = BulletinBuilder(pipeline)
    with pytest.raises(RenderError, match="no published article"):
        builder.build(DAY.replace(hour=19), DAY.replace(hour=23))
    with pytest.raises(RenderError, match="shorter than the bulletin's opener"):
        builder.build(DAY.replace(hour=6), DAY.replace(hour=18), 3.0)


@pytest.mark.parametrize("text", ["", "abc", "15x", "m"])
def test_bad_slot(text):
    with pytest.raises(ValueError):
        parse_slot(text)


def test_bulletin_command_reports_what_was_left_out(pipeline):
    import subprocess
    import sys

    from tests.support.workers import REPO_ROOT, measured

    env = measured({"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "LOA_ENGINE": "espeak",
           "LOA_DATA_DIR": str(pipeline.settings.data_dir)})
    result = subprocess.run(
        [sys.executable, "-m", "cli", "bulletin", "--since", "2026-11-27T06:00", "--until",
         "2026-11-27T18:00", "--slot", "40s"],
        env=env, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "left out" in result.stdout and "b-20261127-0600-20261127-1800" in result.stdout
    assert (pipeline.settings.data_dir / "bulletins.xml").is_file()


def test_an_embargoed_article_enters_its_window_s_bulletin_only_at_its_time(pipeline):
    pipeline.store.save_article(article("hen-gio", 17, 1))
    pipeline.render("hen-gio")
    builder = BulletinBuilder(pipeline)
    window = DAY.replace(hour=6), DAY.replace(hour=18)

    before, selection = builder.build(*window, now=DAY.replace(hour=16, minute=59))
    assert [i.article_id for i in before.items] == ["trua", "chieu", "sang"]
    assert "hen-gio" not in before.left_out and selection.left_out == ()

    at_its_time, _ = builder.build(*window, now=DAY.replace(hour=17))
    assert [i.article_id for i in at_its_time.items] == ["trua", "hen-gio", "chieu", "sang"]


def test_the_bulletin_command_leaves_out_an_article_whose_time_has_not_come(pipeline):
    import subprocess
    import sys

    from tests.support.workers import REPO_ROOT, measured

    tomorrow = article("ngay-mai", 9, 1, day=datetime.now(HCM) + timedelta(days=1))
    pipeline.store.save_article(tomorrow)
    pipeline.render(tomorrow.id)
    env = measured({"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "LOA_ENGINE": "espeak",
                    "LOA_DATA_DIR": str(pipeline.settings.data_dir)})
    until = (datetime.now(HCM) + timedelta(days=2)).isoformat(timespec="minutes")
    result = subprocess.run([sys.executable, "-m", "cli", "bulletin", "--since", "2026-11-27T06:00", "--until", until],
                            env=env, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    listed = [line.split(" s  ", 1)[1] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert listed == [f"Tin {i}: địa phương chủ động ứng phó mưa lũ" for i in ("trua", "chieu", "sang")]
