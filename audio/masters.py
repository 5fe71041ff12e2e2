"""Podcast and broadcast masters of one programme, both from one read of it.

- Podcast: MP3, 44.1 kHz, CBR 64-96 kbps, -19 LUFS mono or -16 LUFS stereo (AES TD1004), true
  peak at or under -1 dBTP, ID3v2.4 tags with chapters and cover. Loudness is measured on the
  decoded MP3, what listeners hear: MP3 coding moves peaks, so the check is made after it.
- Broadcast: BWF (16-bit PCM WAV with a ``bext`` v2 chunk), 48 kHz, EBU R128 -23 LUFS, true peak
  at or under -1 dBTP, the measured loudness written into ``bext``.

One ffmpeg process makes both: the programme's PCM streams in once (``audio.programme``: clip by
clip from the cache, never held whole) and is split; each branch has its own gain, oversampled
limiter and resampling, then

- for the podcast, the MP3 encoder writing to a pipe, whose frames go straight into the file
  after the ID3 tag (``audio.mp3file``: the file is written once) and, as they come, into a
  second ffmpeg process that decodes them as a player decodes the file and measures them
  (``ebur128`` and the true peak). A second process, not a loopback decoder (``-dec``) in the
  first: ffmpeg ran the loopback's decoding and metering in turn with the encoder, where two
  processes run side by side on two cores (1.48 s against 1.0-1.2 s for the podcast master of
  four minutes of speech on 2 cores);
- for the broadcast, the 16-bit PCM that this module writes into the BWF file and, as it comes,
  into a meter process of its own: measured off the filter graph's thread, so on two cores the
  metering runs beside the resampling instead of after it (60 minutes of speech, both masters:
  19.2 s against 22.1 s with the meter in the graph).

So a master is measured while it is made, in C: Python only hands the bytes on, it never computes on the samples. The gain is
planned from the programme's loudness as its clips' profiles give it (no scan of the input). The
limiter and LAME's lowpass lower the loudness (about 0.7 LU together on speech at -19 LUFS): the
gain makes up for it by what was learned the last time the same voice went through the same
chain (``Compensations``); only when nothing is known yet does the chain run first on half a
minute of excerpts to learn it. When the result misses the target by more than 0.3 LU or its
true peak is over the limit less a 0.1 dB allowance for the meters' disagreement, that master
runs once more with corrected gain and limiter ceiling; a master still out of specification
after that raises ``MasterError``. The broadcast master at -23 LUFS seldom needs the limiter:
when the programme's sample peak after the gain stays 1.5 dB under the ceiling, its pass is gain
and resampling only (the measurement still decides). Files are written under a temporary name
and renamed into place.

A programme can also be mastered while it arrives (``audio.programme.ArrivingProgramme``: a
render in one process synthesizing its sentences): the gain is planned from its first minute
(``ARRIVING_PLAN_SECONDS``), the limiter always runs on both masters (the peaks to come are not
known), the chain leaves out the final pad-and-trim to a length not known yet (the resampler gives
the input's duration or one frame more), the WAV's sizes and the MP3's Info frame are written at
the end, and the ID3 tag, written first with room for every chapter the programme could get
(``LateChapters``), is rewritten in place once the chapters are known. The gain is learned against
what the whole programme asks for, and a result that misses runs again on the whole programme.

LAME: ``-compression_level 7`` (``-q 7``: psychoacoustic model on, no noise shaping). Measured on
10 minutes of espeak Vietnamese speech at 64 kbps CBR mono 44.1 kHz (2 cores, loaded machine,
CPU seconds of the encode): level 2 6.3 s, levels 3 to 6 5.0 s, level 7 2.8 s; against the
source, wide-band PESQ (ITU-T P.862.2, on 16 kHz copies) 4.36 at level 2, 4.39 at 3 to 6 and
4.45 at 7, SNR 23.6 / 23.7 / 25.6 dB. At this rate and on speech the noise shaping of the slower
levels buys nothing measurable, and level 7 halves the encoder's time.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from audio.bwf import BextInfo, BwfWriter
from audio.clip import SAMPLE_WIDTH, Clip
from audio.ffmpeg import FedRun, stream
from audio.loudness import (
    GainPlan,
    Loudness,
    MetadataFile,
    corrected_plan,
    ebur128_filter,
    limiter_filter,
    plan_gain,
)
from audio.mp3file import Mp3Writer, info_template
from audio.programme import ArrivingProgramme, Part, Programme
from audio.tags import Chapter, EpisodeTags, id3_tag
from loa.storage import publish_file, temporary_path_beside

TRUE_PEAK_LIMIT = -1.0  # dBTP, both masters
PODCAST_RATE = 44100
PODCAST_MONO_LUFS = -19.0
PODCAST_STEREO_LUFS = -16.0
PODCAST_TOLERANCE = 1.0  # LU
PODCAST_BITRATES_KBPS = (64, 80, 96)  # the MPEG-1 Layer III rates from 64 to 96 kbps
BROADCAST_RATE = 48000
BROADCAST_LUFS = -23.0
BROADCAST_TOLERANCE = 0.5  # LU
# ffmpeg's true peak (4x, 16 taps a phase) and the reference meter's (4x, 64 taps) differ by a few hundredths
# of a dB on speech; a master is held this far under the limit by ffmpeg's measure.
TRUE_PEAK_ALLOWANCE = 0.1  # dB
LAME_COMPRESSION_LEVEL = 7  # see the module's docstring
_PROBE_SLICE_SECONDS = 4.0
_PROBE_SLICES = 6
_MAX_COMPENSATION_DB = 6.0
# A programme still arriving is mastered once its first parts hold this much of it: the gain is planned
# from them (one voice reading one article varies little), and the measurement of the result decides
# as always (a miss runs again on the whole programme).
ARRIVING_PLAN_SECONDS = 60.0


class MasterError(RuntimeError):
    """A master could not be brought within its loudness specification."""


class Compensations(Protocol):
    """What was learned about how much loudness a chain takes off a voice (dB), by chain and voice."""

    def get(self, key: str) -> float | None: ...

    def put(self, key: str, value: float) -> None: ...


class LearnedCompensations:
    """Compensations kept in memory (a process's own; the pipeline keeps them in storage)."""

    def __init__(self) -> None:
        self.values: dict[str, float] = {}

    def get(self, key: str) -> float | None:
        return self.values.get(key)

    def put(self, key: str, value: float) -> None:
        self.values[key] = value


@dataclass(frozen=True)
class LateChapters:
    """Chapters that depend on where the clips of a programme still arriving fall: ``of`` gives them
    from the whole programme. ``candidates`` are every chapter they could hold (with any times): the
    tag at the head of the MP3 keeps room for them, and is rewritten in place at the end."""

    candidates: Sequence[Chapter]
    of: Callable[[Programme], Sequence[Chapter]]


@dataclass(frozen=True)
class PodcastOutput:
    target: Path
    tags: EpisodeTags
    stereo: bool = False
    bitrate: str = "64k"
    chapters: Sequence[Chapter] | LateChapters = ()
    cover_png: bytes | None = None


@dataclass(frozen=True)
class BroadcastOutput:
    target: Path
    bext: BextInfo
    stereo: bool = False


@dataclass(frozen=True)
class MasterInfo:
    path: Path
    bytes: int
    duration: float  # seconds, as a player decodes it
    loudness: Loudness
    sample_rate: int
    channels: int
    passes: int  # 1, or 2 when the first missed and was corrected


@dataclass(frozen=True)
class Masters:
    podcast: MasterInfo | None
    broadcast: MasterInfo | None


def podcast_bitrate(bitrate: str) -> str:
    match = re.fullmatch(r"(\d+)k", bitrate)
    if not match or int(match.group(1)) not in PODCAST_BITRATES_KBPS:
        raise ValueError(f"podcast bitrate must be one of {', '.join(f'{b}k' for b in PODCAST_BITRATES_KBPS)}, got {bitrate!r}")
    return bitrate


def coding_history(channels: int) -> str:
    """An EBU R98 coding-history line for the PCM this module writes."""
    mode = "stereo" if channels == 2 else "mono"
    return f"A=PCM,F={BROADCAST_RATE},W={8 * SAMPLE_WIDTH},M={mode},T=Loa broadcast master\r\n"


class _FrameAligned:
    """Hands whole frames to ``consumer`` whatever the pipe's piece boundaries."""

    def __init__(self, frame_bytes: int, consumer: Callable[[bytes], None]):
        self.frame_bytes = frame_bytes
        self.consumer = consumer
        self.carry = b""

    def __call__(self, piece: bytes) -> None:
        data = self.carry + piece if self.carry else piece
        whole = len(data) - len(data) % self.frame_bytes
        self.carry = data[whole:]
        if whole:
            self.consumer(data[:whole])


# -- One master's branch of the ffmpeg graph ------------------------------------------------------

class _Branch:
    """What one master adds to the shared ffmpeg run, and what it keeps of it."""

    name: str
    rate: int
    channels: int
    target_lufs: float
    tolerance: float
    encoder: tuple[str, ...] = ()

    def __init__(self, programme: Programme | ArrivingProgramme, plan: GainPlan):
        self.programme, self.plan, self.base_gain = programme, plan, plan.gain_db
        self.tmp = temporary_path_beside(self.target)
        self.metadata = MetadataFile()
        self.passes = 1

    @property
    def known_frames(self) -> int | None:
        """The master's length in frames, when the programme's length is known before it is read."""
        if isinstance(self.programme, ArrivingProgramme) and not self.programme.complete:
            return None
        return self.frames

    @property
    def frames(self) -> int:
        """The master's length in frames (of a programme still arriving: once it has all arrived)."""
        programme = self.programme
        whole = programme.whole() if isinstance(programme, ArrivingProgramme) else programme
        return round(whole.frames * self.rate / whole.sample_rate)

    def again(self, plan: GainPlan) -> None:
        """Start over with ``plan`` on the whole programme: a fresh temporary file and meter."""
        self.discard()
        if isinstance(self.programme, ArrivingProgramme):
            self.programme = self.programme.whole()
        self.plan, self.passes = plan, self.passes + 1
        self.tmp = temporary_path_beside(self.target)
        self.metadata = MetadataFile()

    @property
    def target(self) -> Path:
        raise NotImplementedError

    def chain(self) -> str:
        return limiter_filter(self.plan, self.programme.sample_rate, self.rate, self.programme.channels,
                              self.channels, self.known_frames)

    def graph(self, source: str) -> tuple[str, list[str]]:
        """(filter graph piece fed by ``source``, output arguments)."""
        raise NotImplementedError

    def outputs(self, stack: ExitStack) -> dict[str, Callable[[bytes], None]]:
        """Open the temporary file; the sinks of this branch's pipes by name (``stdout`` for stdout)."""
        raise NotImplementedError

    def close(self, ok: bool) -> None:
        raise NotImplementedError

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)
        self.metadata.__exit__()


