"""How long to wait before trying a vendor again: what it asked for, plus an exponential backoff with jitter.

Workers that were refused together must not come back together, or they are refused together
again. "Full jitter" spreads them: the n-th retry waits a random time between zero and
``base * 2**n`` (at most ``cap``), on top of the vendor's Retry-After when it gave one.
"""
from __future__ import annotations

import random


def jittered(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """A random wait in [0, min(cap, base * 2**attempt)] for retry number ``attempt`` (from 0).

    >>> all(0 <= jittered(n, 0.25, 4.0) <= min(4.0, 0.25 * 2 ** n) for n in range(12) for _ in range(50))
    True
    >>> jittered(3, 0.25, 4.0, random.Random(1)) == jittered(3, 0.25, 4.0, random.Random(1))
    True
    """
    if attempt < 0 or base < 0 or cap < 0:
        raise ValueError("attempt, base and cap cannot be negative")
    return (rng or random).uniform(0.0, min(cap, base * 2 ** min(attempt, 62)))


def retry_wait(retry_after: float | None, attempt: int, base: float, cap: float,
               rng: random.Random | None = None) -> float:
    """Seconds before retry number ``attempt``: the vendor's ``retry_after`` (0 when it did not say),
    plus ``jittered(attempt, base, cap)``; never more than ``cap`` in all unless the vendor asked for more.

    >>> 1.0 <= retry_wait(1.0, 0, 0.25, 30.0) <= 1.25
    True
    >>> retry_wait(None, 10, 1.0, 30.0) <= 30.0
    True
    >>> retry_wait(45.0, 0, 1.0, 30.0)
    45.0
    """
    asked = max(0.0, retry_after or 0.0)
    if asked >= cap:
        return asked
    return min(cap, asked + jittered(attempt, base, cap, rng))
