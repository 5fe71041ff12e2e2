"""Loudness measurement against pyloudnorm and ffmpeg's ebur128, and normalization on real speech."""
from __future__ import annotations

import math
import re
import subprocess

import numpy as np
import pyloudnorm
import pytest

from audio.clip import Clip
from audio.engines.espeak import EspeakEngine
from audio.ffmpeg import ffmpeg_exe
from audio.loudness import Loudness, scan
from tests.support.loudness_reference import LoudnessMeter, measure, measure_stream, normalize

NEWS = (
    "Sáng nay, Ủy ban nhân dân tỉnh Quảng Trị tổ chức hội nghị tổng kết công tác năm. "
    "Theo báo cáo, tốc độ tăng trưởng kinh tế đạt sáu phẩy năm phần trăm, cao hơn cùng kỳ năm trước. "
    "Ngành nông nghiệp gặp nhiều khó khăn do mưa lũ kéo dài ở các huyện miền núi."
)


def speech(sample_rate: int = 24000, channels: int = 1) -> Clip:
    return EspeakEngine(voice="vi", rate=165, sample_rate=sample_rate, channels=channels).synthesize(NEWS)


def scaled(clip: Clip, gain_db: float) -> Clip:
    samples = np.frombuffer(clip.pcm, "<i2").astype(np.float64) * 10 ** (gain_db / 20)
    return Clip(np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes(), clip.sample_rate, clip.channels)


