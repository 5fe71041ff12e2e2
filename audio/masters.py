"""Podcast and broadcast masters of one rendered episode.

- Podcast: MP3, 44.1 kHz, CBR 64-96 kbps, -19 LUFS mono or -16 LUFS stereo (AES TD1004), true
  peak at or under -1 dBTP, ID3v2.4 tags with chapters and cover. Loudness is measured on the
  decoded MP3, what listeners hear: MP3 coding moves peaks, so the check is made after it.
- Broadcast: BWF (16-bit PCM WAV with a ``bext`` v2 chunk), 48 kHz, EBU R128 -23 LUFS, true peak
  at or under -1 dBTP, the measured loudness written into ``bext``.

Each master is one ffmpeg process fed from the clip's PCM through a pipe: gain, oversampled
limiter, resampling, then

- for the podcast, the MP3 encoder writing the file, and a loopback decoder (``-dec``) decoding
  the encoder's own packets, as a player decodes the file (encoder delay trimmed), into ffmpeg's
  ``ebur128`` meter;
- for the broadcast, ``asplit``: one branch is the 16-bit PCM that this module writes into the
  BWF file, the other goes through ``ebur128``.

So a master is measured while it is made, in C, and never passes through the Python meter. The
input's loudness, which sets the gain, is measured once per clip for both masters (ffmpeg
again, without true peak). The limiter and LAME's lowpass lower the loudness (about 0.7 LU
together on speech at -19 LUFS): before a limited pass, the same chain (and encoder) runs on at
most a minute of excerpts to learn by how much, and the gain makes up for it. When the result misses the target by more than 0.3 LU or its true peak
is over the limit less a 0.1 dB allowance for the meters' disagreement, the pass runs once more
with corrected gain and limiter ceiling; a master still out of specification after that raises
``MasterError``. The broadcast master at -23 LUFS seldom needs the limiter: when the input's
sample peak after the gain stays 1.5 dB under the ceiling, its first pass is gain and
resampling only (the measurement still decides). Files are written under a temporary name (tags
included) and renamed into place.

LAME: ``-compression_level 7`` (``-q 7``: psychoacoustic model on, no noise shaping). Measured on
10 minutes of espeak Vietnamese speech at 64 kbps CBR mono 44.1 kHz (2 cores, loaded machine,
CPU seconds of the encode): level 2 6.3 s, levels 3 to 6 5.0 s, level 7 2.8 s; against the
source, wide-band PESQ (ITU-T P.862.2, on 16 kHz copies) 4.36 at level 2, 4.39 at 3 to 6 and
4.45 at 7, SNR 23.6 / 23.7 / 25.6 dB. At this rate and on speech the noise shaping of the slower
levels buys nothing measurable, and level 7 halves the encoder's time.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from audio.bwf import BextInfo, BwfWriter
from audio.clip import SAMPLE_WIDTH, Clip
from audio.ffmpeg import FFmpegError, stream
from audio.loudness import (
    GainPlan,
    Loudness,
    MetadataFile,
    corrected_plan,
    ebur128_filter,
    input_levels,
    limiter_filter,
    output_frames,
    pcm_input_args,
    plan_gain,
)
from audio.tags import Chapter, EpisodeTags, tag_file
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
# ffmpeg's true peak (192 kHz) and the reference meter's (4x, 64 taps) differ by a few hundredths
# of a dB on speech; a master is held this far under the limit by ffmpeg's measure.
TRUE_PEAK_ALLOWANCE = 0.1  # dB
LAME_COMPRESSION_LEVEL = 7  # see the module's docstring
_PROBE_SLICE_SECONDS = 4.0
_PROBE_SLICES = 6


class MasterError(RuntimeError):
    """A master could not be brought within its loudness specification."""


@dataclass(frozen=True)
class MasterInfo:
    path: Path
    bytes: int
    duration: float  # seconds, as a player decodes it
    loudness: Loudness
    sample_rate: int
    channels: int


def podcast_bitrate(bitrate: str) -> str:
    match = re.fullmatch(r"(\d+)k", bitrate)
    if not match or int(match.group(1)) not in PODCAST_BITRATES_KBPS:
        raise ValueError(f"podcast bitrate must be one of {', '.join(f'{b}k' for b in PODCAST_BITRATES_KBPS)}, got {bitrate!r}")
    return bitrate


class _FrameAligned:
    """Hands whole frames to ``consumer`` whatever the pipe's piece boundaries."""

    def __init__(self, frame_bytes: int, consumer: Callable[[bytes], None]):
        self.frame_bytes = frame_bytes
        self.consumer = consumer
        self.carry = b""
        self.total = 0

    def __call__(self, piece: bytes) -> None:
        data = self.carry + piece if self.carry else piece
        whole = len(data) - len(data) % self.frame_bytes
        self.carry = data[whole:]
        if whole:
            self.total += whole
            self.consumer(data[:whole])


