"""Shows through real Celery workers: articles queued with their category land in their show's feed
in the show's voice, move with an edit, and leave with a retraction."""
from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from articles.store import Store
from tests.support.workers import Worker, loa_env, run_loa, wait_for

pytestmark = pytest.mark.integration

SHOWS = """\
shows:
  - {slug: thoi-su, title: Thời sự, description: Tin thời sự trong tỉnh., categories: [Thời sự]}
  - {slug: the-thao, title: Thể thao, description: Tin thể thao., categories: [Thể thao], voice: may-doc}
"""


def write_article(folder: Path, article_id: str, category: str, lead: str) -> Path:
    path = folder / f"{article_id}-{len(list(folder.glob('*.json')))}.json"
    path.write_text(json.dumps({
        "id": article_id, "title": f"Tin {category.lower()} sáng nay", "category": category,
        "body": f"{lead}\n\nBan tổ chức cho biết mọi việc đã sẵn sàng.",
        "published": "2026-11-28T07:30:00+07:00", "url": f"https://radio.example.vn/tin/{article_id}",
    }, ensure_ascii=False), encoding="utf-8")
    return path


def links(data_dir: Path, slug: str) -> list[str]:
    path = data_dir / "shows" / slug / "feed.xml"
    if not path.exists():
        return []
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0
    return [e.link for e in parsed.entries]


def test_queued_articles_reach_their_shows_and_move_with_edits(tmp_path, redis_url):
    (tmp_path / "chuong-trinh.yaml").write_text(SHOWS, encoding="utf-8")
    data_dir = tmp_path / "var"
    env = loa_env(data_dir, redis_url, LOA_SHOWS_FILE=str(tmp_path / "chuong-trinh.yaml"))
    articles = tmp_path / "bai"
    articles.mkdir()
    worker = Worker(env, tmp_path / "worker.log")
    try:
        for article_id, category in (("dua-ghe", "Thể thao"), ("hop-bao", "Thời sự")):
            added = run_loa(["add", str(write_article(articles, article_id, category, "Sáng nay, tỉnh khai mạc.")),
                             "--queue"], env)
            assert added.returncode == 0, added.stderr
        wait_for(lambda: links(data_dir, "the-thao") and links(data_dir, "thoi-su"), 90, "both shows' feeds")
        assert links(data_dir, "the-thao") == ["https://radio.example.vn/tin/dua-ghe"]
        assert links(data_dir, "thoi-su") == ["https://radio.example.vn/tin/hop-bao"]
        store = Store(f"sqlite:///{data_dir / 'loa.db'}")
        try:
            assert store.state("dua-ghe").episode.voice_name == "may-doc"
            assert store.state("hop-bao").episode.voice_name is None
        finally:
            store.close()

        edited = write_article(articles, "dua-ghe", "Thời sự", "Sáng nay, giải đua ghe bị hoãn vì mưa lớn.")
        assert run_loa(["add", str(edited), "--queue"], env).returncode == 0
        wait_for(lambda: links(data_dir, "the-thao") == [], 90, "the edit to leave the sports show")
        assert sorted(links(data_dir, "thoi-su")) == ["https://radio.example.vn/tin/dua-ghe",
                                                      "https://radio.example.vn/tin/hop-bao"]

        assert run_loa(["retract", "hop-bao"], env).returncode == 0
        assert links(data_dir, "thoi-su") == ["https://radio.example.vn/tin/dua-ghe"]
    finally:
        worker.stop()
    assert "Traceback" not in worker.log()
