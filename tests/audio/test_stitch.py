from __future__ import annotations

import array
import math

import pytest

from audio.clip import Clip
from audio.ffmpeg import decode
from audio.stitch import Segment, Span, pause_frames, stitch
from tests.support.audio_files import encode_mp3


def pcm_of(episode: Clip, span: Span) -> bytes:
    """The stitched PCM bytes a span covers."""
    width = 2 * episode.channels
    return episode.pcm[span.start * width:span.end * width]


def voice(frames: int, sample_rate: int, seed: int = 0, channels: int = 1) -> Clip:
    """A clip with no zero samples, different for every seed, so a span off by one frame shows."""
    samples = array.array("h", (1000 + (7 * i + 131 * seed) % 9000 for i in range(frames * channels)))
    return Clip(samples.tobytes(), sample_rate, channels)


def tone(seconds: float, sample_rate: int, pitch: float = 220.0) -> Clip:
    """A loud sine with a syllable-like swell: audible where speech would be."""
    n = round(seconds * sample_rate)
    samples = array.array(
        "h",
        (
            int(12000 * (0.6 + 0.4 * math.sin(2 * math.pi * 4 * i / sample_rate)) * math.sin(2 * math.pi * pitch * i / sample_rate))
            for i in range(n)
        ),
    )
    return Clip(samples.tobytes(), sample_rate)


def rms(pcm: bytes) -> float:
    samples = array.array("h", pcm)
    return math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0


def test_spans_hold_each_clip_byte_for_byte_and_pauses_are_silent():
    rate = 24000
    clips = [voice(24000, rate, 1), voice(13001, rate, 2), voice(777, rate, 3)]
    pauses = [0.3, 0.7, 0.25]
    episode, spans = stitch([Segment(c, p) for c, p in zip(clips, pauses, strict=True)], rate, lead_in=0.5)

    # Positions worked out by hand: 0.5 s lead-in = 12000 frames; 0.3 s = 7200; 0.7 s = 16800; 0.25 s = 6000.
    assert spans == [Span(12000, 36000), Span(43200, 56201), Span(73001, 73778)]
    assert episode.frames == 73778 + 6000
    assert (episode.sample_rate, episode.channels) == (rate, 1)

    for clip, span in zip(clips, spans, strict=True):
        assert pcm_of(episode, span) == clip.pcm
    gaps = [(0, 12000), (36000, 43200), (56201, 73001), (73778, 79778)]
    for start, end in gaps:
        assert episode.pcm[2 * start : 2 * end] == bytes(2 * (end - start))


def test_span_seconds():
    span = Span(12000, 36000)
    assert span.frames == 24000
    assert span.start_seconds(24000) == 0.5
    assert span.end_seconds(24000) == 1.5
    assert pcm_of(Clip(bytes(200000), 24000, 2), span) == bytes(96000)  # frames 12000..36000, 4 bytes each
    with pytest.raises(ValueError):
        Span(10, 5)
    with pytest.raises(ValueError):
        Span(-1, 5)


def test_mixed_rates_and_mono_to_stereo_give_the_right_length_and_content():
    clips = [voice(22050, 22050, 1), voice(24000, 24000, 2), voice(11025, 22050, 3), voice(4800, 24000, 4, channels=2)]
    segments = [Segment(c, 0.2) for c in clips]
    episode, spans = stitch(segments, 24000, channels=2)

    converted = [c.converted(24000, 2) for c in clips]
    # One second of 22,050 Hz speech must still last one second at 24,000 Hz.
    assert abs(converted[0].frames - 24000) <= 2
    assert abs(converted[2].frames - 12000) <= 2
    assert converted[1].frames == 24000 and converted[3].frames == 4800

    pause = 4800  # 0.2 s at 24 kHz
    assert episode.frames == sum(c.frames for c in converted) + 4 * pause
    assert (episode.sample_rate, episode.channels) == (24000, 2)
    position = 0
    for clip, span in zip(converted, spans, strict=True):
        assert span == Span(position, position + clip.frames)
        assert pcm_of(episode, span) == clip.pcm
        assert episode.pcm[4 * span.end : 4 * (span.end + pause)] == bytes(4 * pause)
        position = span.end + pause

    # A mono source plays the same on both stereo channels.
    left_right = array.array("h", pcm_of(episode, spans[1]))
    assert left_right[0::2] == left_right[1::2] == array.array("h", clips[1].pcm)


