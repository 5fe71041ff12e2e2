"""Each vendor's rate limits, shared by every worker process through Redis.

A vendor counts requests per second (or per minute) and characters per minute for the whole
account, whichever worker sends them. Each worker therefore asks Redis before every request:
one Lua script, run atomically, checks two sliding windows (request times, and characters sent
in the last 60 seconds) plus a "blocked until" time, and either records the request or answers
how many milliseconds to wait. Time is Redis's own clock (``TIME``), so workers on machines whose
clocks disagree still share one window.

The vendor counts a request when it arrives, some milliseconds after the limiter let it go; two
requests let go exactly a window apart can arrive less than a window apart when the first took
longer on its way (a busy machine, the network). So the request window is kept ``margin`` seconds
longer than the vendor's (``TRANSIT_MARGIN`` by default): the vendor never counts more than its
limit in any window of its own, at the cost of about ``margin / window`` of the throughput.
Requests under a per-second limit are also paced, one slot every ``window / requests``, instead of
the whole window's worth at once: ten requests let go together compete for the same two cores,
and the one that waits longest on its way is the one that breaks the vendor's count later. A
request may take its slot up to ``PACE_AHEAD`` slots early, so a worker that wakes up late does not
slow the schedule down for everyone (the window still caps the count).

When a vendor answers 429 with Retry-After, ``push_back`` moves the engine's "blocked until"
forward for every worker: nobody sends again before the vendor said it would listen.

``acquire`` waits at most ``max_wait`` seconds; when the next free slot is further away it raises
``Throttled`` (a ``RateLimited``) with the wait, and the worker retries the task later instead of
holding a process asleep.

Without Redis (``loa add`` on a laptop, say) the limiter logs a warning and lets requests through
for the next ``UNREACHABLE_PAUSE`` seconds before asking Redis again: the vendor's own 429 answers
still stop a flood, and synthesis does not depend on a second service.
"""
from __future__ import annotations

import logging
import math
import os
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from audio.engines.http import Throttled

log = logging.getLogger("loa.audio")

CHAR_WINDOW_MS = 60_000
MAX_PUSH_BACK = 3600.0  # seconds: a vendor asking for longer has a quota problem someone must look at
SLEEP_MARGIN = 0.002  # seconds added to each wait, so the retry does not land a hair too early
UNREACHABLE_PAUSE = 30.0  # seconds without asking Redis again after it could not be reached
# Seconds added to each request window: longer than the spread of the times requests take from the
# limiter to the vendor (bench/vendor_limits.py on 2 cores: p95 6-7 ms, at most 19-77 ms), short
# enough to leave the vendor's limit used to within 5% (0.1 s costs 10%).
TRANSIT_MARGIN = 0.05
PACED_UP_TO = 1.0  # seconds: request windows this short or shorter are paced evenly (see the module's docstring)
PACE_AHEAD = 2  # slots a paced request may go ahead of its own, to catch up with a late wake-up

# KEYS: requests window (sorted set of request times), characters window (sorted set of
# "<chars>:<id>" members scored by time), blocked-until (milliseconds, Redis clock), the next
# request's slot when paced (milliseconds, Redis clock).
# ARGV: max requests (0: no limit), request window ms, max characters per minute (0: no limit),
# characters of this request, a unique id, the ms between two slots when paced (0: not paced), how
# many ms a request may go ahead of its slot.
# Returns 0 when the request is recorded, else the wait in ms.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = tonumber(redis.call('GET', KEYS[3]) or '0')
if blocked > now then
  return blocked - now
end
local max_requests = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max_chars = tonumber(ARGV[3])
local chars = tonumber(ARGV[4])
local wait = 0
if max_requests > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[1])
  if count >= max_requests then
    -- the request that must leave the window before this one fits
    local gate = redis.call('ZRANGE', KEYS[1], count - max_requests, count - max_requests, 'WITHSCORES')
    wait = tonumber(gate[2]) + window - now
  end
