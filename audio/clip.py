"""Clip: an immutable piece of 16-bit PCM audio with a small, obvious API."""
from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import numpy as np

SAMPLE_WIDTH = 2  # bytes: signed 16-bit little-endian everywhere in Loa


@dataclass(frozen=True)
class Clip:
    """Signed 16-bit little-endian PCM, interleaved when ``channels`` > 1."""

    pcm: bytes
    sample_rate: int
    channels: int = 1

    def __post_init__(self) -> None:
        if self.sample_rate <= 0:
            raise ValueError("sample_rate must be positive")
        if self.channels not in (1, 2):
            raise ValueError("channels must be 1 or 2")
        if len(self.pcm) % (SAMPLE_WIDTH * self.channels):
            raise ValueError("PCM length is not a whole number of frames")

    @property
    def frames(self) -> int:
        """Number of samples per channel."""
        return len(self.pcm) // (SAMPLE_WIDTH * self.channels)

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.frames / self.sample_rate

    @classmethod
    def silence(cls, seconds: float, sample_rate: int, channels: int = 1) -> Clip:
        frames = round(seconds * sample_rate)
        return cls(b"\x00" * (frames * SAMPLE_WIDTH * channels), sample_rate, channels)

    def converted(self, sample_rate: int, channels: int = 1) -> Clip:
        """This clip at another sample rate and channel layout (itself when already there)."""
        if sample_rate == self.sample_rate and channels == self.channels:
            return self
        segment = _audio_segment_class()(
            data=self.pcm, sample_width=SAMPLE_WIDTH, frame_rate=self.sample_rate, channels=self.channels
        )
        segment = segment.set_channels(channels).set_frame_rate(sample_rate)
        return Clip(segment.raw_data, sample_rate, channels)

    def speech_bounds(self, threshold: int = 100, keep: float = 0.01) -> tuple[int, int]:
        """First and end (exclusive) frame once the near-silence (below ``threshold``, about -50 dBFS)
        at either end is left out, keeping ``keep`` seconds of it on each side; the whole clip when
        it is all near-silence.

        >>> Clip(b"\\x00\\x00" * 100 + b"\\xe8\\x03" * 10 + b"\\x00\\x00" * 100, 1000).speech_bounds(keep=0.005)
        (95, 115)
        """
        samples = np.abs(np.frombuffer(self.pcm, dtype="<i2").astype(np.int32)).reshape(-1, self.channels).max(axis=1)
        loud = np.flatnonzero(samples >= threshold)
        if loud.size == 0:
            return 0, self.frames
        margin = round(keep * self.sample_rate)
        return max(0, int(loud[0]) - margin), min(self.frames, int(loud[-1]) + 1 + margin)

    def trimmed(self, threshold: int = 100, keep: float = 0.01) -> Clip:
        """This clip without the near-silence at either end (``speech_bounds``). Engines pad some
        clips (after an opening bracket, say); trimmed, the pauses Loa adds are the only pauses and
        cues start on speech.

        >>> c = Clip(b"\\x00\\x00" * 100 + b"\\xe8\\x03" * 10 + b"\\x00\\x00" * 100, 1000)
        >>> c.trimmed(keep=0.005).frames
        20
        """
        first, last = self.speech_bounds(threshold, keep)
        return self.sliced(first, last)

    def sliced(self, first: int, end: int) -> Clip:
        """Frames ``first`` up to ``end`` (exclusive) of this clip (itself when that is all of it)."""
        if first == 0 and end == self.frames:
            return self
        width = SAMPLE_WIDTH * self.channels
        return Clip(self.pcm[first * width:end * width], self.sample_rate, self.channels)

    def to_wav(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(self.channels)
            out.setsampwidth(SAMPLE_WIDTH)
            out.setframerate(self.sample_rate)
            out.writeframes(self.pcm)
        return buffer.getvalue()


def _audio_segment_class():
    """pydub's AudioSegment, for its sample-rate and channel conversions (which need no ffmpeg: pydub
    only warns at import that it finds none on PATH)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Couldn't find ffmpeg", category=RuntimeWarning)
        warnings.filterwarnings("ignore", message=".*audioop.*", category=DeprecationWarning)
        from pydub import AudioSegment

    return AudioSegment
