"""Choosing the speech engine: ``gtts``, ``espeak``, ``auto`` or a plug-in ``package.module:Class``.

A plug-in engine is any class constructed as ``cls(settings)`` whose instances follow
``audio.engines.base.SpeechEngine``. It is how a station adds its own engine, and how tests plug
in a slow one.
"""
from __future__ import annotations

import importlib
import logging
import threading
import time

from audio.engines.base import SpeechEngine
from audio.engines.espeak import EspeakEngine
from audio.engines.gtts_engine import GTTSEngine
from loa.settings import Settings, SettingsError

__all__ = ["EspeakEngine", "GTTSEngine", "SpeechEngine", "forget_probe_results", "get_engine", "resolve_engine"]

log = logging.getLogger("loa.audio")

PROBE_CACHE_SECONDS = 300.0

_probe_results: dict[str, tuple[float, str | None]] = {}  # tld -> (monotonic time, failure or None)
_probe_lock = threading.Lock()


def resolve_engine(settings: Settings) -> SpeechEngine:
    """The engine ``settings.engine`` names; for ``auto``, Google when it answers, else espeak-ng."""
    return get_engine(settings.engine, settings)


def get_engine(name: str, settings: Settings) -> SpeechEngine:
    """The engine called ``name``: ``gtts``, ``espeak``, ``auto`` or ``package.module:Class``."""
    if name == "gtts":
        return GTTSEngine.from_settings(settings)
    if name == "espeak":
        return EspeakEngine.from_settings(settings)
    if name == "auto":
        return _automatic_engine(settings)
    if ":" in name:
        return _plugin_engine(name, settings)
    raise SettingsError(
        f"unknown speech engine {name!r}: use 'auto', 'gtts', 'espeak' or 'package.module:ClassName'"
    )


def forget_probe_results() -> None:
    """Make the next ``auto`` choice ask Google again."""
    with _probe_lock:
        _probe_results.clear()


def _automatic_engine(settings: Settings) -> SpeechEngine:
    google = GTTSEngine.from_settings(settings)
    failure, age = _google_failure(google, settings.gtts_probe_timeout)
    checked = "just checked" if age == 0 else f"checked {age:.0f} s ago"
    if failure is None:
        log.info("speech engine: gtts (Google Translate answered, %s)", checked)
        return google
    log.info("speech engine: espeak (Google Translate unusable, %s: %s)", checked, failure)
    return EspeakEngine.from_settings(settings)


def _google_failure(google: GTTSEngine, timeout: float) -> tuple[str | None, float]:
    """The cached or fresh probe result for this Google host, and its age in seconds."""
    now = time.monotonic()
    with _probe_lock:
        cached = _probe_results.get(google.tld)
    if cached is not None and now - cached[0] < PROBE_CACHE_SECONDS:
        return cached[1], now - cached[0]
    failure = google.probe_failure(timeout)
    with _probe_lock:
        _probe_results[google.tld] = (time.monotonic(), failure)
    return failure, 0.0


def _plugin_engine(spec: str, settings: Settings) -> SpeechEngine:
    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise SettingsError(f"plug-in engine must look like 'package.module:ClassName', got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise SettingsError(f"cannot import speech engine module {module_name!r}: {error}") from error
    engine_class = getattr(module, class_name, None)
    if not isinstance(engine_class, type):
        raise SettingsError(f"module {module_name!r} has no class {class_name!r}")
    if not callable(getattr(engine_class, "synthesize", None)):
        raise SettingsError(f"{spec} is not a speech engine: it needs name, voice, settings_key and synthesize()")
    try:
        engine = engine_class(settings)
    except TypeError as error:
        raise SettingsError(f"{spec} cannot be built as {class_name}(settings): {error}") from error
    if not isinstance(engine, SpeechEngine):
        raise SettingsError(f"{spec} is not a speech engine: it needs name, voice, settings_key and synthesize()")
    return engine