def ebur128(clip: Clip) -> dict[str, float]:
    """ffmpeg's own EBU R128 scanner: summary values and the maxima of its 10 Hz frame log."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-f", "s16le", "-ar", str(clip.sample_rate), "-ac", str(clip.channels),
         "-i", "pipe:0", "-af", "ebur128=peak=true:framelog=info", "-f", "null", "-"],
        input=clip.pcm, capture_output=True, check=True,
    )
    log = proc.stderr.decode()
    summary = log[log.rindex("Summary:"):]
    frames = re.findall(r"M:\s*(-?[\d.]+|-inf)\s+S:\s*(-?[\d.]+|-inf)", log[:log.rindex("Summary:")])
    return {
        "integrated": float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1)),
        "loudness_range": float(re.search(r"LRA:\s+(-?[\d.]+) LU", summary).group(1)),
        "true_peak": float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1)),
        "max_momentary": max(float(m) for m, _ in frames),
        "max_short_term": max(float(s) for _, s in frames),
    }


@pytest.fixture(scope="module")
def spoken() -> Clip:
    return speech(48000)


@pytest.mark.parametrize("gain_db", [0.0, -12.0])
def test_measure_agrees_with_ffmpeg_ebur128(spoken: Clip, gain_db: float):
    clip = scaled(spoken, gain_db)
    ours = measure(clip)
    theirs = ebur128(clip)
    # ffmpeg prints one decimal: its rounding adds up to 0.05 to the tolerance.
    assert ours.integrated == pytest.approx(theirs["integrated"], abs=0.2)
    assert ours.loudness_range == pytest.approx(theirs["loudness_range"], abs=0.2)
    assert ours.max_momentary == pytest.approx(theirs["max_momentary"], abs=0.2)
    assert ours.max_short_term == pytest.approx(theirs["max_short_term"], abs=0.2)
    assert ours.true_peak == pytest.approx(theirs["true_peak"], abs=0.3)


def test_stereo_measure_agrees_with_ffmpeg(spoken: Clip):
    left = np.frombuffer(spoken.pcm, "<i2")
    right = (left.astype(np.int32) // 3).astype("<i2")
    clip = Clip(np.stack([left, right], axis=1).tobytes(), 48000, 2)
    ours, theirs = measure(clip), ebur128(clip)
    assert ours.integrated == pytest.approx(theirs["integrated"], abs=0.2)
    assert ours.true_peak == pytest.approx(theirs["true_peak"], abs=0.3)


@pytest.mark.parametrize("sample_rate", [22050, 24000, 44100, 48000])
def test_integrated_matches_pyloudnorm(sample_rate: int):
    clip = speech(sample_rate)
    samples = np.frombuffer(clip.pcm, "<i2").astype(np.float64) / 32768
    assert measure(clip).integrated == pytest.approx(pyloudnorm.Meter(sample_rate).integrated_loudness(samples), abs=0.05)


def test_true_peak_finds_the_peak_between_samples():
    # A 12 kHz sine at 48 kHz sampled 45 degrees off its crests: every sample is at 0.707 of the
    # amplitude (-3 dB), the waveform reaches the full amplitude between them.
    rate, amplitude = 48000, 0.5
    t = np.arange(rate) / rate
    wave = amplitude * np.sin(2 * np.pi * 12000 * t + np.pi / 4)
    clip = Clip(np.round(wave * 32767).astype("<i2").tobytes(), rate, 1)
    samples_peak = 20 * math.log10(np.abs(np.frombuffer(clip.pcm, "<i2")).max() / 32768)
    result = measure(clip)
    assert samples_peak == pytest.approx(20 * math.log10(amplitude) - 3.01, abs=0.05)
    assert result.true_peak == pytest.approx(20 * math.log10(amplitude), abs=0.1)


def test_streamed_pieces_of_any_size_measure_the_same(spoken: Clip):
    whole = measure(spoken)
    data = spoken.pcm
    pieces = [data[i:i + 12345] for i in range(0, len(data), 12345)]  # odd sizes split frames
    streamed = measure_stream(pieces, 48000, 1)
    for name in Loudness.__dataclass_fields__:
        assert getattr(streamed, name) == pytest.approx(getattr(whole, name), abs=1e-6)


def test_silence_measures_minus_infinity():
    result = measure(Clip.silence(5.0, 48000))
    assert result.integrated == -math.inf
    assert result.true_peak == -math.inf
    assert result.loudness_range == 0.0


def test_meter_rejects_partial_frames():
    with pytest.raises(ValueError):
        LoudnessMeter(48000, 2).feed(b"\0\0")


@pytest.mark.parametrize(("gain_db", "target"), [(-20.0, -23.0), (-20.0, -16.0), (0.0, -23.0), (0.0, -16.0), (0.0, -19.0)])
def test_normalize_reaches_the_target_under_the_peak_limit(spoken: Clip, gain_db: float, target: float):
    source = scaled(spoken, gain_db)
    result = normalize(source, target, true_peak_limit=-1.0)
    measured = measure(result)
    assert measured.integrated == pytest.approx(target, abs=0.5)
    assert measured.true_peak <= -1.0
    assert (result.sample_rate, result.channels, result.frames) == (48000, 1, source.frames)


def test_loud_target_needs_the_limiter(spoken: Clip):
    """Gain alone to -16 LUFS would put espeak's peaks well over full scale; the limiter holds -1 dBTP."""
    source = scaled(spoken, -10.0)
    gain = -16.0 - measure(source).integrated
    assert measure(source).true_peak + gain > 0.0  # what gain alone would do
    result = measure(normalize(source, -16.0, true_peak_limit=-1.0))
    assert result.true_peak <= -1.0
    assert result.integrated == pytest.approx(-16.0, abs=0.5)


@pytest.mark.parametrize(("rate_in", "rate_out"), [(24000, 44100), (24000, 48000), (48000, 48000)])
def test_normalize_resamples_to_the_exact_duration(rate_in: int, rate_out: int):
    source = speech(rate_in)
    result = normalize(source, -19.0, sample_rate=rate_out)
    assert result.sample_rate == rate_out
    assert result.frames == round(source.frames * rate_out / rate_in)


def click_track(rate: int, click_at: float) -> Clip:
    """Speech, then a gap holding one full-scale click at ``click_at`` seconds, then speech again."""
    voice = np.frombuffer(speech(rate).pcm, "<i2")
    gap = np.zeros(round(4.0 * rate), dtype="<i2")
    samples = np.concatenate([voice, gap, voice])
    at = round(click_at * rate)
    assert len(voice) + rate // 2 < at < len(voice) + len(gap) - rate // 2
    samples[at:at + 3] = [32000, -32000, 16000]
    return Clip(samples.tobytes(), rate, 1)


