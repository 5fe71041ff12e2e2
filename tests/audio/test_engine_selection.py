"""Choosing the engine: auto (Google if it answers, else espeak-ng), by name, or a plug-in class."""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
import responses

import audio.engines as engines
from audio.engines import EspeakEngine, GTTSEngine, forget_probe_results, get_engine, resolve_engine
from loa.settings import Settings, SettingsError
from tests.audio.conftest import GOOGLE_URL
from tests.support.engines import SlowEspeakEngine


@pytest.fixture(autouse=True)
def fresh_probe_results():
    forget_probe_results()
    yield
    forget_probe_results()


def test_auto_without_network_falls_back_to_espeak_quickly(caplog):
    # Nothing is intercepted: the real probe fails because the host cannot be resolved.
    settings = Settings(engine="auto", gtts_tld="invalid", gtts_probe_timeout=3)
    caplog.set_level(logging.INFO, logger="loa.audio")

    engine = resolve_engine(settings)

    assert isinstance(engine, EspeakEngine)
    assert "speech engine: espeak (Google Translate unusable" in caplog.text
    assert engine.synthesize("Xin chào.").duration > 0.2
    assert "speech engine: espeak" in caplog.text
    assert "translate.google.invalid" in caplog.text


def test_auto_with_the_default_host_picks_espeak_when_google_is_unreachable(google):
    google.add(responses.POST, GOOGLE_URL, status=503)

    assert resolve_engine(Settings(engine="auto")).name == "espeak"


def test_auto_picks_gtts_when_google_answers(google_speaks, caplog):
    caplog.set_level(logging.INFO, logger="loa.audio")

    engine = resolve_engine(Settings(engine="auto", gtts_tld="com.vn", pause_clause_ms=200))

    assert isinstance(engine, GTTSEngine)
    assert engine.name == "gtts"
    assert engine.clause_pause == 0.2
    assert "speech engine: gtts (Google Translate answered" in caplog.text


def test_auto_remembers_the_probe_for_five_minutes(google_speaks, monkeypatch):
    settings = Settings(engine="auto")
    assert resolve_engine(settings).name == "gtts"
    google_speaks.replace(responses.POST, GOOGLE_URL, status=503)

    assert resolve_engine(settings).name == "gtts"
    assert len(google_speaks.calls) == 1

    later = time.monotonic() + engines.PROBE_CACHE_SECONDS + 1
    monkeypatch.setattr(engines.time, "monotonic", lambda: later)
    assert resolve_engine(settings).name == "espeak"
    assert len(google_speaks.calls) == 2


def test_named_engines_take_their_settings():
    settings = Settings(
        gtts_tld="com", gtts_timeout=4.0, espeak_voice="vi-vn-x-south", espeak_rate=190,
        sample_rate=16000, channels=2, pause_clause_ms=250,
    )
    google = get_engine("gtts", settings)
    offline = get_engine("espeak", settings)

    assert isinstance(google, GTTSEngine)
    assert (google.tld, google.timeout, google.clause_pause, google.sample_rate, google.channels) == (
        "com", 4.0, 0.25, 16000, 2,
    )
    assert isinstance(offline, EspeakEngine)
    assert (offline.voice, offline.rate) == ("vi-vn-x-south", 190)
    clip = offline.synthesize("Xin chào.")
    assert (clip.sample_rate, clip.channels) == (16000, 2)


def test_resolve_uses_the_named_engine_without_probing(google):
    assert resolve_engine(Settings(engine="espeak")).name == "espeak"
    assert resolve_engine(Settings(engine="gtts")).name == "gtts"
    assert len(google.calls) == 0


def test_plugin_engine_is_loaded_from_module_and_class(tmp_path: Path, monkeypatch):
    log = tmp_path / "synth.log"
    monkeypatch.setenv("LOA_TEST_SYNTH_LOG", str(log))
    monkeypatch.setenv("LOA_TEST_SYNTH_DELAY", "0.3")
    settings = Settings(engine="tests.support.engines:SlowEspeakEngine")

    engine = resolve_engine(settings)
    clip = engine.synthesize("Xin chào các bạn.")

    assert isinstance(engine, SlowEspeakEngine)
    assert (engine.name, engine.voice) == ("espeak-slow", "vi")
    assert engine.settings_key == EspeakEngine.from_settings(settings).settings_key
    assert clip.duration > 0.5
    pid, text = log.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert (int(pid), text) == (os.getpid(), "Xin chào các bạn.")


def test_slow_engine_without_environment_writes_nothing_and_does_not_wait(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("LOA_TEST_SYNTH_LOG", raising=False)
    monkeypatch.delenv("LOA_TEST_SYNTH_DELAY", raising=False)
    monkeypatch.chdir(tmp_path)

    naps: list[float] = []
    monkeypatch.setattr("tests.support.engines.time.sleep", naps.append)
    SlowEspeakEngine(Settings()).synthesize("Xin chào.")

    assert sum(naps) == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("google", "unknown speech engine 'google'"),
        ("", "unknown speech engine ''"),
        ("no_such_module_anywhere:Engine", "cannot import"),
        ("tests.support.engines:NoSuchClass", "has no class 'NoSuchClass'"),
        ("loa.settings:Settings", "is not a speech engine"),
        (":Engine", "package.module:ClassName"),
    ],
)
def test_bad_engine_names_are_clear_settings_errors(name, message):
    with pytest.raises(SettingsError, match=message):
        get_engine(name, Settings())
