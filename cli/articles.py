"""``loa demo``, ``loa add``, ``loa status``, ``loa feed`` and ``loa bulletin``: articles in, episodes,
feeds and bulletins out, in this process or through the workers."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from sqlalchemy.exc import SQLAlchemyError

from articles.errors import IngestError
from articles.ingest import parse_article, read_source
from articles.model import Article
from articles.store import OlderVersion, SaveResult, Store
from articles.urls import without_credentials
from cli.common import LoaFailure, load_settings, warn_placeholders
from cli.failures import database_error, file_error, storage_failures
from cli.progress import Progress
from cli.reporting import ReportingBulletinBuilder, ReportingPipeline
from loa.settings import Settings
from loa.storage import open_storage
from worker.pipeline import Pipeline, RenderError
from worker.queue import TaskQueue
from worker.schedule import parse_slot

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples" / "articles"
NEXT_STEPS = """
Next:
  .venv/bin/loa --help                 every command (or activate the environment: . .venv/bin/activate)
  .venv/bin/loa user add NAME          a staff account for the web pages (asks for a password)
  .venv/bin/loa serve                  the web app on http://127.0.0.1:8000
  open http://127.0.0.1:8000/bai-viet  the staff pages: articles, player, transcript, bulletins
  open http://127.0.0.1:8000/nghe/     the listeners' page: episodes, player, transcript, subscribe links
  open http://127.0.0.1:8000/feed.xml  the podcast feed (its audio URLs use LOA_PUBLIC_BASE_URL)"""


def _ingest(source: str, settings: Settings) -> Article:
    try:
        data, fmt, url = read_source(source, timeout=settings.fetch_timeout,
                                     allow_private=settings.fetch_allow_private)
        return parse_article(data, fmt, name=source, source_url=url, timezone=settings.timezone,
                             max_chars=settings.max_article_chars)
    except IngestError as err:
        raise LoaFailure(without_credentials(str(err))) from None


def _store_checked(pipeline: Pipeline, article: Article) -> SaveResult:
    """Save ``article`` only once its script is known to have something to read."""
    try:
        pipeline.script_for(article)
    except RenderError as err:
        raise LoaFailure(str(err)) from None
    try:
        return pipeline.store.save_article(article)
    except OlderVersion as err:
        raise LoaFailure(str(err)) from None


@click.command()
@click.option("--examples", "examples_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of sample articles (default: the bundled examples).")
def demo(examples_dir: Path | None) -> None:
    """Render the bundled sample articles into episodes and a feed, in this process."""
    settings = load_settings()
    warn_placeholders(settings)
    folder = examples_dir or EXAMPLES_DIR
    sources = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".txt", ".html", ".htm", ".json"))
    if not sources:
        raise LoaFailure(f"no sample articles in {folder}")
    progress = Progress()
    with storage_failures(settings):
        pipeline = ReportingPipeline(settings, progress)
        try:
            for number, source in enumerate(sources, start=1):
                article = _ingest(str(source), settings)
                progress.article(number, len(sources), article.title)
                _store_checked(pipeline, article)
                try:
                    episode = pipeline.render(article.id)
                finally:
                    progress.finish()
                click.echo(f"{article.id}  {episode.duration:7.1f} s  {episode.engine:8} {article.title}")
                click.echo(f"    audio: {pipeline.storage.location(episode.audio_key)}")
            click.echo(f"feed: {pipeline.storage.location('feed.xml')}")
            click.echo(f"data directory: {settings.data_dir.resolve()}")
        finally:
            pipeline.close()
    click.echo(NEXT_STEPS)


@click.command()
@click.argument("source")
@click.option("--queue", is_flag=True, help="Hand the render to the Celery workers and return at once.")
@click.option("--voice", default=None, help="Read it in this voice (see LOA_VOICES_FILE), now and when it changes.")
def add(source: str, queue: bool, voice: str | None) -> None:
    """Ingest one article (a path or a URL: text, HTML or JSON) and render it."""
    settings = load_settings()
    article = _ingest(source, settings)
    with storage_failures(settings):
        _add(article, settings, queue, voice)


