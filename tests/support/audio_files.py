"""MP3 files and bytes for tests, made with the same ffmpeg as Loa (imageio-ffmpeg's)."""
from __future__ import annotations

from pathlib import Path

from audio import ffmpeg
from audio.clip import Clip
from loa.storage import file_in_place


def _encoder_args(clip: Clip, bitrate: str) -> list[str]:
    return ["-f", "s16le", "-ar", str(clip.sample_rate), "-ac", str(clip.channels), "-i", "pipe:0",
            "-codec:a", "libmp3lame", "-b:a", bitrate]


def mp3_bytes(clip: Clip, bitrate: str = "32k") -> bytes:
    """``clip`` encoded as MP3, in memory (what a TTS service or a station's jingle file holds)."""
    return ffmpeg.run([*_encoder_args(clip, bitrate), "-f", "mp3", "pipe:1"], clip.pcm)


def encode_mp3(clip: Clip, target: Path, bitrate: str = "64k", tags: dict[str, str] | None = None) -> Path:
    """``clip`` as a CBR MP3 file at ``target`` (plain, without Loa's mastering), written in place."""
    metadata: list[str] = []
    for key, value in (tags or {}).items():
        metadata += ["-metadata", f"{key}={value}"]
    with file_in_place(Path(target)) as tmp:
        ffmpeg.run(["-y", *_encoder_args(clip, bitrate), "-id3v2_version", "4", *metadata, "-f", "mp3", str(tmp)],
                   clip.pcm)
    return Path(target)
