"""A programme planned from its parts and streamed, never held whole: the clips of an episode or a
bulletin, each followed by its pause.

Planning needs no PCM: every cached clip's trimmed length and loudness profile come from the clip
cache's entry (``audio.cache.CachedClip``), so the timeline (a ``Span`` per part, in frames), the
length and the input loudness are known before a sample is read. The PCM is then produced piece
by piece (``pcm_pieces``), each clip read from the cache as its turn comes, so a programme of any
length passes through the masters in the memory of one clip. Parts held in memory (jingles, or a
clip at another rate) are converted when the programme is planned.

An ``ArrivingProgramme`` is one whose parts are still being synthesized: it streams them in order
as they come, and is planned whole once the last has come.
"""
from __future__ import annotations

import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from audio.cache import CachedClip, ClipCache
from audio.clip import SAMPLE_WIDTH, Clip
from audio.levels import HOP_SECONDS, Levels, db, integrated_loudness, measure_levels, programme_hops
from audio.stitch import Span, check_layout, pause_frames


@dataclass(frozen=True)
class Part:
    """One clip of a programme (cached, read when streamed, or in memory) and the silence after it."""

    source: CachedClip | Clip
    pause_after: float  # seconds

    def __post_init__(self) -> None:
        if not isinstance(self.source, (CachedClip, Clip)):
            raise TypeError(f"Part.source must be a CachedClip or a Clip, got {type(self.source).__name__}")
        if not math.isfinite(self.pause_after) or self.pause_after < 0:
            raise ValueError(f"pause_after must be a finite number of seconds >= 0, got {self.pause_after!r}")


@dataclass(frozen=True)
class _Planned:
    source: CachedClip | Clip  # a Clip is already at the programme's rate and layout
    frames: int
    silence: int  # frames after the clip
    levels: Levels


class Programme:
    """Parts at one sample rate and channel layout, with ``lead_in`` seconds of silence first.

    The last part's pause is kept as a tail, so a programme does not end abruptly and its length
    is always what its parts ask for. A span covers only its clip, never the pause after it.
    """

    def __init__(self, parts: Sequence[Part], sample_rate: int, channels: int = 1,
                 cache: ClipCache | None = None, lead_in: float = 0.0):
        if not parts:
            raise ValueError("nothing to stitch: no parts")
        check_layout(sample_rate, channels, lead_in)
        self.sample_rate, self.channels, self.cache = sample_rate, channels, cache
        self.lead_in_frames = pause_frames(lead_in, sample_rate)
        self._parts = [self._plan(part) for part in parts]
        spans, position = [], self.lead_in_frames
        for planned in self._parts:
            spans.append(Span(position, position + planned.frames))
            position += planned.frames + planned.silence
        self.spans: tuple[Span, ...] = tuple(spans)
        self.frames = position

    def _plan(self, part: Part) -> _Planned:
        silence = pause_frames(part.pause_after, self.sample_rate)
        source = part.source
        if isinstance(source, CachedClip):
            if self.cache is None:
                raise ValueError("a programme of cached clips needs the clip cache")
            if (source.sample_rate, source.channels) == (self.sample_rate, self.channels):
                return _Planned(source, source.frames, silence, source.levels)
            source = self.cache.speech(source)  # another rate or layout: converted now, kept in memory
        clip = source.converted(self.sample_rate, self.channels)
        return _Planned(clip, clip.frames, silence, measure_levels(clip))

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate

    def input_loudness(self) -> float:
        """Integrated loudness (LUFS) of the programme as planned, from its parts' profiles."""
        hop = max(1, round(HOP_SECONDS * self.sample_rate))
        hops = programme_hops(
            [(None, 0, self.lead_in_frames)] + [(p.levels, p.frames, p.silence) for p in self._parts], hop)
        return integrated_loudness(hops)

    def sample_peak(self) -> float:
        """The largest sample of any part, in dBFS."""
        return db(max(p.levels.peak for p in self._parts))

    def pcm_pieces(self) -> Iterator[bytes]:
        """The programme's PCM, clip by clip with the silences between (each piece whole frames)."""
        width = SAMPLE_WIDTH * self.channels
        silences: dict[int, bytes] = {}

        def silence(frames: int) -> bytes:
            data = silences.get(frames)
            if data is None:
                data = silences[frames] = bytes(frames * width)
            return data

        if self.lead_in_frames:
            yield silence(self.lead_in_frames)
        for planned in self._parts:
            source = planned.source
            if isinstance(source, CachedClip):
                assert self.cache is not None
                clip = self.cache.speech(source)
                if clip.frames != planned.frames:
                    raise RuntimeError(f"clip {source.key} changed in the cache while a programme was made")
                yield clip.pcm
            else:
                yield source.pcm
            if planned.silence:
                yield silence(planned.silence)

    def to_clip(self) -> Clip:
        """The whole programme in memory (for tests and short programmes)."""
        return Clip(b"".join(self.pcm_pieces()), self.sample_rate, self.channels)

    def excerpt(self, seconds: float, slices: int) -> Clip:
        """``slices`` stretches of ``seconds`` each, spread over the programme and joined with 2 ms
        fades (the whole programme when it is not longer than that): enough speech to learn how a
        chain treats the programme's loudness at a fraction of the cost."""
        slice_frames = round(seconds * self.sample_rate)
        if self.frames <= slice_frames * slices:
            return self.to_clip()
        step = (self.frames - slice_frames) / (slices - 1)
        starts = [round(index * step) for index in range(slices)]
        wanted = [(start, start + slice_frames) for start in starts]
        pieces = _gather(self.pcm_pieces(), wanted, self.channels)
        fade = np.linspace(0.0, 1.0, max(2, round(0.002 * self.sample_rate)))[:, None]
        shaped = []
        for piece in pieces:
            samples = piece.astype(np.float32)
            samples[:len(fade)] *= fade
            samples[-len(fade):] *= fade[::-1]
            shaped.append(samples)
        joined = np.round(np.concatenate(shaped)).astype("<i2")
        return Clip(joined.tobytes(), self.sample_rate, self.channels)


