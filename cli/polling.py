"""``loa poll``: the station's source feeds read now, by the code beat runs every poll interval."""
from __future__ import annotations

import click

from articles.urls import without_credentials
from cli.common import LoaFailure, load_settings
from cli.failures import storage_failures
from worker.pipeline import Pipeline
from worker.polling import poll_once
from worker.queue import TaskQueue


@click.command()
def poll() -> None:
    """Poll the source feeds (LOA_SOURCE_FEEDS) once, as beat does, and queue what is new or changed."""
    settings = load_settings()
    if not settings.source_feed_urls:
        raise LoaFailure("LOA_SOURCE_FEEDS is empty: set it to the station's RSS or Atom feeds")
    queue = TaskQueue(settings)
    with storage_failures(settings):
        pipeline = Pipeline(settings)
        try:
            def enqueue(article_id: str) -> None:
                pipeline.store.set_status(article_id, "queued")
                try:
                    queue.render(article_id)
                except Exception as err:
                    pipeline.store.set_status(article_id, "failed", error=f"not queued: {err}")
                    raise LoaFailure(f"cannot queue on {without_credentials(settings.redis_url)}: {err}") from None

            try:
                report = poll_once(pipeline, enqueue)
            except LoaFailure:
                raise
            except Exception as err:  # Redis, for the poll's lock
                raise LoaFailure(f"cannot poll: {without_credentials(str(err))}") from None
        finally:
            pipeline.close()
    if "skipped" in report:
        raise LoaFailure(f"not polled: {report['skipped']}")
    for feed in report["feeds"]:
        line = f"{feed['url']}: {feed['status']}"
        if feed["status"] == "error":
            line += f" ({feed['error']})"
        elif feed["status"] == "ok":
            line += f", {feed['new']} new, {feed['changed']} changed, {feed['unchanged']} unchanged"
        click.echo(line)
        for guid, error in feed["failed"]:
            click.echo(f"  not taken: {guid}: {error}")
    click.echo(f"queued: {len(report['queued'])}" + (f" ({', '.join(report['queued'])})" if report["queued"] else ""))
