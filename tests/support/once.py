"""One-time set-up shared by the test processes that run side by side (``pytest -n``).

Installing Chromium or an npm package is done by whichever process needs it first; the others wait
on the same lock and then find it installed, instead of running ``apt-get`` or ``npm ci`` into the
same folder at the same time.
"""
from __future__ import annotations

import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

from worker.locks import file_lock


def machine_lock(name: str) -> AbstractContextManager[None]:
    """The machine-wide lock ``name`` (a file in the temporary folder), held while the block runs."""
    return file_lock(Path(tempfile.gettempdir()) / f"{name}.lock")