def _gather(pieces: Iterator[bytes], wanted: list[tuple[int, int]], channels: int) -> list[np.ndarray]:
    """The frames ``[start, end)`` of each wanted stretch (in order, not overlapping) from a stream."""
    found: list[list[np.ndarray]] = [[] for _ in wanted]
    position = 0
    for piece in pieces:
        frames = np.frombuffer(piece, dtype="<i2").reshape(-1, channels)
        end = position + len(frames)
        for index, (start, stop) in enumerate(wanted):
            lo, hi = max(start, position), min(stop, end)
            if lo < hi:
                found[index].append(frames[lo - position:hi - position])
        position = end
        if position >= wanted[-1][1]:
            break
    return [np.concatenate(parts) if parts else np.zeros((0, channels), dtype="<i2") for parts in found]


class ArrivingProgramme:
    """A programme whose parts arrive while it is being mastered: a render that synthesizes its
    sentences hands each part over as soon as its clip is made (``arrive``, in any order), and the
    masters read the PCM in order as it becomes available (``pcm_pieces`` waits for the next part).

    How long the programme is, where its clips fall and how loud it is as a whole are known only
    once every part has arrived (``whole``); until then ``prefix`` plans from the parts so far.
    A producer that fails calls ``fail``: whoever waits for a part gets its error.
    """

    def __init__(self, count: int, sample_rate: int, channels: int = 1, cache: ClipCache | None = None,
                 lead_in: float = 0.0):
        if count <= 0:
            raise ValueError("nothing to stitch: no parts")
        check_layout(sample_rate, channels, lead_in)
        self.count, self.sample_rate, self.channels, self.cache = count, sample_rate, channels, cache
        self.lead_in = lead_in
        self._parts: list[Part | None] = [None] * count
        self._ready = 0  # parts 0.._ready-1 have all arrived
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._whole: Programme | None = None

    def arrive(self, index: int, part: Part) -> None:
        """Part ``index`` (0-based) is ready."""
        if not 0 <= index < self.count:
            raise IndexError(f"part {index} of a programme of {self.count}")
        with self._changed:
            if self._parts[index] is not None:
                raise ValueError(f"part {index} arrived twice")
            self._parts[index] = part
            while self._ready < self.count and self._parts[self._ready] is not None:
                self._ready += 1
            self._changed.notify_all()

    def fail(self, error: BaseException) -> None:
        """The parts still missing will not come: ``error`` says why."""
        with self._changed:
            self._error = error
            self._changed.notify_all()

    def _until_ready(self, ready: int) -> None:
        """Wait (holding the lock) until the first ``ready`` parts have arrived, or raise the producer's error."""
        while self._ready < ready:
            if self._error is not None:
                raise self._error
            self._changed.wait()

    def _wait(self, ready: int) -> list[Part]:
        """The first ``ready`` parts, once they have arrived."""
        with self._changed:
            self._until_ready(ready)
            return [part for part in self._parts[:ready] if part is not None]

    def _part(self, index: int) -> Part:
        with self._changed:
            self._until_ready(index + 1)
            part = self._parts[index]
        assert part is not None
        return part

    def prefix(self, seconds: float) -> Programme:
        """The programme's first parts, planned as a programme of their own, once they hold at least
        ``seconds`` of it (every part, when it is shorter): what the masters plan the gain from."""
        with self._changed:
            while True:
                if self._error is not None:
                    raise self._error
                held, ready = self.lead_in, 0
                while ready < self._ready and held < seconds:
                    part = self._parts[ready]
                    assert part is not None
                    held += part.source.frames / part.source.sample_rate + part.pause_after
                    ready += 1
                if held >= seconds or ready == self.count:
                    parts = [part for part in self._parts[:ready] if part is not None]
                    break
                self._changed.wait()
        return Programme(parts, self.sample_rate, self.channels, self.cache, self.lead_in)

    def whole(self) -> Programme:
        """The whole programme planned, once every part has arrived."""
        if self._whole is None:
            self._whole = Programme(self._wait(self.count), self.sample_rate, self.channels, self.cache,
                                    self.lead_in)
        return self._whole

    @property
    def complete(self) -> bool:
        with self._changed:
            return self._ready == self.count

    def pcm_pieces(self) -> Iterator[bytes]:
        """The programme's PCM in order, each part as soon as it and those before it have arrived."""
        lead_in = pause_frames(self.lead_in, self.sample_rate)
        if lead_in:
            yield bytes(lead_in * SAMPLE_WIDTH * self.channels)
        for index in range(self.count):
            part = self._part(index)
            yield from Programme([part], self.sample_rate, self.channels, self.cache).pcm_pieces()