def _chain(clip: Clip, plan: GainPlan, out_rate: int, channels: int) -> str:
    return limiter_filter(plan, clip.sample_rate, out_rate, clip.channels, channels, output_frames(clip, out_rate))


def _starting_plan(clip: Clip, target_lufs: float, out_rate: int, channels: int,
                   encoder: Sequence[str] = ()) -> GainPlan:
    measured, sample_peak = input_levels(clip)
    if measured == float("-inf"):
        raise MasterError("the episode is silent: there is no loudness to normalize")
    # A mono clip copied to two channels sums twice the energy; a stereo clip mixed down to mono
    # loses as much when both channels are alike.
    measured += 10 * math.log10(channels / clip.channels)
    plan = plan_gain(measured, target_lufs, TRUE_PEAK_LIMIT - TRUE_PEAK_ALLOWANCE, sample_peak)
    if plan.limiter:
        plan = replace(plan, gain_db=plan.gain_db + _limiter_compensation(clip, plan, out_rate, channels, encoder))
    return plan


def _excerpt(clip: Clip) -> Clip:
    """The whole clip up to 24 s; beyond, six 4 s slices spread over it, joined with 2 ms fades."""
    slice_frames = round(_PROBE_SLICE_SECONDS * clip.sample_rate)
    if clip.frames <= slice_frames * _PROBE_SLICES:
        return clip
    samples = np.frombuffer(clip.pcm, dtype="<i2").reshape(-1, clip.channels)
    step = (clip.frames - slice_frames) / (_PROBE_SLICES - 1)
    fade = np.linspace(0.0, 1.0, max(2, round(0.002 * clip.sample_rate)))[:, None]
    pieces = []
    for index in range(_PROBE_SLICES):
        piece = samples[round(index * step):round(index * step) + slice_frames].astype(np.float32)
        piece[:len(fade)] *= fade
        piece[-len(fade):] *= fade[::-1]
        pieces.append(piece)
    joined = np.round(np.concatenate(pieces)).astype("<i2")
    return Clip(joined.tobytes(), clip.sample_rate, clip.channels)


