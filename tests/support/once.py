"""One-time set-up shared by the test processes that run side by side (``pytest -n``).

Installing Chromium or an npm package is done by whichever process needs it first; the others wait
on the same lock and then find it installed, instead of running ``apt-get`` or ``npm ci`` into the
same folder at the same time.
"""
from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def machine_lock(name: str) -> Iterator[None]:
    """Hold the machine-wide lock ``name`` (a file in the temporary folder) while the block runs."""
    path = Path(tempfile.gettempdir()) / f"{name}.lock"
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
