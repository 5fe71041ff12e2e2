"""``loa serve``, ``loa worker`` and ``loa beat``: the long-running processes of a deployment."""
from __future__ import annotations

import ipaddress
import os
import secrets
import sys
from dataclasses import replace

import click
import uvicorn

from articles.db import make_engine
from articles.schema import SchemaError, prepare_schema
from cli.common import LoaFailure, load_settings, warn_placeholders
from cli.failures import file_error
from loa.settings import Settings
from loa.storage import open_storage
from web.app import create_app
from worker.config import QUEUES


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


def _storage_ready(settings: Settings) -> None:
    """Refuse to start, in one line, on a store that cannot be used (an unreachable or missing bucket)."""
    try:
        open_storage(settings).check()
    except OSError as err:
        raise LoaFailure(file_error(err, settings.data_dir)) from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine.

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "", "192.0.2.10", "radio.vn")]
    [True, True, True, False, False, False, False]
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse_without_secret_key(settings: Settings, host: str, production: bool) -> None:
    """Serving staff to others needs LOA_SECRET_KEY, the one key every web process signs sessions with."""
    if settings.secret_key or not (production or not is_loopback(host)):
        return
    where = "in production" if production else f"on {host or 'every address'}"
    raise LoaFailure(f"LOA_SECRET_KEY is empty: set it to a long random value before serving {where} "
                     "(every web process must share it)")


def _development_key(settings: Settings) -> Settings:
    """A development server on loopback without a key gets one of its own, with a warning."""
    if settings.secret_key:
        return settings
    click.echo("loa: warning: LOA_SECRET_KEY is empty: this development server signs sessions with a key of "
               "its own; they end when it stops", err=True)
    return replace(settings, secret_key=secrets.token_urlsafe(32))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option("--production", is_flag=True,
              help="Refuse to start without the settings production needs (LOA_SECRET_KEY), even on loopback.")
def serve(host: str, port: int, production: bool) -> None:
    """Serve the webhook, staff pages, API, feeds and audio over HTTP."""
    settings = load_settings()
    _refuse_without_secret_key(settings, host, production)
    _schema_ready(settings)
    _storage_ready(settings)
    warn_placeholders(settings)
    settings = _development_key(settings)
    # Forwarded headers are read by the app itself, from LOA_TRUSTED_PROXIES only.
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False,
                server_header=False)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("-Q", "--queues", default=",".join(QUEUES), show_default=True,
              help="Queues to consume, in the order work is taken: publish (feeds), ingest (page fetches, "
                   "source feeds, reconciliation), tts (speech), audio (programmes, podcast masters), "
                   "broadcast (broadcast masters, drop folder).")
@click.option("-c", "--concurrency", type=int, default=None, help="Worker processes.")
@click.option("-l", "--loglevel", default="info", show_default=True)
@click.pass_context
def worker(ctx: click.Context, queues: str, concurrency: int | None, loglevel: str) -> None:
    """Start a Celery worker (celery -A worker.app worker); extra options go to Celery."""
    settings = load_settings()
    _schema_ready(settings)
    _storage_ready(settings)
    warn_placeholders(settings)
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
    warn_placeholders(settings)
    schedule = settings.data_dir / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "celery", "-A", "worker.app", "beat", "-l", loglevel, "-s", str(schedule)]
    os.execv(sys.executable, args + list(ctx.args))
