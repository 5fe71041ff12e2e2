"""The one ffmpeg runner: decoding what engines and files hold, and its errors."""
from __future__ import annotations

import array
import math
from pathlib import Path

import pytest

from audio import ffmpeg
from audio.clip import Clip
from audio.ffmpeg import FFmpegError, decode, decode_file
from tests.support.audio_files import encode_mp3, mp3_bytes


def tone(seconds: float, sample_rate: int, channels: int = 1) -> Clip:
    frames = round(seconds * sample_rate)
    samples = array.array("h")
    for i in range(frames):
        value = int(9000 * math.sin(2 * math.pi * 330 * i / sample_rate))
        samples.extend([value] * channels)
    return Clip(samples.tobytes(), sample_rate, channels)


@pytest.mark.parametrize(
    ("seconds", "sample_rate", "channels"),
    [(2.0, 24000, 1), (3.217, 22050, 1), (1.5, 44100, 2), (1.01, 16000, 1)],
)
def test_decoded_duration_matches_the_clip(tmp_path: Path, seconds: float, sample_rate: int, channels: int):
    clip = tone(seconds, sample_rate, channels)
    target = encode_mp3(clip, tmp_path / "episode.mp3")
    heard = decode_file(target, "mp3", sample_rate, channels)
    assert (heard.sample_rate, heard.channels) == (sample_rate, channels)
    assert abs(heard.duration - clip.duration) < 0.05


def test_decode_reads_wav_at_another_rate():
    clip = tone(1.0, 24000)
    heard = decode(clip.to_wav(), "wav", 16000, 2)
    assert (heard.sample_rate, heard.channels) == (16000, 2)
    assert abs(heard.frames - 16000) <= 1


def test_bytes_that_are_not_audio_raise_with_what_ffmpeg_said():
    with pytest.raises(FFmpegError) as caught:
        decode(b"<html>not audio</html>", "mp3", 24000)
    assert str(caught.value)  # ffmpeg's own message, not an empty error


def test_stream_hands_the_output_on_in_pieces_and_fails_like_run():
    clip = tone(3.0, 24000)
    pieces: list[bytes] = []
    ffmpeg.stream(["-f", "mp3", "-i", "pipe:0", "-f", "s16le", "-ar", "24000", "-ac", "1", "pipe:1"],
                  mp3_bytes(clip), pieces.append)
    assert abs(len(b"".join(pieces)) / 2 / 24000 - 3.0) < 0.1
    with pytest.raises(FFmpegError):
        ffmpeg.stream(["-f", "mp3", "-i", "pipe:0", "-f", "nonsense-format", "pipe:1"], b"garbage", None)


def test_a_fed_run_reads_what_it_is_given_piece_by_piece(tmp_path: Path):
    clip = tone(2.0, 24000)
    out = tmp_path / "fed.wav"
    run = ffmpeg.FedRun(["-f", "s16le", "-ar", "24000", "-ac", "1", "-i", "pipe:0", str(out)])
    for start in range(0, len(clip.pcm), 999):  # pieces that split samples
        run.write(clip.pcm[start:start + 999])
    run.finish()
    assert decode_file(out, "wav", 24000).pcm == clip.pcm


def test_a_fed_run_that_fails_says_why_and_one_killed_is_gone(tmp_path: Path):
    run = ffmpeg.FedRun(["-f", "mp3", "-i", "pipe:0", "-f", "null", "-"])
    run.write(b"this is not an mp3 stream at all" * 4000)  # it may stop reading: writing on is harmless
    run.write(b"more")
    with pytest.raises(FFmpegError):
        run.finish()
    stopped = ffmpeg.FedRun(["-f", "s16le", "-ar", "24000", "-ac", "1", "-i", "pipe:0", "-f", "null", "-"])
    stopped.write(tone(0.5, 24000).pcm)
    stopped.kill()
    assert stopped._proc.returncode is not None
