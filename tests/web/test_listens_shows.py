"""Listens per show on the staff's listens page: each show's chart adds up the listens of its articles'
episodes, counted through real downloads."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from articles.model import Episode, SentenceTiming
from articles.store import Store
from tests.web.test_listens import (
    ADDRESS,
    ANDROID,
    ARTICLE,
    MORNING,
    MP3,
    MP3_KEY,
    OTHER_ADDRESS,
    PHONE,
    TODAY,
    Clock,
    download,
    heard,
    listener,
    staff,  # noqa: F401 (a fixture)
)

SHOWS = """\
shows:
  - {slug: giao-thong, title: Giao thông, description: Cầu đường và đi lại., categories: [Giao thông]}
  - {slug: the-thao, title: Thể thao, description: Tin thể thao., categories: [Thể thao]}
"""
SPORT = replace(ARTICLE, id="giai-bong", title="Giải bóng đá thiếu niên khai mạc", section="Thể thao")
SPORT_KEY = "episodes/giai-bong/giai-bong-0123456789.mp3"


@pytest.fixture
def settings(web_settings, tmp_path):
    (tmp_path / "chuong-trinh.yaml").write_text(SHOWS, encoding="utf-8")
    settings = replace(web_settings, secret_key="khoa", shows_file=str(tmp_path / "chuong-trinh.yaml"))
    store = Store(settings.db_url)
    try:
        for article, key in ((replace(ARTICLE, section="Giao thông"), MP3_KEY), (SPORT, SPORT_KEY)):
            path = settings.data_dir / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(MP3)
            store.save_article(article)
            saved = store.get_article(article.id)
            store.record_episode(Episode(
                article_id=article.id, content_hash=saved.content_hash, script_hash="s1", guid=f"guid-{article.id}",
                engine="espeak", voice="vi", audio_key=key, audio_bytes=len(MP3), sample_rate=24000, frames=48000,
                timeline=(SentenceTiming(0, 0, 24000, "headline", 0, article.title, article.title),)))
            store.set_status(article.id, "published")
    finally:
        store.close()
    return settings


@pytest.fixture
def app(settings, make_app):
    made = make_app(settings)
    made.state.listen_clock = Clock(MORNING)
    return made


def test_each_show_has_a_chart_of_its_articles_listens(app, staff):  # noqa: F811 (the fixture)
    yesterday = TODAY - timedelta(days=1)
    for day, downloads in ((yesterday, [(ADDRESS, PHONE, MP3_KEY)]),
                           (TODAY, [(ADDRESS, PHONE, MP3_KEY), (OTHER_ADDRESS, ANDROID, MP3_KEY),
                                    (ADDRESS, PHONE, SPORT_KEY)])):
        app.state.listen_clock.now = datetime.combine(day, MORNING.timetz())
        for address, agent, key in downloads:
            with listener(app, address, agent) as c:
                download(c, key)
    page = staff.get("/nghe-tai").text
    assert heard(page, "nghe-ct-giao-thong") == {yesterday: 1, TODAY: 2}
    assert heard(page, "nghe-ct-the-thao") == {TODAY: 1}
    assert heard(page, "nghe-tat-ca") == {yesterday: 1, TODAY: 3}
    assert "Theo chương trình" in page