def _add(article: Article, settings: Settings, queue: bool, voice: str | None = None) -> None:
    progress = Progress()
    pipeline = ReportingPipeline(settings, progress)
    try:
        if voice is not None and voice not in pipeline.voices:
            raise LoaFailure(f"unknown voice {voice!r}: the voices are {', '.join(pipeline.voices.names)}")
        saved = _store_checked(pipeline, article)
        voice_changed = voice is not None and voice != pipeline.store.voice_of(article.id)
        if voice_changed:
            pipeline.store.set_voice(article.id, voice)
        if queue:
            # Marked before sending: a fast worker may publish before this command returns.
            pipeline.store.set_status(article.id, "queued")
            try:
                TaskQueue(settings).render(article.id)
            except Exception as err:
                pipeline.store.set_status(article.id, "failed", error=f"not queued: {err}")
                raise LoaFailure(f"cannot queue on {settings.redis_url}: {err}") from None
            click.echo(article.id)
            return
        state = pipeline.store.state(article.id)
        if not saved.changed and not voice_changed and state and state.status == "published" and state.episode:
            episode = state.episode
        else:
            progress.article(1, 1, article.title)
            try:
                episode = pipeline.render(article.id)
            except OSError as err:
                raise LoaFailure(f"rendering {article.id} failed: {file_error(err, settings.data_dir)}") from None
            except SQLAlchemyError as err:  # the database's file on a full disk, a server gone
                raise LoaFailure(f"rendering {article.id} failed: {database_error(err, settings.db_url)}") from None
            except Exception as err:
                said = " ".join(str(err).split()) or type(err).__name__
                raise LoaFailure(f"rendering {article.id} failed: {said}") from None
            finally:
                progress.finish()
        click.echo(f"{article.id}  {episode.duration:.1f} s  engine {episode.engine}")
        click.echo(f"audio: {pipeline.storage.location(episode.audio_key)}")
        click.echo(f"feed: {pipeline.storage.location('feed.xml')}")
    finally:
        pipeline.close()


@click.command()
@click.argument("article_id")
def status(article_id: str) -> None:
    """Show an article's state."""
    settings = load_settings()
    with storage_failures(settings):
        store = Store(settings.db_url, upgrade=settings.db_auto_upgrade)
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
        click.echo(f"audio:    {open_storage(settings).location(state.episode.audio_key)}")


@click.command()
def feed() -> None:
    """Rebuild the podcast feed from the database."""
    settings = load_settings()
    with storage_failures(settings):
        pipeline = Pipeline(settings)
        try:
            path = pipeline.rebuild_feed()
        finally:
            pipeline.close()
    click.echo(f"feed: {path}")


@click.command()
@click.option("--since", required=True, help="Start of the window (ISO 8601; no zone means station time).")
@click.option("--until", "until_", default=None, help="End of the window (default: now).")
@click.option("--slot", default=None, help="Slot length, e.g. 15m: fill it without exceeding it.")
def bulletin(since: str, until_: str | None, slot: str | None) -> None:
    """Compile the articles published in a window into one bulletin."""
    settings = load_settings()
    tz = ZoneInfo(settings.timezone)

    def moment(text: str) -> datetime:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise LoaFailure(f"not an ISO 8601 time: {text!r}") from None
        return value if value.tzinfo else value.replace(tzinfo=tz)

    window = moment(since), moment(until_) if until_ else datetime.now(tz)
    slot_text = slot or settings.bulletin_slot
    try:
        seconds = parse_slot(slot_text) if slot_text else None
    except ValueError as err:
        raise LoaFailure(str(err)) from None
    progress = Progress()
    with storage_failures(settings):
        pipeline = ReportingPipeline(settings, progress)
        try:
            now = datetime.now(tz)
            total = len(pipeline.store.published_between(*window, as_of=now))
            built, selection = ReportingBulletinBuilder(pipeline, progress, total).build(*window, seconds, now=now)
            pipeline.rebuild_bulletin_feed()
        except (RenderError, ValueError) as err:
            raise LoaFailure(str(err)) from None
        finally:
            progress.finish()
            pipeline.close()
    click.echo(f"{built.id}  {built.duration:.1f} s  {len(built.items)} articles")
    for item in built.items:
        click.echo(f"  {(item.end - item.start) / built.sample_rate:6.1f} s  {item.title}")
    for candidate in selection.left_out:
        click.echo(f"  left out ({candidate.seconds:.1f} s): {candidate.article.title}")
    click.echo(f"audio: {pipeline.storage.location(built.audio_key)}")
    click.echo(f"feed: {pipeline.storage.location('bulletins.xml')}")
