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
    """

    name: str
    voice: str

    @property
    def settings_key(self) -> str: ...

    def synthesize(self, text: str) -> Clip: ...
