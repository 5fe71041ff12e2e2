"""The ``loa`` command line."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from loa.settings import Settings, SettingsError, get_settings

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples" / "articles"


class LoaFailure(click.ClickException):
    """A one-line error and a non-zero exit."""

    def show(self, file=None) -> None:
        click.echo(f"loa: error: {self.format_message()}", err=True)


def _settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as err:
        raise LoaFailure(str(err)) from None


def _pipeline(settings: Settings):
    from worker.pipeline import Pipeline

    return Pipeline(settings)


def _ingest(source: str, settings: Settings):
    from articles.errors import IngestError
    from articles.ingest import parse_article, read_source

    try:
        data, fmt, url = read_source(source, timeout=settings.fetch_timeout,
                                     allow_private=settings.fetch_allow_private)
        return parse_article(data, fmt, name=source, source_url=url, timezone=settings.timezone)
    except IngestError as err:
        raise LoaFailure(str(err)) from None


def _store_checked(pipeline, article):
    """Save ``article`` only once its script is known to have something to read."""
    from worker.pipeline import RenderError

    try:
        pipeline.script_for(article)
    except RenderError as err:
        raise LoaFailure(str(err)) from None
    return pipeline.store.save_article(article)


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress to standard error.")
def main(verbose: bool) -> None:
    """Loa: Vietnamese news articles to spoken episodes and a podcast feed."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@main.command()
@click.option("--examples", "examples_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of sample articles (default: the bundled examples).")
def demo(examples_dir: Path | None) -> None:
    """Render the bundled sample articles into episodes and a feed, in this process."""
    settings = _settings()
    folder = examples_dir or EXAMPLES_DIR
    sources = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".txt", ".html", ".htm", ".json"))
    if not sources:
        raise LoaFailure(f"no sample articles in {folder}")
    pipeline = _pipeline(settings)
    try:
        for source in sources:
            article = _ingest(str(source), settings)
            _store_checked(pipeline, article)
            episode = pipeline.render(article.id)
            click.echo(f"{article.id}  {episode.duration:7.1f} s  {episode.engine:8} {article.title}")
            click.echo(f"    audio: {pipeline.storage.path(episode.audio_key)}")
        click.echo(f"feed: {pipeline.storage.path('feed.xml')}")
        click.echo(f"data directory: {pipeline.storage.root}")
    finally:
        pipeline.close()


@main.command()
@click.argument("source")
@click.option("--queue", is_flag=True, help="Hand the render to the Celery workers and return at once.")
def add(source: str, queue: bool) -> None:
    """Ingest one article (a path or a URL: text, HTML or JSON) and render it."""
    settings = _settings()
    article = _ingest(source, settings)
    pipeline = _pipeline(settings)
    try:
        saved = _store_checked(pipeline, article)
        if queue:
            from worker.tasks import render_article

            # Marked before sending: a fast worker may publish before this command returns.
            pipeline.store.set_status(article.id, "queued")
            try:
                render_article.apply_async((article.id,), retry=False)
            except Exception as err:
                pipeline.store.set_status(article.id, "failed", error=f"not queued: {err}")
                raise LoaFailure(f"cannot queue on {settings.redis_url}: {err}") from None
            click.echo(article.id)
            return
        state = pipeline.store.state(article.id)
        if not saved.changed and state and state.status == "published" and state.episode:
            episode = state.episode
        else:
            try:
                episode = pipeline.render(article.id)
            except Exception as err:
                raise LoaFailure(f"rendering {article.id} failed: {err}") from None
        click.echo(f"{article.id}  {episode.duration:.1f} s  engine {episode.engine}")
        click.echo(f"audio: {pipeline.storage.path(episode.audio_key)}")
        click.echo(f"feed: {pipeline.storage.path('feed.xml')}")
    finally:
        pipeline.close()


@main.command()
@click.argument("article_id")
def status(article_id: str) -> None:
    """Show an article's state."""
    from articles.store import Store

    settings = _settings()
    store = Store(settings.db_url)
    try:
        state = store.state(article_id)
    finally:
        store.close()
    if state is None:
        raise LoaFailure(f"no article with id {article_id!r}")
    click.echo(f"id:       {state.article_id}")
    click.echo(f"title:    {state.title}")
    click.echo(f"status:   {state.status}")
    click.echo(f"version:  {state.version}")
    if state.engine:
        click.echo(f"engine:   {state.engine}")
    if state.error:
        click.echo(f"error:    {state.error}")
    if state.episode:
        click.echo(f"duration: {state.episode.duration:.1f} s")
        click.echo(f"audio:    {(settings.data_dir / state.episode.audio_key).resolve()}")