end
local spacing = tonumber(ARGV[6])
local pace = 0
if spacing > 0 then
  -- paced: each request takes the next slot of a schedule one ``spacing`` apart; a request may run
  -- up to ARGV[7] ms ahead of its slot, so a late wake-up is caught up instead of slowing everyone
  pace = math.max(tonumber(redis.call('GET', KEYS[4]) or '0'), now)
  local early = pace - now - tonumber(ARGV[7])
  if early > wait then
    wait = early
  end
end
if max_chars > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
  local sent = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local used = 0
  for i = 1, #sent, 2 do
    used = used + tonumber(string.match(sent[i], '^(%d+):'))
  end
  local excess = used + chars - max_chars
  if excess > 0 and used > 0 then
    -- wait until the oldest sendings free enough characters (all of them for an oversized request)
    local freed = 0
    local until_ms = 0
    for i = 1, #sent, 2 do
      freed = freed + tonumber(string.match(sent[i], '^(%d+):'))
      until_ms = tonumber(sent[i + 1]) + 60000
      if freed >= excess then
        break
      end
    end
    if until_ms - now > wait then
      wait = until_ms - now
    end
  end
end
if wait > 0 then
  return wait
end
if max_requests > 0 then
  redis.call('ZADD', KEYS[1], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], window + 1000)
end
if max_chars > 0 then
  redis.call('ZADD', KEYS[2], now, ARGV[4] .. ':' .. ARGV[5])
  redis.call('PEXPIRE', KEYS[2], 61000)
end
if spacing > 0 then
  redis.call('SET', KEYS[4], pace + spacing, 'PX', window + 1000)
end
return 0
"""

# KEYS: blocked-until. ARGV: milliseconds from now. Returns the milliseconds the engine stays blocked.
_PUSH_BACK = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wanted = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if wanted > current then
  redis.call('SET', KEYS[1], wanted, 'PX', tonumber(ARGV[1]) + 1000)
  current = wanted
end
return current - now
"""

# KEYS: blocked-until. Returns the milliseconds the engine is still blocked (0 when it is not).
_BLOCKED_FOR = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > now then
  return blocked - now
end
return 0
"""


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` per ``per_seconds`` and ``chars_per_minute`` characters a minute (0: no limit)."""

    requests: int = 0
    per_seconds: float = 1.0
    chars_per_minute: int = 0

    def __post_init__(self) -> None:
        if self.requests < 0 or self.chars_per_minute < 0:
            raise ValueError("rate limits cannot be negative")
        if self.per_seconds <= 0:
            raise ValueError("the request window must be longer than zero seconds")

    @classmethod
    def per_second(cls, requests_per_second: float, chars_per_minute: int = 0) -> RateLimit:
        """A limit from a requests-per-second setting; below one a second, counted per minute.

        >>> RateLimit.per_second(16.67)
        RateLimit(requests=16, per_seconds=1.0, chars_per_minute=0)
        >>> RateLimit.per_second(20 / 60, 150_000)
        RateLimit(requests=20, per_seconds=60.0, chars_per_minute=150000)
        >>> RateLimit.per_second(0).unlimited
        True
        """
        if requests_per_second < 0:
            raise ValueError(f"requests per second cannot be negative, got {requests_per_second}")
        if requests_per_second == 0:
            return cls(0, 1.0, chars_per_minute)
        if requests_per_second >= 1:
            return cls(math.floor(requests_per_second + 1e-9), 1.0, chars_per_minute)
        return cls(max(1, math.floor(requests_per_second * 60 + 1e-9)), 60.0, chars_per_minute)

    @property
    def unlimited(self) -> bool:
        return self.requests == 0 and self.chars_per_minute == 0


