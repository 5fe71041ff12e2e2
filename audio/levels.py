"""A clip's loudness profile, measured once when the clip is made, so that a programme's input
loudness is known from its clips without scanning the programme.

The profile holds the clip's sample peak and its K-weighted mean square (ITU-R BS.1770-4: the
two K-weighting biquads for the clip's rate, channels summed with weight 1) for every 100 ms hop
(the last hop may be shorter). A programme's integrated loudness then follows from its clips'
hops with silent hops for its pauses: 400 ms blocks of four hops moved one hop at a time (75 %
overlap), gated at -70 LUFS and 10 LU under the mean of what remains, as BS.1770 gates them.
Clip boundaries fall inside hops of the real programme, so the figure differs from a scan of
the stitched audio by a few hundredths of a LU on speech; the masters measure what they make
and correct a miss.
"""
from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from audio.clip import Clip

HOP_SECONDS = 0.1
BLOCK_HOPS = 4  # 400 ms gating blocks, moved one hop at a time
ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU
_OFFSET = -0.691  # BS.1770: loudness = -0.691 + 10 log10(mean square)
_HEADER = struct.Struct("<4sIIf")  # magic, sample rate, hop frames, peak
_MAGIC = b"LVL1"


@dataclass(frozen=True)
class Levels:
    """A clip's sample peak (0 to 1) and its K-weighted mean square per hop of ``hop_frames``."""

    sample_rate: int
    hop_frames: int
    peak: float
    mean_squares: tuple[float, ...]

    def to_bytes(self) -> bytes:
        """A compact encoding (stored in the clip cache beside the clip's PCM)."""
        header = _HEADER.pack(_MAGIC, self.sample_rate, self.hop_frames, self.peak)
        return header + np.asarray(self.mean_squares, dtype="<f4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Levels:
        """The inverse of ``to_bytes``; ValueError when ``data`` is not such an encoding.

        >>> levels = Levels(24000, 2400, 0.5, (0.25, 0.0625))
        >>> Levels.from_bytes(levels.to_bytes()) == levels
        True
        """
        if len(data) < _HEADER.size or (len(data) - _HEADER.size) % 4:
            raise ValueError("not a levels record")
        magic, rate, hop, peak = _HEADER.unpack_from(data)
        if magic != _MAGIC or rate <= 0 or hop <= 0:
            raise ValueError("not a levels record")
        values = np.frombuffer(data, dtype="<f4", offset=_HEADER.size)
        return cls(rate, hop, float(np.float32(peak)), tuple(float(v) for v in values))


@lru_cache(maxsize=16)
def _k_weighting(sample_rate: int) -> np.ndarray:
    """BS.1770's two K-weighting biquads for ``sample_rate``, as second-order sections."""
    import pyloudnorm

    meter = pyloudnorm.Meter(sample_rate)
    sections = []
    for name in ("high_shelf", "high_pass"):
        stage = meter._filters[name]
        b = np.asarray(stage.b, float) / stage.a[0]
        a = np.asarray(stage.a, float) / stage.a[0]
        sections.append(np.concatenate([b, a]))
    return np.array(sections)


def measure_levels(clip: Clip) -> Levels:
    """The clip's peak and K-weighted mean square per 100 ms hop.

    >>> tone = Clip((np.sin(np.arange(24000) * 2 * np.pi * 1000 / 24000) * 16384).astype("<i2").tobytes(), 24000)
    >>> levels = measure_levels(tone)
    >>> len(levels.mean_squares), round(levels.peak, 2)
    (10, 0.5)
    """
    hop = max(1, round(HOP_SECONDS * clip.sample_rate))
    samples = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float64).reshape(-1, clip.channels) / 32768.0
    if not samples.size:
        return Levels(clip.sample_rate, hop, 0.0, ())
    peak = float(np.abs(samples).max())
    # scipy.signal takes most of a second to import: every ``loa`` command and worker would pay it.
    from scipy.signal import sosfilt

    weighted = sosfilt(_k_weighting(clip.sample_rate), samples, axis=0)
    squares = (weighted * weighted).sum(axis=1)
    hops = math.ceil(len(squares) / hop)
    sums = np.add.reduceat(squares, np.arange(0, hops * hop, hop)[:hops])
    counts = np.minimum(hop, len(squares) - np.arange(hops) * hop)
    return Levels(clip.sample_rate, hop, peak, tuple(float(v) for v in sums / counts))


def silent_hops(frames: int, hop_frames: int) -> int:
    """Whole hops of silence closest to ``frames`` of silence.

    >>> silent_hops(3600, 2400), silent_hops(1000, 2400)
    (2, 0)
    """
    return round(frames / hop_frames)


def integrated_loudness(hops: Sequence[float] | np.ndarray) -> float:
    """Gated integrated loudness (LUFS) of a programme given as mean squares per hop; -inf if silent.

    >>> round(integrated_loudness([0.01] * 20), 2)
    -20.69
    >>> integrated_loudness([0.0] * 8)
    -inf
    """
    values = np.asarray(hops, dtype=np.float64)
    if len(values) < BLOCK_HOPS:
        values = np.concatenate([values, np.zeros(BLOCK_HOPS - len(values))])
    windows = np.convolve(values, np.ones(BLOCK_HOPS) / BLOCK_HOPS, mode="valid")
    with np.errstate(divide="ignore"):
        loudness = _OFFSET + 10 * np.log10(windows)
    above = windows[loudness > ABSOLUTE_GATE]
    if not above.size:
        return -math.inf
    relative = _OFFSET + 10 * math.log10(above.mean()) + RELATIVE_GATE
    with np.errstate(divide="ignore"):
        kept = above[_OFFSET + 10 * np.log10(above) > relative]
    return float(_OFFSET + 10 * math.log10(kept.mean())) if kept.size else -math.inf


def programme_hops(parts: Iterable[tuple[Levels | None, int, int]], hop_frames: int) -> np.ndarray:
    """The hops of a programme made of ``(levels, clip frames, silence frames after)`` parts, in order;
    a part without levels (none measured) counts as silence for its length."""
    pieces: list[np.ndarray] = []
    for levels, frames, silence in parts:
        if levels is not None:
            pieces.append(np.asarray(levels.mean_squares, dtype=np.float64))
        elif frames:
            pieces.append(np.zeros(silent_hops(frames, hop_frames)))
        if silence:
            pieces.append(np.zeros(silent_hops(silence, hop_frames)))
    return np.concatenate(pieces) if pieces else np.zeros(0)


def db(amplitude: float) -> float:
    return 20 * math.log10(amplitude) if amplitude > 0 else -math.inf
