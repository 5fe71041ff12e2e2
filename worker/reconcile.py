"""Reconciliation: the database is the truth, and what stalled is driven on from it.

Redis only carries messages. A worker SIGKILLed mid-render leaves its messages unacknowledged until
the visibility timeout, a Redis restart can lose a chord's count, a crash between two writes leaves
the feed behind the database. Beat sends ``loa.reconcile`` every ``LOA_RECONCILE_INTERVAL`` seconds;
one run at a time (a Redis lock) looks at the database and:

* drives on every article that is not published, failed or retracted and has not moved for
  ``LOA_STALL_AFTER`` seconds while no message for it waits in a queue (an article behind others in
  a queue is not stalled): its render is queued again, its old render cut off (its late steps stop);
* fetches again a page whose fetch stalled, and makes the broadcast master of a published article
  whose broadcast step died;
* gives up on an article after ``LOA_RECONCILE_ATTEMPTS`` drives: failed, with the step it stalled at;
* rebuilds the feed when it differs from the published articles whose time has come (one missing
  after a crash between the database and the feed, a retracted one still in it, a GUID twice, an
  embargoed one whose time came), and queues the drop-folder copy of an embargoed article then;
* removes the temporary files writers left behind when they died (at most every ten minutes).

Every drive repeats idempotent steps: clips are cached by content, an episode is unique per script,
the feed is rebuilt from the database.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import redis
from lxml import etree

from articles.store import STEP_RELEASE, FetchRequest, RenderProgress
from loa.settings import Settings
from loa.storage import Storage, remove_stale_scratch, remove_stale_temporary_files
from worker.app import app
from worker.config import RECONCILE
from worker.outputs import sidecar_key
from worker.pipeline import FEED_ITEMS_LIMIT, FEED_KEY, Pipeline
from worker.queue import TaskQueue, waiting_articles
from worker.tasks import pipeline

log = logging.getLogger("loa.reconcile")

LOCK_KEY = "loa:reconcile"
JANITOR_KEY = "loa:janitor"
JANITOR_INTERVAL = 600  # seconds between two sweeps of temporary files


class Sender(Protocol):
    """Queues the work reconciliation decides on (``worker.queue.TaskQueue``)."""

    def render(self, article_id: str) -> None: ...

    def fetch(self, article_id: str) -> None: ...

    def broadcast(self, article_id: str) -> None: ...


@dataclass
class ReconcileReport:
    """What one run did, article by article."""

    driven: list[str] = field(default_factory=list)  # renders queued again
    fetched: list[str] = field(default_factory=list)  # page fetches queued again
    broadcasts: list[str] = field(default_factory=list)  # broadcast masters queued again
    released: list[str] = field(default_factory=list)  # embargoed articles whose time came: drop-folder copy queued
    failed: list[str] = field(default_factory=list)  # given up, with the reason on the article
    waiting: int = 0  # unfinished articles left alone because their message waits in a queue
    feed_rebuilt: bool = False
    temporary_files_removed: int = 0

    def as_dict(self) -> dict:
        return {"driven": self.driven, "fetched": self.fetched, "broadcasts": self.broadcasts,
                "released": self.released,
                "failed": self.failed, "waiting": self.waiting, "feed_rebuilt": self.feed_rebuilt,
                "temporary_files_removed": self.temporary_files_removed}


def reconcile(p: Pipeline, sender: Sender, waiting: set[str], now: datetime | None = None,
              sweep_temporary_files: bool = True) -> ReconcileReport:
    """One pass over the database (see the module's description). ``waiting``: the articles with a
    message in a queue (``worker.queue.waiting_articles``)."""
    now = now or datetime.now(UTC)
    settings = p.settings
    cutoff = now - timedelta(seconds=settings.stall_after)
    report = ReconcileReport()
    renders = p.renders
    for request in renders.stalled_fetches(cutoff):
        if request.article_id in waiting:
            report.waiting += 1
        else:
            _drive_fetch(p, sender, request, report)
    for progress in renders.unsettled(cutoff):
        if progress.article_id in waiting:
            report.waiting += 1
        elif progress.status == "fetching":
            if renders.fetch_request(progress.article_id) is None:  # its request is gone: nothing will come
                renders.give_up(progress.article_id, "page not read: its fetch was lost")
                report.failed.append(progress.article_id)
        else:
            _drive_render(p, sender, progress, report)
    for progress in renders.broadcasts_pending(cutoff):
        if progress.article_id in waiting:
            report.waiting += 1
        else:
            _drive_broadcast(p, sender, progress, report)
    for article_id in renders.embargoes_due(now):
        if article_id in waiting:
            report.waiting += 1
        else:  # its time has come: the broadcast step copies its held WAV to the drop folder
            sender.broadcast(article_id)
            report.released.append(article_id)
            log.info("article %s: its embargo ended; its drop-folder file is queued", article_id)
    report.feed_rebuilt = heal_feed(p, now)
    if sweep_temporary_files:
        report.temporary_files_removed = sweep(p)
    return report


def _stalled_reason(progress: RenderProgress, settings_stall: float) -> str:
    where = f"at {progress.step}" if progress.step else f"while {progress.status}"
    return (f"stalled {where}: no progress for {settings_stall:g} s, {progress.attempts} times driven on "
            "(is a worker running for every queue?)")


def _drive_render(p: Pipeline, sender: Sender, progress: RenderProgress, report: ReconcileReport) -> None:
    if progress.attempts >= p.settings.reconcile_attempts:
        p.renders.give_up(progress.article_id, _stalled_reason(progress, p.settings.stall_after))
        report.failed.append(progress.article_id)
        log.error("article %s failed: %s", progress.article_id, _stalled_reason(progress, p.settings.stall_after))
        return
    if p.renders.redrive(progress.article_id, progress) is None:
        return  # it moved meanwhile
    sender.render(progress.article_id)
    report.driven.append(progress.article_id)
    log.warning("article %s stalled at %s (%s): render queued again", progress.article_id,
                progress.step or "-", progress.status)


def _drive_fetch(p: Pipeline, sender: Sender, request: FetchRequest, report: ReconcileReport) -> None:
    if request.attempts >= p.settings.reconcile_attempts:
        p.renders.fail_fetch(request.article_id, f"page not read: the fetch of {request.url} stalled "
                                                 f"{request.attempts} times")
        report.failed.append(request.article_id)
        return
    if p.renders.redrive_fetch(request.article_id, request) is None:
        return
    sender.fetch(request.article_id)
    report.fetched.append(request.article_id)
    log.warning("article %s: the fetch of %s stalled: queued again", request.article_id, request.url)


def _drive_broadcast(p: Pipeline, sender: Sender, progress: RenderProgress, report: ReconcileReport) -> None:
    state = p.store.state(progress.article_id)
    if state is None or state.episode is None:
        return
    if progress.step != STEP_RELEASE and p.storage.exists(sidecar_key(state.episode.audio_key, ".wav")):
        p.renders.finish_broadcast(progress.article_id)  # made, but its worker died before saying so
        return
    if progress.attempts >= p.settings.reconcile_attempts:
        p.renders.give_up(progress.article_id, "broadcast: " + _stalled_reason(progress, p.settings.stall_after))
        report.failed.append(progress.article_id)
        return
    if p.renders.redrive(progress.article_id, progress) is None:
        return
    sender.broadcast(progress.article_id)
    report.broadcasts.append(progress.article_id)


def feed_guids(storage: Storage, key: str = FEED_KEY) -> list[str] | None:
    """The GUIDs of the feed's items in order, or None when there is no readable feed."""
    try:
        root = etree.fromstring(storage.read_bytes(key), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError):
        return None
    if root is None:
        return None
    return [(g.text or "").strip() for g in root.iterfind("./channel/item/guid")]


def heal_feed(p: Pipeline, now: datetime | None = None) -> bool:
    """Rebuild the feed when its items are not the published articles' whose time has come (an
    embargoed article enters the feed at the first run after its time); True when it was rebuilt."""
    now = now or datetime.now(UTC)
    expected = [episode.guid for _article, episode in p.store.published(FEED_ITEMS_LIMIT, as_of=now)]
    found = feed_guids(p.storage)
    if found is None and not expected:
        return False
    if found is not None and sorted(found) == sorted(expected) and len(set(found)) == len(found):
        return False
    log.warning("the feed differs from the published articles (%d items, %d published): rebuilt",
                len(found or ()), len(expected))
    p.rebuild_feed(now)
    return True


def sweep(p: Pipeline) -> int:
    """Remove stale temporary files under the data directory (an object store has none: every write is
    one upload), the drop folder, and the scratch folders of writes to an object store."""
    local = p.storage.local_root
    roots = ([local] if local is not None else []) + ([Path(p.settings.drop_folder)] if p.settings.drop_folder else [])
    removed = [path for root in roots for path in remove_stale_temporary_files(root)]
    removed += remove_stale_scratch()
    for path in removed:
        log.info("removed a temporary file left by a dead writer: %s", path)
    return len(removed)


_senders: dict[int, TaskQueue] = {}


def _sender(settings: Settings) -> TaskQueue:
    """One sender per worker process (its connections must not cross a fork)."""
    found = _senders.get(os.getpid())
    if found is None:
        found = _senders[os.getpid()] = TaskQueue(settings)
    return found


@app.task(name=RECONCILE)
def reconcile_task() -> dict:
    p = pipeline()
    settings = p.settings
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=10, socket_connect_timeout=5)
    try:
        # Two runs at once would drive the same article twice; the lock expires if this worker dies.
        lock = client.lock(settings.redis_key(LOCK_KEY), timeout=max(settings.reconcile_interval * 2, 60.0))
        if not lock.acquire(blocking=False):
            return {"skipped": "another reconciliation is running"}
        try:
            waiting = waiting_articles(client, settings)
            sweep_now = bool(client.set(settings.redis_key(JANITOR_KEY), "1", nx=True, ex=JANITOR_INTERVAL))
            report = reconcile(p, _sender(settings), waiting, sweep_temporary_files=sweep_now)
        finally:
            try:
                lock.release()
            except redis.exceptions.LockError:
                log.warning("reconciliation outlasted its lock")
    finally:
        client.close()
    if report.driven or report.failed or report.fetched or report.broadcasts or report.feed_rebuilt:
        log.warning("reconciliation: %s", report.as_dict())
    return report.as_dict()