def test_pauses_round_to_the_nearest_frame():
    # 0.29 * 24000 is 6959.999999999999 in floating point: truncating would lose a frame.
    assert pause_frames(0.29, 24000) == 6960
    assert pause_frames(0.0125, 22050) == 276  # 275.625
    episode, spans = stitch([Segment(voice(10, 24000), 0.29), Segment(voice(10, 24000, 1), 0.0)], 24000)
    assert spans[1] == Span(6970, 6980)


def test_each_pause_is_rounded_on_its_own_so_positions_never_drift():
    rate = 22050
    pause = 0.0123  # 271.215 frames: rounded to 271 every time
    assert pause_frames(pause, rate) == 271
    clip = voice(100, rate)
    episode, spans = stitch([Segment(clip, pause)] * 1000, rate)
    assert spans[-1] == Span(999 * 371, 999 * 371 + 100)
    # Summing the pauses in seconds first would give 271,215 pause frames instead of 271,000.
    assert episode.frames == 1000 * 371


def test_last_pause_is_kept_as_a_tail_and_zero_pauses_add_nothing():
    rate = 16000
    a, b = voice(1600, rate, 1), voice(800, rate, 2)
    episode, spans = stitch([Segment(a, 0.0), Segment(b, 0.5)], rate)
    assert spans == [Span(0, 1600), Span(1600, 2400)]
    assert episode.frames == 2400 + 8000
    assert episode.pcm[: 2 * 2400] == a.pcm + b.pcm

    untailed, _ = stitch([Segment(a, 0.0), Segment(b, 0.0)], rate)
    assert untailed.pcm == a.pcm + b.pcm


def test_empty_clips_get_empty_spans():
    rate = 8000
    empty = Clip(b"", rate)
    episode, spans = stitch([Segment(empty, 0.1), Segment(voice(10, rate), 0.0), Segment(empty, 0.0)], rate)
    assert spans == [Span(0, 0), Span(800, 810), Span(810, 810)]
    assert episode.frames == 810


def test_invalid_input_is_refused():
    clip = voice(10, 8000)
    with pytest.raises(ValueError):
        stitch([], 8000)
    with pytest.raises(ValueError):
        Segment(clip, -0.1)
    with pytest.raises(ValueError):
        Segment(clip, float("nan"))
    with pytest.raises(TypeError):
        Segment(clip.pcm, 0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        stitch([Segment(clip, 0.1)], 8000, lead_in=-1)
    with pytest.raises(ValueError):
        stitch([Segment(clip, 0.1)], 8000, channels=3)
    with pytest.raises(ValueError):
        stitch([Segment(clip, 0.1)], 0)


def test_two_thousand_clips_are_all_in_place():
    rate = 8000
    clips = [voice(40 + i % 17, rate, seed=i) for i in range(2000)]
    pauses = [(0.01, 0.025, 0.3)[i % 3] for i in range(2000)]
    episode, spans = stitch([Segment(c, p) for c, p in zip(clips, pauses, strict=True)], rate, lead_in=0.125)

    position = 1000
    for clip, pause, span in zip(clips, pauses, spans, strict=True):
        assert span == Span(position, position + clip.frames)
        assert pcm_of(episode, span) == clip.pcm
        gap = round(pause * rate)
        assert episode.pcm[2 * span.end : 2 * (span.end + gap)] == bytes(2 * gap)
        position = span.end + gap
    assert episode.frames == position


def test_mp3_of_the_stitched_episode_lasts_as_long_as_the_timeline(tmp_path):
    rate = 24000
    sentences = [tone(1.0 + 0.37 * (i % 5), 22050 if i % 2 else rate, pitch=180 + 15 * i) for i in range(12)]
    pauses = [0.3 if i % 4 else 0.8 for i in range(12)]
    episode, spans = stitch([Segment(c, p) for c, p in zip(sentences, pauses, strict=True)], rate, lead_in=0.2)

    target = encode_mp3(episode, tmp_path / "episode.mp3", bitrate="64k")
    heard = decode(target.read_bytes(), "mp3", rate)

    assert abs(heard.duration - episode.duration) < 0.05
    timeline_end = spans[-1].end_seconds(rate) + pauses[-1]
    assert abs(heard.duration - timeline_end) < 0.05

    # Where the timeline says a sentence is, the listener hears it; where it says pause, silence.
    for span, pause in zip(spans, pauses, strict=True):
        middle = (span.start + span.end) // 2
        assert rms(heard.pcm[2 * (middle - 1200) : 2 * (middle + 1200)]) > 2000
        quiet = span.end + round(pause * rate) // 2
        assert rms(heard.pcm[2 * (quiet - 1200) : 2 * (quiet + 1200)]) < 50
