"""A programme planned from its clips' cache entries and streamed clip by clip."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from audio.cache import ClipCache
from audio.clip import Clip
from audio.engines.espeak import EspeakEngine
from audio.jingles import default_stinger
from audio.programme import ArrivingProgramme, Part, Programme
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


def deliver(programme: ArrivingProgramme, parts: list[Part], order: list[int], pause: float = 0.01) -> threading.Thread:
    """Hand ``parts`` to ``programme`` from a thread, in ``order``, a moment apart."""
    def run() -> None:
        for index in order:
            time.sleep(pause)
            programme.arrive(index, parts[index])

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_an_arriving_programme_streams_in_order_whatever_order_its_parts_come_in(cached):
    cache, entries = cached
    parts = [Part(e, p) for e, p in zip(entries * 2, [0.45, 0.8, 0.45, 0.3, 0.8, 0.6], strict=True)]
    planned = Programme(parts, 24000, 1, cache, lead_in=0.2)
    arriving = ArrivingProgramme(len(parts), 24000, 1, cache, lead_in=0.2)
    assert not arriving.complete
    thread = deliver(arriving, parts, [2, 0, 5, 1, 4, 3])
    streamed = b"".join(arriving.pcm_pieces())
    thread.join()
    assert streamed == planned.to_clip().pcm
    assert arriving.complete
    whole = arriving.whole()
    assert (whole.spans, whole.frames, whole.input_loudness()) == (planned.spans, planned.frames, planned.input_loudness())


def test_a_prefix_waits_for_the_first_parts_only(cached):
    cache, entries = cached
    parts = [Part(e, 0.5) for e in entries]
    arriving = ArrivingProgramme(3, 24000, 1, cache)
    arriving.arrive(0, parts[0])
    arriving.arrive(2, parts[2])
    first = arriving.prefix(1.0)  # the first part holds more than a second
    assert first.spans == Programme(parts[:1], 24000, 1, cache).spans
    thread = deliver(arriving, parts, [1])
    assert arriving.prefix(first.duration + 0.1).frames == Programme(parts[:2], 24000, 1, cache).frames
    thread.join()
    assert arriving.prefix(3600.0).frames == arriving.whole().frames  # shorter than asked: all of it


def test_a_failed_producer_reaches_whoever_waits(cached):
    cache, entries = cached
    arriving = ArrivingProgramme(3, 24000, 1, cache)
    arriving.arrive(0, Part(entries[0], 0.5))
    pieces = arriving.pcm_pieces()
    assert next(pieces) == cache.speech(entries[0]).pcm  # the first part is there already
    threading.Timer(0.05, arriving.fail, [RuntimeError("the voice stopped answering")]).start()
    with pytest.raises(RuntimeError, match="stopped answering"):
        list(pieces)
    with pytest.raises(RuntimeError, match="stopped answering"):
        arriving.whole()


def test_an_arriving_programme_refuses_what_cannot_be():
    with pytest.raises(ValueError):
        ArrivingProgramme(0, 24000)
    arriving = ArrivingProgramme(1, 24000)
    part = Part(Clip(bytes(4800), 24000), 0.1)
    with pytest.raises(IndexError):
        arriving.arrive(1, part)
    arriving.arrive(0, part)
    with pytest.raises(ValueError, match="twice"):
        arriving.arrive(0, part)
