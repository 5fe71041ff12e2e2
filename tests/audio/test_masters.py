"""Podcast and broadcast masters measured the way a listener's player or the station's playout sees them."""
from __future__ import annotations

import threading
import time
import wave
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode

from audio.bwf import BextInfo
from audio.clip import Clip
from audio.engines.espeak import EspeakEngine
from audio.ffmpeg import FFmpegError, decode_file
from audio.loudness import Loudness
from audio.masters import (
    BroadcastOutput,
    LateChapters,
    LearnedCompensations,
    MasterError,
    PodcastOutput,
    broadcast_master,
    make_masters,
    podcast_master,
)
from audio.programme import ArrivingProgramme, Part, Programme
from audio.tags import Chapter, EpisodeTags
from tests.audio.test_loudness import NEWS, click_time, click_track, scaled
from tests.support.bwf_reader import read_bext
from tests.support.loudness_reference import measure

TAGS = EpisodeTags("Bản tin sáng", "Đài PT-TH Quảng Trị", "Loa — Tin tức", datetime(2024, 5, 1, 6, 30),
                   "https://baoquangtri.vn/tin.htm")
BEXT = BextInfo(description="Bản tin sáng", originator="Đài Quảng Trị", origination=datetime(2024, 5, 1, 6, 30))


@pytest.fixture(scope="module")
def episode() -> Clip:
    """About 29 s of espeak speech at 24 kHz mono, as the renderer produces episodes."""
    voice = EspeakEngine(voice="vi", rate=165, sample_rate=24000).synthesize(NEWS).pcm
    return Clip((voice + b"\0" * 9600) * 2, 24000, 1)


def agrees_with_reference(reported: Loudness, reference: Loudness) -> None:
    """What a master reports (ffmpeg's ebur128, measured while it is made) against the reference
    meter run on the finished file: within 0.2 LU and 0.3 dB."""
    assert reported.integrated == pytest.approx(reference.integrated, abs=0.2)
    assert reported.loudness_range == pytest.approx(reference.loudness_range, abs=0.2)
    assert reported.max_momentary == pytest.approx(reference.max_momentary, abs=0.2)
    assert reported.max_short_term == pytest.approx(reference.max_short_term, abs=0.2)
    assert reported.true_peak == pytest.approx(reference.true_peak, abs=0.3)


def wav_clip(path: Path) -> Clip:
    with wave.open(str(path), "rb") as src:
        assert src.getsampwidth() == 2
        return Clip(src.readframes(src.getnframes()), src.getframerate(), src.getnchannels())


@pytest.mark.parametrize(("stereo", "target"), [(False, -19.0), (True, -16.0)])
@pytest.mark.parametrize("level_db", [-18.0, 0.0])
def test_podcast_mp3_decodes_at_the_aes_target(tmp_path: Path, episode: Clip, stereo: bool, target: float,
                                               level_db: float):
    source = scaled(episode, level_db)
    info = podcast_master(source, tmp_path / "ep.mp3", stereo=stereo, tags=TAGS)
    channels = 2 if stereo else 1
    decoded = decode_file(info.path, "mp3", 44100, channels)
    heard = measure(decoded)
    assert heard.integrated == pytest.approx(target, abs=1.0)
    assert heard.true_peak <= -1.0
    agrees_with_reference(info.loudness, heard)
    assert (info.sample_rate, info.channels) == (44100, channels)
    assert info.duration == pytest.approx(source.duration, abs=0.05)
    assert info.bytes == info.path.stat().st_size
    stream = MP3(info.path).info
    assert (stream.sample_rate, stream.channels, stream.bitrate) == (44100, channels, 64000)
    assert stream.bitrate_mode == BitrateMode.CBR


@pytest.mark.parametrize("bitrate", ["80k", "96k"])
def test_podcast_bitrates(tmp_path: Path, episode: Clip, bitrate: str):
    info = podcast_master(episode, tmp_path / "ep.mp3", tags=TAGS, bitrate=bitrate)
    assert MP3(info.path).info.bitrate == int(bitrate[:-1]) * 1000


