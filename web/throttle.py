"""Sign-in throttling, shared by every web process through Redis.

Three counters, each with its own reason:

* **address + account**: 5 failed tries within 15 minutes from one address on one account, and that
  address may not try that account again until the 15 minutes are over. Somebody guessing from
  elsewhere never stops the owner of the account signing in from her own address.
* **address**: 20 failed tries within 15 minutes from one address on any accounts, and that address
  is stopped (one guesser going through many accounts).
* **account**: when one account has had more than 10 failed tries within an hour, from anywhere,
  it is under attack: an address that has already failed on it waits before each further try,
  2 s, 4 s, 8 s ... doubling with every failure on the account, at most 15 minutes, counted from
  its own last try. An address with no failure on the account in that hour is never held back, so
  the right password from a clean address always signs in. A guesser spread over many addresses
  gets one try per address, then one per wait.

A try is counted before the password is checked (and given back when it was right), in one Redis
script, so a burst of simultaneous guesses cannot slip in under a limit. Refused tries are not
counted: waiting out the time is always enough. Keys hold hashes of the address and account name,
expire on their own, and live in ``LOA_REDIS_URL``'s database, so every web process sees them and a
restart forgets nothing.

When Redis cannot be reached, sign-in is refused (``ThrottleUnavailable``): checking passwords
without the shared counters would give a guesser unlimited tries, and a counter in each process
would multiply the limits by the number of processes and reset on every restart. Staff already
signed in keep working: their sessions are in the database.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import redis

PAIR_LIMIT, PAIR_WINDOW = 5, 15 * 60
ADDRESS_LIMIT, ADDRESS_WINDOW = 20, 15 * 60
ACCOUNT_FREE, ACCOUNT_WINDOW = 10, 60 * 60
ACCOUNT_MAX_DELAY = 15 * 60
PREFIX = "loa:sign-in"

# KEYS: pair counter, address counter, account counter, the pair's last try (Redis time, seconds)
# ARGV: pair limit, pair window, address limit, address window, account free tries, account window,
#       longest account delay
# Returns {reason, milliseconds to wait} or {"ok", 0} after counting the try.
_TRY = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1e6
local pair = tonumber(redis.call('GET', KEYS[1]) or '0')
local address = tonumber(redis.call('GET', KEYS[2]) or '0')
local account = tonumber(redis.call('GET', KEYS[3]) or '0')
local last = redis.call('GET', KEYS[4])
if pair >= tonumber(ARGV[1]) then return {'pair', redis.call('PTTL', KEYS[1])} end
if address >= tonumber(ARGV[3]) then return {'address', redis.call('PTTL', KEYS[2])} end
local excess = account - tonumber(ARGV[5])
if excess > 0 and last then
  local delay = math.min(2 ^ excess, tonumber(ARGV[7]))
  local wait = tonumber(last) + delay - now
  if wait > 0 then return {'account', math.ceil(wait * 1000)} end
end
local windows = {ARGV[2], ARGV[4], ARGV[6]}
for i = 1, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('EXPIRE', KEYS[i], windows[i]) end
end
redis.call('SET', KEYS[4], tostring(now), 'EX', ARGV[6])
return {'ok', 0}
"""

# The password was right: forget this address's failures on the account and give back the try.
_SUCCEEDED = """
redis.call('DEL', KEYS[1], KEYS[4])
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1
"""


class ThrottleUnavailable(RuntimeError):
    """Redis did not answer: sign-in cannot be checked against the shared counters."""


@dataclass(frozen=True)
class Verdict:
    """May this try go on to the password check; if not, why and for how long."""

    wait_seconds: float = 0.0
    reason: str = ""  # "pair", "address" or "account" when refused

    @property
    def allowed(self) -> bool:
        return self.wait_seconds <= 0


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def account_key(username: str) -> str:
    """Names differing only in case or surrounding spaces share one account counter.

    >>> account_key(" Bien-Tap ") == account_key("bien-tap")
    True
    """
    return username.strip().casefold()


class SignInThrottle:
    def __init__(self, client: redis.Redis):
        self.redis = client
        self._try = client.register_script(_TRY)
        self._succeeded = client.register_script(_SUCCEEDED)

    @classmethod
    def from_url(cls, url: str) -> SignInThrottle:
        # Short timeouts: a sign-in waits at most a couple of seconds for a Redis that is gone.
        return cls(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2))

    def _keys(self, address: str, username: str) -> list[str]:
        account = account_key(username)
        pair = _digest(address, account)
        return [f"{PREFIX}:pair:{pair}", f"{PREFIX}:address:{_digest(address)}",
                f"{PREFIX}:account:{_digest(account)}", f"{PREFIX}:last:{pair}"]

    def attempt(self, address: str, username: str) -> Verdict:
        """Count a try of ``username`` from ``address`` and allow it, or say how long to wait."""
        try:
            reason, wait_ms = self._try(keys=self._keys(address, username), args=[
                PAIR_LIMIT, PAIR_WINDOW, ADDRESS_LIMIT, ADDRESS_WINDOW, ACCOUNT_FREE, ACCOUNT_WINDOW,
                ACCOUNT_MAX_DELAY])
        except redis.RedisError as err:
            raise ThrottleUnavailable(str(err)) from err
        reason = reason.decode() if isinstance(reason, bytes) else str(reason)
        if reason == "ok":
            return Verdict()
        # PTTL is -1/-2 when the key vanished between the reads: a second is enough then.
        return Verdict(max(1.0, math.ceil(int(wait_ms) / 1000)), reason)

    def succeeded(self, address: str, username: str) -> None:
        """The password was right: this address starts again from nothing on this account."""
        try:
            self._succeeded(keys=self._keys(address, username))
        except redis.RedisError as err:
            raise ThrottleUnavailable(str(err)) from err

    def close(self) -> None:
        self.redis.close()
