"""The sentence clip cache: a sentence synthesized once is never synthesized again.

Clips are stored as WAV files under a key derived from everything that changes the sound: the
engine, the voice, the engine's settings and the exact text. Writes go through a temporary file
and a rename, so concurrent writers of one key each leave a whole file and a reader never sees
half of one.
"""
from __future__ import annotations

import hashlib
import io
import json
import struct
import wave

from audio.clip import SAMPLE_WIDTH, Clip
from audio.engines.base import SpeechEngine
from loa.storage import Storage


class ClipCache:
    def __init__(self, storage: Storage, prefix: str = "clips"):
        prefix = prefix.strip("/")
        if not prefix:
            raise ValueError("the clip cache needs a non-empty prefix")
        self.storage = storage
        self.prefix = prefix

    def key_for(self, engine: str, voice: str, settings_key: str, text: str) -> str:
        """Storage key of the clip for ``text`` spoken by ``engine``/``voice`` with ``settings_key``.

        The text is taken exactly as given: two spellings of a sentence are two clips.
        """
        canonical = json.dumps(
            {"engine": engine, "settings": settings_key, "text": text, "voice": voice},
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        )
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return f"{self.prefix}/{digest[:2]}/{digest}.wav"

    def __contains__(self, key: str) -> bool:
        """Whether a file is stored under ``key``; only get() checks that it is whole."""
        return self.storage.exists(key)

    def get(self, key: str) -> Clip | None:
        """The cached clip, or None. A damaged file counts as a miss and is removed."""
        try:
            data = self.storage.read_bytes(key)
        except FileNotFoundError:
            return None
        clip = _parse_wav(data)
        if clip is None:
            self.storage.delete(key)
        return clip

    def put(self, key: str, clip: Clip) -> None:
        self.storage.write_bytes(key, clip.to_wav())

    def get_or_synthesize(self, engine: SpeechEngine, text: str) -> tuple[Clip, bool]:
        """The clip for ``text`` from the cache, or from ``engine`` (then cached); True if it was cached."""
        key = self.key_for(engine.name, engine.voice, engine.settings_key, text)
        clip = self.get(key)
        if clip is not None:
            return clip, True
        clip = engine.synthesize(text)
        self.put(key, clip)
        return clip, False


def _parse_wav(data: bytes) -> Clip | None:
    """The clip in ``data``, or None when it is not a whole 16-bit PCM WAV file."""
    try:
        with wave.open(io.BytesIO(data), "rb") as src:
            if src.getsampwidth() != SAMPLE_WIDTH:
                return None
            declared = src.getnframes()
            pcm = src.readframes(declared)
            clip = Clip(pcm, src.getframerate(), src.getnchannels())
    # Damaged headers surface as any of these (RuntimeError from wave seeking past the end).
    except (wave.Error, EOFError, ValueError, RuntimeError, OverflowError, struct.error):
        return None
    # wave reads a truncated data chunk without complaint; the header still says how long it was.
    if clip.frames != declared:
        return None
    return clip
