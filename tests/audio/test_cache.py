from __future__ import annotations

import array
import re
import threading
from pathlib import Path

import pytest

from audio.cache import ClipCache
from audio.clip import Clip
from audio.engines.base import SpeechEngine
from loa.storage import LocalStorage


def clip_for(text: str, sample_rate: int = 22050) -> Clip:
    """A clip whose content and length depend on the text."""
    frames = 200 + 10 * len(text)
    seed = sum(map(ord, text))
    return Clip(array.array("h", ((seed + 37 * i) % 20000 - 10000 for i in range(frames))).tobytes(), sample_rate)


class CountingEngine:
    """Implements SpeechEngine and records every sentence it is asked to speak."""

    def __init__(self, name: str = "fake", voice: str = "vi", speed: float = 1.0):
        self.name = name
        self.voice = voice
        self.speed = speed
        self.calls: list[str] = []

    @property
    def settings_key(self) -> str:
        return f"speed={self.speed}"

    def synthesize(self, text: str) -> Clip:
        self.calls.append(text)
        return clip_for(text)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture
def cache(tmp_path: Path) -> ClipCache:
    return ClipCache(LocalStorage(tmp_path / "data"))


def test_miss_then_hit(cache: ClipCache):
    key = cache.key_for("espeak", "vi", "speed=1.0", "Xin chào Hà Nội.")
    assert cache.get(key) is None
    assert key not in cache

    clip = clip_for("Xin chào Hà Nội.")
    cache.put(key, clip)
    assert key in cache
    assert cache.get(key) == clip


def test_stereo_and_rate_survive_the_round_trip(cache: ClipCache):
    clip = Clip(array.array("h", range(-500, 500)).tobytes(), 44100, 2)
    cache.put("clips/xx/stereo.wav", clip)
    assert cache.get("clips/xx/stereo.wav") == clip


def test_key_layout(cache: ClipCache):
    key = cache.key_for("gtts", "vi", "tld=com.vn", "Một câu.")
    match = re.fullmatch(r"clips/([0-9a-f]{2})/([0-9a-f]{64})\.wav", key)
    assert match and match.group(2).startswith(match.group(1))
    assert ClipCache(cache.storage, prefix="other").key_for("gtts", "vi", "tld=com.vn", "Một câu.").startswith("other/")


def test_key_changes_with_every_input(cache: ClipCache):
    base = ("gtts", "vi", "tld=com.vn", "Hôm nay trời đẹp.")
    keys = {cache.key_for(*base)}
    for position, changed in enumerate(["espeak", "vi-vn-x-south", "tld=com", "Hôm nay trời đẹp!"]):
        inputs = list(base)
        inputs[position] = changed
        keys.add(cache.key_for(*inputs))
    assert len(keys) == 5
    # Fields cannot bleed into each other.
    assert cache.key_for("a", "b c", "d", "e") != cache.key_for("a b", "c", "d", "e")
    assert cache.key_for("a", "b", "", "c") != cache.key_for("a", "", "b", "c")
    # The same inputs give the same key from any instance.
    assert ClipCache(LocalStorage(cache.storage.root)).key_for(*base) == cache.key_for(*base)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda wav: wav[: len(wav) // 2], id="truncated-data"),
        pytest.param(lambda wav: wav[:30], id="truncated-header"),
        pytest.param(lambda wav: b"", id="empty"),
        pytest.param(lambda wav: b"<html>502 Bad Gateway</html>", id="not-wav"),
        pytest.param(lambda wav: wav[:34] + b"\x08\x00" + wav[36:], id="8-bit"),
    ],
)
def test_damaged_file_is_a_miss_and_is_removed(cache: ClipCache, damage):
    engine = CountingEngine()
    key = cache.key_for(engine.name, engine.voice, engine.settings_key, "Câu bị hỏng.")
    cache.storage.write_bytes(key, damage(clip_for("Câu bị hỏng.").to_wav()))

    assert cache.get(key) is None
    assert not cache.storage.exists(key)

    cache.storage.write_bytes(key, damage(clip_for("Câu bị hỏng.").to_wav()))
    clip, cached = cache.get_or_synthesize(engine, "Câu bị hỏng.")
    assert (clip, cached, engine.calls) == (clip_for("Câu bị hỏng."), False, ["Câu bị hỏng."])
    assert cache.get(key) == clip


