"""Choosing the engine: auto (the chain: Google if it answers, else espeak-ng), by name, or a plug-in
class; the circuit breaker that skips an engine that keeps failing, shared through Redis."""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
import redis
import responses
from redis.backoff import NoBackoff
from redis.retry import Retry

import audio.engines.chain as chain_module
from audio.engines import EspeakEngine, GTTSEngine, forget_probe_results, get_engine, resolve_engine
from audio.engines.chain import EngineChain, NoEngineLeft
from audio.engines.circuit import CircuitBreaker, MemoryBreakerStore, RedisBreakerStore
from loa.settings import Settings, SettingsError
from tests.audio.conftest import GOOGLE_URL
from tests.support.engines import SlowEspeakEngine, SwitchableEngine


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
    assert "speech engine: espeak (gtts: unusable, just checked: " in caplog.text
    assert engine.synthesize("Xin chào.").duration > 0.2
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
    assert "speech engine: gtts answered (just checked)" in caplog.text


def test_auto_remembers_the_probe_for_five_minutes(google_speaks, monkeypatch):
    settings = Settings(engine="auto")
    assert resolve_engine(settings).name == "gtts"
    google_speaks.replace(responses.POST, GOOGLE_URL, status=503)

    assert resolve_engine(settings).name == "gtts"
    assert len(google_speaks.calls) == 1

    later = time.monotonic() + chain_module.PROBE_CACHE_SECONDS + 1
    monkeypatch.setattr(chain_module.time, "monotonic", lambda: later)
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


# The chain and its circuits --------------------------------------------------------------------

class Clock:
    """Wall-clock time the test moves on by hand."""

    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def switchable_chain(tmp_path, monkeypatch, breaker: CircuitBreaker) -> tuple[EngineChain, Path]:
    control = tmp_path / "control"
    monkeypatch.setenv("LOA_TEST_ENGINE_CONTROL", str(control))
    settings = Settings(engine_chain="tests.support.engines:SwitchableEngine,espeak")
    chain = EngineChain(settings.engine_specs, breaker, lambda spec: get_engine(spec, settings))
    return chain, control


def test_the_circuit_opens_after_consecutive_failures_and_a_probe_after_the_cool_down_closes_it(
        tmp_path, monkeypatch):
    clock = Clock()
    breaker = CircuitBreaker(MemoryBreakerStore(clock), failures=3, cooldown=60, clock=clock)
    chain, control = switchable_chain(tmp_path, monkeypatch, breaker)
    assert chain.choose().label == "switchable"

    for n in range(2):
        breaker.failure("switchable", f"ServiceError: answered 503 ({n})")
    assert breaker.status("switchable") == "closed"
    assert chain.choose().engine.name == "switchable"
    breaker.failure("switchable", "ServiceError: answered 503 (2)")

    choice = chain.choose()
    assert choice.engine.name == "espeak"
    assert choice.label == "espeak (switchable: circuit open after 3 failures: ServiceError: answered 503 (2))"

    clock.now += 61  # half-open: one render probes it; the engine still fails, so the circuit opens again
    control.write_text("fail")
    choice = chain.choose()
    assert choice.engine.name == "espeak" and "probe after the cool-down failed" in choice.reason
    assert breaker.status("switchable") == "open"

    clock.now += 61
    control.write_text("ok")
    assert chain.choose().label == "switchable"
    assert breaker.status("switchable") == "closed" and breaker.state("switchable").failures == 0


def test_a_success_resets_the_count_of_consecutive_failures():
    breaker = CircuitBreaker(MemoryBreakerStore(), failures=3, cooldown=60)
    breaker.failure("gtts", "NoNetwork: a")
    breaker.failure("gtts", "NoNetwork: b")
    breaker.success("gtts")
    breaker.failure("gtts", "NoNetwork: c")
    breaker.failure("gtts", "NoNetwork: d")
    assert breaker.status("gtts") == "closed"