def click_time(clip: Clip, near: float) -> float:
    """When the click starts: the first sample within 0.5 s of ``near`` above half the local peak."""
    samples = np.abs(np.frombuffer(clip.pcm, "<i2").astype(np.int32).reshape(-1, clip.channels)[:, 0])
    lo, hi = round((near - 0.5) * clip.sample_rate), round((near + 0.5) * clip.sample_rate)
    window = samples[lo:hi]
    return (lo + int(np.argmax(window >= window.max() / 2))) / clip.sample_rate


@pytest.mark.parametrize(("rate_in", "rate_out", "target"), [(24000, 48000, -23.0), (24000, 44100, -16.0), (48000, 48000, -16.0)])
def test_normalize_keeps_timing_within_5_ms(rate_in: int, rate_out: int, target: float):
    voice_seconds = speech(rate_in).duration
    at = voice_seconds + 1.7319
    source = click_track(rate_in, at)
    result = normalize(source, target, sample_rate=rate_out)
    assert click_time(source, at) == pytest.approx(at, abs=1 / rate_in)
    assert abs(click_time(result, at) - at) <= 0.005


@pytest.mark.parametrize(("gain_db", "channels"), [(0.0, 1), (-12.0, 1), (-3.0, 2)])
def test_ffmpeg_scan_agrees_with_the_reference_meter(spoken: Clip, gain_db: float, channels: int):
    """The masters measure with ffmpeg's ebur128 (``scan``); on real speech it agrees with ``measure``."""
    clip = scaled(spoken, gain_db)
    if channels == 2:
        left = np.frombuffer(clip.pcm, "<i2")
        clip = Clip(np.stack([left, (left.astype(np.int32) // 3).astype("<i2")], axis=1).tobytes(), 48000, 2)
    ours, theirs = measure(clip), scan(clip)
    assert theirs.integrated == pytest.approx(ours.integrated, abs=0.2)
    assert theirs.loudness_range == pytest.approx(ours.loudness_range, abs=0.2)
    assert theirs.max_momentary == pytest.approx(ours.max_momentary, abs=0.2)
    assert theirs.max_short_term == pytest.approx(ours.max_short_term, abs=0.2)
    assert theirs.true_peak == pytest.approx(ours.true_peak, abs=0.3)


@pytest.mark.parametrize(("rate", "tone"), [(48000, 12000), (44100, 11025), (24000, 6000)])
def test_ffmpeg_true_peak_finds_the_peak_between_samples(rate: int, tone: int):
    """A sine at a quarter of the rate sampled 45 degrees off its crests (faded in and out, so no
    onset rings): the samples sit 3 dB under the waveform's peak, which the masters' meter finds."""
    t = np.arange(rate * 3) / rate
    fade = np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.05)
    wave = 0.5 * fade * np.sin(2 * np.pi * tone * t + np.pi / 4)
    clip = Clip(np.round(wave * 32767).astype("<i2").tobytes(), rate, 1)
    samples_peak = 20 * math.log10(np.abs(np.frombuffer(clip.pcm, "<i2")).max() / 32768)
    assert samples_peak == pytest.approx(20 * math.log10(0.5) - 3.01, abs=0.05)
    assert scan(clip).true_peak == pytest.approx(20 * math.log10(0.5), abs=0.05)


def test_ffmpeg_scan_of_silence():
    result = scan(Clip.silence(5.0, 48000))
    assert result.integrated == -math.inf
    assert result.true_peak == -math.inf


def test_scan_metadata_path_with_filtergraph_characters(spoken: Clip, tmp_path, monkeypatch):
    """ffmpeg's filtergraph syntax gives meaning to : , ' [ ] ; and \\ — a temporary folder may hold them."""
    folder = tmp_path / "a:b,c'd[e];f\\g"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    assert scan(spoken).integrated == pytest.approx(measure(spoken).integrated, abs=0.2)
