"""A programme planned from its clips' cache entries and streamed clip by clip."""
from __future__ import annotations

import numpy as np
import pytest

from audio.cache import ClipCache
from audio.clip import Clip
from audio.engines.espeak import EspeakEngine
from audio.jingles import default_stinger
from audio.programme import Part, Programme
from audio.stitch import Segment, stitch
from loa.storage import LocalStorage
from tests.support.loudness_reference import measure

SENTENCES = ["Trời mưa to ở các huyện miền núi.", "Nước sông Hiếu đang lên nhanh.", "Người dân cần đề phòng lũ quét."]


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    cache = ClipCache(LocalStorage(tmp_path_factory.mktemp("data")))
    engine = EspeakEngine(voice="vi", rate=165, sample_rate=24000)
    entries = [cache.entry_or_synthesize(engine, s) for s in SENTENCES]
    return cache, entries


def test_the_plan_and_the_stream_agree_with_stitching_the_trimmed_clips(cached):
    cache, entries = cached
    pauses = [0.45, 0.8, 0.45]
    programme = Programme([Part(e, p) for e, p in zip(entries, pauses, strict=True)], 24000, 1, cache, lead_in=0.2)
    trimmed = [cache.get(e.key).trimmed() for e in entries]
    audio, spans = stitch([Segment(c, p) for c, p in zip(trimmed, pauses, strict=True)], 24000, lead_in=0.2)
    assert programme.spans == tuple(spans)
    assert programme.frames == audio.frames
    assert programme.to_clip() == audio
    assert all(len(piece) % 2 == 0 for piece in programme.pcm_pieces())
    assert programme.input_loudness() == pytest.approx(measure(audio).integrated, abs=0.1)
    assert programme.sample_peak() == pytest.approx(20 * np.log10(np.abs(np.frombuffer(audio.pcm, "<i2")).max() / 32768),
                                                    abs=0.01)


def test_clips_held_in_memory_and_at_another_rate_are_converted_when_planned(cached):
    cache, entries = cached
    chime = default_stinger(22050, 1)
    programme = Programme([Part(chime, 0.3), Part(entries[0], 0.0)], 48000, 2, cache)
    assert programme.spans[0].end - programme.spans[0].start == chime.converted(48000, 2).frames
    whole = programme.to_clip()
    assert (whole.sample_rate, whole.channels, whole.frames) == (48000, 2, programme.frames)


def test_an_excerpt_is_slices_of_the_programme(cached):
    cache, entries = cached
    programme = Programme([Part(e, 0.5) for e in entries * 6], 24000, 1, cache)
    excerpt = programme.excerpt(1.0, 4)
    assert excerpt.frames == 4 * 24000
    short = programme.excerpt(60.0, 6)
    assert short == programme.to_clip()


def test_a_clip_that_changes_in_the_cache_while_streaming_is_an_error(cached, tmp_path):
    cache, entries = cached
    programme = Programme([Part(entries[0], 0.1)], 24000, 1, cache)
    original = cache.storage.read_bytes(entries[0].key)
    try:
        cache.put(entries[0].key, Clip(bytes(2000), 24000))
        with pytest.raises(RuntimeError, match="changed in the cache"):
            list(programme.pcm_pieces())
    finally:
        cache.storage.write_bytes(entries[0].key, original)


def test_bad_parts_are_refused():
    with pytest.raises(ValueError):
        Programme([], 24000)
    with pytest.raises(TypeError):
        Part(b"pcm", 0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Part(Clip(bytes(20), 24000), float("nan"))
