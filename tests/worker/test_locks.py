"""The feed writers' locks: one writer at a time, on one machine (a file) or across machines (Redis)."""
from __future__ import annotations

import threading
import time

import pytest

from loa.settings import Settings
from worker.locks import LockNotAcquired, file_lock, redis_lock


def test_a_redis_lock_keeps_a_second_writer_out_until_the_first_is_done(tmp_path, redis_url, redis_prefix):
    settings = Settings(data_dir=tmp_path, redis_url=redis_url, key_prefix=redis_prefix)
    with redis_lock(settings, "feed"):
        with pytest.raises(LockNotAcquired), redis_lock(settings, "feed", wait=0.3):
            pass
        with redis_lock(settings, "bulletins", wait=0.3):  # another name is another lock
            pass
    with redis_lock(settings, "feed", wait=0.3):
        pass


def test_a_redis_lock_whose_holder_died_frees_itself(tmp_path, redis_url, redis_prefix):
    import redis

    settings = Settings(data_dir=tmp_path, redis_url=redis_url, key_prefix=redis_prefix)
    held = redis.Redis.from_url(redis_url).lock(settings.redis_key("lock:feed"), timeout=0.5)
    assert held.acquire()  # and never released, as by a SIGKILLed worker
    started = time.monotonic()
    with redis_lock(settings, "feed", wait=5):
        assert time.monotonic() - started < 3


def test_a_file_lock_makes_writers_take_turns(tmp_path):
    order: list[str] = []

    def writer(name: str) -> None:
        with file_lock(tmp_path / ".feed.lock"):
            order.append(f"{name} vào")
            time.sleep(0.1)
            order.append(f"{name} ra")

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("một", "hai")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [o.split()[1] for o in order] == ["vào", "ra", "vào", "ra"]
    assert order[0].split()[0] == order[1].split()[0]
