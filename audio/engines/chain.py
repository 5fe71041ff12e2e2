"""The engine chain: which engine speaks an article, and which one takes over when it fails.

``LOA_ENGINE_CHAIN`` (``gtts,espeak`` by default) lists engines in order of preference; ``LOA_ENGINE``
``auto`` means that chain, any other value a chain of that one engine. A render takes the first
engine whose circuit (``audio.engines.circuit``) lets it through and that answers its probe; when
it fails mid-article, the article is rendered whole again by the next one, so an episode never has
two voices. Every engine passed over is named with the reason, and the label of the choice
(``espeak (gtts: circuit open after 5 failures: …)``) is what the article and its episode record.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from audio.engines.base import SpeechEngine
from audio.engines.circuit import CircuitBreaker
from audio.engines.http import Throttled
from audio.errors import BudgetSpent, SpeechError
from audio.voices import is_voice_spec, voice_of_spec

log = logging.getLogger("loa.audio")

PROBE_CACHE_SECONDS = 300.0
PROBE_TEXT = "xin chào"
LABEL_CHARS = 120  # what fits the article's engine column

_probe_results: dict[tuple[str, str], tuple[float, str | None]] = {}  # (name, settings) -> (time, failure)
_probe_lock = threading.Lock()


class NoEngineLeft(SpeechError):
    """Every engine of the chain was passed over or failed; the message says why, engine by engine."""


class EngineFailed(Exception):
    """An engine could not speak a sentence: the render moves to the next engine of the chain.

    ``transient`` failures (rate limits, service errors, no network) may be retried on the same engine
    first, as long as its circuit stays closed; ``retry_after`` is set when the engine was throttled
    (``Throttled``: a metered quota or the shared limiter), which is retried longer before falling back.
    """

    def __init__(self, spec: str, name: str, reason: str, transient: bool, retry_after: float | None = None):
        super().__init__(f"{name}: {reason}")
        self.spec, self.name, self.reason, self.transient = spec, name, reason, transient
        self.retry_after = retry_after  # set when the engine was throttled: come back after this many seconds


@dataclass(frozen=True)
class Choice:
    """The engine a render uses, and why the ones before it in the chain were passed over."""

    spec: str  # "gtts", "espeak" or "package.module:Class"
    engine: SpeechEngine
    reason: str | None = None

    @property
    def label(self) -> str:
        """
        >>> from audio.engines.espeak import EspeakEngine
        >>> Choice("espeak", EspeakEngine(), "gtts: circuit open after 5 failures").label
        'espeak (gtts: circuit open after 5 failures)'
        """
        who = spec_label(self.spec, self.engine)
        text = f"{who} ({self.reason})" if self.reason else who
        return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 2] + "…)"


def spec_label(spec: str, engine: SpeechEngine) -> str:
    """How a choice is named in records: the engine, and the voice when a named voice was chosen.

    >>> from audio.engines.espeak import EspeakEngine
    >>> spec_label("@may-doc", EspeakEngine()), spec_label("espeak", EspeakEngine())
    ('espeak/may-doc', 'espeak')
    """
    return f"{engine.name}/{voice_of_spec(spec)}" if is_voice_spec(spec) else engine.name


def join_reasons(*reasons: str | None) -> str | None:
    """
    >>> join_reasons(None, "gtts: timed out", "", "espeak: no voice")
    'gtts: timed out; espeak: no voice'
    """
    found = [r for r in reasons if r]
    return "; ".join(found) if found else None


def describe(error: BaseException) -> str:
    """One line naming an error: its kind and message."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def counts_against(error: BaseException) -> bool:
    """Whether an engine's error counts towards opening its circuit: everything but a plain
    ``SpeechError``, which says a sentence cannot be spoken, not that the engine is unwell; a spent
    daily budget (``BudgetSpent``); and a ``Throttled``: a vendor metering its quota (429 with
    Retry-After) or the shared rate limiter says when to come back, and every worker already waits
    for it. (gTTS's 429, a plain ``RateLimited`` from an endpoint without a quota to wait for, still
    counts.)

    >>> from audio.errors import RateLimited, ServiceError
    >>> [counts_against(e) for e in (SpeechError("x"), Throttled("x", 1.0), RateLimited("x"), ServiceError("x"))]
    [False, False, True, True]
    """
    return type(error) is not SpeechError and not isinstance(error, (Throttled, BudgetSpent))


