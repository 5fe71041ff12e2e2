"""Test instrumentation a worker imports with ``--include tests.support.pauses``: it holds chosen steps
of chosen articles just before they start, so a test can SIGKILL the worker exactly there.

- ``LOA_TEST_PAUSES``: ``<article id>@<task name>`` entries separated by commas, e.g.
  ``bai-1@loa.assemble,bai-2@loa.synthesize_sentence``;
- ``LOA_TEST_PAUSE_DIR``: a folder where each held step leaves a marker file ``<article>@<task>``;
- ``LOA_TEST_PAUSE_SECONDS``: how long a step is held (keep it under the soft time limit).

Each (article, task) is held once, by whichever process gets to it first: after the worker is
killed, the same step runs normally. Nothing here changes what the step does.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from celery.signals import task_prerun


@task_prerun.connect
def hold(sender=None, task_id=None, task=None, args=None, kwargs=None, **_extra) -> None:
    wanted = {w.strip() for w in os.environ.get("LOA_TEST_PAUSES", "").split(",") if w.strip()}
    if not wanted or not args or task is None:
        return
    step = f"{args[0]}@{task.name}"
    if step not in wanted:
        return
    marker = Path(os.environ["LOA_TEST_PAUSE_DIR"]) / step
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return  # held once already
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    time.sleep(float(os.environ.get("LOA_TEST_PAUSE_SECONDS", "10")))