@main.command()
def feed() -> None:
    """Rebuild the podcast feed from the database."""
    pipeline = _pipeline(_settings())
    try:
        path = pipeline.rebuild_feed()
    finally:
        pipeline.close()
    click.echo(f"feed: {path}")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("-Q", "--queues", default="tts,audio", show_default=True, help="Queues to consume.")
@click.option("-c", "--concurrency", type=int, default=None, help="Worker processes.")
@click.option("-l", "--loglevel", default="info", show_default=True)
@click.pass_context
def worker(ctx: click.Context, queues: str, concurrency: int | None, loglevel: str) -> None:
    """Start a Celery worker (celery -A worker.app worker); extra options go to Celery."""
    _settings()
    args = [sys.executable, "-m", "celery", "-A", "worker.app", "worker", "-Q", queues, "-l", loglevel]
    if concurrency:
        args += ["-c", str(concurrency)]
    os.execv(sys.executable, args + list(ctx.args))


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("-l", "--loglevel", default="info", show_default=True)
@click.pass_context
def beat(ctx: click.Context, loglevel: str) -> None:
    """Start Celery beat (run exactly one per deployment)."""
    settings = _settings()
    schedule = settings.data_dir / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "celery", "-A", "worker.app", "beat", "-l", loglevel, "-s", str(schedule)]
    os.execv(sys.executable, args + list(ctx.args))


@main.command()
@click.option("--since", required=True, help="Start of the window (ISO 8601; no zone means station time).")
@click.option("--until", "until_", default=None, help="End of the window (default: now).")
@click.option("--slot", default=None, help="Slot length, e.g. 15m: fill it without exceeding it.")
def bulletin(since: str, until_: str | None, slot: str | None) -> None:
    """Compile the articles published in a window into one bulletin."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from worker.bulletins import BulletinBuilder, parse_slot
    from worker.pipeline import RenderError

    settings = _settings()
    tz = ZoneInfo(settings.timezone)

    def moment(text: str) -> datetime:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise LoaFailure(f"not an ISO 8601 time: {text!r}") from None
        return value if value.tzinfo else value.replace(tzinfo=tz)

    window = moment(since), moment(until_) if until_ else datetime.now(tz)
    try:
        seconds = parse_slot(slot) if slot else (parse_slot(settings.bulletin_slot) if settings.bulletin_slot else None)
    except ValueError as err:
        raise LoaFailure(str(err)) from None
    pipeline = _pipeline(settings)
    try:
        built, selection = BulletinBuilder(pipeline).build(*window, seconds)
        pipeline.rebuild_bulletin_feed()
    except (RenderError, ValueError) as err:
        raise LoaFailure(str(err)) from None
    finally:
        pipeline.close()
    click.echo(f"{built.id}  {built.duration:.1f} s  {len(built.items)} articles")
    for item in built.items:
        click.echo(f"  {(item.end - item.start) / built.sample_rate:6.1f} s  {item.title}")
    for candidate in selection.left_out:
        click.echo(f"  left out ({candidate.seconds:.1f} s): {candidate.article.title}")
    click.echo(f"audio: {(settings.data_dir / built.audio_key).resolve()}")
    click.echo(f"feed: {(settings.data_dir / 'bulletins.xml').resolve()}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
def serve(host: str, port: int) -> None:
    """Serve the webhook, staff pages, API, feeds and audio over HTTP."""
    import uvicorn

    from web.app import create_app

    uvicorn.run(create_app(_settings()), host=host, port=port, log_level="info")


@main.group()
def user() -> None:
    """Staff accounts for the web pages."""


def _users(settings: Settings):
    from web.users import Users

    return Users(settings.db_url)


@user.command("add")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_add(username: str, password_stdin: bool) -> None:
    """Create a staff account (the password is asked twice)."""
    from web.users import UserError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    users = _users(_settings())
    try:
        created = users.add(username, password)
    except UserError as err:
        raise LoaFailure(str(err)) from None
    finally:
        users.close()
    click.echo(f"user {created.username} created")


@user.command("list")
def user_list() -> None:
    """List staff accounts."""
    users = _users(_settings())
    try:
        for account in users.all():
            click.echo(f"{account.username}\t{account.created_at:%Y-%m-%d %H:%M} UTC")
    finally:
        users.close()


if __name__ == "__main__":
    main()