@pytest.mark.parametrize("bitrate", ["32k", "128k", "64", "fast"])
def test_podcast_refuses_bitrates_outside_64_to_96k(tmp_path: Path, episode: Clip, bitrate: str):
    with pytest.raises(ValueError):
        podcast_master(episode, tmp_path / "ep.mp3", tags=TAGS, bitrate=bitrate)
    assert list(tmp_path.iterdir()) == []


def test_podcast_carries_its_tags_and_chapters(tmp_path: Path, episode: Clip):
    chapters = [Chapter("Mở đầu", 0.0, 12.5), Chapter("Tin chính", 12.5, episode.duration)]
    info = podcast_master(episode, tmp_path / "ep.mp3", tags=TAGS, chapters=chapters,
                          cover_png=b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    tag = ID3(info.path)
    assert tag.version[:2] == (2, 4)
    assert tag["TIT2"].text == ["Bản tin sáng"] and tag.getall("APIC")
    assert sorted((c.start_time, c.end_time) for c in tag.getall("CHAP")) == [(0, 12500), (12500, round(episode.duration * 1000))]
    assert [p.name for p in tmp_path.iterdir()] == ["ep.mp3"]


@pytest.mark.parametrize("stereo", [False, True])
@pytest.mark.parametrize("level_db", [-20.0, 0.0])
def test_broadcast_wav_is_r128_with_bext_v2(tmp_path: Path, episode: Clip, stereo: bool, level_db: float):
    source = scaled(episode, level_db)
    info = broadcast_master(source, tmp_path / "ep.wav", stereo=stereo, bext=BEXT)
    clip = wav_clip(info.path)
    channels = 2 if stereo else 1
    assert (clip.sample_rate, clip.channels) == (48000, channels)
    assert clip.frames == round(source.frames * 2)
    measured = measure(clip)
    assert measured.integrated == pytest.approx(-23.0, abs=0.5)
    assert measured.true_peak <= -1.0
    agrees_with_reference(info.loudness, measured)
    bext = read_bext(info.path)
    assert bext.version == 2
    assert bext.description == "Ban tin sang" and bext.originator == "Dai Quang Tri"
    assert bext.origination == datetime(2024, 5, 1, 6, 30)
    assert bext.loudness_value == round(info.loudness.integrated * 100) / 100
    assert bext.loudness_range == round(info.loudness.loudness_range * 100) / 100
    assert bext.max_true_peak_level == round(info.loudness.true_peak * 100) / 100
    assert bext.max_momentary_loudness == round(info.loudness.max_momentary * 100) / 100
    assert bext.max_short_term_loudness == round(info.loudness.max_short_term * 100) / 100
    assert bext.coding_history.startswith(f"A=PCM,F=48000,W=16,M={'stereo' if stereo else 'mono'}")


def test_timing_survives_both_masters(tmp_path: Path):
    """A click stays within 5 ms in the broadcast WAV and within 50 ms in the decoded podcast MP3."""
    voice_seconds = EspeakEngine(voice="vi", rate=165, sample_rate=24000).synthesize(NEWS).duration
    at = voice_seconds + 2.0417
    source = click_track(24000, at)
    wav = broadcast_master(source, tmp_path / "ep.wav", bext=BEXT)
    assert abs(click_time(wav_clip(wav.path), at) - at) <= 0.005
    mp3 = podcast_master(source, tmp_path / "ep.mp3", tags=TAGS)
    assert abs(click_time(decode_file(mp3.path, "mp3", 44100), at) - at) <= 0.050


def test_silence_cannot_be_mastered_and_leaves_nothing(tmp_path: Path):
    with pytest.raises(MasterError):
        broadcast_master(Clip.silence(3.0, 24000), tmp_path / "ep.wav", bext=BEXT)
    with pytest.raises(MasterError):
        podcast_master(Clip.silence(3.0, 24000), tmp_path / "ep.mp3", tags=TAGS)
    assert list(tmp_path.iterdir()) == []


def test_failed_masters_keep_the_previous_files(tmp_path: Path, episode: Clip, monkeypatch):
    wav = broadcast_master(episode, tmp_path / "ep.wav", bext=BEXT).path
    mp3 = podcast_master(episode, tmp_path / "ep.mp3", tags=TAGS).path
    before = {wav: wav.read_bytes(), mp3: mp3.read_bytes()}
    monkeypatch.setattr("audio.ffmpeg.ffmpeg_exe", lambda: "/nonexistent/ffmpeg")
    with pytest.raises(OSError):
        broadcast_master(scaled(episode, -6.0), wav, bext=BEXT)
    monkeypatch.undo()
    with pytest.raises(ValueError):  # tagging fails after the audio is encoded into the temporary file
        podcast_master(scaled(episode, -6.0), mp3, tags=TAGS, cover_png=b"not a png")
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ep.mp3", "ep.wav"]


def test_ffmpeg_failure_surfaces_as_ffmpeg_error(tmp_path: Path, episode: Clip, monkeypatch):
    monkeypatch.setattr("audio.masters.PODCAST_RATE", 12345)  # libmp3lame refuses this rate
    with pytest.raises(FFmpegError):
        podcast_master(episode, tmp_path / "ep.mp3", tags=TAGS)
    assert list(tmp_path.iterdir()) == []


def test_broadcast_limits_a_loud_click_in_quiet_speech(tmp_path: Path):
    """Quiet speech with a full-scale click: the gain to -23 LUFS would put the click over 0 dBFS,
    so the broadcast pass goes through the limiter, and the click stays in place."""
    voice_seconds = EspeakEngine(voice="vi", rate=165, sample_rate=24000).synthesize(NEWS).duration
    at = voice_seconds + 2.0417
    source = click_track(24000, at)
    samples = np.frombuffer(source.pcm, "<i2").astype(np.float64)
    quiet = np.where(np.abs(samples) > 30000, samples, samples * 10 ** (-20 / 20))  # speech 20 dB down, click kept
    source = Clip(np.round(quiet).astype("<i2").tobytes(), 24000, 1)
    info = broadcast_master(source, tmp_path / "ep.wav", bext=BEXT)
    clip = wav_clip(info.path)
    measured = measure(clip)
    assert measured.integrated == pytest.approx(-23.0, abs=0.5)
    assert measured.true_peak <= -1.0
    agrees_with_reference(info.loudness, measured)
    assert abs(click_time(clip, at) - at) <= 0.005


def arriving_from_thread(parts: list[Part], order: list[int], fail_at: int | None = None) -> ArrivingProgramme:
    """A programme whose parts a thread hands over in ``order``, 20 ms apart (failing at ``fail_at``)."""
    arriving = ArrivingProgramme(len(parts), 24000, 1)

    def deliver() -> None:
        for step, index in enumerate(order):
            time.sleep(0.02)
            if step == fail_at:
                arriving.fail(RuntimeError("the voice stopped answering"))
                return
            arriving.arrive(index, parts[index])

    threading.Thread(target=deliver, daemon=True).start()
    return arriving


def test_a_programme_is_mastered_while_it_arrives(tmp_path: Path, episode: Clip):
    """Both masters of a programme mastered as its parts come in out of order: on target, as long as
    the programme, chapters that could only be known at its end in the tag, the WAV's sizes right."""
    half = episode.frames // 2
    pieces = [episode.sliced(0, half), scaled(episode.sliced(half, episode.frames), -3.0)] * 3
    parts = [Part(piece, 0.4) for piece in pieces]
    whole = Programme(parts, 24000, 1)
    titles = [f"Phần {n + 1}" for n in range(len(parts))]

    def chapters_of(programme: Programme) -> list[Chapter]:  # every other part opens a chapter
        starts = [programme.spans[i].start / 24000 for i in range(0, len(parts), 2)]
        ends = [*starts[1:], programme.duration]
        return [Chapter(titles[i * 2], start, end) for i, (start, end) in enumerate(zip(starts, ends, strict=True))]

    candidates = [Chapter(title, n, n + 1) for n, title in enumerate(titles)]
    arriving = arriving_from_thread(parts, [1, 0, 2, 4, 3, 5])
    masters = make_masters(
        arriving,
        PodcastOutput(tmp_path / "ep.mp3", TAGS, chapters=LateChapters(candidates, chapters_of)),
        BroadcastOutput(tmp_path / "ep.wav", BEXT),
        compensations=LearnedCompensations(),
    )
    assert masters.podcast is not None and masters.broadcast is not None
    decoded = decode_file(masters.podcast.path, "mp3", 44100)
    heard = measure(decoded)
    assert heard.integrated == pytest.approx(-19.0, abs=1.0) and heard.true_peak <= -1.0
    agrees_with_reference(masters.podcast.loudness, heard)
    assert masters.podcast.duration == pytest.approx(whole.duration, abs=0.001)
    assert decoded.duration == pytest.approx(whole.duration, abs=0.03)
    tag = ID3(masters.podcast.path)
    expected = chapters_of(whole)
    assert [(c.sub_frames["TIT2"].text[0], c.start_time, c.end_time) for c in tag.getall("CHAP")] == [
        (c.title, c.start_ms, c.end_ms) for c in expected]
    wav = wav_clip(masters.broadcast.path)
    assert wav.frames == whole.frames * 2 and masters.broadcast.duration == pytest.approx(whole.duration)
    measured = measure(wav)
    assert measured.integrated == pytest.approx(-23.0, abs=0.5) and measured.true_peak <= -1.0
    assert read_bext(masters.broadcast.path).loudness_value == round(masters.broadcast.loudness.integrated * 100) / 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ep.mp3", "ep.wav"]


def test_a_programme_whose_parts_stop_coming_leaves_nothing(tmp_path: Path, episode: Clip):
    parts = [Part(episode, 0.4) for _ in range(4)]
    (tmp_path / "ep.mp3").write_bytes(b"the previous episode")
    arriving = arriving_from_thread(parts, [0, 1, 2, 3], fail_at=3)
    with pytest.raises(RuntimeError, match="stopped answering"):
        make_masters(arriving, PodcastOutput(tmp_path / "ep.mp3", TAGS), BroadcastOutput(tmp_path / "ep.wav", BEXT))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ep.mp3"]
    assert (tmp_path / "ep.mp3").read_bytes() == b"the previous episode"


def test_a_failing_run_does_not_wait_for_parts_still_to_come(tmp_path: Path, episode: Clip, monkeypatch):
    """The disk filling up while the MP3 is written and the programme's last part has not come: the
    error comes at once, not when (or if) the rest of the programme arrives."""
    import errno

    import audio.mp3file

    monkeypatch.setattr("audio.masters.ARRIVING_PLAN_SECONDS", 1.0)

    def disk_full(self, piece: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audio.mp3file.Mp3Writer, "write", disk_full)
    arriving = ArrivingProgramme(2, 24000, 1)
    arriving.arrive(0, Part(episode.sliced(0, 36000), 0.4))  # small enough to be read whole at once
    outcome: list[BaseException] = []

    def master() -> None:
        try:
            make_masters(arriving, PodcastOutput(tmp_path / "ep.mp3", TAGS), compensations=LearnedCompensations())
        except BaseException as err:
            outcome.append(err)

    thread = threading.Thread(target=master, daemon=True)
    thread.start()
    thread.join(timeout=30)
    try:
        assert not thread.is_alive(), "the masters waited for a part that never came"
        assert len(outcome) == 1 and isinstance(outcome[0], OSError) and outcome[0].errno == errno.ENOSPC
        assert list(tmp_path.iterdir()) == []
    finally:
        arriving.fail(RuntimeError("test over"))
