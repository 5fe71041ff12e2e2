"""EspeakEngine: real speech from libespeak-ng, offline."""
from __future__ import annotations

import array
import hashlib
import math
import multiprocessing
import threading

import pytest

from audio.clip import Clip
from audio.engines import espeak
from audio.engines.espeak import EspeakEngine
from audio.errors import EngineUnavailable, SpeechError

TEN_WORDS = "Sáng nay trời mưa to khiến nhiều tuyến phố ngập sâu."
PARAGRAPH = (
    "Sáng nay, Thủ tướng đã chủ trì cuộc họp về phát triển kinh tế xã hội. "
    "Các bộ ngành báo cáo tình hình thực hiện kế hoạch sáu tháng đầu năm, "
    "đồng thời đề xuất nhiều giải pháp tháo gỡ khó khăn cho doanh nghiệp."
)


def rms(clip: Clip) -> float:
    samples = array.array("h", clip.pcm)
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def fingerprint(clip: Clip) -> str:
    return hashlib.sha256(clip.pcm).hexdigest()


def test_sentence_is_audible_speech_of_plausible_length():
    clip = EspeakEngine(sample_rate=24000).synthesize(TEN_WORDS)

    assert clip.sample_rate == 24000
    assert clip.channels == 1
    assert 1.0 < clip.duration < 10.0
    assert rms(clip) > 500  # silence is 0; espeak's speech measures in the thousands


def test_requested_rate_and_channels():
    clip = EspeakEngine(sample_rate=44100, channels=2).synthesize(TEN_WORDS)
    native = EspeakEngine(sample_rate=22050).synthesize(TEN_WORDS)

    assert (clip.sample_rate, clip.channels) == (44100, 2)
    assert clip.duration == pytest.approx(native.duration, abs=0.01)


def test_longer_text_gives_longer_audio():
    short = EspeakEngine().synthesize(TEN_WORDS)
    long = EspeakEngine().synthesize(PARAGRAPH)

    assert long.duration > 2 * short.duration


def test_faster_rate_gives_shorter_audio():
    slow = EspeakEngine(rate=120).synthesize(PARAGRAPH)
    fast = EspeakEngine(rate=250).synthesize(PARAGRAPH)

    assert fast.duration < 0.75 * slow.duration


def test_same_text_gives_identical_audio_whatever_was_said_before():
    engine = EspeakEngine()
    first = engine.synthesize(TEN_WORDS)
    EspeakEngine(rate=200).synthesize(PARAGRAPH)
    engine.synthesize("Xin chào.")
    again = engine.synthesize(TEN_WORDS)

    assert fingerprint(again) == fingerprint(first)


def test_little_silence_is_added_around_the_speech():
    samples = array.array("h", EspeakEngine(sample_rate=22050).synthesize(TEN_WORDS).pcm)
    loud = [i for i, s in enumerate(samples) if abs(s) > 300]

    assert loud[0] / 22050 < 0.05
    assert (len(samples) - loud[-1]) / 22050 < 0.05


def test_threads_get_the_same_audio_as_one_after_another():
    texts = [TEN_WORDS, PARAGRAPH, "Xin chào các bạn.", "Một hai ba bốn năm."] * 3
    engine = EspeakEngine()
    expected = [fingerprint(engine.synthesize(t)) for t in texts]
    results: list[str | None] = [None] * len(texts)

    def speak(i: int) -> None:
        results[i] = fingerprint(engine.synthesize(texts[i]))

    threads = [threading.Thread(target=speak, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert results == expected


def _speak_in_child(text: str, queue) -> None:
    queue.put(fingerprint(EspeakEngine().synthesize(text)))


def test_forked_child_speaks_after_the_parent_initialized_the_library():
    parent = fingerprint(EspeakEngine().synthesize(TEN_WORDS))  # the library is now set up here
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_speak_in_child, args=(TEN_WORDS, queue))
    child.start()
    child.join(timeout=60)

    assert child.exitcode == 0
    assert queue.get(timeout=5) == parent


def test_forked_child_speaks_while_a_parent_thread_holds_the_library():
    EspeakEngine().synthesize("Xin chào.")
    speaker = espeak._shared_speaker()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    with speaker.lock:  # as if another thread were mid-synthesis when the worker forked
        child = context.Process(target=_speak_in_child, args=(TEN_WORDS, queue))
        child.start()
        child.join(timeout=60)

    assert child.exitcode == 0
    assert queue.get(timeout=5) == fingerprint(EspeakEngine().synthesize(TEN_WORDS))


@pytest.mark.parametrize("text", ["", "   ", "...!?"])
def test_nothing_to_say_is_a_speech_error(text):
    with pytest.raises(SpeechError, match="nothing to say"):
        EspeakEngine().synthesize(text)


def test_unknown_voice_is_unavailable():
    with pytest.raises(EngineUnavailable, match="no voice"):
        EspeakEngine(voice="xx-nowhere").synthesize(TEN_WORDS)


def test_southern_voice_sounds_different():
    northern = EspeakEngine(voice="vi").synthesize(TEN_WORDS)
    southern = EspeakEngine(voice="vi-vn-x-south").synthesize(TEN_WORDS)

    assert rms(southern) > 500
    assert fingerprint(southern) != fingerprint(northern)


def test_missing_library_is_unavailable(monkeypatch):
    import espeakng_loader

    monkeypatch.setattr(espeak, "_speaker", None)
    monkeypatch.setattr(espeakng_loader, "get_library_path", lambda: "/nonexistent/libespeak-ng.so")

    with pytest.raises(EngineUnavailable, match="not found"):
        EspeakEngine().synthesize(TEN_WORDS)


def test_settings_key_changes_with_everything_that_changes_the_sound():
    keys = {
        EspeakEngine().settings_key,
        EspeakEngine(voice="vi-vn-x-south").settings_key,
        EspeakEngine(rate=200).settings_key,
        EspeakEngine(sample_rate=44100).settings_key,
        EspeakEngine(channels=2).settings_key,
    }
    assert len(keys) == 5
    engine = EspeakEngine()
    assert (engine.name, engine.voice) == ("espeak", "vi")
