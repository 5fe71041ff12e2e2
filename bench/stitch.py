"""Stitching benchmark: ``audio.stitch.stitch`` against pydub's repeated ``+``.

Usage: python bench/stitch.py [--clips 800] [--naive-clips N] [--with-sum]

Builds ``--clips`` sentence clips of 3.5-4.5 s (24 kHz mono) with 300 ms pauses (700 ms at every
sixth, a paragraph break), stitches them with our single join and with pydub ``episode += clip``,
checks that both give the same bytes, prints a table and writes ``bench/results/stitch.json``.
Target: ours at least 100x faster than naive at 800 clips. Naive is quadratic (about 90 s at 800 clips);
``--naive-clips`` runs it on the first N clips only, for a quick look (the 800-clip target is then
not checked). ``--with-sum`` also times ``sum()`` of AudioSegments, which is quadratic too.
"""
from __future__ import annotations

import argparse
import array
import math
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from _results import write_results  # noqa: E402

from audio.clip import SAMPLE_WIDTH, Clip  # noqa: E402
from audio.stitch import Segment, pause_frames, stitch  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pydub warns that no ffmpeg is on PATH: not needed for raw PCM
    from pydub import AudioSegment  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "stitch.json"
RATE = 24000
TARGET_CLIPS = 800
TARGET_SPEEDUP = 100.0
CONTENT_NOTE = (
    "Clips are synthetic speech-like signals (a voice-pitch tone with gliding pitch, harmonics and a "
    "syllable-rate swell); stitching cost depends only on the number of bytes, not on the content."
)


def speech_like(seconds: float, sample_rate: int, seed: int) -> bytes:
    base_pitch = 110 + 25 * seed
    samples = array.array("h")
    phase = 0.0
    for i in range(round(seconds * sample_rate)):
        t = i / sample_rate
        pitch = base_pitch * (1 + 0.15 * math.sin(2 * math.pi * 0.7 * t))
        phase += 2 * math.pi * pitch / sample_rate
        swell = max(0.0, math.sin(2 * math.pi * 4.5 * t + seed)) ** 0.5
        value = swell * (math.sin(phase) + 0.5 * math.sin(2 * phase) + 0.25 * math.sin(3 * phase))
        samples.append(int(7000 * value))
    return samples.tobytes()


def make_segments(count: int) -> list[Segment]:
    voices = [speech_like(4.5, RATE, seed) for seed in range(8)]
    segments = []
    for i in range(count):
        frames = round((3.5 + (i * 0.37) % 1.0) * RATE)
        clip = Clip(voices[i % len(voices)][: frames * SAMPLE_WIDTH], RATE)
        segments.append(Segment(clip, 0.7 if i % 6 == 5 else 0.3))
    return segments


def time_ours(segments: list[Segment], repeat: int = 5) -> tuple[float, bytes]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        episode, _spans = stitch(segments, RATE)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), episode.pcm


def as_audio_segments(segments: list[Segment]) -> list[AudioSegment]:
    pieces = []
    for segment in segments:
        pieces.append(AudioSegment(data=segment.clip.pcm, sample_width=SAMPLE_WIDTH, frame_rate=RATE, channels=1))
        gap = pause_frames(segment.pause_after, RATE)
        pieces.append(AudioSegment(data=bytes(gap * SAMPLE_WIDTH), sample_width=SAMPLE_WIDTH, frame_rate=RATE, channels=1))
    return pieces


def time_naive(pieces: list[AudioSegment]) -> tuple[float, bytes]:
    start = time.perf_counter()
    episode = pieces[0]
    for piece in pieces[1:]:
        episode += piece
    return time.perf_counter() - start, episode.raw_data


def time_sum(pieces: list[AudioSegment]) -> tuple[float, bytes]:
    start = time.perf_counter()
    episode = sum(pieces)
    return time.perf_counter() - start, episode.raw_data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=TARGET_CLIPS, help="clips for our stitch (default 800)")
    parser.add_argument("--naive-clips", type=int, default=None, help="clips for the naive methods (default: --clips)")
    parser.add_argument("--with-sum", action="store_true", help="also time sum() of AudioSegments")
    args = parser.parse_args(argv)
    naive_clips = args.clips if args.naive_clips is None else min(args.naive_clips, args.clips)
    if args.clips < 1 or naive_clips < 1:
        parser.error("clip counts must be at least 1")

    print(CONTENT_NOTE)
    segments = make_segments(args.clips)
    small = segments[:naive_clips]
    rows: list[dict] = []

    ours_seconds, ours_pcm = time_ours(segments)
    audio_seconds = len(ours_pcm) / SAMPLE_WIDTH / RATE
    rows.append({"method": "stitch (join once)", "clips": args.clips, "audio_seconds": round(audio_seconds, 1),
                 "seconds": ours_seconds, "speedup": None})
    if naive_clips == args.clips:
        ours_small_seconds, ours_small_pcm = ours_seconds, ours_pcm
    else:
        ours_small_seconds, ours_small_pcm = time_ours(small)
        rows.append({"method": "stitch (join once)", "clips": naive_clips,
                     "audio_seconds": round(len(ours_small_pcm) / SAMPLE_WIDTH / RATE, 1),
                     "seconds": ours_small_seconds, "speedup": None})

    pieces = as_audio_segments(small)
    methods = [("pydub episode += clip", time_naive)]
    if args.with_sum:
        methods.append(("pydub sum()", time_sum))
    same_bytes = True
    for name, run in methods:
        print(f"running {name} on {naive_clips} clips...", flush=True)
        seconds, pcm = run(pieces)
        same = pcm == ours_small_pcm
        same_bytes &= same
        rows.append({"method": name, "clips": naive_clips,
                     "audio_seconds": round(len(pcm) / SAMPLE_WIDTH / RATE, 1),
                     "seconds": seconds, "speedup": seconds / ours_small_seconds, "same_bytes": same})

    print()
    print(f"{'method':<24} {'clips':>6} {'audio (min)':>12} {'seconds':>10} {'speed-up':>10}")
    for row in rows:
        speedup = f"{row['speedup']:.0f}x" if row["speedup"] is not None else "-"
        print(f"{row['method']:<24} {row['clips']:>6} {row['audio_seconds'] / 60:>12.1f} "
              f"{row['seconds']:>10.3f} {speedup:>10}")

    naive_row = next(row for row in rows if row["method"] == "pydub episode += clip")
    checked = naive_clips >= TARGET_CLIPS
    met = checked and naive_row["speedup"] >= TARGET_SPEEDUP and same_bytes
    print()
    print(f"same output bytes: {'yes' if same_bytes else 'NO'}")
    if checked:
        print(f"target: stitch >= {TARGET_SPEEDUP:.0f}x faster than naive at {TARGET_CLIPS} clips: "
              f"{'met' if met else 'NOT MET'} ({naive_row['speedup']:.0f}x)")
    else:
        print(f"target not checked: naive ran on {naive_clips} clips, the target is at {TARGET_CLIPS}")

    result = {
        "benchmark": "stitch",
        "sample_rate": RATE,
        "clips": args.clips,
        "naive_clips": naive_clips,
        "content": CONTENT_NOTE,
        "rows": rows,
        "same_bytes": same_bytes,
        "target": {"clips": TARGET_CLIPS, "min_speedup": TARGET_SPEEDUP, "checked": checked, "met": met},
    }
    write_results(RESULTS, result)
    return 0 if same_bytes and (met or not checked) else 1


if __name__ == "__main__":
    sys.exit(main())
