"""``loa articles`` and ``loa retract``: what is in the database, and taking an article out."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import click

from articles.store import STATUSES, Store
from articles.urls import without_credentials
from cli.common import LoaFailure, load_settings
from cli.failures import storage_failures
from worker.pipeline import Pipeline

TITLE_CHARS = 60


@click.command(name="articles")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only articles in this state.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True,
              help="At most this many, most recently changed first.")
def articles_list(status: str | None, limit: int) -> None:
    """List articles: id, status, title and when each last changed (station time)."""
    settings = load_settings()
    tz = ZoneInfo(settings.timezone)
    with storage_failures(settings):
        store = Store(settings.db_url, upgrade=settings.db_auto_upgrade)
        try:
            found = store.article_listing(status, limit)
        finally:
            store.close()
    if not found:
        click.echo(f"no {status} articles" if status else "no articles", err=True)
        return
    width = max(len(a.article_id) for a in found)
    for a in found:
        title = a.title if len(a.title) <= TITLE_CHARS else a.title[:TITLE_CHARS - 1] + "…"
        click.echo(f"{a.article_id:<{width}}  {a.status:<9}  {a.updated_at.astimezone(tz):%Y-%m-%d %H:%M}  {title}")
        if a.error and a.status == "failed":
            click.echo(f"{'':<{width}}  error: {without_credentials(a.error)}")


@click.command()
@click.argument("article_id")
def retract(article_id: str) -> None:
    """Take an article out of the feed, the radio drop folder and the pages (it stays in the database)."""
    settings = load_settings()
    with storage_failures(settings):
        pipeline = Pipeline(settings)
        try:
            if not pipeline.retract(article_id):
                raise LoaFailure(f"no article with id {article_id!r}")
        finally:
            pipeline.close()
    click.echo(f"{article_id} retracted: out of the feed and the drop folder")
