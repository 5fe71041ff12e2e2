import threading
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from articles.db import ArticleVersionRow
from articles.model import Article, Block, Episode, SentenceTiming
from articles.store import OlderVersion, Store

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def make_article(article_id="bai-1", body="Sáng nay, tỉnh tổ chức hội nghị tổng kết năm.", hour=8):
    return Article(
        id=article_id,
        title="Quảng Trị tổng kết công tác năm 2026",
        blocks=(Block("lead", "Đông Hà - Sáng 26/11, UBND tỉnh tổ chức hội nghị."), Block("body", body)),
        published=datetime(2026, 11, 26, hour, 15, tzinfo=HCM),
        author="Minh Hoàng",
        url=f"https://radio.example.vn/tin/{article_id}",
    )


def make_episode(article: Article, audio_key="episodes/x.mp3", script_hash="s1") -> Episode:
    return Episode(
        article_id=article.id, content_hash=article.content_hash, script_hash=script_hash,
        guid="guid-" + article.id, engine="espeak",
        voice="vi", audio_key=audio_key, audio_bytes=1234, sample_rate=24000, frames=48000,
        timeline=(SentenceTiming(0, 0, 24000, "headline", 0, article.title, article.title.lower()),),
    )


@pytest.fixture
def store(database_url):
    s = Store(database_url)
    yield s
    s.close()


def test_save_and_read_back_keeps_timezone_and_blocks(store):
    article = make_article()
    result = store.save_article(article)
    assert (result.created, result.changed, result.version) == (True, True, 1)
    loaded = store.get_article("bai-1")
    assert loaded == article
    assert loaded.published.astimezone(UTC) == datetime(2026, 11, 26, 1, 15, tzinfo=UTC)


def test_same_content_twice_is_a_no_op(store):
    store.save_article(make_article())
    again = store.save_article(make_article())
    assert (again.created, again.changed, again.version) == (False, False, 1)
    assert [s.article_id for s in store.article_summaries()] == [again.article_id]


def test_edit_creates_a_version_and_keeps_the_old_one_readable(store):
    first = make_article()
    store.save_article(first)
    store.set_status(first.id, "published")
    edited = make_article(body="Sáng nay, tỉnh tổ chức hội nghị tổng kết năm với 300 đại biểu.")
    result = store.save_article(edited)
    assert (result.created, result.changed, result.version) == (False, True, 2)
    assert store.get_article(first.id).content_hash == edited.content_hash
    assert store.get_article(first.id, first.content_hash).blocks == first.blocks
    state = store.state(first.id)
    assert state.status == "new" and state.version == 2


def test_episode_is_recorded_once_per_script(store):
    article = make_article()
    store.save_article(article)
    first = store.record_episode(make_episode(article, "episodes/a.mp3"))
    second = store.record_episode(make_episode(article, "episodes/b.mp3"))
    assert second.audio_key == first.audio_key == "episodes/a.mp3"
    assert second.timeline[0].end == 24000
    assert store.find_episode(article.id, "s1").duration == pytest.approx(2.0)


def test_a_new_script_of_the_same_content_becomes_the_current_episode(store):
    article = make_article()
    store.save_article(article)
    store.record_episode(make_episode(article, "episodes/a.mp3", script_hash="s1"))
    store.record_episode(make_episode(article, "episodes/b.mp3", script_hash="s2"))
    store.set_status(article.id, "published")
    assert store.state(article.id).episode.audio_key == "episodes/b.mp3"
    assert [e.audio_key for _, e in store.published()] == ["episodes/b.mp3"]


def test_published_lists_current_episodes_newest_first(store):
    older, newer = make_article("bai-1", hour=7), make_article("bai-2", hour=9)
    for article in (older, newer):
        store.save_article(article)
        store.record_episode(make_episode(article, f"episodes/{article.id}.mp3"))
        store.set_status(article.id, "published")
    store.save_article(make_article("bai-3", hour=10))  # not rendered: not listed
    assert [a.id for a, _ in store.published()] == ["bai-2", "bai-1"]
    # An edit hides the old episode until the new content is rendered and published.
    store.save_article(make_article("bai-2", body="Nội dung đã được biên tập lại.", hour=9))
    assert [a.id for a, _ in store.published()] == ["bai-1"]


def test_unknown_status_and_article_are_refused(store):
    store.save_article(make_article())
    with pytest.raises(ValueError):
        store.set_status("bai-1", "done")
    with pytest.raises(KeyError):
        store.set_status("missing", "queued")
    assert store.state("missing") is None


def stored_versions(store, article_id="bai-1") -> list[tuple[int, str]]:
    with store.session() as s:
        rows = s.scalars(select(ArticleVersionRow).where(ArticleVersionRow.article_id == article_id)
                         .order_by(ArticleVersionRow.version))
        return [(row.version, row.content_hash) for row in rows]


def edit(n: int, **fields) -> Article:
    return replace(make_article(body=f"Sáng nay, tỉnh tổ chức hội nghị lần thứ {n}."), **fields)


def run_together(calls) -> list:
    """Run every call at once in its own thread; each one's result or exception."""
    results: list = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i, call):
        start.wait()
        try:
            results[i] = call()
        except Exception as err:  # reported by the caller's assertions
            results[i] = err

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_edits_saved_at_the_same_moment_get_unique_consecutive_versions(database_url):
    stores = [Store(database_url) for _ in range(5)]  # as five web processes would
    try:
        stores[0].save_article(make_article())
        results = run_together([lambda n=n: stores[n % 5].save_article(edit(n)) for n in range(10)])

        assert [type(r) for r in results] == [type(results[0])] * 10, results
        assert sorted(r.version for r in results) == list(range(2, 12))
        versions = stored_versions(stores[0])
        assert [v for v, _ in versions] == list(range(1, 12))
        assert len({h for _, h in versions}) == 11
        state = stores[0].state("bai-1")
        assert state.version == 11
        assert state.content_hash == dict(versions)[11]  # the last one saved is the current content
    finally:
        for store in stores:
            store.close()


