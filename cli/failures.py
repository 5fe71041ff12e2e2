"""When the data directory or the database cannot be written: one line, never a traceback.

A full disk, a data directory that is read-only or belongs to another user, a database that cannot
be opened: each is a fact about the machine the operator can act on, so the command says which
file and why (``loa: error: /srv/loa/var/feed.xml: no space left on the device``) and exits 1.
What was being written is left as it was: files are written beside their target and renamed into
place, and a database transaction that fails is rolled back.
"""
from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from articles.schema import SchemaError
from cli.common import LoaFailure
from loa.settings import Settings

REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is not a directory",
}


@contextmanager
def storage_failures(settings: Settings) -> Iterator[None]:
    """Turn errors of the data directory and the database inside the block into ``LoaFailure``."""
    try:
        yield
    except OSError as err:
        raise LoaFailure(file_error(err, settings.data_dir)) from None
    except SchemaError as err:
        raise LoaFailure(str(err)) from None
    except SQLAlchemyError as err:
        raise LoaFailure(database_error(err, settings.db_url)) from None


def file_error(err: OSError, data_dir: Path) -> str:
    """One line naming the file and the reason.

    >>> import errno, os
    >>> file_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/loa/var/feed.xml"), Path("/srv/loa/var"))
    '/srv/loa/var/feed.xml: no space left on the device'
    """
    where = err.filename if err.filename is not None else data_dir
    reason = REASONS.get(err.errno or 0) or err.strerror or type(err).__name__
    return f"{where}: {reason}"


def database_error(err: SQLAlchemyError, url: str) -> str:
    """One line naming the database (never its password) and what its driver said."""
    said = str(err.orig) if isinstance(err, DBAPIError) else str(err)
    said = " ".join(said.splitlines()[0].split()) if said.strip() else type(err).__name__
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"the database cannot be used: {said}"
    if parsed.get_backend_name() == "sqlite":
        trouble = ("I/O" in said or "readonly" in said or "unable to open" in said)
        hint = " (is the disk full, or the data directory read-only?)" if trouble else ""
        return f"the database {parsed.database} cannot be used: {said}{hint}"
    return f"the database {parsed.render_as_string(hide_password=True)} cannot be used: {said}"
