"""What the fault suite checks after every fault: nothing lost, nothing duplicated, nothing stuck."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import redis
from sqlalchemy import func, select

from articles.db import ArticleRow, EpisodeRow
from articles.model import Article, Block
from articles.store import UNSETTLED_STATUSES, Store
from loa.settings import Settings
from tests.support.workers import loa_env
from worker.pipeline import episode_guid
from worker.queue import TaskQueue, message_article, queue_keys

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def fault_env(data_dir: Path, redis_url: str, **extra: str) -> dict[str, str]:
    """Worker settings for faults: stalls noticed after 3 s, reconciliation every second, redelivery
    of a dead worker's messages after 17 s (limits 15 s hard, 14 s soft, retries after 1 s)."""
    values = {
        "LOA_STALL_AFTER": "3", "LOA_RECONCILE_INTERVAL": "1", "LOA_TASK_TIME_LIMIT": "15",
        "LOA_TASK_SOFT_TIME_LIMIT": "14", "LOA_VISIBILITY_TIMEOUT": "17", "LOA_RETRY_DELAY": "1",
    }
    values.update(extra)
    return loa_env(data_dir, redis_url, **values)


def settings_of(env: dict[str, str]) -> Settings:
    """The settings the processes started with ``env`` read (for the test's own store and sender)."""
    return Settings(data_dir=Path(env["LOA_DATA_DIR"]), redis_url=env["LOA_REDIS_URL"],
                    key_prefix=env["LOA_KEY_PREFIX"], database_url=env.get("LOA_DATABASE_URL", ""),
                    public_base_url=env["LOA_PUBLIC_BASE_URL"])


def small_article(article_id: str, n: int = 0, url: str | None = None) -> Article:
    return Article(
        id=article_id, title=f"Tin nhanh số {n + 1}: mưa lớn ở vùng núi",
        blocks=(Block("lead", f"Chiều nay, mưa lớn kéo dài ở {n + 2} huyện miền núi của tỉnh."),
                Block("body", "Người dân không nên đi qua ngầm tràn. Lực lượng cứu hộ trực sẵn sàng.")),
        published=datetime(2026, 11, 27, 7, n % 60, tzinfo=HCM),
        url=url if url is not None else f"https://radio.example.vn/tin/{article_id}",
    )


def queue_articles(settings: Settings, articles: list[Article]) -> None:
    """Save and queue each article as the webhook does."""
    store = Store(settings.db_url)
    sender = TaskQueue(settings)
    try:
        for article in articles:
            store.save_article(article)
            store.set_status(article.id, "queued")
            sender.render(article.id)
    finally:
        store.close()


def statuses(settings: Settings, ids: list[str]) -> dict[str, str]:
    store = Store(settings.db_url)
    try:
        return {i: (s.status if (s := store.state(i)) else "missing") for i in ids}
    finally:
        store.close()


def messages_left(settings: Settings) -> int:
    """Messages about articles still waiting in a queue or held by a worker (running, or the late
    redeliveries of a dead worker's); beat's own messages are not counted."""
    client = redis.Redis.from_url(settings.redis_url)
    try:
        raw = [m for key in queue_keys(settings) for m in client.lrange(key, 0, -1)]
        raw += [json.dumps(json.loads(v)[0]) for v in client.hvals(settings.redis_key("unacked"))]
    finally:
        client.close()
    return sum(1 for m in raw if message_article(m))


def all_settled(settings: Settings, ids: list[str]) -> bool:
    """Every article published or failed, and no message about any article left to run (the broadcast
    step of a published article, a late redelivery)."""
    return (all(s in ("published", "failed") for s in statuses(settings, ids).values())
            and messages_left(settings) == 0)


@dataclass(frozen=True)
class Outcome:
    published: list[str]
    failed: dict[str, str]  # article id -> the reason shown


def settled_outcome(settings: Settings, ids: list[str]) -> Outcome:
    """Every article published exactly once or failed with a visible reason, the feed whole; raises
    AssertionError naming what was lost, duplicated or stuck."""
    store = Store(settings.db_url)
    try:
        published, failed = [], {}
        for article_id in ids:
            state = store.state(article_id)
            assert state is not None, f"{article_id} was lost"
            assert state.status in ("published", "failed"), f"{article_id} is stuck: {state.status}"
            if state.status == "failed":
                assert state.error, f"{article_id} failed without a reason"
                failed[article_id] = state.error
                continue
            published.append(article_id)
            with store.session() as s:
                episodes = s.scalar(select(func.count()).select_from(EpisodeRow)
                                    .where(EpisodeRow.article_id == article_id))
            assert episodes == 1, f"{article_id} has {episodes} episodes"
            mp3s = sorted(p.name for p in (settings.data_dir / "episodes" / article_id).glob("*.mp3"))
            assert len(mp3s) == 1, f"{article_id} has these MP3 files: {mp3s}"
            assert state.episode is not None
            wav = settings.data_dir / state.episode.audio_key.removesuffix(".mp3")
            assert wav.with_suffix(".wav").is_file(), f"{article_id} has no broadcast master"
        with store.session() as s:
            stuck = s.scalars(select(ArticleRow.id).where(ArticleRow.status.in_(UNSETTLED_STATUSES))).all()
        assert not stuck, f"stuck articles: {stuck}"
    finally:
        store.close()
    feed = settings.data_dir / "feed.xml"
    if not feed.exists():
        assert not published, "articles are published but there is no feed"
        return Outcome(published, failed)
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    guids = [e.id for e in parsed.entries]
    assert not [g for g, n in Counter(guids).items() if n > 1], f"duplicate GUIDs: {guids}"
    assert sorted(guids) == sorted(episode_guid(i) for i in published), "the feed is not the published articles"
    return Outcome(published, failed)


class RedisServer:
    """A throwaway ``redis-server`` the test owns, with the append-only file on (as in production), on
    a fixed port and folder, so it can be SIGKILLed and started again with what it had written."""

    def __init__(self, folder: Path):
        import shutil
        import socket

        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.binary = shutil.which("redis-server")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None
        self.start()

    def start(self) -> None:
        import subprocess

        from tests.support.workers import wait_for

        assert self.binary, "redis-server is needed"
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=open(self.folder / "redis.log", "ab"), stderr=subprocess.STDOUT, start_new_session=True)

        def answers() -> bool:
            try:
                return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
            except redis.RedisError:
                return False

        wait_for(answers, 20, f"redis-server on port {self.port}", 0.05)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
