"""Waiting on a page's state from the test, without asking the page to evaluate strings.

Playwright's ``wait_for_function`` polls inside the page with ``eval``, which the pages' Content
Security Policy forbids (no ``'unsafe-eval'``): whether it fails depends on whether the condition
already holds at the first look. ``wait_until`` asks through ``page.evaluate`` instead, which the
browser runs as a function of its own, outside the page's policy.
"""
from __future__ import annotations

import time
from typing import Any


def wait_until(page: Any, function: str, arg: Any = None, timeout: float = 15.0, interval_ms: int = 50) -> Any:
    """Evaluate ``function`` (JavaScript, e.g. ``"() => audio.paused"``) until it gives a truthy value, and return it."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(function, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {function}")
        page.wait_for_timeout(interval_ms)
