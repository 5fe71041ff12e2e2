"""Loudness measured as EBU R128 prescribes, and loudness normalization with a true-peak limiter.

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

Fast measurement (``scan`` and ``ebur128_filter``): ffmpeg's ``ebur128`` filter, C code in the
binary imageio-ffmpeg ships, measures the same quantities (its true peak oversamples to 192 kHz).
With ``metadata=1`` it tags every 100 ms frame with M, S, I, LRA and the running true peak, three
decimals each, and ``ametadata`` prints them to a file: the maxima of M and S come from all
frames, the rest from the last one. It runs inside the ffmpeg process that makes a master, so an
hour of audio is measured without passing through Python. The Python meter above stays the
reference the tests hold it to (within 0.2 LU and 0.3 dB on speech).

Normalization: a gain to the target, then ffmpeg's ``alimiter`` running at twice the output
rate, so that it also catches most peaks between the output's samples, then resampling to the
output rate (4x for the limiter too would double its cost; the meter's 4x check and the
correction pass catch what 2x lets through). ``alimiter`` delays its output by its lookahead unless ``latency=1`` is set; with it the
output lines up with the input, which the timing tests check to 5 ms. The result is measured again;
when it misses the target by more than 0.3 LU or its true peak is above the limit, the gain and the
limiter ceiling are corrected once. A plan may leave the limiter out (``GainPlan.limiter``) when
the gain cannot bring the input's peaks near the limit: the output is then the same, at a
fraction of the cost, and the measurement still checks it.

ffmpeg passes its audio between threads frame by frame; raw PCM arrives in frames of 1,024
samples, so every chain starts by regrouping them into half-second frames (``asetnsamples``),
which halves the CPU time spent handing frames over.
"""
from __future__ import annotations

import math
import os
import re
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from audio.clip import SAMPLE_WIDTH, Clip
from audio.encode import EncodeError, ffmpeg_exe

ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE_INTEGRATED = -10.0  # LU
RELATIVE_GATE_RANGE = -20.0  # LU
TRUE_PEAK_OVERSAMPLING = 4  # BS.1770-4 Annex 2
LIMITER_OVERSAMPLING = 2
TARGET_TOLERANCE = 0.3  # LU: a normalized result further than this from the target is corrected once
_HOP = 0.1  # s
_MOMENTARY_HOPS = 4
_SHORT_TERM_HOPS = 30
_CHUNK_FRAMES = 1 << 19
_PEAK_CONTEXT = 64  # input samples either side of a chunk; resample_poly's filter spans 10


@dataclass(frozen=True)
class Loudness:
    """EBU R128 measurements: LUFS for loudness, LU for the range, dBTP for the true peak.

    A silent programme measures ``-inf`` for every loudness and ``0.0`` for the range.
    """

    integrated: float
    true_peak: float
    loudness_range: float
    max_momentary: float
    max_short_term: float


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
            true_peak=_db(self._peak) if self._true_peak else math.nan,
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


def _db(amplitude: float) -> float:
    return 20 * math.log10(amplitude) if amplitude > 0 else -math.inf


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


# -- measurement by ffmpeg's ebur128 ---------------------------------------------------------------

_METADATA = re.compile(rb"^lavfi\.r128\.(M|S|I|LRA|true_peak)=(\S+)$", re.MULTILINE)
_FFMPEG_SILENCE = -120.0  # ebur128 reports windows of digital silence near -160 LUFS, we say -inf


def _filter_escape(value: str) -> str:
    """``value`` as a filter option inside a filtergraph string (ffmpeg's two escaping levels)."""
    level_one = re.sub(r"([\\':])", r"\\\1", value)
    return re.sub(r"([\\'\[\],;])", r"\\\1", level_one)


def ebur128_filter(metadata_path: os.PathLike | str, *, true_peak: bool = True) -> str:
    """Filters measuring the audio that passes through them, their values printed to ``metadata_path``
    (read them back with ``read_ebur128``). The audio comes out unchanged, in 100 ms frames."""
    peak = ":peak=true" if true_peak else ""
    return (f"ebur128=metadata=1{peak},"
            f"ametadata=mode=print:file={_filter_escape(os.fspath(metadata_path))}")