def test_one_new_article_saved_at_the_same_moment_is_created_once(database_url):
    stores = [Store(database_url) for _ in range(4)]
    try:
        results = run_together([lambda n=n: stores[n].save_article(make_article()) for n in range(4)])
        assert sorted(r.created for r in results) == [False, False, False, True]
        assert stored_versions(stores[0]) == [(1, make_article().content_hash)]
    finally:
        for store in stores:
            store.close()


def test_an_older_source_version_changes_nothing(store):
    store.save_article(edit(1, source_version=7, priority=1))
    with pytest.raises(OlderVersion, match="its version 6 is older than version 7, already received"):
        store.save_article(edit(2, source_version=6, priority=5))
    with pytest.raises(OlderVersion, match="version 7 was already received with other content"):
        store.save_article(edit(3, source_version=7))
    article = store.get_article("bai-1")
    assert (article.content_hash, article.priority, article.source_version) == (edit(1).content_hash, 1, 7)
    assert [v for v, _ in stored_versions(store)] == [1]

    newer = store.save_article(edit(2, source_version=8))
    assert (newer.changed, newer.version) == (True, 2)
    assert store.get_article("bai-1").source_version == 8


def test_the_same_content_again_updates_its_priority_and_order_only(store):
    store.save_article(edit(1, source_version=3))
    again = store.save_article(edit(1, source_version=4, priority=9))
    assert (again.changed, again.version) == (False, 1)
    article = store.get_article("bai-1")
    assert (article.priority, article.source_version) == (9, 4)


def test_modified_times_order_copies_without_a_version(store):
    nine = datetime(2026, 11, 26, 9, 0, tzinfo=HCM)
    store.save_article(edit(1, source_modified=nine))
    with pytest.raises(OlderVersion, match="modified 2026-11-26T08:59:00\\+07:00, before the copy"):
        store.save_article(edit(2, source_modified=datetime(2026, 11, 26, 8, 59, tzinfo=HCM)))
    later = store.save_article(edit(2, source_modified=datetime(2026, 11, 26, 3, 0, tzinfo=UTC)))
    assert later.changed and store.get_article("bai-1").source_modified == datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def test_replaced_content_is_not_restored_unless_said_to_be_newer(store):
    store.save_article(edit(1))
    store.save_article(edit(2))
    with pytest.raises(OlderVersion, match="this is the content of version 1, since replaced by version 2"):
        store.save_article(edit(1))
    assert store.get_article("bai-1").content_hash == edit(2).content_hash

    restored = store.save_article(edit(1, source_version=1))
    assert (restored.changed, restored.version) == (True, 3)
    assert store.get_article("bai-1").content_hash == edit(1).content_hash
    assert stored_versions(store) == [(2, edit(2).content_hash), (3, edit(1).content_hash)]


def test_an_older_copy_of_a_retracted_article_leaves_it_retracted(store):
    store.save_article(edit(1))
    store.save_article(edit(2))
    store.retract("bai-1")
    with pytest.raises(OlderVersion):
        store.save_article(edit(1))
    same = store.save_article(edit(2))
    assert not same.changed
    assert store.state("bai-1").status == "retracted"


def test_an_embargoed_article_is_published_only_as_of_its_time_and_its_held_file_comes_due(store):
    older, embargoed = make_article("bai-1", hour=7), make_article("bai-2", hour=9)
    for article in (older, embargoed):
        store.save_article(article)
        store.record_episode(make_episode(article, f"episodes/{article.id}.mp3"))
        store.renders.mark_published(article.id, None)
    store.renders.hold_broadcast(embargoed.id)
    before, at = datetime(2026, 11, 26, 9, 0, tzinfo=HCM), embargoed.published
    assert [a.id for a, _ in store.published(as_of=before)] == ["bai-1"]
    assert [a.id for a, _ in store.published(1, as_of=at)] == ["bai-2"]
    assert store.renders.embargoes_due(before) == [] and store.renders.embargoes_due(at) == ["bai-2"]
    assert [p.article_id for p in store.renders.broadcasts_pending(datetime(2030, 1, 1, tzinfo=UTC))] == ["bai-1"]


def test_callback_attempts_are_recorded_and_the_ones_given_up_are_found(store):
    for article_id in ("bai-1", "bai-2"):
        store.save_article(make_article(article_id))
    calls = store.callbacks
    calls.record("bai-1", "h1", 1, "retrying", reason="HTTP 500 from cms", http_status=500,
                 next_try_at=datetime(2026, 11, 29, 8, 0, 30, tzinfo=UTC))
    calls.record("bai-1", "h1", 2, "failed", reason="HTTP 503 from cms", http_status=503)
    calls.record("bai-2", "h2", 1, "failed", reason="cannot connect to cms: Connection refused")
    calls.record("bai-2", "h2", 1, "delivered", http_status=204)
    assert calls.given_up() == {"bai-1"} and calls.given_up(["bai-2"]) == set()
    latest = calls.latest("bai-1")
    assert (latest.attempt, latest.status, latest.reason, latest.http_status) == (2, "failed", "HTTP 503 from cms", 503)
    assert [a.status for a in calls.attempts("bai-1")] == ["failed", "retrying"]
    assert calls.attempts("bai-1")[1].next_try_at == datetime(2026, 11, 29, 8, 0, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        calls.record("bai-1", "h1", 3, "lost")
