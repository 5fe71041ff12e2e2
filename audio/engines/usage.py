"""What engines tell about the characters they send, for the cost of each engine per day.

An engine that sends text to a service asks its ``meter`` before each request (``refusal``: why the
request must not be sent, the engine's daily budget being spent) and reports the characters once
the service answered with audio (``sent``). Cache hits never reach an engine, so they cost nothing.
"""
from __future__ import annotations

from typing import Protocol

from audio.errors import BudgetSpent


class UsageMeter(Protocol):
    def refusal(self, engine: str, chars: int) -> str | None:
        """Why ``chars`` more characters must not be sent to ``engine`` today, or None."""
        ...

    def sent(self, engine: str, chars: int) -> None:
        """``chars`` characters were sent to ``engine`` and answered with audio."""
        ...


def before_sending(meter: UsageMeter | None, engine: str, chars: int) -> None:
    """Raise ``BudgetSpent`` when the meter refuses the request."""
    if meter is None:
        return
    reason = meter.refusal(engine, chars)
    if reason is not None:
        raise BudgetSpent(reason)


def after_sending(meter: UsageMeter | None, engine: str, chars: int) -> None:
    if meter is not None:
        meter.sent(engine, chars)