def parse_ebur128(text: bytes, *, true_peak: bool = True) -> Loudness:
    """The loudness of a programme from ``ebur128_filter``'s printed metadata."""
    values: dict[bytes, list[float]] = {b"M": [], b"S": [], b"I": [], b"LRA": [], b"true_peak": []}
    for key, value in _METADATA.findall(text):
        values[key].append(float(value))
    if not values[b"I"]:
        raise ValueError("no ebur128 measurement in the metadata (no audio?)")

    def loudness(value: float) -> float:
        return value if value > _FFMPEG_SILENCE else -math.inf

    integrated = values[b"I"][-1]
    peak = values[b"true_peak"][-1] if values[b"true_peak"] else math.nan
    return Loudness(
        integrated=integrated if integrated > ABSOLUTE_GATE else -math.inf,
        true_peak=(_db(peak) if true_peak else math.nan),
        loudness_range=values[b"LRA"][-1],
        max_momentary=loudness(max(values[b"M"])),
        max_short_term=loudness(max(values[b"S"])),
    )


class MetadataFile:
    """A temporary file for ``ebur128_filter`` to print into; ``read()`` once ffmpeg is done."""

    def __init__(self) -> None:
        fd, name = tempfile.mkstemp(prefix="loa-ebur128-", suffix=".txt")
        os.close(fd)
        self.path = name

    def read(self, *, true_peak: bool = True) -> Loudness:
        with open(self.path, "rb") as source:
            return parse_ebur128(source.read(), true_peak=true_peak)

    def __enter__(self) -> "MetadataFile":
        return self

    def __exit__(self, *exc) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def scan(clip: Clip, *, true_peak: bool = True) -> Loudness:
    """``clip`` measured by ffmpeg's ebur128 (fast; ``measure`` is the reference)."""
    with MetadataFile() as metadata:
        run_ffmpeg([*pcm_input_args(clip), "-af", f"{_regroup(clip.sample_rate)},{ebur128_filter(metadata.path, true_peak=true_peak)}",
                    "-f", "null", "-"], memoryview(clip.pcm))
        return metadata.read(true_peak=true_peak)


_input_lock = threading.Lock()
_input_cache: tuple[weakref.ref, float, float] | None = None


def input_levels(clip: Clip) -> tuple[float, float]:
    """``clip``'s integrated loudness (LUFS) and sample peak (dBFS): what a normalizing pass plans with.

    The last clip's values are kept (by a weak reference): the podcast and broadcast masters of
    one episode are planned from the same clip and measure it once.
    """
    global _input_cache
    with _input_lock:
        if _input_cache is not None and _input_cache[0]() is clip:
            return _input_cache[1], _input_cache[2]
        integrated = scan(clip, true_peak=False).integrated if clip.frames else -math.inf
        samples = np.frombuffer(clip.pcm, dtype="<i2")
        peak = max(int(samples.max()), -int(samples.min())) / 32768 if samples.size else 0.0
        _input_cache = (weakref.ref(clip), integrated, _db(peak))
        return integrated, _db(peak)


# -- normalization -----------------------------------------------------------------------------

LIMITER_ATTACK_MS = 5.0
LIMITER_RELEASE_MS = 50.0
# alimiter's ceiling sits this far under the limit: it works at twice the output rate, where
# peaks between its samples can still be a few tenths of a dB higher (0.5 dB for a 10 kHz tone
# at 96 kHz; speech has little energy up there), and resampling down and 16-bit rounding add a
# few hundredths.
LIMITER_MARGIN_DB = 0.5
_ALIMITER_FLOOR_DB = 20 * math.log10(0.0625)


# A plan leaves the limiter out when the input's sample peak, after the gain, stays this far under
# the ceiling: room for the peaks between samples (a few tenths of a dB in speech).
LIMITER_SKIP_HEADROOM_DB = 1.5


@dataclass(frozen=True)
class GainPlan:
    """What the normalizing ffmpeg pass does: a gain, then (unless ``limiter`` is false) a limiter
    with this ceiling."""

    gain_db: float
    ceiling_db: float
    limiter: bool = True