def forget_probe_results() -> None:
    """Make the next choice probe again."""
    with _probe_lock:
        _probe_results.clear()


class EngineChain:
    """Chooses the engine for a render from ``specs``, in order, asking ``breaker`` about each."""

    def __init__(self, specs: Sequence[str], breaker: CircuitBreaker, make_engine: Callable[[str], SpeechEngine],
                 probe_timeout: float = 3.0, over_budget: Callable[[str], str | None] | None = None):
        self.specs = tuple(specs)
        self.over_budget = over_budget  # why an engine's daily budget keeps it out, by engine name
        self.breaker = breaker
        self.make_engine = make_engine
        self.probe_timeout = probe_timeout

    def choose(self, after: str | None = None, passed_over: str | None = None) -> Choice:
        """The first usable engine of the chain (after ``after``, when the render fell from it).

        ``passed_over`` is why the render already left the engines before (kept in the reason).
        Raises ``NoEngineLeft`` when no engine is left.
        """
        reasons = [passed_over] if passed_over else []
        candidates = self._candidates(after)
        for place, spec in enumerate(candidates, start=1):
            try:
                engine = self.make_engine(spec)
            except Exception as err:  # a plug-in that cannot be built, a library missing
                reasons.append(f"{spec}: {describe(err)}")
                continue
            why_not = self._why_not(engine, last=place == len(candidates))
            if why_not is None:
                choice = Choice(spec, engine, join_reasons(*reasons))
                log.info("speech engine: %s", choice.label)
                return choice
            reasons.append(f"{spec_label(spec, engine)}: {why_not}")
            log.info("speech engine: %s passed over (%s)", engine.name, why_not)
        raise NoEngineLeft("no speech engine left: " + (join_reasons(*reasons) or "the chain is empty"))

    def _candidates(self, after: str | None) -> tuple[str, ...]:
        if after is None:
            return self.specs
        if after in self.specs:
            return self.specs[self.specs.index(after) + 1:]
        return tuple(s for s in self.specs if s != after)

    def _why_not(self, engine: SpeechEngine, last: bool) -> str | None:
        """Why ``engine`` is passed over, or None. The last engine left is not probed before it is
        used (there is nothing to fall to); an open circuit or a spent budget skips it all the same."""
        if self.over_budget is not None:
            spent = self.over_budget(engine.name)
            if spent is not None:
                return spent
        verdict = self.breaker.verdict(engine.name)
        if not verdict.allowed:
            return verdict.reason
        if verdict.probe:
            failure = _probe(engine, self.probe_timeout)
            if failure is None:
                self.breaker.success(engine.name)
                return None
            self.breaker.failure(engine.name, failure)
            return f"probe after the cool-down failed: {failure}"
        if not last and callable(getattr(engine, "probe_failure", None)):
            failure, age = _cached_probe(engine, self.probe_timeout)
            checked = "just checked" if age == 0 else f"checked {age:.0f} s ago"
            if failure is not None:
                if age == 0:
                    self.breaker.failure(engine.name, failure)
                return f"unusable, {checked}: {failure}"
            log.info("speech engine: %s answered (%s)", engine.name, checked)
        return None


def _probe(engine: SpeechEngine, timeout: float) -> str | None:
    """Why ``engine`` failed a probe, or None when it spoke."""
    probe_failure = getattr(engine, "probe_failure", None)
    if callable(probe_failure):
        return probe_failure(timeout)
    try:
        engine.synthesize(PROBE_TEXT)
    except Exception as err:
        return describe(err)
    return None


def _cached_probe(engine: SpeechEngine, timeout: float) -> tuple[str | None, float]:
    """The cached or fresh probe result of this engine and its settings, and its age in seconds."""
    key = (engine.name, engine.settings_key)
    now = time.monotonic()
    with _probe_lock:
        cached = _probe_results.get(key)
    if cached is not None and now - cached[0] < PROBE_CACHE_SECONDS:
        return cached[1], now - cached[0]
    failure = _probe(engine, timeout)
    with _probe_lock:
        _probe_results[key] = (time.monotonic(), failure)
    return failure, 0.0
