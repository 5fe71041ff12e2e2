from __future__ import annotations

import array
import math
from pathlib import Path

import pytest

from audio.clip import Clip
from audio.encode import EncodeError, decode, encode_mp3


def tone(seconds: float, sample_rate: int, channels: int = 1) -> Clip:
    frames = round(seconds * sample_rate)
    samples = array.array("h")
    for i in range(frames):
        value = int(9000 * math.sin(2 * math.pi * 330 * i / sample_rate))
        samples.extend([value] * channels)
    return Clip(samples.tobytes(), sample_rate, channels)


def test_writes_only_the_target(tmp_path: Path):
    target = encode_mp3(tone(1.0, 24000), tmp_path / "episode.mp3")
    assert target == tmp_path / "episode.mp3"
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]
    assert target.stat().st_size > 0


def test_failed_encode_leaves_no_target_and_no_temporary_file(tmp_path: Path):
    with pytest.raises(EncodeError):
        encode_mp3(tone(0.5, 24000), tmp_path / "episode.mp3", bitrate="not-a-bitrate")
    assert list(tmp_path.iterdir()) == []


def test_failed_re_encode_keeps_the_previous_file(tmp_path: Path):
    target = encode_mp3(tone(0.5, 24000), tmp_path / "episode.mp3")
    before = target.read_bytes()
    with pytest.raises(EncodeError):
        encode_mp3(tone(2.0, 24000), target, bitrate="not-a-bitrate")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]


@pytest.mark.parametrize(
    ("seconds", "sample_rate", "channels"),
    [(2.0, 24000, 1), (3.217, 22050, 1), (1.5, 44100, 2), (1.01, 16000, 1)],
)
def test_decoded_duration_matches_the_clip(tmp_path: Path, seconds: float, sample_rate: int, channels: int):
    clip = tone(seconds, sample_rate, channels)
    target = encode_mp3(clip, tmp_path / "episode.mp3")
    heard = decode(target.read_bytes(), "mp3", sample_rate, channels)
    assert (heard.sample_rate, heard.channels) == (sample_rate, channels)
    assert abs(heard.duration - clip.duration) < 0.05


def test_decode_reads_wav_at_another_rate():
    clip = tone(1.0, 24000)
    heard = decode(clip.to_wav(), "wav", 16000, 2)
    assert (heard.sample_rate, heard.channels) == (16000, 2)
    assert abs(heard.frames - 16000) <= 1


def test_tags_are_written_as_id3v2_4(tmp_path: Path):
    title = "Bản tin sáng: Hà Nội mưa lớn"
    target = encode_mp3(tone(0.5, 24000), tmp_path / "episode.mp3", tags={"title": title, "artist": "Loa"})
    data = target.read_bytes()
    assert data[:4] == b"ID3\x04"
    header = data[: 10 + id3_size(data[6:10])]
    assert title.encode("utf-8") in header
    assert b"TIT2" in header and b"TPE1" in header
    # The audio still decodes after the tag.
    assert abs(decode(data, "mp3", 24000).duration - 0.5) < 0.05


def id3_size(synchsafe: bytes) -> int:
    size = 0
    for byte in synchsafe:
        size = (size << 7) | (byte & 0x7F)
    return size
