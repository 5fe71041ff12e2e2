"""Plug-in speech engines for integration tests: one that takes a while, one that fails on demand.

``SlowEspeakEngine``: select it with ``LOA_ENGINE=tests.support.engines:SlowEspeakEngine``. Environment:

- ``LOA_TEST_SYNTH_LOG``: a file that gets one line per sentence, ``<pid>\\t<text>``, written
  before synthesis starts, so a test can see which worker was speaking what when it was killed.
- ``LOA_TEST_SYNTH_DELAY``: seconds to sleep before each sentence (default 0).

``LocalSlowEspeakEngine``: the same, synthesized inside the render task like the offline voice.

``SwitchableEngine``: see its docstring.
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


class LocalSlowEspeakEngine(SlowEspeakEngine):
    """``SlowEspeakEngine`` declaring itself CPU work in this process, as espeak-ng does: a worker
    synthesizes and assembles its articles inside the render task."""

    name = "espeak-slow-local"
    runs_locally = True


class SwitchableEngine:
    """A plug-in engine that fails on demand, for the engine chain and its circuit breaker.

    Select it with ``LOA_ENGINE_CHAIN=tests.support.engines:SwitchableEngine,espeak``. It speaks with
    espeak-ng (at its own rate, so its clips are its own) unless the file named by
    ``LOA_TEST_ENGINE_CONTROL`` says otherwise, read at every sentence:

    - ``ok`` (or no file): speak;
    - ``fail``: every sentence fails as a service answering 503 would;
    - ``fail-on:<text>``: sentences containing ``<text>`` fail, the others are spoken.

    Every attempt is logged to ``LOA_TEST_SYNTH_LOG`` when set: ``<pid>\\t<ok|fail>\\t<text>``.
    """

    name = "switchable"

    def __init__(self, settings: Settings):
        from dataclasses import replace

        self._inner = EspeakEngine.from_settings(replace(settings, espeak_rate=150))
        self.voice = self._inner.voice

    @property
    def settings_key(self) -> str:
        return "switchable;" + self._inner.settings_key

    def synthesize(self, text: str) -> Clip:
        from audio.errors import ServiceError

        control_path = os.environ.get("LOA_TEST_ENGINE_CONTROL")
        control = "ok"
        if control_path and os.path.exists(control_path):
            with open(control_path, encoding="utf-8") as handle:
                control = handle.read().strip() or "ok"
        fails = control == "fail" or (control.startswith("fail-on:") and control.removeprefix("fail-on:") in text)
        log_path = os.environ.get("LOA_TEST_SYNTH_LOG")
        if log_path:
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()}\t{'fail' if fails else 'ok'}\t{text}\n")
        if fails:
            raise ServiceError("the test service answered HTTP 503", status=503)
        return self._inner.synthesize(text)
