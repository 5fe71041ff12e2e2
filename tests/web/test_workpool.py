"""The bounded pool that checks passwords: work runs off the event loop, and past the bound a caller
is told at once instead of waiting in an endless line."""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from web.workpool import BoundedPool, PoolBusy


def run(coroutine):
    """``asyncio.run`` on a thread of its own: other tests (Playwright) may keep a loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def occupy(pool: BoundedPool, release: threading.Event) -> threading.Thread:
    """A caller whose job holds the pool's only thread until ``release`` is set."""
    started = threading.Event()

    def job() -> None:
        started.set()
        release.wait(10)

    thread = threading.Thread(target=lambda: asyncio.run(pool.run(job)))
    thread.start()
    assert started.wait(10)
    return thread


def test_past_the_bound_a_caller_is_refused_at_once_and_served_again_after():
    pool, release = BoundedPool(workers=1, queue_limit=0), threading.Event()
    holder = occupy(pool, release)
    with pytest.raises(PoolBusy):
        run(pool.run(sum, [1, 2]))
    release.set()
    holder.join(10)
    assert run(pool.run(sum, [1, 2])) == 3
    pool.close()


def test_the_event_loop_keeps_answering_while_the_pool_works():
    pool, release = BoundedPool(workers=1, queue_limit=4), threading.Event()

    async def scenario() -> bool:
        waiting = asyncio.ensure_future(pool.run(release.wait, 5))
        await asyncio.sleep(0.05)  # the loop runs on while the job waits on its thread...
        release.set()  # ...so it is the loop that lets the job finish
        return await waiting

    assert run(scenario()) is True  # on the loop, the job would have blocked it and timed out
    pool.close()
