"""Test instrumentation a worker imports with ``--include tests.support.full_disk``, for machines where
the fault suite cannot mount a small tmpfs (not root): while the file named by
``LOA_TEST_DISK_FULL`` exists, every file Loa puts in place fails as a full disk does (ENOSPC),
at the one place all of them go through (``loa.storage.publish_file``)."""
from __future__ import annotations

import errno
import os

import loa.storage

_publish_file = loa.storage.publish_file


def _publish_file_unless_full(finished, target):
    flag = os.environ.get("LOA_TEST_DISK_FULL")
    if flag and os.path.exists(flag):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
    return _publish_file(finished, target)


loa.storage.publish_file = _publish_file_unless_full
