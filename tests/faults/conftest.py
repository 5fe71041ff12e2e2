"""The fault suite: real worker, beat, web and Redis processes, real faults, no mocks.

Each test asserts that every article ends published exactly once (one episode, one MP3, one feed
item, its broadcast master) or failed with a visible reason, that nothing is left queued, rendering
or fetching, and that the feed parses with no GUID twice (``tests.support.faults.settled_outcome``).
Shortened settings (``tests.support.faults.fault_env``): stalls noticed after 3 s, reconciliation
every second, a dead worker's messages redelivered after 17 s.
"""
from __future__ import annotations