def plan_gain(measured_lufs: float, target_lufs: float, true_peak_limit: float,
              sample_peak_db: float | None = None) -> GainPlan:
    """The first pass's plan; with the input's ``sample_peak_db`` the limiter is left out when the
    gain keeps the peaks ``LIMITER_SKIP_HEADROOM_DB`` under its ceiling."""
    ceiling = true_peak_limit - LIMITER_MARGIN_DB
    if not math.isfinite(measured_lufs):
        return GainPlan(0.0, ceiling)
    gain = target_lufs - measured_lufs
    quiet = sample_peak_db is not None and sample_peak_db + gain <= ceiling - LIMITER_SKIP_HEADROOM_DB
    return GainPlan(gain, ceiling, limiter=not quiet)


def corrected_plan(plan: GainPlan, result: Loudness, target_lufs: float, true_peak_limit: float) -> GainPlan | None:
    """The plan for a second pass, or None when ``result`` is on target and under the limit."""
    miss = target_lufs - result.integrated if math.isfinite(result.integrated) else 0.0
    over = result.true_peak - true_peak_limit
    if abs(miss) <= TARGET_TOLERANCE and over <= 0:
        return None
    if not plan.limiter and over <= 0:
        return GainPlan(plan.gain_db + miss, plan.ceiling_db, limiter=False)
    return GainPlan(plan.gain_db + miss, plan.ceiling_db - max(over, 0.0) - (0.1 if over > 0 else 0.0))


def limiter_filter(plan: GainPlan, in_rate: int, out_rate: int, in_channels: int, out_channels: int,
                   out_frames: int) -> str:
    """ffmpeg ``-af`` chain: channel layout, oversample, gain, limit, resample to ``out_rate``,
    then exactly ``out_frames`` frames (the input's duration at the output rate)."""
    if plan.limiter and plan.ceiling_db < _ALIMITER_FLOOR_DB:
        raise ValueError(f"limiter ceiling {plan.ceiling_db:.1f} dB is below alimiter's floor")
    over_rate = out_rate * LIMITER_OVERSAMPLING
    steps = [_regroup(in_rate)]
    if in_channels == 1 and out_channels == 2:
        steps.append("pan=stereo|c0=c0|c1=c0")
    elif in_channels == 2 and out_channels == 1:
        steps.append("pan=mono|c0=0.5*c0+0.5*c1")
    if plan.limiter:
        steps += [
            f"aresample={over_rate}",
            f"volume={plan.gain_db:.4f}dB:precision=double",
            f"alimiter=limit={10 ** (plan.ceiling_db / 20):.6f}:attack={LIMITER_ATTACK_MS}"
            f":release={LIMITER_RELEASE_MS}:level=0:latency=1",
        ]
    else:
        steps.append(f"volume={plan.gain_db:.4f}dB:precision=double")
    steps += [
        f"aresample={out_rate}",
        f"apad=whole_len={out_frames}",
        f"atrim=end_sample={out_frames}",
    ]
    return ",".join(steps)


def _regroup(sample_rate: int) -> str:
    """Half-second frames (the last one shorter): fewer hand-overs between ffmpeg's threads."""
    return f"asetnsamples=n={max(1, sample_rate // 2)}:p=0"


def output_frames(clip: Clip, out_rate: int) -> int:
    return round(clip.frames * out_rate / clip.sample_rate)


def pcm_input_args(clip: Clip) -> list[str]:
    return ["-f", "s16le", "-ar", str(clip.sample_rate), "-ac", str(clip.channels), "-i", "pipe:0"]


def run_ffmpeg(args: list[str], stdin: bytes | memoryview | None = None) -> bytes:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", *args],
        input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    if proc.returncode != 0:
        raise EncodeError(proc.stderr.decode("utf-8", "replace").strip() or f"ffmpeg exited {proc.returncode}")
    return proc.stdout


def _render(clip: Clip, plan: GainPlan, out_rate: int, out_channels: int) -> Clip:
    chain = limiter_filter(plan, clip.sample_rate, out_rate, clip.channels, out_channels,
                           output_frames(clip, out_rate))
    pcm = run_ffmpeg([*pcm_input_args(clip), "-af", chain, "-ar", str(out_rate), "-ac", str(out_channels),
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

