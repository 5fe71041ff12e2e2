"""Running the ffmpeg binary shipped by imageio-ffmpeg (there is no ffprobe), the one way Loa does.

``run`` gives ffmpeg its input at once and collects its output; ``stream`` feeds PCM from a thread
and hands the output on piece by piece, for programmes too long to hold twice; ``FedRun`` is fed
by the caller while it runs (another run's output, as it comes); ``decode`` turns audio bytes of a
named format into a ``Clip``.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import IO

import miniaudio

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


Source = bytes | memoryview | Iterable[bytes] | None
Sink = Callable[[bytes], None]


def stream(args: list[str], stdin: Source, sink: Sink | None, extra_outputs: dict[str, Sink] | None = None) -> None:
    """Run ffmpeg, feeding ``stdin`` (bytes, or pieces of bytes as they are made) from a thread and
    handing its standard output to ``sink`` piece by piece. ``extra_outputs`` names further outputs:
    an argument ``pipe:<name>`` in ``args`` becomes a pipe of its own whose bytes go to that name's
    sink, read by a thread of its own, so no side waits for another to finish."""
    readers: list[threading.Thread] = []
    failures: list[BaseException] = []
    pipes: dict[str, tuple[int, int]] = {name: os.pipe() for name in (extra_outputs or {})}
    still_open = {fd for pair in pipes.values() for fd in pair}
    try:
        named = {f"pipe:{name}": f"pipe:{write}" for name, (_read, write) in pipes.items()}
        with tempfile.TemporaryFile() as errors:
            proc = subprocess.Popen(
                command([named.get(arg, arg) for arg in args]),
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE if sink is not None else subprocess.DEVNULL,
                stderr=errors,
                pass_fds=tuple(write for _, write in pipes.values()),
            )
            for name, (read, write) in pipes.items():
                os.close(write)
                still_open.discard(write)
                reader = threading.Thread(target=_drain, args=(read, (extra_outputs or {})[name], failures),
                                          daemon=True)
                reader.start()
                readers.append(reader)
            feeder, returncode = None, None
            if stdin is not None:
                assert proc.stdin is not None
                feeder = threading.Thread(target=_feed, args=(proc.stdin, stdin, failures), daemon=True)
                feeder.start()
            try:
                if sink is not None:
                    assert proc.stdout is not None
                    while piece := os.read(proc.stdout.fileno(), PIECE):  # what has come: the sink starts early
                        sink(piece)
                returncode = proc.wait()
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            finally:
                if feeder is not None:
                    # A run that failed reads no more: its input may still be in the making (a programme
                    # whose clips are being synthesized), and is not waited for; writing it fails at once.
                    feeder.join(None if returncode == 0 else 1.0)
                for reader in readers:
                    reader.join()
                if proc.stdout is not None:
                    proc.stdout.close()
            if failures:
                raise failures[0]
            if returncode != 0:
                raise _failure(errors, returncode)
    finally:
        for fd in still_open:  # each exactly once: a number closed twice may be another file's by then
            os.close(fd)


class FedRun:
    """An ffmpeg run whose input the caller hands over piece by piece while it runs (``write``), for
    work that follows another process's output as it comes; ``finish`` ends the input and waits for
    it (``FFmpegError`` if it failed), ``kill`` stops it. Its output goes where its arguments say."""

    def __init__(self, args: list[str]):
        self._errors = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(command(args), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                      stderr=self._errors)
        self._broken = False

    def write(self, piece: bytes | memoryview) -> None:
        if self._broken:
            return
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(piece)
        except (BrokenPipeError, ValueError):
            self._broken = True  # it stopped reading: its exit status, read by finish, tells why

    def finish(self) -> None:
        try:
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.close()
            except BrokenPipeError:
                pass
            returncode = self._proc.wait()
            if returncode != 0:
                raise _failure(self._errors, returncode)
        finally:
            self._errors.close()

    def kill(self) -> None:
        self._proc.kill()
        self._proc.wait()
        if self._proc.stdin is not None:
            try:
                self._proc.stdin.close()
            except BrokenPipeError:
                pass
        self._errors.close()


def _failure(errors: IO[bytes], returncode: int) -> FFmpegError:
    """What a failed run printed to ``errors`` (its standard error), as the error to raise."""
    errors.seek(0)
    message = errors.read().decode("utf-8", "replace").strip()
    return FFmpegError(message or f"ffmpeg exited {returncode}")


def _drain(fd: int, sink: Sink, failures: list[BaseException]) -> None:
    try:
        with os.fdopen(fd, "rb", closefd=False) as pipe:
            while piece := pipe.read1(PIECE):
                sink(piece)
    except BaseException as err:  # handed to the caller's thread
        failures.append(err)


def _feed(pipe: IO[bytes], data: Source, failures: list[BaseException]) -> None:
    pieces: Iterable[bytes | memoryview]
    if isinstance(data, (bytes, bytearray, memoryview)):
        view = memoryview(data)
        pieces = (view[start:start + PIECE] for start in range(0, len(view), PIECE))
    else:
        pieces = data  # type: ignore[assignment]
    try:
        for piece in pieces:
            pipe.write(piece)
    except (BrokenPipeError, ValueError):
        pass  # ffmpeg stopped reading; its exit status tells why
    except BaseException as err:  # making the input failed (a clip left the cache, say)
        failures.append(err)
    finally:
        try:
            pipe.close()
        except BrokenPipeError:
            pass




_NATIVE_READERS = {"mp3": miniaudio.mp3_read_s16, "wav": miniaudio.wav_read_s16, "flac": miniaudio.flac_read_s16}


def decode(data: bytes, codec: str, sample_rate: int, channels: int = 1) -> Clip:
    """Decode ``data`` (``codec`` is ffmpeg's demuxer name: ``mp3``, ``wav``...) to a Clip.

    MP3, WAV and FLAC are decoded in this process (miniaudio: a thousandth of the time of starting
    an ffmpeg, which matters for engines that answer every sentence piece as an MP3); anything else,
    or a file miniaudio cannot read, goes through ffmpeg.
    """
    if codec in _NATIVE_READERS:
        clip = _decode_in_process(data, codec)
        if clip is not None:
            return clip.converted(sample_rate, channels)
    pcm = run(
        ["-f", codec, "-i", "pipe:0", "-f", "s16le", "-acodec", "pcm_s16le",
         "-ac", str(channels), "-ar", str(sample_rate), "pipe:1"],
        stdin=data,
    )
    frame = 2 * channels
    return Clip(pcm[: len(pcm) - len(pcm) % frame], sample_rate, channels)


def _decode_in_process(data: bytes, codec: str) -> Clip | None:
    """``data`` decoded at its own rate and channels (``miniaudio.decode`` would first convert it to
    44.1 kHz stereo, and converting back would resample it twice); None when miniaudio cannot."""
    try:
        decoded = _NATIVE_READERS[codec](data)
    except miniaudio.MiniaudioError:
        return None
    if decoded.nchannels not in (1, 2) or decoded.sample_rate <= 0:
        return None
    return Clip(decoded.samples.tobytes(), decoded.sample_rate, decoded.nchannels)


def decode_file(path: Path, codec: str, sample_rate: int, channels: int = 1) -> Clip:
    return decode(Path(path).read_bytes(), codec, sample_rate, channels)
