"""The one interface every speech engine implements."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from audio.clip import Clip


@runtime_checkable
class SpeechEngine(Protocol):
    """Turns one sentence of spoken-form text into a Clip.

    ``name`` and ``voice`` identify the engine in episode records; ``settings_key`` is a short
    stable string of every setting that changes the sound (speed, clause pause, tld...). The
    clip cache keys on (name, voice, settings_key, exact text).

    An engine that computes speech on this machine's CPU (rather than waiting on a service) says
    so with a class attribute ``runs_locally = True`` (see ``runs_locally`` below); engines without
    it, plug-ins included, are treated as network engines.
    """

    name: str
    voice: str

    @property
    def settings_key(self) -> str: ...

    def synthesize(self, text: str) -> Clip: ...


def runs_locally(engine: object) -> bool:
    """True for an engine whose synthesis is CPU work in this process (espeak-ng), False for one
    that waits on a service."""
    return getattr(engine, "runs_locally", False) is True
