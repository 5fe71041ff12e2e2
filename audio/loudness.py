"""Loudness as EBU R128 prescribes, measured by ffmpeg, and the gain and limiter plans of the masters.

Measurement (``scan`` and ``ebur128_filter``): ffmpeg's ``ebur128`` filter, C code in the binary
imageio-ffmpeg ships, measures integrated loudness, loudness range, momentary and short-term
maxima (ITU-R BS.1770-4, EBU Tech 3341 and 3342). With ``metadata=1`` it tags every 100 ms frame
with M, S, I and LRA, three decimals each, and ``ametadata`` prints them to a file: the maxima of
M and S come from all frames, the rest from the last one. The true peak is measured beside it as
BS.1770-4 Annex 2 defines it: the audio oversampled 4x (``aresample`` with 16 taps per phase, the
reference meter's 64-tap filter) and its largest sample taken by ``astats``. ``ebur128``'s own
true peak resamples to 192 kHz, which from 44.1 kHz is a fractional ratio with a long filter: it
took more CPU than the loudness measurement itself and agreed less well with the reference. It
all runs inside the ffmpeg process that makes a master, so an hour of audio is measured without
passing through Python. The tests hold it to an independent reference meter written from the
standards (within 0.2 LU and 0.3 dB on speech).

Normalization: a gain to the target, then ffmpeg's ``alimiter`` running at twice the rate of the
content (the lower of the input and output rates), so that it also catches most peaks between
samples, then resampling to the output rate (4x for the limiter too would double its cost; the
meter's 4x check and the correction pass catch what 2x lets through). ``alimiter`` delays its output by its lookahead unless
``latency=1`` is set; with it the output lines up with the input, which the timing tests check to
5 ms. The result is measured again; when it misses the target by more than 0.3 LU or its true peak
is above the limit, the gain and the limiter ceiling are corrected once. A plan may leave the
limiter out (``GainPlan.limiter``) when the gain cannot bring the input's peaks near the limit:
the output is then the same, at a fraction of the cost, and the measurement still checks it.

ffmpeg passes its audio between threads frame by frame; raw PCM arrives in frames of 1,024
samples, so every chain starts by regrouping them into half-second frames (``asetnsamples``),
which halves the CPU time spent handing frames over.
"""
from __future__ import annotations

import itertools
import math
import os
import re
import tempfile
import threading
import weakref
from dataclasses import dataclass

import numpy as np

from audio import ffmpeg
from audio.clip import Clip

ABSOLUTE_GATE = -70.0  # LUFS
LIMITER_OVERSAMPLING = 2
TARGET_TOLERANCE = 0.3  # LU: a normalized result further than this from the target is corrected once


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


def db(amplitude: float) -> float:
    return 20 * math.log10(amplitude) if amplitude > 0 else -math.inf


# -- measurement by ffmpeg's ebur128 ---------------------------------------------------------------

_METADATA = re.compile(rb"^lavfi\.r128\.(M|S|I|LRA)=(\S+)$", re.MULTILINE)
_PEAK_METADATA = re.compile(rb"^lavfi\.astats\.Overall\.Peak_level=(\S+)$", re.MULTILINE)
_FFMPEG_SILENCE = -120.0  # ebur128 reports windows of digital silence near -160 LUFS, we say -inf
TRUE_PEAK_OVERSAMPLING = 4
_TRUE_PEAK_TAPS_PER_PHASE = 16
_meter_labels = itertools.count()


def _filter_escape(value: str) -> str:
    """``value`` as a filter option inside a filtergraph string (ffmpeg's two escaping levels)."""
    level_one = re.sub(r"([\\':])", r"\\\1", value)
    return re.sub(r"([\\'\[\],;])", r"\\\1", level_one)


def ebur128_filter(metadata: MetadataFile, true_peak_rate: int | None = None) -> str:
    """Filters measuring the audio that passes through them, their values printed to ``metadata``'s
    files (read them back with ``metadata.read()``). The audio comes out unchanged, in 100 ms frames.

    With ``true_peak_rate`` (the audio's sample rate) the true peak is measured too: the piece then
    holds a branch of its own, so it must end a filter chain's text or be followed by more filters
    or an output label, as a plain filter would.
    """
    loudness = f"ebur128=metadata=1,ametadata=mode=print:file={_filter_escape(metadata.path)}"
    if true_peak_rate is None:
        return loudness
    label = f"loa_meter{next(_meter_labels)}"
    return (f"asplit[{label}a][{label}b];"
            f"[{label}b]aresample={true_peak_rate * TRUE_PEAK_OVERSAMPLING}:filter_size={_TRUE_PEAK_TAPS_PER_PHASE},"
            f"astats=metadata=1:measure_overall=Peak_level:measure_perchannel=none,"
            f"ametadata=mode=print:file={_filter_escape(metadata.peak_path)},anullsink;"
            f"[{label}a]{loudness}")