def test_the_fall_back_starts_after_the_failed_engine_and_names_why(tmp_path, monkeypatch):
    chain, _control = switchable_chain(tmp_path, monkeypatch, CircuitBreaker(MemoryBreakerStore()))
    choice = chain.choose(after="tests.support.engines:SwitchableEngine",
                          passed_over="switchable: ServiceError: the test service answered HTTP 503")
    assert choice.label == "espeak (switchable: ServiceError: the test service answered HTTP 503)"
    with pytest.raises(NoEngineLeft, match="no speech engine left: espeak: boom"):
        chain.choose(after="espeak", passed_over="espeak: boom")


def test_a_chain_of_engines_that_cannot_be_built_says_why_for_each():
    settings = Settings(engine_chain="no_such_module_anywhere:Engine,tests.support.engines:NoSuchClass")
    chain = EngineChain(settings.engine_specs, CircuitBreaker(MemoryBreakerStore()),
                        lambda spec: get_engine(spec, settings))
    with pytest.raises(NoEngineLeft) as err:
        chain.choose()
    assert "no_such_module_anywhere:Engine: SettingsError: cannot import" in str(err.value)
    assert "has no class 'NoSuchClass'" in str(err.value)


@pytest.mark.parametrize("chain, message", [("", "LOA_ENGINE_CHAIN=: expected engine names separated by commas"),
                                            ("gtts,auto", "LOA_ENGINE_CHAIN=gtts,auto: expected engine names")])
def test_a_chain_naming_nothing_or_itself_is_refused(chain, message):
    with pytest.raises(SettingsError, match=message):
        Settings(engine_chain=chain)


def test_one_named_engine_is_a_chain_of_one():
    assert Settings(engine="espeak").engine_specs == ("espeak",)
    assert Settings(engine="auto", engine_chain="gtts, espeak ,gtts").engine_specs == ("gtts", "espeak")


def test_circuits_in_redis_are_shared_by_every_worker(redis_url, redis_prefix):
    clock = Clock()
    one = CircuitBreaker(RedisBreakerStore(redis.Redis.from_url(redis_url), redis_prefix), 2, 30, clock=clock)
    other = CircuitBreaker(RedisBreakerStore(redis.Redis.from_url(redis_url), redis_prefix), 2, 30, clock=clock)

    one.failure("gtts", "NoNetwork: no route to host")
    other.failure("gtts", "NoNetwork: connection refused")
    assert one.status("gtts") == other.status("gtts") == "open"
    assert other.verdict("gtts").reason == "circuit open after 2 failures: NoNetwork: connection refused"

    clock.now += 31  # half-open: exactly one of the workers probes
    verdicts = [one.verdict("gtts"), other.verdict("gtts")]
    assert [v.probe for v in verdicts].count(True) == 1
    assert [v.allowed for v in verdicts].count(True) == 1
    one.success("gtts")
    assert other.status("gtts") == "closed" and other.state("gtts").failures == 0


def test_an_unreachable_redis_leaves_every_circuit_closed():
    client = redis.Redis(host="127.0.0.1", port=_closed_port(), socket_connect_timeout=0.5,
                         retry=Retry(NoBackoff(), 0))  # as the workers' client for circuits
    breaker = CircuitBreaker(RedisBreakerStore(client, "x:"), failures=1, cooldown=30)
    breaker.failure("gtts", "NoNetwork: nothing")
    assert breaker.status("gtts") == "closed"
    assert breaker.verdict("gtts").allowed


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_switchable_engine_fails_on_demand(tmp_path, monkeypatch):
    control = tmp_path / "control"
    monkeypatch.setenv("LOA_TEST_ENGINE_CONTROL", str(control))
    engine = SwitchableEngine(Settings())
    assert engine.synthesize("Xin chào.").duration > 0.2
    control.write_text("fail-on:mưa")
    assert engine.synthesize("Trời nắng.").duration > 0.2
    with pytest.raises(Exception, match="503"):
        engine.synthesize("Trời mưa.")


def test_chain_doctests_pass():
    import doctest

    result = doctest.testmod(chain_module)
    assert result.failed == 0 and result.attempted >= 3