class _PodcastBranch(_Branch):
    name = "podcast"
    rate = PODCAST_RATE
    tolerance = PODCAST_TOLERANCE

    def __init__(self, programme: Programme | ArrivingProgramme, plan: GainPlan, output: PodcastOutput, tag: bytes):
        self.output = output
        self.channels = 2 if output.stereo else 1
        self.target_lufs = PODCAST_STEREO_LUFS if output.stereo else PODCAST_MONO_LUFS
        self.encoder = ("-ar", str(PODCAST_RATE), "-ac", str(self.channels), "-codec:a", "libmp3lame",
                        "-b:a", podcast_bitrate(output.bitrate), "-compression_level", str(LAME_COMPRESSION_LEVEL))
        self.tag = tag
        super().__init__(programme, plan)
        self.writer: Mp3Writer | None = None
        self.meter: FedRun | None = None

    @property
    def target(self) -> Path:
        return Path(self.output.target)

    def graph(self, source: str) -> tuple[str, list[str]]:
        piece = f"{source}{self.chain()}[mp3]"
        return piece, ["-map", "[mp3]", *self.encoder, "-id3v2_version", "0", "-f", "mp3", "pipe:1"]

    def meter_args(self) -> list[str]:
        """The run that decodes the encoder's frames as a player does and measures them."""
        return ["-f", "mp3", "-i", "pipe:0", "-filter_complex",
                f"[0:a]asetnsamples=n={PODCAST_RATE // 2}:p=0,{ebur128_filter(self.metadata, PODCAST_RATE)}[heard]",
                "-map", "[heard]", "-f", "null", "-"]

    def outputs(self, stack: ExitStack) -> dict[str, Callable[[bytes], None]]:
        out = stack.enter_context(open(self.tmp, "wb"))
        self.file = out
        self.writer = Mp3Writer(out, self.tag, info_template(self.encoder, self.programme.sample_rate,
                                                             self.programme.channels))
        self.meter = FedRun(self.meter_args())
        writer, meter = self.writer, self.meter

        def frames(piece: bytes) -> None:
            writer.write(piece)
            meter.write(piece)

        return {"stdout": frames}

    def close(self, ok: bool) -> None:
        if self.meter is not None:
            meter, self.meter = self.meter, None
            if not ok:
                meter.kill()
                return
            meter.finish()
        if ok and self.writer is not None:
            chapters = self.output.chapters
            if isinstance(chapters, LateChapters):
                whole = self.programme.whole() if isinstance(self.programme, ArrivingProgramme) else self.programme
                self.writer.retag(id3_tag(self.output.tags, chapters.of(whole), self.output.cover_png,
                                          size=len(self.tag)))
            self.writer.finish(self.frames)
            self.file.flush()
            os.fsync(self.file.fileno())


