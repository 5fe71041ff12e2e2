"""The sentence clip cache: a sentence synthesized once is never synthesized again.

Clips are stored as WAV files under a key derived from everything that changes the sound: the
engine, the voice, the engine's settings and the exact text. Writes go through a temporary file
and a rename, so concurrent writers of one key each leave a whole file and a reader never sees
half of one.

Beside the PCM, each file carries a ``loud`` chunk (after ``data``, where WAV readers skip it):
where the speech starts and ends once the engine's silent padding is trimmed, and the trimmed
speech's loudness profile (``audio.levels``). A programme is planned from these entries alone —
its timeline, its length, its input loudness — and its PCM is read clip by clip only while the
masters are made. A file written before the chunk existed gets it the first time it is read.
"""
from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass

from audio.clip import SAMPLE_WIDTH, Clip
from audio.engines.base import SpeechEngine
from audio.levels import Levels, measure_levels
from loa.storage import Storage

LOUD_CHUNK = b"loud"
_TRIM = struct.Struct("<II")  # first and end (exclusive) frame of the speech


@dataclass(frozen=True)
class CachedClip:
    """What a programme needs to know of a cached clip without holding its PCM."""

    key: str
    sample_rate: int
    channels: int
    start: int  # first frame of the speech, once silent padding is trimmed
    end: int  # frame after the speech's last
    levels: Levels  # of the trimmed speech

    @property
    def frames(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class _Stored:
    clip: Clip
    start: int
    end: int
    levels: Levels | None


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

    def _read(self, key: str) -> _Stored | None:
        try:
            data = self.storage.read_bytes(key)
        except FileNotFoundError:
            return None
        stored = _parse(data)
        if stored is None:
            self.storage.delete(key)
        return stored

    def get(self, key: str) -> Clip | None:
        """The cached clip, or None. A damaged file counts as a miss and is removed."""
        stored = self._read(key)
        return stored.clip if stored else None

    def entry(self, key: str) -> CachedClip | None:
        """The clip's trimmed extent and loudness profile, or None when it is not cached (or damaged)."""
        stored = self._read(key)
        if stored is None:
            return None
        if stored.levels is None:  # written before profiles: profile it once, for good
            stored = _profiled(stored.clip)
            self.storage.write_bytes(key, _wav_with_profile(stored))
        assert stored.levels is not None
        return CachedClip(key, stored.clip.sample_rate, stored.clip.channels, stored.start, stored.end,
                          stored.levels)

    def speech(self, entry: CachedClip) -> Clip:
        """The trimmed speech of a cached clip (read again from storage)."""
        stored = self._read(entry.key)
        if stored is None:
            raise FileNotFoundError(f"clip {entry.key} left the cache")
        return stored.clip.sliced(entry.start, entry.end)

    def put(self, key: str, clip: Clip) -> None:
        self.storage.write_bytes(key, _wav_with_profile(_profiled(clip)))

    def get_or_synthesize(self, engine: SpeechEngine, text: str) -> tuple[Clip, bool]:
        """The clip for ``text`` from the cache, or from ``engine`` (then cached); True if it was cached."""
        key = self.key_for(engine.name, engine.voice, engine.settings_key, text)
        clip = self.get(key)
        if clip is not None:
            return clip, True
        clip = engine.synthesize(text)
        self.put(key, clip)
        return clip, False

    def entry_or_synthesize(self, engine: SpeechEngine, text: str) -> CachedClip:
        """The cached entry for ``text``, synthesizing (and caching) the clip first when it is missing."""
        key = self.key_for(engine.name, engine.voice, engine.settings_key, text)
        found = self.entry(key)
        if found is None:
            self.put(key, engine.synthesize(text))
            found = self.entry(key)
            assert found is not None
        return found


def _profiled(clip: Clip) -> _Stored:
    start, end = clip.speech_bounds()
    return _Stored(clip, start, end, measure_levels(clip.sliced(start, end)))


def _wav_with_profile(stored: _Stored) -> bytes:
    assert stored.levels is not None
    body = _TRIM.pack(stored.start, stored.end) + stored.levels.to_bytes()
    chunk = LOUD_CHUNK + struct.pack("<I", len(body)) + body  # always an even size
    wav = stored.clip.to_wav()
    riff_size = struct.unpack_from("<I", wav, 4)[0] + len(chunk)
    return wav[:4] + struct.pack("<I", riff_size) + wav[8:] + chunk


def _parse(data: bytes) -> _Stored | None:
    """The clip and its profile in ``data``, or None when it is not a whole 16-bit PCM WAV file."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    position, fmt, pcm, loud = 12, None, None, None
    while position + 8 <= len(data):
        chunk_id, size = struct.unpack_from("<4sI", data, position)
        body = data[position + 8:position + 8 + size]
        if len(body) < size:
            return None  # truncated: the header says more than the file holds
        if chunk_id == b"fmt " and size >= 16:
            fmt = struct.unpack_from("<HHIIHH", body)
        elif chunk_id == b"data":
            pcm = body
        elif chunk_id == LOUD_CHUNK:
            loud = body
        position += 8 + size + (size % 2)
    if fmt is None or pcm is None:
        return None
    audio_format, channels, rate, _byte_rate, _block, bits = fmt
    if audio_format != 1 or bits != 8 * SAMPLE_WIDTH or channels not in (1, 2) or rate <= 0:
        return None
    if len(pcm) % (SAMPLE_WIDTH * channels):
        return None
    clip = Clip(pcm, rate, channels)
    if loud is None:
        return _Stored(clip, 0, clip.frames, None)
    try:
        start, end = _TRIM.unpack_from(loud)
        levels = Levels.from_bytes(loud[_TRIM.size:])
    except (struct.error, ValueError):
        return None
    if not 0 <= start <= end <= clip.frames:
        return None
    return _Stored(clip, start, end, levels)