def parse_ebur128(text: bytes, peak_text: bytes | None = None) -> Loudness:
    """The loudness of a programme from ``ebur128_filter``'s printed metadata (``peak_text``: what
    its true-peak branch printed; without it the true peak is ``nan``)."""
    values: dict[bytes, list[float]] = {b"M": [], b"S": [], b"I": [], b"LRA": []}
    for key, value in _METADATA.findall(text):
        values[key].append(float(value))
    if not values[b"I"]:
        raise ValueError("no ebur128 measurement in the metadata (no audio?)")

    def loudness(value: float) -> float:
        return value if value > _FFMPEG_SILENCE else -math.inf

    true_peak = math.nan
    if peak_text is not None:
        peaks = _PEAK_METADATA.findall(peak_text)
        if not peaks:
            raise ValueError("no true-peak measurement in the metadata (no audio?)")
        true_peak = float(peaks[-1])  # astats' running value: the last one covers the whole programme
    integrated = values[b"I"][-1]
    return Loudness(
        integrated=integrated if integrated > ABSOLUTE_GATE else -math.inf,
        true_peak=true_peak,
        loudness_range=values[b"LRA"][-1],
        max_momentary=loudness(max(values[b"M"])),
        max_short_term=loudness(max(values[b"S"])),
    )


class MetadataFile:
    """Temporary files for ``ebur128_filter`` to print into; ``read()`` once ffmpeg is done."""

    def __init__(self) -> None:
        self.path = _temporary_file("loa-ebur128-")
        self.peak_path = _temporary_file("loa-true-peak-")

    def read(self, *, true_peak: bool = True) -> Loudness:
        with open(self.path, "rb") as source:
            text = source.read()
        if not true_peak:
            return parse_ebur128(text)
        with open(self.peak_path, "rb") as source:
            return parse_ebur128(text, source.read())

    def __enter__(self) -> MetadataFile:
        return self

    def __exit__(self, *exc) -> None:
        for path in (self.path, self.peak_path):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass


def _temporary_file(prefix: str) -> str:
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".txt")
    os.close(fd)
    return name


def scan(clip: Clip, *, true_peak: bool = True) -> Loudness:
    """``clip`` measured by ffmpeg's ebur128 (fast; ``measure`` is the reference)."""
    with MetadataFile() as metadata:
        meter = ebur128_filter(metadata, clip.sample_rate if true_peak else None)
        ffmpeg.run([*pcm_input_args(clip), "-filter_complex", f"[0:a]{_regroup(clip.sample_rate)},{meter}[measured]",
                    "-map", "[measured]", "-f", "null", "-"], memoryview(clip.pcm))
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
        _input_cache = (weakref.ref(clip), integrated, db(peak))
        return integrated, db(peak)


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
                   out_frames: int | None) -> str:
    """ffmpeg ``-af`` chain: channel layout, oversample, gain, limit, resample to ``out_rate``,
    then exactly ``out_frames`` frames (the input's duration at the output rate), when the input's
    length is known before it is read; else what the resampler gives (the input's duration, or one
    frame more)."""
    if plan.limiter and plan.ceiling_db < _ALIMITER_FLOOR_DB:
        raise ValueError(f"limiter ceiling {plan.ceiling_db:.1f} dB is below alimiter's floor")
    # Twice the rate of the content (the lower of the two rates: a 24 kHz programme carries nothing
    # above 12 kHz), so the limiter also catches most peaks between samples, at the least cost.
    over_rate = min(in_rate, out_rate) * LIMITER_OVERSAMPLING
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
    steps.append(f"aresample={out_rate}")
    if out_frames is not None:
        steps += [f"apad=whole_len={out_frames}", f"atrim=end_sample={out_frames}"]
    return ",".join(steps)


def _regroup(sample_rate: int) -> str:
    """Half-second frames (the last one shorter): fewer hand-overs between ffmpeg's threads."""
    return f"asetnsamples=n={max(1, sample_rate // 2)}:p=0"


def output_frames(clip: Clip, out_rate: int) -> int:
    return round(clip.frames * out_rate / clip.sample_rate)


def pcm_input_args(clip: Clip) -> list[str]:
    return ["-f", "s16le", "-ar", str(clip.sample_rate), "-ac", str(clip.channels), "-i", "pipe:0"]