def _limiter_compensation(clip: Clip, plan: GainPlan, out_rate: int, channels: int,
                          encoder: Sequence[str] = ()) -> float:
    """The extra gain (dB) that makes up for the loudness the limiter (and the ``encoder``) take off.

    Limiting peaks lowers the integrated loudness (0.2 LU for espeak speech at -19 LUFS), and so
    does LAME's lowpass at 64 kbps (0.5 LU): uncorrected, most podcast masters would go through a
    second pass. The real chain runs on an excerpt of at most a minute: gain only, limited at the
    planned gain and 1 dB above (the loss is taken as linear in the gain between the two), and
    the planned one also through the encoder and back (that loss is taken as independent of gain).
    """
    excerpt = _excerpt(clip)
    frames = output_frames(excerpt, out_rate)

    def chain(p: GainPlan) -> str:
        return limiter_filter(p, excerpt.sample_rate, out_rate, excerpt.channels, channels, frames)

    files = [MetadataFile() for _ in range(4 if encoder else 3)]
    try:
        graph = (f"[0:a]asplit=3[p0][p1][p2];"
                 f"[p0]{chain(replace(plan, limiter=False))},{ebur128_filter(files[0].path, true_peak=False)}[plain];"
                 f"[p1]{chain(plan)},asplit[p1a][p1b];[p1a]{ebur128_filter(files[1].path, true_peak=False)},anullsink;"
                 f"[p2]{chain(replace(plan, gain_db=plan.gain_db + 1.0))},{ebur128_filter(files[2].path, true_peak=False)},"
                 f"anullsink")
        if encoder:
            args = ["-filter_complex", graph, "-map", "[p1b]", *encoder, "-f", "null", "-",
                    "-dec", "0:0", "-filter_complex", f"[dec:0]{ebur128_filter(files[3].path, true_peak=False)}[coded]",
                    "-map", "[coded]", "-f", "null", "-", "-map", "[plain]", "-f", "null", "-"]
        else:
            args = ["-filter_complex", graph + ";[p1b]anullsink", "-map", "[plain]", "-f", "null", "-"]
        stream([*pcm_input_args(excerpt), *args], excerpt.pcm, None)
        plain, limited, louder, *coded = (f.read(true_peak=False).integrated for f in files)
    finally:
        for f in files:
            f.__exit__()
    if not all(math.isfinite(v) for v in (plain, limited, louder, *coded)):
        return 0.0
    loss, loss_louder = limited - plain, louder - (plain + 1.0)  # both <= 0
    codec_loss = coded[0] - limited if coded else 0.0
    slope = min(max(loss_louder - loss, -0.8), 0.0)
    return min(max(-(loss + codec_loss) / (1.0 + slope), -3.0), 6.0)


def _check(loudness: Loudness, target_lufs: float, tolerance: float, what: str) -> None:
    if abs(loudness.integrated - target_lufs) > tolerance or loudness.true_peak > TRUE_PEAK_LIMIT - TRUE_PEAK_ALLOWANCE:
        raise MasterError(
            f"{what} measures {loudness.integrated:.2f} LUFS, {loudness.true_peak:.2f} dBTP; "
            f"wanted {target_lufs} ±{tolerance} LUFS, at most {TRUE_PEAK_LIMIT} dBTP"
        )


def _normalized_passes(clip: Clip, target_lufs: float, out_rate: int, channels: int,
                       render: Callable[[GainPlan], Loudness], encoder: Sequence[str] = ()) -> Loudness:
    """Run ``render`` with the starting plan, and once more corrected when it misses."""
    plan = _starting_plan(clip, target_lufs, out_rate, channels, encoder)
    loudness = render(plan)
    second = corrected_plan(plan, loudness, target_lufs, TRUE_PEAK_LIMIT - TRUE_PEAK_ALLOWANCE)
    if second is not None:
        loudness = render(second)
    return loudness


