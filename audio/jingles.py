"""Station jingles: the station's own files from settings, or tasteful defaults made here.

The defaults are short bell-like chimes synthesized from sine partials with an exponential decay:
a rising three-note intro, a two-note stinger between items, a falling outro. No recorded audio.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from audio.clip import Clip

# Frequencies in Hz (C major: C5 E5 G5 C6), chosen to sit above a speaking voice.
_C5, _E5, _G5, _C6 = 523.25, 659.25, 783.99, 1046.50
_PARTIALS = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.2, 0.05))  # (frequency ratio, amplitude)


def _chime(frequency: float, seconds: float, sample_rate: int) -> np.ndarray:
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    tone = sum(amp * np.sin(2 * np.pi * frequency * ratio * t) * np.exp(-t * (2.2 + ratio))
               for ratio, amp in _PARTIALS)
    attack = np.minimum(1.0, t / 0.006)  # 6 ms attack: no click
    return tone * attack


def _sequence(notes: list[tuple[float, float]], length: float, sample_rate: int, level: float) -> np.ndarray:
    out = np.zeros(int(length * sample_rate))
    for start, frequency in notes:
        begin = int(start * sample_rate)
        chime = _chime(frequency, length - start, sample_rate)
        out[begin:begin + len(chime)] += chime[: len(out) - begin]
    fade = int(0.05 * sample_rate)
    out[-fade:] *= np.linspace(1.0, 0.0, fade)
    return out / np.max(np.abs(out)) * level


def _to_clip(samples: np.ndarray, sample_rate: int, channels: int) -> Clip:
    pcm = np.round(samples * 32767).astype("<i2")
    if channels == 2:
        pcm = np.repeat(pcm, 2)
    return Clip(pcm.tobytes(), sample_rate, channels)


def default_intro(sample_rate: int = 24000, channels: int = 1) -> Clip:
    """A rising chime, about 2.4 s."""
    notes = [(0.0, _C5), (0.22, _E5), (0.44, _G5), (0.66, _C6)]
    return _to_clip(_sequence(notes, 2.4, sample_rate, 0.5), sample_rate, channels)


def default_stinger(sample_rate: int = 24000, channels: int = 1) -> Clip:
    """Two quick notes between items, about 0.9 s."""
    return _to_clip(_sequence([(0.0, _G5), (0.14, _C6)], 0.9, sample_rate, 0.4), sample_rate, channels)


def default_outro(sample_rate: int = 24000, channels: int = 1) -> Clip:
    """A falling chime, about 2.4 s."""
    notes = [(0.0, _C6), (0.22, _G5), (0.44, _E5), (0.66, _C5)]
    return _to_clip(_sequence(notes, 2.4, sample_rate, 0.5), sample_rate, channels)


def load_jingle(path: str | Path, sample_rate: int, channels: int) -> Clip:
    """A station's own jingle file (WAV, MP3, FLAC, OGG: decoded by ffmpeg by its extension)."""
    from audio.ffmpeg import decode

    path = Path(path)
    codec = {".wav": "wav", ".mp3": "mp3", ".flac": "flac", ".ogg": "ogg"}.get(path.suffix.lower())
    if codec is None:
        raise ValueError(f"jingle {path}: unsupported file type {path.suffix!r}")
    return decode(path.read_bytes(), codec, sample_rate, channels)
