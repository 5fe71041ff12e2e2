"""Choosing the speech engine: ``gtts``, ``espeak``, ``auto`` or a plug-in ``package.module:Class``.

The licensed cloud engines are ``azure``, ``google-cloud`` (also ``google_cloud``), ``fpt`` and
``viettel``; ``@name`` is the engine of voice ``name`` (``audio.voices``: its engine with the
voice's vendor voice, rate and pitch applied).

``auto`` is the engine chain (``LOA_ENGINE_CHAIN``, see ``audio.engines.chain``): the first engine
whose circuit is closed and that answers its probe. A plug-in engine is any class constructed as
``cls(settings)`` whose instances follow ``audio.engines.base.SpeechEngine``. It is how a station adds
its own engine, and how tests plug in a slow or failing one.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from audio.engines.azure import AzureEngine
from audio.engines.base import SpeechEngine
from audio.engines.chain import EngineChain, forget_probe_results
from audio.engines.circuit import memory_breaker
from audio.engines.espeak import EspeakEngine
from audio.engines.fpt import FPTEngine
from audio.engines.google_cloud import GoogleCloudEngine
from audio.engines.gtts_engine import GTTSEngine
from audio.engines.viettel import ViettelEngine
from audio.voices import is_voice_spec, load_voices, settings_for, voice_of_spec
from loa.settings import Settings, SettingsError

__all__ = ["EspeakEngine", "GTTSEngine", "SpeechEngine", "forget_probe_results", "get_engine",
           "resolve_engine"]

log = logging.getLogger("loa.audio")

CLOUD_ENGINES: dict[str, Callable[[Settings], SpeechEngine]] = {
    "azure": AzureEngine.from_settings, "google-cloud": GoogleCloudEngine.from_settings,
    "google_cloud": GoogleCloudEngine.from_settings, "fpt": FPTEngine.from_settings,
    "viettel": ViettelEngine.from_settings,
}


def resolve_engine(settings: Settings) -> SpeechEngine:
    """The engine ``settings.engine`` names; for ``auto``, the first usable engine of the chain."""
    return get_engine(settings.engine, settings)


def get_engine(name: str, settings: Settings) -> SpeechEngine:
    """The engine called ``name``: ``gtts``, ``espeak``, a cloud engine, ``@voice``, ``auto`` or
    ``package.module:Class``."""
    if is_voice_spec(name):
        voice = load_voices(settings).get(voice_of_spec(name))
        return get_engine(voice.engine, settings_for(voice, settings))
    if name in CLOUD_ENGINES:
        return CLOUD_ENGINES[name](settings)
    if name == "gtts":
        return GTTSEngine.from_settings(settings)
    if name == "espeak":
        return EspeakEngine.from_settings(settings)
    if name == "auto":
        breaker = memory_breaker(settings.breaker_failures, settings.breaker_cooldown)
        chain = EngineChain(settings.chain_specs, breaker, lambda spec: get_engine(spec, settings),
                            settings.gtts_probe_timeout)
        return chain.choose().engine
    if ":" in name:
        return _plugin_engine(name, settings)
    raise SettingsError(
        f"unknown speech engine {name!r}: use 'auto', 'gtts', 'espeak', {', '.join(repr(n) for n in CLOUD_ENGINES)}, "
        "'@voice' or 'package.module:ClassName'"
    )


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
