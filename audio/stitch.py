"""Stitching sentence clips and pauses into one episode, with the exact position of every sentence.

Positions are frame counts (integers). Each pause is rounded to whole frames once, on its own,
and every position after that is a sum of integers, so a span never drifts however many
sentences come before it. The PCM is gathered as a list of byte pieces and joined once: adding
clips one by one copies the whole episode at every step, which is quadratic.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from audio.clip import SAMPLE_WIDTH, Clip


@dataclass(frozen=True)
class Segment:
    """One sentence's audio and the silence that follows it, in seconds."""

    clip: Clip
    pause_after: float

    def __post_init__(self) -> None:
        if not isinstance(self.clip, Clip):
            raise TypeError(f"Segment.clip must be a Clip, got {type(self.clip).__name__}")
        if not math.isfinite(self.pause_after) or self.pause_after < 0:
            raise ValueError(f"pause_after must be a finite number of seconds >= 0, got {self.pause_after!r}")


@dataclass(frozen=True)
class Span:
    """Where one segment's clip lies in the stitched audio: frames ``start`` up to ``end`` (exclusive)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    @property
    def frames(self) -> int:
        return self.end - self.start

    def start_seconds(self, sample_rate: int) -> float:
        return self.start / sample_rate

    def end_seconds(self, sample_rate: int) -> float:
        return self.end / sample_rate


def pause_frames(seconds: float, sample_rate: int) -> int:
    """Frames of silence for a pause of ``seconds`` (rounded to the nearest frame)."""
    return round(seconds * sample_rate)


def check_layout(sample_rate: int, channels: int, lead_in: float) -> None:
    """Raise ``ValueError`` unless the rate is positive, the channels 1 or 2 and the lead-in a finite
    number of seconds, 0 or more (what every stitched programme is made of)."""
    if sample_rate <= 0:
        raise ValueError("sample_rate must be positive")
    if channels not in (1, 2):
        raise ValueError("channels must be 1 or 2")
    if not math.isfinite(lead_in) or lead_in < 0:
        raise ValueError(f"lead_in must be a finite number of seconds >= 0, got {lead_in!r}")


def stitch(
    segments: Sequence[Segment],
    sample_rate: int,
    channels: int = 1,
    lead_in: float = 0.0,
) -> tuple[Clip, list[Span]]:
    """Join ``segments`` into one Clip at ``sample_rate``/``channels``; return it and one Span per segment.

    The audio is ``lead_in`` seconds of silence, then each clip followed by its ``pause_after``.
    The last segment's pause is kept as a tail, so an episode does not end abruptly on the
    last syllable and the total length is always the sum of what the segments ask for. A span
    covers only the clip, never its pause.
    """
    if not segments:
        raise ValueError("nothing to stitch: no segments")
    check_layout(sample_rate, channels, lead_in)

    frame_width = SAMPLE_WIDTH * channels
    silences: dict[int, bytes] = {}  # the same few pause lengths recur: share their zero bytes

    def silence(frames: int) -> bytes:
        data = silences.get(frames)
        if data is None:
            data = silences[frames] = bytes(frames * frame_width)
        return data

    pieces: list[bytes] = []
    spans: list[Span] = []
    position = pause_frames(lead_in, sample_rate)
    if position:
        pieces.append(silence(position))
    for segment in segments:
        clip = segment.clip.converted(sample_rate, channels)
        pieces.append(clip.pcm)
        spans.append(Span(position, position + clip.frames))
        position += clip.frames
        gap = pause_frames(segment.pause_after, sample_rate)
        if gap:
            pieces.append(silence(gap))
            position += gap

    return Clip(b"".join(pieces), sample_rate, channels), spans
