"""The database schema and its version: the migrations in ``articles/migrations`` (Alembic).

Stations upgrade in place, so the schema only ever changes through a migration. ``prepare_schema``
runs when a store opens its database:

* a database at the newest revision is used as it is;
* an empty database, or one behind, is upgraded (under a lock, so processes starting together
  upgrade it once), unless upgrading at start is turned off (``LOA_DB_AUTO_UPGRADE=false``): then
  it is refused with a message that says to run ``loa db upgrade``;
* a database made by a release before migrations (tables, no version) is adopted by the
  baseline migration, which creates only the tables it lacks, then upgraded like any other;
* a database at a revision this release does not know (written by a newer Loa) is refused.
"""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ADVISORY_LOCK = 0x10A5C4E  # PostgreSQL advisory lock held while the schema is upgraded


class SchemaError(RuntimeError):
    """The database's schema cannot be used by this release; the message says what to do."""


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None  # the database's revision; None when it has no version yet
    head: str  # the newest revision this release knows

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def schema_status(engine: Engine) -> SchemaStatus:
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return SchemaStatus(current, head_revision())


def upgrade_schema(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest revision; (revision before, revision after)."""
    with _schema_lock(engine), engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        if before is not None and before not in known_revisions():
            raise SchemaError(_ahead_message(before))
        command.upgrade(_config(connection), "head")
    return before, head_revision()


def prepare_schema(engine: Engine, *, upgrade: bool = True) -> None:
    """Make sure ``engine``'s database has the schema this release reads and writes (see above)."""
    status = schema_status(engine)
    if status.up_to_date:
        return
    if status.current is not None and status.current not in known_revisions():
        raise SchemaError(_ahead_message(status.current))
    if not upgrade:
        raise SchemaError(
            f"the database schema is at revision {status.current or 'none'}, this release needs "
            f"{status.head}: run 'loa db upgrade' (or set LOA_DB_AUTO_UPGRADE=true)"
        )
    upgrade_schema(engine)


def _ahead_message(revision: str) -> str:
    return (f"the database schema is at revision {revision}, which this release of Loa does not know: "
            "it was written by a newer release; run that release, or restore a backup")


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """One upgrader at a time: an advisory lock on PostgreSQL, a file lock beside a SQLite file."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _ADVISORY_LOCK})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _ADVISORY_LOCK})
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(Path(database).with_name(Path(database).name + ".schema-lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