class RateLimiter:
    """The rate limits of one or more engines, kept in Redis and shared by every worker."""

    def __init__(self, redis: Any, limits: dict[str, RateLimit], max_wait: float = 20.0,
                 prefix: str = "loa:ratelimit", margin: float = TRANSIT_MARGIN):
        if max_wait < 0 or margin < 0:
            raise ValueError("max_wait and margin cannot be negative")
        self.redis = redis
        self.limits = dict(limits)
        self.max_wait = max_wait
        self.margin = margin
        self.prefix = prefix
        self._acquire = redis.register_script(_ACQUIRE)
        self._push_back = redis.register_script(_PUSH_BACK)
        self._blocked_for = redis.register_script(_BLOCKED_FOR)
        self._unreachable_until = 0.0  # time.monotonic() before which Redis is not asked

    @classmethod
    def from_url(cls, url: str, limits: dict[str, RateLimit], max_wait: float = 20.0,
                 prefix: str = "loa:ratelimit") -> RateLimiter:
        return cls(redis_client(url), limits, max_wait, prefix)

    def _keys(self, engine: str) -> list[str]:
        base = f"{self.prefix}:{{{engine}}}"  # one hash slot per engine, should Redis be a cluster
        return [f"{base}:requests", f"{base}:chars", f"{base}:blocked", f"{base}:pace"]

    def acquire(self, engine: str, chars: int) -> float:
        """Record one request of ``chars`` characters for ``engine``, first waiting for a free slot.

        Returns the seconds it waited. Raises ``Throttled`` with the wait when the next slot is
        more than ``max_wait`` seconds away (or would be, after the time already waited).
        """
        limit = self.limits.get(engine, RateLimit())
        window_ms = round((limit.per_seconds + self.margin) * 1000)
        spacing_ms = self._spacing_ms(limit, window_ms)
        started = time.monotonic()
        while True:
            wait_ms = self._run(engine, self._acquire, keys=self._keys(engine),
                                args=[limit.requests, window_ms, limit.chars_per_minute, max(0, chars),
                                      uuid.uuid4().hex, spacing_ms, PACE_AHEAD * spacing_ms])
            waited = time.monotonic() - started
            if wait_ms <= 0:
                return waited
            wait = wait_ms / 1000
            if waited + wait > self.max_wait:
                raise Throttled(f"{engine}: the shared rate limit allows the next request in {wait:.1f} s",
                                retry_after=wait)
            time.sleep(wait + SLEEP_MARGIN)

    @staticmethod
    def _spacing_ms(limit: RateLimit, window_ms: int) -> int:
        """The least time between two requests: a per-second limit is spread evenly over its window
        (``PACED_UP_TO`` seconds or shorter); a longer quota may be spent in a burst."""
        if limit.requests == 0 or limit.per_seconds > PACED_UP_TO:
            return 0
        return window_ms // limit.requests

    def push_back(self, engine: str, seconds: float) -> float:
        """Block ``engine`` for every worker for ``seconds`` (at most ``MAX_PUSH_BACK``); the time it stays blocked."""
        milliseconds = max(1, math.ceil(min(max(0.0, seconds), MAX_PUSH_BACK) * 1000))
        return self._run(engine, self._push_back, keys=self._keys(engine)[2:3], args=[milliseconds]) / 1000

    def blocked_for(self, engine: str) -> float:
        """Seconds until ``engine`` may send again after a push back (0 when it may now)."""
        return self._run(engine, self._blocked_for, keys=self._keys(engine)[2:3], args=[]) / 1000

    def _run(self, engine: str, script: Any, keys: list[str], args: list[Any]) -> int:
        """The script's answer in milliseconds, or 0 (go ahead) when Redis cannot be reached."""
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        if time.monotonic() < self._unreachable_until:
            return 0
        try:
            return int(script(keys=keys, args=args))
        except (RedisConnectionError, RedisTimeoutError) as error:
            self._unreachable_until = time.monotonic() + UNREACHABLE_PAUSE
            log.warning("%s: rate limits not shared for %g s, Redis is unreachable (%s)", engine,
                        UNREACHABLE_PAUSE, type(error).__name__)
            return 0


_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _new_lock_in_child() -> None:
    global _clients_lock
    _clients_lock = threading.Lock()  # the parent may have held it at fork time


os.register_at_fork(after_in_child=_new_lock_in_child)


def redis_client(url: str) -> Any:
    """One Redis client per URL and process (redis-py opens fresh connections in a forked child)."""
    import redis

    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)
            _clients[url] = client
        return client
