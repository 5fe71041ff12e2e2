"""The data directory's disk full (a small tmpfs; the database lives elsewhere, as PostgreSQL does in
production): the article being rendered fails with the reason, the published feed stays whole, no
temporary file is left behind; once there is room again, the article sent again is published. A feed
that cannot be written fails the article at its publish step, visibly, and an article whose page
address is not http(s) is published without the link instead of breaking the feed.

A machine that cannot mount a tmpfs (not root) gets the same fault simulated where every file is put
in place (``tests.support.full_disk``)."""
from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import feedparser
import pytest

from loa.storage import is_temporary_name
from tests.support.faults import all_settled, fault_env, queue_articles, settings_of, settled_outcome, small_article
from tests.support.workers import Worker, wait_for

pytestmark = pytest.mark.integration


def mount_small_tmpfs(folder: Path, size: str = "8m") -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                              capture_output=True)
    except OSError:  # no mount program
        return False
    return done.returncode == 0


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as err:
            assert err.errno == errno.ENOSPC
    return filler


def temporary_files(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and is_temporary_name(p.name)]


def test_a_full_disk_fails_the_article_visibly_and_spoils_nothing(tmp_path, redis_url):
    data = tmp_path / "var"
    mounted = mount_small_tmpfs(data)
    flag = tmp_path / "disk-full"
    extra = {"LOA_DATABASE_URL": f"sqlite:///{tmp_path / 'loa.db'}"}
    if not mounted:
        extra["LOA_TEST_DISK_FULL"] = str(flag)
    env = fault_env(data, redis_url, **extra)
    settings = settings_of(env)
    worker = Worker(env, tmp_path / "worker.log", include=None if mounted else "tests.support.full_disk")
    try:
        queue_articles(settings, [small_article("d-truoc", 0, url="ftp://radio.example.vn/tin/d-truoc")])
        wait_for(lambda: all_settled(settings, ["d-truoc"]), 60, "the first article")
        feed_before = (data / "feed.xml").read_bytes()
        [entry] = feedparser.parse(feed_before).entries
        assert "ftp:" not in entry.get("link", "")

        if mounted:
            filler = fill(data)
        else:
            filler = flag
            flag.touch()
        queue_articles(settings, [small_article("d-day", 1)])
        wait_for(lambda: all_settled(settings, ["d-day"]), 60, "the article on a full disk to fail")
        outcome = settled_outcome(settings, ["d-truoc", "d-day"])
        assert outcome.published == ["d-truoc"]
        assert "No space left on device" in outcome.failed["d-day"]
        assert (data / "feed.xml").read_bytes() == feed_before
        assert feedparser.parse(feed_before).bozo == 0
        assert temporary_files(data) == []

        os.unlink(filler)
        queue_articles(settings, [small_article("d-day", 1)])  # the CMS sends it again
        wait_for(lambda: all_settled(settings, ["d-day"]), 60, "the article once there is room")

        # The feed cannot be written (something else took its name): the publish step fails visibly.
        (data / "feed.xml").unlink()
        (data / "feed.xml").mkdir()
        queue_articles(settings, [small_article("d-feed", 2)])
        wait_for(lambda: all_settled(settings, ["d-feed"]), 60, "the article whose feed cannot be written")
        reason = statuses_and_errors(settings, "d-feed")
        assert reason[0] == "failed" and reason[1].startswith("publish: IsADirectoryError: ")
        (data / "feed.xml").rmdir()
        queue_articles(settings, [small_article("d-feed", 2)])
        wait_for(lambda: all_settled(settings, ["d-feed"]), 60, "the article once the feed can be written")
        outcome = settled_outcome(settings, ["d-truoc", "d-day", "d-feed"])
    finally:
        worker.stop()
        if mounted:
            subprocess.run(["umount", "-l", str(data)], capture_output=True)
    assert sorted(outcome.published) == ["d-day", "d-feed", "d-truoc"]


def statuses_and_errors(settings, article_id: str) -> tuple[str, str | None]:
    from articles.store import Store

    store = Store(settings.db_url)
    try:
        state = store.state(article_id)
        return state.status, state.error
    finally:
        store.close()

