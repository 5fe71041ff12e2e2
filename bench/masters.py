"""Mastering benchmark: an hour of speech through both masters.

Usage: python bench/masters.py [--minutes 60] [--stereo]

Builds a speech programme of ``--minutes`` by repeating espeak-ng Vietnamese sentences (24 kHz
mono, with 400 ms pauses), then times ``podcast_master`` (-19 LUFS mono MP3, or -16 LUFS stereo
with ``--stereo``) and ``broadcast_master`` (-23 LUFS BWF) side by side in two threads, each including its
loudness passes and encode; the total is the wall-clock time for both. The machine is shared, so
the CPU time spent (user + system, this process and its ffmpeg children, from ``getrusage``) is
reported beside the wall-clock time; building the programme is not counted. Peak memory is
``ru_maxrss`` of this process and of its largest ffmpeg child.
Prints a table and writes ``bench/results/masters.json``.
Targets (60 minutes, 2 cores): both masters in under 60 s, peak memory under 600 MB.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from audio.bwf import BextInfo  # noqa: E402
from audio.clip import Clip  # noqa: E402
from audio.engines.espeak import EspeakEngine  # noqa: E402
from audio.masters import broadcast_master, podcast_master  # noqa: E402
from audio.tags import Chapter, EpisodeTags  # noqa: E402
from loa.storage import atomic_write_bytes  # noqa: E402
from tests.support.bwf_reader import read_bext  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "masters.json"
TARGET_SECONDS = 60.0
TARGET_MB = 600.0
SENTENCES = [
    "Sáng nay, Ủy ban nhân dân tỉnh Quảng Trị tổ chức hội nghị tổng kết công tác năm.",
    "Theo báo cáo, tốc độ tăng trưởng kinh tế đạt sáu phẩy năm phần trăm, cao hơn cùng kỳ năm trước.",
    "Ngành nông nghiệp gặp nhiều khó khăn do mưa lũ kéo dài ở các huyện miền núi.",
    "Đến cuối năm, toàn tỉnh có thêm mười hai xã đạt chuẩn nông thôn mới.",
    "Đại biểu đề nghị tăng cường đầu tư cho giáo dục và y tế cơ sở.",
]


def programme(minutes: float) -> Clip:
    engine = EspeakEngine(voice="vi", rate=165, sample_rate=24000, channels=1)
    pause = b"\0" * (2 * round(0.4 * 24000))
    unit = b"".join(engine.synthesize(text).pcm + pause for text in SENTENCES)
    repeats = int(minutes * 60 * 24000 * 2 // len(unit)) + 1
    return Clip((unit * repeats)[: round(minutes * 60 * 24000) * 2], 24000, 1)


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its waited-for children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def megabytes(usage) -> float:
    return usage.ru_maxrss / 1024  # Linux reports kilobytes


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--stereo", action="store_true")
    args = parser.parse_args()

    clip = programme(args.minutes)
    tags = EpisodeTags("Bản tin", "Đài Phát thanh", "Loa — Tin tức", datetime(2024, 5, 1, 6, 0), "https://example.vn/a")
    chapters = [Chapter(f"Phần {i + 1}", i * 60.0, (i + 1) * 60.0) for i in range(int(args.minutes))]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        def podcast_job():
            started = time.perf_counter()
            info = podcast_master(clip, Path(folder) / "episode.mp3", stereo=args.stereo, tags=tags, chapters=chapters)
            return info, time.perf_counter() - started

        def broadcast_job():
            started = time.perf_counter()
            info = broadcast_master(clip, Path(folder) / "episode.wav", stereo=args.stereo,
                                    bext=BextInfo(description="Bản tin", originator="Loa"))
            return info, time.perf_counter() - started

        # The two masters are independent; a worker makes them side by side, one per core.
        started, cpu_started = time.perf_counter(), cpu_seconds()
        with ThreadPoolExecutor(max_workers=2) as pool:
            podcast_future, broadcast_future = pool.submit(podcast_job), pool.submit(broadcast_job)
            podcast, podcast_seconds = podcast_future.result()
            broadcast, broadcast_seconds = broadcast_future.result()
        total = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_started
        assert read_bext(broadcast.path).version == 2
        for name, info, seconds in (("podcast", podcast, podcast_seconds), ("broadcast", broadcast, broadcast_seconds)):
            rows.append({
                "master": name, "seconds": round(seconds, 2), "megabytes_written": round(info.bytes / 1e6, 1),
                "sample_rate": info.sample_rate, "channels": info.channels, "duration": round(info.duration, 2),
                "integrated_lufs": round(info.loudness.integrated, 2), "true_peak_dbtp": round(info.loudness.true_peak, 2),
                "loudness_range_lu": round(info.loudness.loudness_range, 2),
            })
    peak_self = megabytes(resource.getrusage(resource.RUSAGE_SELF))
    peak_children = megabytes(resource.getrusage(resource.RUSAGE_CHILDREN))
    peak = max(peak_self, peak_children)

    print(f"{args.minutes:g} minutes of speech, {'stereo' if args.stereo else 'mono'} masters")
    print(f"{'master':<10} {'seconds':>8} {'MB':>7} {'rate':>6} {'ch':>3} {'LUFS':>7} {'dBTP':>6} {'LRA':>5}")
    for row in rows:
        print(f"{row['master']:<10} {row['seconds']:>8.2f} {row['megabytes_written']:>7.1f} {row['sample_rate']:>6} "
              f"{row['channels']:>3} {row['integrated_lufs']:>7.2f} {row['true_peak_dbtp']:>6.2f} {row['loudness_range_lu']:>5.2f}")
    print(f"both, side by side: {total:.1f} s wall (target < {TARGET_SECONDS:g} s), {cpu:.1f} s CPU "
          f"({cpu / args.minutes:.2f} s per minute of audio); peak memory: this process {peak_self:.0f} MB, "
          f"largest ffmpeg {peak_children:.0f} MB (target < {TARGET_MB:g} MB)")
    result = {"minutes": args.minutes, "stereo": args.stereo, "masters": rows, "total_seconds": round(total, 2),
              "cpu_seconds": round(cpu, 2),
              "peak_mb_process": round(peak_self, 1), "peak_mb_children": round(peak_children, 1),
              "target_seconds": TARGET_SECONDS, "target_mb": TARGET_MB}
    atomic_write_bytes(RESULTS, json.dumps(result, indent=2).encode())
    full_length = args.minutes >= 60
    return 0 if not full_length or (total < TARGET_SECONDS and peak < TARGET_MB) else 1


if __name__ == "__main__":
    sys.exit(main())
