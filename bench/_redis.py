"""Redis for benchmarks: the given URL when it answers, else a throwaway ``redis-server`` of their own."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def redis_for_bench(url: str, name: str) -> Iterator[str]:
    """``url`` when a Redis answers there, else the URL of a ``redis-server`` started (and stopped) here.

    A benchmark using a shared Redis keeps its keys under a prefix of its own and never flushes.
    """
    if url and redis_answers(url):
        yield url
        return
    if shutil.which("redis-server") is None:
        sys.exit(f"{name}: needs Redis: --redis URL, LOA_REDIS_URL or redis-server on the PATH")
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    started = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not redis_answers(started):
            if time.monotonic() > deadline:
                sys.exit(f"{name}: redis-server did not start")
            time.sleep(0.05)
        yield started
    finally:
        server.terminate()
        server.wait(timeout=10)
