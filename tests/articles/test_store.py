from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from articles.model import Article, Block, Episode, SentenceTiming
from articles.store import Store

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
