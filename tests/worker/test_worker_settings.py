"""The worker's settings checked at start: redelivery, stalls, reconciliation and the engine chain;
and the doctests of the modules that keep renders moving."""
from __future__ import annotations

import doctest
import importlib

import pytest

from loa.settings import Settings, SettingsError
from worker.config import celery_config


@pytest.mark.parametrize("values, message", [
    ({"task_time_limit": 300, "retry_delay": 30, "visibility_timeout": 330},
     r"LOA_VISIBILITY_TIMEOUT=330: expected longer than LOA_TASK_TIME_LIMIT plus LOA_RETRY_DELAY \(300 \+ 30 s\)"),
    ({"stall_after": 60, "retry_delay": 30}, "LOA_STALL_AFTER=60: expected longer than twice LOA_RETRY_DELAY"),
    ({"reconcile_attempts": 0}, "LOA_RECONCILE_ATTEMPTS=0: expected a whole number, at least 1"),
    ({"breaker_failures": 0}, "LOA_BREAKER_FAILURES=0: expected a whole number, at least 1"),
])
def test_settings_that_would_lose_or_duplicate_work_are_refused_at_start(values, message):
    with pytest.raises(SettingsError, match=message):
        Settings(**values)


def test_the_defaults_hold_together():
    s = Settings()
    assert s.visibility_timeout > s.task_time_limit + s.retry_delay
    assert s.stall_after > 2 * s.retry_delay and s.heartbeat_interval < s.stall_after / 2
    assert s.engine_specs == ("gtts", "espeak")


def test_every_redis_key_is_under_the_prefix():
    config = celery_config(Settings(key_prefix="dai-a:"))
    assert config["broker_transport_options"]["global_keyprefix"] == "dai-a:"
    assert config["result_backend_transport_options"]["global_keyprefix"] == "dai-a:"
    assert Settings(key_prefix="dai-a:").redis_key("loa:reconcile") == "dai-a:loa:reconcile"
    assert "global_keyprefix" not in celery_config(Settings())["broker_transport_options"]


@pytest.mark.parametrize("name", ["loa.storage", "audio.engines.circuit", "audio.engines.chain", "worker.queue",
                                  "worker.pipeline"])
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
