"""``loa serve``, ``loa worker`` and ``loa beat``: the long-running processes of a deployment."""
from __future__ import annotations

import os
import sys

import click
import uvicorn

from articles.db import make_engine
from articles.schema import SchemaError, prepare_schema
from cli.common import LoaFailure, load_settings
from loa.settings import Settings
from web.app import create_app


def _schema_ready(settings: Settings) -> None:
    """Upgrade the schema before starting (when allowed), or refuse to start with the reason."""
    if settings.db_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db_url)
    try:
        prepare_schema(engine, upgrade=settings.db_auto_upgrade)
    except SchemaError as err:
        raise LoaFailure(str(err)) from None
    finally:
        engine.dispose()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
def serve(host: str, port: int) -> None:
    """Serve the webhook, staff pages, API, feeds and audio over HTTP."""
    settings = load_settings()
    _schema_ready(settings)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("-Q", "--queues", default="tts,audio,ingest", show_default=True,
              help="Queues to consume: tts (speech), audio (stitching, masters, feeds), ingest (page fetches, "
                   "source feeds, reconciliation).")
@click.option("-c", "--concurrency", type=int, default=None, help="Worker processes.")
@click.option("-l", "--loglevel", default="info", show_default=True)
@click.pass_context
def worker(ctx: click.Context, queues: str, concurrency: int | None, loglevel: str) -> None:
    """Start a Celery worker (celery -A worker.app worker); extra options go to Celery."""
    _schema_ready(load_settings())
    args = [sys.executable, "-m", "celery", "-A", "worker.app", "worker", "-Q", queues, "-l", loglevel]
    if concurrency:
        args += ["-c", str(concurrency)]
    os.execv(sys.executable, args + list(ctx.args))


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("-l", "--loglevel", default="info", show_default=True)
@click.pass_context
def beat(ctx: click.Context, loglevel: str) -> None:
    """Start Celery beat (run exactly one per deployment)."""
    settings = load_settings()
    schedule = settings.data_dir / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "celery", "-A", "worker.app", "beat", "-l", loglevel, "-s", str(schedule)]
    os.execv(sys.executable, args + list(ctx.args))
