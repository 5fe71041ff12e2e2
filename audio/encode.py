"""Encoding and decoding through the ffmpeg binary shipped by imageio-ffmpeg (there is no ffprobe)."""
from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path

from audio.clip import Clip
from loa.storage import temporary_path_beside


class EncodeError(RuntimeError):
    """ffmpeg failed to encode or decode."""


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(args: list[str], stdin: bytes | None = None) -> bytes:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", *args],
        input=stdin,
        capture_output=True,
    )
    if proc.returncode != 0:
        raise EncodeError(proc.stderr.decode("utf-8", "replace").strip() or f"ffmpeg exited {proc.returncode}")
    return proc.stdout


def decode(data: bytes, codec: str, sample_rate: int, channels: int = 1) -> Clip:
    """Decode ``data`` (``codec`` is ffmpeg's demuxer name: ``mp3``, ``wav``...) to a Clip."""
    pcm = _run(
        ["-f", codec, "-i", "pipe:0", "-f", "s16le", "-acodec", "pcm_s16le",
         "-ac", str(channels), "-ar", str(sample_rate), "pipe:1"],
        stdin=data,
    )
    frame = 2 * channels
    return Clip(pcm[: len(pcm) - len(pcm) % frame], sample_rate, channels)


def decode_file(path: Path, codec: str, sample_rate: int, channels: int = 1) -> Clip:
    return decode(Path(path).read_bytes(), codec, sample_rate, channels)


def encode_mp3(clip: Clip, target: Path, bitrate: str = "64k", tags: dict[str, str] | None = None) -> Path:
    """Encode ``clip`` as CBR MP3 at ``target``, atomically (temporary file, then rename)."""
    target = Path(target)
    tmp = temporary_path_beside(target)
    metadata: list[str] = []
    for key, value in (tags or {}).items():
        metadata += ["-metadata", f"{key}={value}"]
    try:
        _run(
            ["-y", "-f", "s16le", "-ar", str(clip.sample_rate), "-ac", str(clip.channels), "-i", "pipe:0",
             "-codec:a", "libmp3lame", "-b:a", bitrate, "-id3v2_version", "4", *metadata, "-f", "mp3", str(tmp)],
            stdin=clip.pcm,
        )
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def mp3_bytes(clip: Clip, bitrate: str = "32k") -> bytes:
    """MP3 bytes in memory (used for fixtures and engines that hand back MP3)."""
    return _run(
        ["-f", "s16le", "-ar", str(clip.sample_rate), "-ac", str(clip.channels), "-i", "pipe:0",
         "-codec:a", "libmp3lame", "-b:a", bitrate, "-f", "mp3", "pipe:1"],
        stdin=clip.pcm,
    )
