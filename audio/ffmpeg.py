"""Running the ffmpeg binary shipped by imageio-ffmpeg (there is no ffprobe), the one way Loa does.

``run`` gives ffmpeg its input at once and collects its output; ``stream`` feeds PCM from a thread
and hands the output on piece by piece, for programmes too long to hold twice; ``decode`` turns
audio bytes of a named format into a ``Clip``.
"""
from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import IO

from audio.clip import Clip

PIECE = 1 << 20  # bytes handed to or taken from ffmpeg at a time


class FFmpegError(RuntimeError):
    """ffmpeg failed; the message is what it printed."""


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    import imageio_ffmpeg  # resolved once: it looks for the binary on first use

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def command(args: list[str]) -> list[str]:
    """The whole command line: quiet but for errors, never reading the terminal."""
    return [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", *args]


def run(args: list[str], stdin: bytes | memoryview | None = None) -> bytes:
    """Run ffmpeg with ``stdin`` as its input; its standard output."""
    proc = subprocess.run(command(args), input=stdin, capture_output=True)
    if proc.returncode != 0:
        raise FFmpegError(proc.stderr.decode("utf-8", "replace").strip() or f"ffmpeg exited {proc.returncode}")
    return proc.stdout


def stream(args: list[str], stdin: bytes | memoryview | None, sink: Callable[[bytes], None] | None) -> None:
    """Run ffmpeg, feeding ``stdin`` from a thread and handing its standard output to ``sink``
    piece by piece (neither side waits for the other to finish)."""
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            command(args),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE if sink is not None else subprocess.DEVNULL,
            stderr=errors,
        )
        feeder = None
        if stdin is not None:
            assert proc.stdin is not None
            feeder = threading.Thread(target=_feed, args=(proc.stdin, stdin), daemon=True)
            feeder.start()
        try:
            if sink is not None:
                assert proc.stdout is not None
                while piece := proc.stdout.read(PIECE):
                    sink(piece)
            returncode = proc.wait()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            if feeder is not None:
                feeder.join()
            if proc.stdout is not None:
                proc.stdout.close()
        if returncode != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()
            raise FFmpegError(message or f"ffmpeg exited {returncode}")


def _feed(pipe: IO[bytes], data: bytes | memoryview) -> None:
    view = memoryview(data)
    try:
        for start in range(0, len(view), PIECE):
            pipe.write(view[start:start + PIECE])
    except (BrokenPipeError, ValueError):
        pass  # ffmpeg stopped reading; its exit status tells why
    finally:
        try:
            pipe.close()
        except BrokenPipeError:
            pass


def decode(data: bytes, codec: str, sample_rate: int, channels: int = 1) -> Clip:
    """Decode ``data`` (``codec`` is ffmpeg's demuxer name: ``mp3``, ``wav``...) to a Clip."""
    pcm = run(
        ["-f", codec, "-i", "pipe:0", "-f", "s16le", "-acodec", "pcm_s16le",
         "-ac", str(channels), "-ar", str(sample_rate), "pipe:1"],
        stdin=data,
    )
    frame = 2 * channels
    return Clip(pcm[: len(pcm) - len(pcm) % frame], sample_rate, channels)


def decode_file(path: Path, codec: str, sample_rate: int, channels: int = 1) -> Clip:
    return decode(Path(path).read_bytes(), codec, sample_rate, channels)
