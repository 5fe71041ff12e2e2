"""The cost of the engines: characters sent to each engine each day (UTC), and the daily budgets
(``LOA_ENGINE_DAILY_CHARS``) that make the chain pass over a paid engine once its budget is spent.

Engines report what they send (``audio.engines.usage``); the count is kept in the database, so
every worker adds to the same day. Workers sending at the same moment may go past a budget by the
requests already under way.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime

from articles.store import UsageLedger
from audio.voices import ENGINE_ALIASES

log = logging.getLogger("loa.usage")


def utc_today() -> date:
    return datetime.now(UTC).date()


class EngineMeter:
    """Counts characters sent per engine and day, and says when an engine's budget is spent."""

    def __init__(self, ledger: UsageLedger, budgets: Mapping[str, int], today: Callable[[], date] = utc_today):
        self.ledger = ledger
        self.budgets = {ENGINE_ALIASES.get(name, name).replace("_", "-"): chars for name, chars in budgets.items()}
        self.today = today

    def budget_of(self, engine: str) -> int | None:
        return self.budgets.get(engine)

    def over_budget(self, engine: str) -> str | None:
        """Why ``engine`` is passed over today (its budget is spent), or None."""
        budget = self.budgets.get(engine)
        if budget is None:
            return None
        used = self.ledger.chars_on(engine, self.today())
        if used < budget:
            return None
        return f"daily budget of {budget} characters spent ({used} sent today)"

    def refusal(self, engine: str, chars: int) -> str | None:
        budget = self.budgets.get(engine)
        if budget is None:
            return None
        used = self.ledger.chars_on(engine, self.today())
        if used + chars <= budget:
            return None
        return f"daily budget of {budget} characters reached ({used} sent today, {chars} more asked)"

    def sent(self, engine: str, chars: int) -> None:
        try:
            self.ledger.add(engine, chars, self.today())
        except Exception:  # the audio came: a count lost must not fail the sentence
            log.exception("%d characters sent to %s not counted", chars, engine)
