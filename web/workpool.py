"""Slow, CPU-bound work (argon2 password checks) off the event loop, with a bound.

An argon2 check takes tens of milliseconds of CPU on purpose. Run on the event loop, thirty
sign-ins at once hold up every other request of the process (feeds, audio, the API) for seconds.
Here they run on a few threads (argon2 releases the GIL, so the loop keeps answering), and at most
``queue_limit`` more wait their turn: past that a sign-in is told to try again instead of piling up.
"""
from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

T = TypeVar("T")


class PoolBusy(RuntimeError):
    """Every thread is working and the waiting line is full."""


def default_workers() -> int:
    """Half the cores (at least one): the other half keeps serving requests while passwords are checked."""
    return max(1, (os.cpu_count() or 2) // 2)


class BoundedPool:
    def __init__(self, workers: int | None = None, queue_limit: int = 32, name: str = "loa-work"):
        self.workers = workers or default_workers()
        self.queue_limit = queue_limit
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix=name)
        self._admitted = threading.BoundedSemaphore(self.workers + queue_limit)

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` on a pool thread; PoolBusy at once when the line is full."""
        if not self._admitted.acquire(blocking=False):
            raise PoolBusy(f"{self.workers} threads busy and {self.queue_limit} waiting")
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, partial(function, *args))
        finally:
            self._admitted.release()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
