"""A circuit breaker per speech engine, keyed by the engine's name and shared by every worker.

An engine that keeps failing (Google unreachable, answering 5xx or 429) costs every sentence its
timeouts and retries. After ``failures`` consecutive failures, counted across all workers, the
engine's circuit opens and renders skip it for ``cooldown`` seconds. Then it is half-open: one render
probes it; a success closes the circuit, a failure opens it again for another cool-down.

The state lives in a ``BreakerStore``: Redis for workers (``RedisBreakerStore``), so one worker's
failures spare the others; memory for a single process (``loa add``, ``loa demo``). Anything keyed by
an engine name can sit behind the same breaker: engines added later share it as they are.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

log = logging.getLogger("loa.audio")

Status = Literal["closed", "open", "half-open"]
ERROR_CHARS = 300  # what is kept of an error message in the shared state


@dataclass(frozen=True)
class CircuitState:
    """One engine's circuit: consecutive failures, when its cool-down ends, the last error."""

    name: str
    failures: int = 0
    opened_until: float = 0.0  # wall-clock time (time.time()); 0 when it never opened
    last_error: str | None = None

    def status(self, now: float, threshold: int) -> Status:
        """
        >>> CircuitState("gtts", 5, 1000.0).status(now=900.0, threshold=5)
        'open'
        >>> CircuitState("gtts", 5, 1000.0).status(now=1001.0, threshold=5)
        'half-open'
        >>> CircuitState("gtts", 4).status(now=1001.0, threshold=5)
        'closed'
        """
        if self.opened_until > now:
            return "open"
        if self.failures >= threshold:
            return "half-open"
        return "closed"

    def why_open(self) -> str:
        """
        >>> CircuitState("gtts", 5, 1.0, "NoNetwork: no route").why_open()
        'circuit open after 5 failures: NoNetwork: no route'
        """
        return f"circuit open after {self.failures} failures" + (f": {self.last_error}" if self.last_error else "")


class BreakerStore(Protocol):
    """Where circuits are kept: every method is one atomic step, whatever the number of callers."""

    def read(self, name: str) -> CircuitState: ...

    def add_failure(self, name: str, error: str, threshold: int, open_until: float) -> CircuitState:
        """Count one more failure; at ``threshold`` failures or more, open the circuit until ``open_until``."""
        ...

    def reset(self, name: str) -> None: ...

    def claim_probe(self, name: str, seconds: float) -> bool:
        """True for exactly one caller in ``seconds``: the one that probes a half-open circuit."""
        ...


class MemoryBreakerStore:
    """Circuits of one process."""

    def __init__(self, clock: Callable[[], float] = time.time):
        self._states: dict[str, CircuitState] = {}
        self._probes: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def read(self, name: str) -> CircuitState:
        with self._lock:
            return self._states.get(name, CircuitState(name))

    def add_failure(self, name: str, error: str, threshold: int, open_until: float) -> CircuitState:
        with self._lock:
            old = self._states.get(name, CircuitState(name))
            failures = old.failures + 1
            state = CircuitState(name, failures, open_until if failures >= threshold else old.opened_until,
                                 error[:ERROR_CHARS])
            self._states[name] = state
            return state

    def reset(self, name: str) -> None:
        with self._lock:
            self._states.pop(name, None)
            self._probes.pop(name, None)

    def claim_probe(self, name: str, seconds: float) -> bool:
        with self._lock:
            now = self._clock()
            if self._probes.get(name, 0.0) > now:
                return False
            self._probes[name] = now + seconds
            return True


_ADD_FAILURE = """
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'last_error', ARGV[1])
if failures >= tonumber(ARGV[2]) then
    redis.call('HSET', KEYS[1], 'opened_until', ARGV[3])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
return redis.call('HGETALL', KEYS[1])
"""