def test_a_sentence_is_synthesized_once_across_articles_and_rerenders(tmp_path: Path):
    first = ["Tin sáng nay.", "Giá xăng giảm.", "Cảm ơn quý vị đã theo dõi."]
    second = ["Tin chiều nay.", "Giá xăng giảm.", "Cảm ơn quý vị đã theo dõi."]
    engine = CountingEngine()
    assert isinstance(engine, SpeechEngine)
    cache = ClipCache(LocalStorage(tmp_path / "data"))

    results = [cache.get_or_synthesize(engine, s) for s in first + second + first]
    assert engine.calls == ["Tin sáng nay.", "Giá xăng giảm.", "Cảm ơn quý vị đã theo dõi.", "Tin chiều nay."]
    assert [cached for _, cached in results] == [False, False, False, False, True, True, True, True, True]
    assert all(clip == clip_for(text) for (clip, _), text in zip(results, first + second + first, strict=True))

    # Another process later (new Storage and cache on the same directory) finds every clip.
    later_engine = CountingEngine()
    later = ClipCache(LocalStorage(tmp_path / "data"))
    for sentence in first + second:
        assert later.get_or_synthesize(later_engine, sentence) == (clip_for(sentence), True)
    assert later_engine.calls == []


def test_a_change_of_voice_or_settings_synthesizes_again(cache: ClipCache):
    sentence = "Giá xăng giảm."
    normal, faster, southern = CountingEngine(), CountingEngine(speed=1.25), CountingEngine(voice="vi-vn-x-south")
    for engine in (normal, faster, southern):
        assert cache.get_or_synthesize(engine, sentence)[1] is False
        assert cache.get_or_synthesize(engine, sentence)[1] is True
        assert engine.calls == [sentence]


def test_a_failed_synthesis_caches_nothing(cache: ClipCache):
    class Broken(CountingEngine):
        def synthesize(self, text: str) -> Clip:
            raise RuntimeError("service down")

    with pytest.raises(RuntimeError):
        cache.get_or_synthesize(Broken(), "Câu nào đó.")
    assert files_under(cache.storage.root) == []


def test_no_temporary_files_are_left_behind(cache: ClipCache):
    engine = CountingEngine()
    sentences = [f"Câu số {i}." for i in range(40)]
    for sentence in sentences:
        cache.get_or_synthesize(engine, sentence)
    expected = sorted(cache.key_for(engine.name, engine.voice, engine.settings_key, s) for s in sentences)
    assert files_under(cache.storage.root) == expected


def test_concurrent_writers_of_one_key_leave_one_whole_file(cache: ClipCache):
    key = cache.key_for("fake", "vi", "speed=1.0", "Cùng một câu.")
    clip = clip_for("Cùng một câu." * 200)
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            start.wait()
            for _ in range(20):
                cache.put(key, clip)
                assert cache.get(key) == clip
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert files_under(cache.storage.root) == [key]
    assert cache.get(key) == clip


def test_an_entry_knows_the_speech_and_its_loudness_without_the_pcm(cache: ClipCache):
    speech_samples = array.array("h", (1000 if i % 2 else -1000 for i in range(3000))).tobytes()
    padded = Clip(bytes(2 * 2205) + speech_samples + bytes(2 * 2205), 22050)
    cache.put("clips/aa/pad.wav", padded)
    entry = cache.entry("clips/aa/pad.wav")
    speech = cache.speech(entry)
    # 10 ms (220 frames) of the engine's silent padding kept on each side of the speech.
    assert (entry.start, entry.end) == (2205 - 220, 2205 + 3000 + 220)
    assert speech.pcm == padded.pcm[2 * entry.start:2 * entry.end]
    assert len(entry.levels.mean_squares) == 2 and entry.levels.peak == 1000 / 32768
    assert cache.get("clips/aa/pad.wav") == padded  # the clip itself is kept as the engine made it


def test_a_clip_cached_before_profiles_gets_one_when_first_read(cache: ClipCache):
    key = "clips/bb/old.wav"
    cache.storage.write_bytes(key, clip_for("Câu cũ.").to_wav())  # a plain WAV, as the cache wrote them
    entry = cache.entry(key)
    assert entry is not None and entry.frames > 0
    assert b"loud" in cache.storage.read_bytes(key)
    assert cache.get(key) == clip_for("Câu cũ.")
