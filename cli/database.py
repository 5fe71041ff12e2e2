"""``loa db upgrade`` and ``loa db status``: the database schema's version."""
from __future__ import annotations

import click
from sqlalchemy.engine import Engine

from articles.db import make_engine
from articles.schema import SchemaError, schema_status, upgrade_schema
from cli.common import LoaFailure, load_settings


@click.group()
def db() -> None:
    """The database schema: its version, and upgrading it in place."""


def _engine() -> Engine:
    settings = load_settings()
    if settings.db_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.db_url)


@db.command("status")
def status() -> None:
    """Show the schema revision of the database and the one this release needs."""
    engine = _engine()
    try:
        found = schema_status(engine)
    finally:
        engine.dispose()
    click.echo(f"database: {found.current or 'no version (empty, or made before migrations)'}")
    click.echo(f"release:  {found.head}")
    click.echo("up to date" if found.up_to_date else "behind: run 'loa db upgrade'")


@db.command("upgrade")
def upgrade() -> None:
    """Bring the database schema to this release's version, keeping every row."""
    engine = _engine()
    try:
        before, after = upgrade_schema(engine)
    except SchemaError as err:
        raise LoaFailure(str(err)) from None
    finally:
        engine.dispose()
    if before == after:
        click.echo(f"database schema is up to date ({after})")
    else:
        click.echo(f"database schema upgraded from {before or 'none'} to {after}")