def podcast_master(clip: Clip, target: Path, *, stereo: bool = False, bitrate: str = "64k", tags: EpisodeTags,
                   chapters: Sequence[Chapter] = (), cover_png: bytes | None = None) -> MasterInfo:
    target = Path(target)
    bitrate = podcast_bitrate(bitrate)
    channels = 2 if stereo else 1
    target_lufs = PODCAST_STEREO_LUFS if stereo else PODCAST_MONO_LUFS
    encoder = ["-ar", str(PODCAST_RATE), "-ac", str(channels), "-codec:a", "libmp3lame", "-b:a", bitrate,
               "-compression_level", str(LAME_COMPRESSION_LEVEL)]
    tmp = temporary_path_beside(target)
    decoded_frames = 0

    def render(plan: GainPlan) -> Loudness:
        nonlocal decoded_frames
        progress: list[bytes] = []
        with MetadataFile() as metadata:
            stream([*pcm_input_args(clip), "-filter_complex", f"[0:a]{_chain(clip, plan, PODCAST_RATE, channels)}[mp3]",
                     "-map", "[mp3]", *encoder, "-id3v2_version", "0", "-f", "mp3", "-y", str(tmp),
                     "-dec", "0:0", "-filter_complex", f"[dec:0]asetnsamples=n={PODCAST_RATE // 2}:p=0,"
                     f"{ebur128_filter(metadata.path)}[heard]", "-map", "[heard]", "-f", "null", "-",
                     "-progress", "pipe:1", "-stats_period", "3600"], clip.pcm, progress.append)
            loudness = metadata.read()
        decoded_frames = _decoded_frames(b"".join(progress), PODCAST_RATE)
        return loudness

    try:
        loudness = _normalized_passes(clip, target_lufs, PODCAST_RATE, channels, render, encoder)
        _check(loudness, target_lufs, PODCAST_TOLERANCE, "podcast master")
        tag_file(tmp, tags, chapters, cover_png)
        size = publish_file(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return MasterInfo(target, size, decoded_frames / PODCAST_RATE, loudness, PODCAST_RATE, channels)


def _decoded_frames(progress: bytes, sample_rate: int) -> int:
    """Frames decoded, from the end time in ffmpeg's ``-progress`` report (microseconds)."""
    times = re.findall(rb"^out_time_us=(\d+)$", progress, re.MULTILINE)
    if not times:
        raise FFmpegError("ffmpeg reported no progress")
    return round(int(times[-1]) * sample_rate / 1_000_000)


def coding_history(channels: int) -> str:
    """An EBU R98 coding-history line for the PCM this module writes."""
    mode = "stereo" if channels == 2 else "mono"
    return f"A=PCM,F={BROADCAST_RATE},W={8 * SAMPLE_WIDTH},M={mode},T=Loa broadcast master\r\n"


def broadcast_master(clip: Clip, target: Path, *, stereo: bool = False, bext: BextInfo) -> MasterInfo:
    target = Path(target)
    channels = 2 if stereo else 1
    frames = output_frames(clip, BROADCAST_RATE)
    if not bext.coding_history:
        bext = replace(bext, coding_history=coding_history(channels))
    tmp = temporary_path_beside(target)
    writer: BwfWriter | None = None

    def render(plan: GainPlan) -> Loudness:
        nonlocal writer
        if writer is not None:
            writer.close()
        writer = BwfWriter(tmp, BROADCAST_RATE, channels, frames, bext)
        with MetadataFile() as metadata:
            # Both branches carry the same 16-bit samples: what is measured is what is written.
            graph = (f"[0:a]{_chain(clip, plan, BROADCAST_RATE, channels)},aformat=sample_fmts=s16,asplit[pcm][meter];"
                     f"[meter]{ebur128_filter(metadata.path)},anullsink")
            stream([*pcm_input_args(clip), "-filter_complex", graph, "-map", "[pcm]", "-f", "s16le",
                     "-acodec", "pcm_s16le", "pipe:1"], clip.pcm, _FrameAligned(SAMPLE_WIDTH * channels, writer.write))
            return metadata.read()

    try:
        loudness = _normalized_passes(clip, BROADCAST_LUFS, BROADCAST_RATE, channels, render)
        _check(loudness, BROADCAST_LUFS, BROADCAST_TOLERANCE, "broadcast master")
        assert writer is not None  # every pass made one
        writer.finish(replace(
            bext,
            loudness_value=loudness.integrated,
            loudness_range=loudness.loudness_range,
            max_true_peak_level=loudness.true_peak,
            max_momentary_loudness=loudness.max_momentary,
            max_short_term_loudness=loudness.max_short_term,
        ))
        size = publish_file(tmp, target)
    except BaseException:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
        raise
    return MasterInfo(target, size, frames / BROADCAST_RATE, loudness, BROADCAST_RATE, channels)
