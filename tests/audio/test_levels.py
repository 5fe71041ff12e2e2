"""A clip's loudness profile, and a programme's loudness from its clips' profiles."""
from __future__ import annotations

import math

import numpy as np
import pytest

from audio.clip import Clip
from audio.engines.espeak import EspeakEngine
from audio.levels import Levels, integrated_loudness, measure_levels, programme_hops
from tests.audio.test_loudness import NEWS, scaled
from tests.support.loudness_reference import measure

SENTENCES = [
    "Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm.",
    "Tốc độ tăng trưởng kinh tế đạt sáu phẩy năm phần trăm.",
    "Ngành nông nghiệp gặp nhiều khó khăn do mưa lũ kéo dài ở các huyện miền núi.",
]


@pytest.fixture(scope="module")
def voice() -> EspeakEngine:
    return EspeakEngine(voice="vi", rate=165, sample_rate=24000)


def test_a_clip_profile_gives_the_reference_meter_s_integrated_loudness(voice):
    clip = voice.synthesize(NEWS).trimmed()
    levels = measure_levels(clip)
    assert len(levels.mean_squares) == math.ceil(clip.frames / 2400)
    assert integrated_loudness(levels.mean_squares) == pytest.approx(measure(clip).integrated, abs=0.05)
    samples = np.frombuffer(clip.pcm, "<i2")
    assert levels.peak == pytest.approx(np.abs(samples.astype(np.int32)).max() / 32768)


@pytest.mark.parametrize("gain_db", [-20.0, -6.0, 0.0])
def test_a_programme_of_clips_and_pauses_measures_like_the_stitched_audio(voice, gain_db):
    clips = [scaled(voice.synthesize(s).trimmed(), gain_db) for s in SENTENCES]
    pauses = [11_000, 19_200, 4_321]  # frames of silence after each clip, not whole hops
    stitched = Clip(b"".join(c.pcm + bytes(2 * p) for c, p in zip(clips, pauses, strict=True)), 24000)
    hops = programme_hops([(measure_levels(c), c.frames, p) for c, p in zip(clips, pauses, strict=True)], 2400)
    # Clip boundaries fall inside the stitched audio's hops: a few hundredths of a LU apart.
    assert integrated_loudness(hops) == pytest.approx(measure(stitched).integrated, abs=0.1)


def test_silence_and_very_short_programmes():
    assert integrated_loudness([]) == -math.inf
    assert measure_levels(Clip(b"", 24000)).mean_squares == ()
    quiet = Clip(bytes(48000), 24000)
    assert integrated_loudness(measure_levels(quiet).mean_squares) == -math.inf
    assert programme_hops([(None, 24000, 12000)], 2400).tolist() == [0.0] * 15


def test_the_encoding_round_trips_and_refuses_other_bytes():
    levels = Levels(22050, 2205, 0.75, (0.1, 0.0, 1e-9))
    again = Levels.from_bytes(levels.to_bytes())
    assert again.sample_rate == 22050 and again.hop_frames == 2205
    assert again.mean_squares == pytest.approx(levels.mean_squares, rel=1e-6)
    for bad in (b"", b"LVL1", b"XXXX" + levels.to_bytes()[4:], levels.to_bytes()[:-1]):
        with pytest.raises(ValueError):
            Levels.from_bytes(bad)
