"""A plug-in engine whose vendor meters its quota: ``tests.support.metered:MeteredEngine``.

It speaks with espeak-ng (at its own rate, so its clips are its own), but a sentence containing
``LOA_TEST_THROTTLE_ON`` is refused its first ``LOA_TEST_THROTTLE_TIMES`` attempts with
``Throttled`` (a vendor's 429 with ``Retry-After: 0.2``). Every attempt is logged to
``LOA_TEST_SYNTH_LOG`` as ``<pid>\\t<ok|throttled>\\t<text>``; the log is also how attempts are
counted across worker processes.
"""
from __future__ import annotations

import os
from dataclasses import replace

from audio.clip import Clip
from audio.engines.espeak import EspeakEngine
from audio.engines.http import Throttled
from loa.settings import Settings

RETRY_AFTER = 0.2


class MeteredEngine:
    name = "metered"

    def __init__(self, settings: Settings):
        self._inner = EspeakEngine.from_settings(replace(settings, espeak_rate=140))
        self.voice = self._inner.voice

    @property
    def settings_key(self) -> str:
        return "metered;" + self._inner.settings_key

    def synthesize(self, text: str) -> Clip:
        marker = os.environ.get("LOA_TEST_THROTTLE_ON", "")
        times = int(os.environ.get("LOA_TEST_THROTTLE_TIMES", "0"))
        log_path = os.environ["LOA_TEST_SYNTH_LOG"]
        throttled = False
        if marker and marker in text:
            with open(log_path, "a+", encoding="utf-8") as log:
                log.seek(0)
                refused = sum(1 for line in log if line.split("\t")[1:] == ["throttled", text + "\n"])
            throttled = refused < times
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\t{'throttled' if throttled else 'ok'}\t{text}\n")
        if throttled:
            raise Throttled(f"the metered service answered 429 Too Many Requests, retry after {RETRY_AFTER:g} s",
                            retry_after=RETRY_AFTER)
        return self._inner.synthesize(text)
