"""A plug-in speech engine for integration tests that need synthesis to take a while.

Select it with ``LOA_ENGINE=tests.support.engines:SlowEspeakEngine``. Environment:

- ``LOA_TEST_SYNTH_LOG``: a file that gets one line per sentence, ``<pid>\\t<text>``, written
  before synthesis starts, so a test can see which worker was speaking what when it was killed.
- ``LOA_TEST_SYNTH_DELAY``: seconds to sleep before each sentence (default 0).
"""
from __future__ import annotations

import os
import time

from audio.clip import Clip
from audio.engines.espeak import EspeakEngine
from loa.settings import Settings


class SlowEspeakEngine:
    """espeak-ng, announced in a log file and slowed down on purpose."""

    name = "espeak-slow"

    def __init__(self, settings: Settings):
        self._inner = EspeakEngine.from_settings(settings)
        self.voice = self._inner.voice

    @property
    def settings_key(self) -> str:
        return self._inner.settings_key

    def synthesize(self, text: str) -> Clip:
        log_path = os.environ.get("LOA_TEST_SYNTH_LOG")
        if log_path:
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()}\t{text}\n")
                log.flush()
        time.sleep(float(os.environ.get("LOA_TEST_SYNTH_DELAY", "0")))
        return self._inner.synthesize(text)