class RedisBreakerStore:
    """Circuits shared by every worker on one Redis, under ``<prefix>loa:circuit:<engine>``.

    A Redis that cannot be reached must not stop rendering on top of everything else: then every
    circuit reads as closed, and the error is logged.
    """

    KEEP_SECONDS = 7 * 24 * 3600  # a circuit untouched for a week is forgotten

    def __init__(self, client: Any, prefix: str = ""):
        self._client = client
        self._prefix = prefix
        self._add_failure = client.register_script(_ADD_FAILURE)

    def _key(self, name: str) -> str:
        return f"{self._prefix}loa:circuit:{name}"

    def read(self, name: str) -> CircuitState:
        try:
            values = self._client.hgetall(self._key(name))
        except Exception as err:  # redis errors, whatever the client library raises
            log.warning("circuit of %s unreadable, taken as closed: %s", name, err)
            return CircuitState(name)
        return _state(name, values)

    def add_failure(self, name: str, error: str, threshold: int, open_until: float) -> CircuitState:
        try:
            flat = self._add_failure(keys=[self._key(name)],
                                     args=[error[:ERROR_CHARS], threshold, repr(open_until), self.KEEP_SECONDS])
        except Exception as err:
            log.warning("failure of %s not counted (Redis): %s", name, err)
            return CircuitState(name, 1, 0.0, error[:ERROR_CHARS])
        return _state(name, dict(zip(flat[::2], flat[1::2], strict=True)))

    def reset(self, name: str) -> None:
        try:
            self._client.delete(self._key(name), self._key(name) + ":probe")
        except Exception as err:
            log.warning("circuit of %s not reset (Redis): %s", name, err)

    def claim_probe(self, name: str, seconds: float) -> bool:
        try:
            return bool(self._client.set(self._key(name) + ":probe", "1", nx=True, px=max(int(seconds * 1000), 1)))
        except Exception as err:
            log.warning("probe of %s not claimed (Redis), probing anyway: %s", name, err)
            return True


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _state(name: str, values: dict) -> CircuitState:
    found = {_text(k): _text(v) for k, v in values.items()}
    return CircuitState(name, int(found.get("failures", 0)), float(found.get("opened_until", 0.0)),
                        found.get("last_error"))


@dataclass(frozen=True)
class Verdict:
    """Whether an engine may be used now; ``probe`` when this caller is to probe a half-open circuit."""

    allowed: bool
    probe: bool = False
    reason: str | None = None  # why it may not be used


class CircuitBreaker:
    """Counts each engine's consecutive failures and says whether the engine may be used."""

    PROBE_SECONDS = 60.0  # a probe slot not used within this is given to the next caller

    def __init__(self, store: BreakerStore, failures: int = 5, cooldown: float = 300.0,
                 clock: Callable[[], float] = time.time):
        self.store = store
        self.threshold = failures
        self.cooldown = cooldown
        self._clock = clock

    def state(self, name: str) -> CircuitState:
        return self.store.read(name)

    def status(self, name: str) -> Status:
        return self.store.read(name).status(self._clock(), self.threshold)

    def verdict(self, name: str, claim_probe: bool = True) -> Verdict:
        """May ``name`` be used now? A half-open circuit lets one caller through to probe it (with
        ``claim_probe``); without it, a half-open circuit lets calls through and their outcome decides."""
        state = self.store.read(name)
        status = state.status(self._clock(), self.threshold)
        if status == "open":
            return Verdict(False, reason=state.why_open())
        if status == "half-open" and claim_probe:
            if self.store.claim_probe(name, self.PROBE_SECONDS):
                return Verdict(True, probe=True)
            return Verdict(False, reason=f"{state.why_open()} (being probed)")
        return Verdict(True)

    def success(self, name: str) -> None:
        if self.store.read(name).failures:
            self.store.reset(name)
            log.info("circuit of %s closed", name)

    def failure(self, name: str, error: str) -> CircuitState:
        state = self.store.add_failure(name, error, self.threshold, self._clock() + self.cooldown)
        if state.failures == self.threshold:
            log.warning("circuit of %s opened for %g s: %s", name, self.cooldown, state.why_open())
        return state


def memory_breaker(failures: int = 5, cooldown: float = 300.0) -> CircuitBreaker:
    """A breaker for one process."""
    return CircuitBreaker(MemoryBreakerStore(), failures, cooldown)
