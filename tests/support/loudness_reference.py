"""An independent loudness meter written from the standards, which the tests hold ffmpeg's to.

Measurement (ITU-R BS.1770-4, EBU Tech 3341 and 3342):

- The signal goes through pyloudnorm's K-weighting filters (its two biquads for the clip's sample
  rate), run block by block with their state carried over, so an hour of audio is measured in
  float64 chunks of a few megabytes instead of one array the size of the whole programme.
- Mean squares are summed per 100 ms hop. Momentary loudness is a 400 ms window and short-term
  loudness a 3 s window, both moved by one hop (10 Hz, as Tech 3341 asks); the maxima of both are
  reported.
- Integrated loudness gates the 400 ms blocks (75 % overlap) at -70 LUFS, then 10 LU below the
  mean of what remains, exactly as pyloudnorm's ``integrated_loudness`` does (tests compare the two).
- Loudness range (Tech 3342): short-term values gated at -70 LUFS and 20 LU below their power
  mean; the range is the 95th minus the 10th percentile.
- True peak (BS.1770-4 Annex 2): each channel is oversampled 4x with a 64-tap windowed-sinc
  filter (``scipy.signal.upfirdn``, the polyphase core of ``resample_poly``) and the largest
  absolute value is taken, in dBTP. Chunks overlap by more than the filter's reach, so chunk edges
  add nothing, and stretches too quiet to hold the peak are skipped without being oversampled.

``normalize`` brings a clip to a target with the production gain plans and ffmpeg's limiter, but
measured by this meter: the tests use it to make programmes at known loudness.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from audio import ffmpeg
from audio.clip import SAMPLE_WIDTH, Clip
from audio.loudness import (
    ABSOLUTE_GATE,
    GainPlan,
    Loudness,
    corrected_plan,
    db,
    limiter_filter,
    output_frames,
    pcm_input_args,
    plan_gain,
)

RELATIVE_GATE_INTEGRATED = -10.0  # LU
RELATIVE_GATE_RANGE = -20.0  # LU
TRUE_PEAK_OVERSAMPLING = 4  # BS.1770-4 Annex 2
_HOP = 0.1  # s
_MOMENTARY_HOPS = 4
_SHORT_TERM_HOPS = 30
_CHUNK_FRAMES = 1 << 19
_PEAK_CONTEXT = 64  # input samples either side of a chunk; resample_poly's filter spans 10


@lru_cache(maxsize=16)
def _k_weighting_sos(sample_rate: int) -> np.ndarray:
    import pyloudnorm

    meter = pyloudnorm.Meter(sample_rate)
    sections = []
    for name in ("high_shelf", "high_pass"):
        stage = meter._filters[name]
        sections.append(np.concatenate([np.asarray(stage.b, float) / stage.a[0], np.asarray(stage.a, float) / stage.a[0]]))
    return np.array(sections)


class LoudnessMeter:
    """Measures PCM fed in pieces of any size; ``result()`` once everything has been fed."""

    def __init__(self, sample_rate: int, channels: int, *, true_peak: bool = True):
        from scipy import signal

        self._signal = signal
        self.sample_rate = sample_rate
        self.channels = channels
        self.hop = round(sample_rate * _HOP)
        self._sos = _k_weighting_sos(sample_rate)
        self._zi = np.zeros((channels, self._sos.shape[0], 2))
        self._hop_energy: list[np.ndarray] = []  # per hop, the sum of squares of each channel
        self._partial = np.zeros(channels)
        self._partial_count = 0
        self._true_peak = true_peak
        self._factor = TRUE_PEAK_OVERSAMPLING
        self._peak_tail = np.zeros((_PEAK_CONTEXT, channels), dtype=np.float32)
        self._peak_pending = np.zeros((0, channels), dtype=np.float32)
        self._peak = 0.0
        self._frames = 0

    def feed(self, pcm: bytes | memoryview) -> None:
        """Whole frames of signed 16-bit PCM (interleaved when stereo)."""
        samples = np.frombuffer(pcm, dtype="<i2")
        if samples.size % self.channels:
            raise ValueError("PCM is not a whole number of frames")
        frames = samples.reshape(-1, self.channels)
        for start in range(0, len(frames), _CHUNK_FRAMES):
            self._feed_chunk(frames[start:start + _CHUNK_FRAMES])

    def _feed_chunk(self, frames: np.ndarray) -> None:
        self._frames += len(frames)
        x = frames.astype(np.float32) / 32768.0
        weighted = np.empty(x.shape, dtype=np.float64)
        for c in range(self.channels):
            weighted[:, c], self._zi[c] = self._signal.sosfilt(self._sos, x[:, c], zi=self._zi[c])
        np.square(weighted, out=weighted)
        self._add_energy(weighted)
        if self._true_peak:
            self._update_peak(x, final=False)

    def _add_energy(self, squares: np.ndarray) -> None:
        position = 0
        if self._partial_count:
            take = min(self.hop - self._partial_count, len(squares))
            self._partial += squares[:take].sum(axis=0)
            self._partial_count += take
            position = take
            if self._partial_count < self.hop:
                return
            self._hop_energy.append(self._partial.copy())
            self._partial[:] = 0
            self._partial_count = 0
        whole = (len(squares) - position) // self.hop
        if whole:
            block = squares[position:position + whole * self.hop].reshape(whole, self.hop, self.channels)
            self._hop_energy.extend(block.sum(axis=1))
            position += whole * self.hop
        rest = squares[position:]
        if len(rest):
            self._partial += rest.sum(axis=0)
            self._partial_count = len(rest)

    def _update_peak(self, x: np.ndarray, *, final: bool) -> None:
        # Windows are [context | ready | context]: only the ready samples are judged, with real
        # neighbours on both sides; the last context samples are kept for the next call.
        pending = np.concatenate([self._peak_pending, x]) if len(self._peak_pending) else x
        if final:
            pending = np.concatenate([pending, np.zeros((_PEAK_CONTEXT, self.channels), np.float32)])
        if len(pending) <= _PEAK_CONTEXT:
            self._peak_pending = pending
            return
        window = np.concatenate([self._peak_tail, pending])
        ready = len(window) - 2 * _PEAK_CONTEXT
        for c in range(self.channels):
            self._peak = _true_peak_of(np.ascontiguousarray(window[:, c]), ready, self._factor, self._peak)
        self._peak_tail = window[ready:ready + _PEAK_CONTEXT].copy()
        self._peak_pending = window[ready + _PEAK_CONTEXT:].copy()

    def result(self) -> Loudness:
        if self._true_peak:
            self._update_peak(np.zeros((0, self.channels), np.float32), final=True)
        hops = np.array(self._hop_energy).reshape(-1, self.channels).sum(axis=1)  # channel weights are 1
        momentary = _window_loudness(hops, _MOMENTARY_HOPS, self.hop)
        short_term = _window_loudness(hops, _SHORT_TERM_HOPS, self.hop)
        return Loudness(
            integrated=_gated_mean(momentary, RELATIVE_GATE_INTEGRATED),
            true_peak=db(self._peak) if self._true_peak else math.nan,
            loudness_range=_loudness_range(short_term),
            max_momentary=float(momentary.max()) if momentary.size else -math.inf,
            max_short_term=float(short_term.max()) if short_term.size else -math.inf,
        )


_PEAK_BLOCK = 4096  # samples: the unit the true-peak search skips or oversamples
_TAPS_PER_PHASE = 16


@lru_cache(maxsize=8)
def _interpolator(factor: int) -> tuple[np.ndarray, float]:
    """The oversampling filter (flat within 0.03 dB up to 80 % of the input's Nyquist frequency,
    50 dB rejection of images) and the most any interpolated value can exceed the largest
    input sample it is computed from (the largest sum of absolute taps over the phases)."""
    from scipy import signal

    taps = signal.firwin(_TAPS_PER_PHASE * factor, 1.0 / factor, window=("kaiser", 5.0)) * factor
    bound = max(float(np.abs(taps[p::factor]).sum()) for p in range(factor))
    return taps.astype(np.float32), bound


def _true_peak_of(column: np.ndarray, ready: int, factor: int, peak: float) -> float:
    """The larger of ``peak`` and the oversampled peak of ``column[_PEAK_CONTEXT:_PEAK_CONTEXT + ready]``.

    Blocks are visited loudest first; a block whose neighbourhood's sample peak times the filter's
    gain bound cannot beat the peak found so far is skipped, so quiet passages cost nothing.
    """
    from scipy import signal

    taps, bound = _interpolator(factor)
    inner = column[_PEAK_CONTEXT:_PEAK_CONTEXT + ready]
    if not inner.size:
        return peak
    magnitude = np.abs(column)
    peak = max(peak, float(magnitude[_PEAK_CONTEXT:_PEAK_CONTEXT + ready].max()))
    starts = np.arange(0, ready, _PEAK_BLOCK)
    block_max = np.maximum.reduceat(magnitude[_PEAK_CONTEXT:_PEAK_CONTEXT + ready], starts)
    # A block's interpolated values depend on its samples and _PEAK_CONTEXT on either side,
    # which lie in the neighbouring blocks (or the window's context).
    padded = np.concatenate([[magnitude[:_PEAK_CONTEXT].max()], block_max,
                             [magnitude[_PEAK_CONTEXT + ready:].max()]])
    neighbourhood = np.maximum(np.maximum(padded[:-2], padded[1:-1]), padded[2:])
    delay = (len(taps) - 1) // 2
    for b in np.argsort(-neighbourhood):
        if neighbourhood[b] * bound <= peak:
            break
        lo = starts[b]
        hi = min(lo + _PEAK_BLOCK, ready)
        segment = column[lo:hi + 2 * _PEAK_CONTEXT]
        upsampled = signal.upfirdn(taps, segment, factor)
        first = _PEAK_CONTEXT * factor + delay
        peak = max(peak, float(np.abs(upsampled[first:first + (hi - lo) * factor]).max()))
    return peak


def _loudness(mean_square: np.ndarray | float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return -0.691 + 10 * np.log10(mean_square)


def _window_loudness(hops: np.ndarray, width: int, hop: int) -> np.ndarray:
    """Loudness of every window of ``width`` consecutive hops."""
    if len(hops) < width:
        return np.zeros(0)
    cumulative = np.concatenate([[0.0], np.cumsum(hops)])
    sums = np.maximum(cumulative[width:] - cumulative[:-width], 0.0)  # cumsum rounding can dip below 0
    return _loudness(sums / (width * hop))


def _gated_mean(loudness: np.ndarray, relative_gate: float) -> float:
    above = loudness[loudness > ABSOLUTE_GATE]
    if not above.size:
        return -math.inf
    threshold = float(_loudness(np.mean(10 ** ((above + 0.691) / 10)))) + relative_gate
    kept = above[above > threshold]
    return float(_loudness(np.mean(10 ** ((kept + 0.691) / 10))))


def _loudness_range(short_term: np.ndarray) -> float:
    above = short_term[short_term > ABSOLUTE_GATE]
    if not above.size:
        return 0.0
    threshold = float(_loudness(np.mean(10 ** ((above + 0.691) / 10)))) + RELATIVE_GATE_RANGE
    kept = above[above > threshold]
    low, high = np.percentile(kept, [10, 95])
    return float(high - low)


def measure(clip: Clip) -> Loudness:
    meter = LoudnessMeter(clip.sample_rate, clip.channels)
    meter.feed(memoryview(clip.pcm))
    return meter.result()


def measure_integrated(clip: Clip) -> float:
    """Integrated loudness only (skips the true-peak oversampling)."""
    meter = LoudnessMeter(clip.sample_rate, clip.channels, true_peak=False)
    meter.feed(memoryview(clip.pcm))
    return meter.result().integrated


def measure_stream(pieces: Iterable[bytes], sample_rate: int, channels: int) -> Loudness:
    meter = LoudnessMeter(sample_rate, channels)
    carry = b""
    frame = SAMPLE_WIDTH * channels
    for piece in pieces:
        data = carry + piece if carry else piece
        whole = len(data) - len(data) % frame
        meter.feed(memoryview(data)[:whole])
        carry = bytes(data[whole:])
    return meter.result()


def _render(clip: Clip, plan: GainPlan, out_rate: int, out_channels: int) -> Clip:
    chain = limiter_filter(plan, clip.sample_rate, out_rate, clip.channels, out_channels,
                           output_frames(clip, out_rate))
    pcm = ffmpeg.run([*pcm_input_args(clip), "-af", chain, "-ar", str(out_rate), "-ac", str(out_channels),
                      "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"], clip.pcm)
    return Clip(pcm, out_rate, out_channels)


def normalize(clip: Clip, target_lufs: float, true_peak_limit: float = -1.0, sample_rate: int | None = None,
              channels: int | None = None) -> Clip:
    """``clip`` at ``target_lufs`` integrated loudness with true peaks at or under ``true_peak_limit``,
    at ``sample_rate`` (default: the clip's) and ``channels`` (default: the clip's), same timing."""
    out_rate = sample_rate or clip.sample_rate
    out_channels = channels or clip.channels
    plan = plan_gain(measure_integrated(clip), target_lufs, true_peak_limit)
    result = _render(clip, plan, out_rate, out_channels)
    second = corrected_plan(plan, measure(result), target_lufs, true_peak_limit)
    if second is not None:
        result = _render(clip, second, out_rate, out_channels)
    return result