class _BroadcastBranch(_Branch):
    name = "broadcast"
    rate = BROADCAST_RATE
    target_lufs = BROADCAST_LUFS
    tolerance = BROADCAST_TOLERANCE

    def __init__(self, programme: Programme | ArrivingProgramme, plan: GainPlan, output: BroadcastOutput):
        self.output = output
        self.channels = 2 if output.stereo else 1
        super().__init__(programme, plan)
        bext = output.bext
        self.bext = bext if bext.coding_history else replace(bext, coding_history=coding_history(self.channels))
        self.writer: BwfWriter | None = None
        self.meter: FedRun | None = None
        self.written: int | None = None

    @property
    def target(self) -> Path:
        return Path(self.output.target)

    @property
    def frames(self) -> int:
        return self.written if self.written is not None else super().frames

    def graph(self, source: str) -> tuple[str, list[str]]:
        piece = f"{source}{self.chain()},aformat=sample_fmts=s16[pcm]"
        return piece, ["-map", "[pcm]", "-f", "s16le", "-acodec", "pcm_s16le", "pipe:broadcast"]

    def meter_args(self) -> list[str]:
        """The run that measures the 16-bit samples written: what is measured is what is written."""
        return ["-f", "s16le", "-ar", str(BROADCAST_RATE), "-ac", str(self.channels), "-i", "pipe:0",
                "-filter_complex", f"[0:a]{ebur128_filter(self.metadata, BROADCAST_RATE)}[heard]",
                "-map", "[heard]", "-f", "null", "-"]

    def outputs(self, stack: ExitStack) -> dict[str, Callable[[bytes], None]]:
        self.writer = BwfWriter(self.tmp, BROADCAST_RATE, self.channels, self.known_frames, self.bext)
        self.meter = FedRun(self.meter_args())
        writer, meter = self.writer, self.meter

        def samples(piece: bytes) -> None:
            writer.write(piece)
            meter.write(piece)

        return {"broadcast": _FrameAligned(SAMPLE_WIDTH * self.channels, samples)}

    def close(self, ok: bool) -> None:
        if self.meter is not None:
            meter, self.meter = self.meter, None
            if ok:
                meter.finish()
            else:
                meter.kill()
        if self.writer is not None and not ok:
            self.writer.close()

    def discard(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        super().discard()

    def finish(self, loudness: Loudness) -> None:
        assert self.writer is not None
        self.written = self.writer.frames  # of a programme that was still arriving: one more, at most
        self.writer.finish(replace(
            self.bext,
            loudness_value=loudness.integrated,
            loudness_range=loudness.loudness_range,
            max_true_peak_level=loudness.true_peak,
            max_momentary_loudness=loudness.max_momentary,
            max_short_term_loudness=loudness.max_short_term,
        ))


def _run(programme: Programme | ArrivingProgramme, branches: Sequence[_Branch]) -> dict[str, Loudness]:
    """One ffmpeg process: the programme streamed in once, every branch's file written, each measured.

    Each branch is a filter graph of its own fed by the same input, so ffmpeg runs the branches on
    threads of their own, side by side.
    """
    args = ["-f", "s16le", "-ar", str(programme.sample_rate), "-ac", str(programme.channels), "-i", "pipe:0"]
    graphs: list[str] = []
    outputs: list[str] = []
    for branch in branches:
        graph, out = branch.graph("[0:a]")
        graphs += ["-filter_complex", graph]
        outputs += out
    ok = False
    with ExitStack() as stack:
        sinks: dict[str, Callable[[bytes], None]] = {}
        try:
            for branch in branches:
                sinks.update(branch.outputs(stack))
            stdout = sinks.pop("stdout", None)
            stream([*args, *graphs, *outputs], programme.pcm_pieces(), stdout, sinks)
            ok = True
        finally:
            for branch in branches:
                branch.close(ok)  # also those whose outputs were never opened
    return {branch.name: branch.metadata.read() for branch in branches}


# -- Planning the gain ----------------------------------------------------------------------------

def _compensation_key(branch: _Branch, voice: str) -> str:
    return f"{branch.name}|{branch.target_lufs:g}|{branch.rate}|{branch.channels}|{' '.join(branch.encoder)}|{voice}"


def _starting_plan(programme: Programme, target_lufs: float, channels: int) -> GainPlan:
    measured = programme.input_loudness()
    if measured == -math.inf:
        raise MasterError("the episode is silent: there is no loudness to normalize")
    # A mono programme copied to two channels sums twice the energy; a stereo one mixed down to
    # mono loses as much when both channels are alike.
    measured += 10 * math.log10(channels / programme.channels)
    return plan_gain(measured, target_lufs, TRUE_PEAK_LIMIT - TRUE_PEAK_ALLOWANCE, programme.sample_peak())


def _learn_compensation(programme: Programme, branch: _Branch) -> float:
    """The extra gain (dB) that makes up for the loudness the limiter (and the encoder) take off:
    the chain runs on an excerpt of the programme, gain only and limited, and the encoder's output
    is decoded and measured too."""
    excerpt = programme.excerpt(_PROBE_SLICE_SECONDS, _PROBE_SLICES)
    frames = round(excerpt.frames * branch.rate / excerpt.sample_rate)

    def chain(plan: GainPlan) -> str:
        return limiter_filter(plan, excerpt.sample_rate, branch.rate, excerpt.channels, branch.channels, frames)

    files = [MetadataFile() for _ in range(3 if branch.encoder else 2)]
    try:
        graph = (f"[0:a]asplit=2[p0][p1];"
                 f"[p0]{chain(replace(branch.plan, limiter=False))},{ebur128_filter(files[0])}[plain];"
                 f"[p1]{chain(branch.plan)},asplit[p1a][p1b];[p1a]{ebur128_filter(files[1])},"
                 f"anullsink")
        if branch.encoder:
            args = ["-filter_complex", graph, "-map", "[p1b]", *branch.encoder, "-f", "null", "-",
                    "-dec", "0:0", "-filter_complex", f"[dec:0]{ebur128_filter(files[2])}[coded]",
                    "-map", "[coded]", "-f", "null", "-", "-map", "[plain]", "-f", "null", "-"]
        else:
            args = ["-filter_complex", graph + ";[p1b]anullsink", "-map", "[plain]", "-f", "null", "-"]
        stream(["-f", "s16le", "-ar", str(excerpt.sample_rate), "-ac", str(excerpt.channels), "-i", "pipe:0",
                *args], excerpt.pcm, None)
        plain, limited, *coded = (f.read(true_peak=False).integrated for f in files)
    finally:
        for f in files:
            f.__exit__()
    if not all(math.isfinite(v) for v in (plain, limited, *coded)):
        return 0.0
    loss = (coded[0] if coded else limited) - plain  # <= 0
    return min(max(-loss, -3.0), _MAX_COMPENSATION_DB)


def _check(loudness: Loudness, branch: _Branch) -> bool:
    return (abs(loudness.integrated - branch.target_lufs) <= branch.tolerance
            and loudness.true_peak <= TRUE_PEAK_LIMIT - TRUE_PEAK_ALLOWANCE)


def _failure(loudness: Loudness, branch: _Branch) -> MasterError:
    return MasterError(
        f"{branch.name} master measures {loudness.integrated:.2f} LUFS, {loudness.true_peak:.2f} dBTP; "
        f"wanted {branch.target_lufs} ±{branch.tolerance} LUFS, at most {TRUE_PEAK_LIMIT} dBTP"
    )


def make_masters(programme: Programme | ArrivingProgramme, podcast: PodcastOutput | None = None,
                 broadcast: BroadcastOutput | None = None, *, voice: str = "",
                 compensations: Compensations | None = None) -> Masters:
    """Both masters (or either) of ``programme`` from one read of it; ``voice`` names what speaks in
    it, for the ``compensations`` learned and used (see the module's docstring).

    A programme still arriving (``ArrivingProgramme``) is mastered as it arrives: the gain is planned
    from its first minute (``ARRIVING_PLAN_SECONDS``), the limiter always runs (the peaks to come are
    not known), and the podcast's chapters may be ``LateChapters``.
    """
    if podcast is None and broadcast is None:
        raise ValueError("no master asked for")
    memory = compensations if compensations is not None else LearnedCompensations()
    tag = b""
    if podcast is not None:
        chapters = podcast.chapters
        candidates = chapters.candidates if isinstance(chapters, LateChapters) else chapters
        tag = id3_tag(podcast.tags, candidates, podcast.cover_png)  # checks them before any work
    arriving = isinstance(programme, ArrivingProgramme)
    branches: list[_Branch] = []
    try:
        planning = programme.prefix(ARRIVING_PLAN_SECONDS) if isinstance(programme, ArrivingProgramme) else programme

        def starting_plan(target: float, channels: int) -> GainPlan:
            plan = _starting_plan(planning, target, channels)
            return replace(plan, limiter=True) if arriving else plan

        if podcast is not None:
            channels = 2 if podcast.stereo else 1
            target = PODCAST_STEREO_LUFS if podcast.stereo else PODCAST_MONO_LUFS
            branches.append(_PodcastBranch(programme, starting_plan(target, channels), podcast, tag))
        if broadcast is not None:
            channels = 2 if broadcast.stereo else 1
            branches.append(_BroadcastBranch(programme, starting_plan(BROADCAST_LUFS, channels), broadcast))
        keys = {}
        for branch in branches:
            keys[branch.name] = _compensation_key(branch, voice)
            if branch.plan.limiter:
                known = memory.get(keys[branch.name])
                if known is None:
                    known = _learn_compensation(planning, branch)
                branch.plan = replace(branch.plan, gain_db=branch.plan.gain_db + known)
        measured = _run(programme, branches)
        if isinstance(programme, ArrivingProgramme):
            whole = programme.whole()
            for branch in branches:  # what the whole programme asks for, against which the gain is learned
                branch.base_gain = _starting_plan(whole, branch.target_lufs, branch.channels).gain_db
        for branch in branches:
            loudness = measured[branch.name]
            second = corrected_plan(branch.plan, loudness, branch.target_lufs, TRUE_PEAK_LIMIT - TRUE_PEAK_ALLOWANCE)
            if second is not None:
                branch.again(second)
                loudness = measured[branch.name] = _run(branch.programme, [branch])[branch.name]
            if not _check(loudness, branch):
                raise _failure(loudness, branch)
            if branch.plan.limiter and math.isfinite(loudness.integrated):
                learned = branch.plan.gain_db - branch.base_gain + branch.target_lufs - loudness.integrated
                memory.put(keys[branch.name], round(min(max(learned, -3.0), _MAX_COMPENSATION_DB), 3))
        results: dict[str, MasterInfo] = {}
        for branch in branches:
            loudness = measured[branch.name]
            if isinstance(branch, _BroadcastBranch):
                branch.finish(loudness)
            size = publish_file(branch.tmp, branch.target)
            branch.metadata.__exit__()
            results[branch.name] = MasterInfo(branch.target, size, branch.frames / branch.rate, loudness,
                                              branch.rate, branch.channels, branch.passes)
    except BaseException:
        for branch in branches:
            branch.discard()
        raise
    return Masters(results.get("podcast"), results.get("broadcast"))


def podcast_master(clip: Clip, target: Path, *, stereo: bool = False, bitrate: str = "64k", tags: EpisodeTags,
                   chapters: Sequence[Chapter] = (), cover_png: bytes | None = None) -> MasterInfo:
    """The podcast master of one clip held in memory."""
    masters = make_masters(Programme([Part(clip, 0.0)], clip.sample_rate, clip.channels),
                           podcast=PodcastOutput(Path(target), tags, stereo, bitrate, chapters, cover_png))
    assert masters.podcast is not None
    return masters.podcast


def broadcast_master(clip: Clip, target: Path, *, stereo: bool = False, bext: BextInfo) -> MasterInfo:
    """The broadcast master of one clip held in memory."""
    masters = make_masters(Programme([Part(clip, 0.0)], clip.sample_rate, clip.channels),
                           broadcast=BroadcastOutput(Path(target), bext, stereo))
    assert masters.broadcast is not None
    return masters.broadcast
