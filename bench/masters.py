"""Mastering benchmark: programmes of several lengths streamed from the clip cache through both masters.

Usage: python bench/masters.py [--minutes 4 60 85] [--stereo]

For each length, a speech programme is planned from espeak-ng Vietnamese sentences in a clip cache
(24 kHz mono, 400 ms pauses), as an episode or a bulletin is, and ``make_masters`` makes the podcast
MP3 (-19 LUFS mono, or -16 LUFS stereo with ``--stereo``) and the broadcast BWF (-23 LUFS) from one
read of it. Each length runs in a fresh process so that its memory is its own: the table gives the
process's resident memory before mastering (its base: interpreter, libraries, the plan), its peak
during mastering and the growth per minute of audio, and the peak of the largest ffmpeg child.
Wall-clock and CPU time (this process and its ffmpeg children) are reported side by side because
the machine is shared. The first run of each voice learns its limiter compensation; the second,
timed run uses it, as a worker does after its first programme.

Targets (2 cores): an 85-minute programme's process peak under 250 MB and at most 2 MB per minute
of audio above the base; 60 minutes through both masters under 60 s.
Prints a table and writes ``bench/results/masters.json``.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from audio.bwf import BextInfo  # noqa: E402
from audio.cache import ClipCache  # noqa: E402
from audio.engines.espeak import EspeakEngine  # noqa: E402
from audio.masters import BroadcastOutput, LearnedCompensations, PodcastOutput, make_masters  # noqa: E402
from audio.programme import Part, Programme  # noqa: E402
from audio.tags import Chapter, EpisodeTags  # noqa: E402
from loa.storage import LocalStorage, atomic_write_bytes  # noqa: E402
from tests.support.bwf_reader import read_bext  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "masters.json"
TARGET_PEAK_MB = 250.0  # for the 85-minute programme
TARGET_MB_PER_MINUTE = 2.0
TARGET_HOUR_SECONDS = 60.0
SENTENCES = [
    "Sáng nay, Ủy ban nhân dân tỉnh Quảng Trị tổ chức hội nghị tổng kết công tác năm.",
    "Theo báo cáo, tốc độ tăng trưởng kinh tế đạt sáu phẩy năm phần trăm, cao hơn cùng kỳ năm trước.",
    "Ngành nông nghiệp gặp nhiều khó khăn do mưa lũ kéo dài ở các huyện miền núi.",
    "Đến cuối năm, toàn tỉnh có thêm mười hai xã đạt chuẩn nông thôn mới.",
    "Đại biểu đề nghị tăng cường đầu tư cho giáo dục và y tế cơ sở.",
]


def resident_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak so far) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plan(cache: ClipCache, minutes: float) -> Programme:
    engine = EspeakEngine(voice="vi", rate=165, sample_rate=24000, channels=1)
    entries = [cache.entry_or_synthesize(engine, text) for text in SENTENCES]
    parts: list[Part] = []
    frames, wanted = 0, minutes * 60 * 24000
    while frames < wanted:
        entry = entries[len(parts) % len(entries)]
        parts.append(Part(entry, 0.4))
        frames += entry.frames + round(0.4 * 24000)
    return Programme(parts, 24000, 1, cache=cache)


def master_once(minutes: float, stereo: bool, folder: str, answer) -> None:
    """In a fresh process: plan, learn the compensations on a short programme, then time the masters."""
    cache = ClipCache(LocalStorage(Path(folder) / "store"))
    compensations = LearnedCompensations()
    tags = EpisodeTags("Bản tin", "Đài Phát thanh", "Loa — Tin tức", datetime(2026, 5, 1, 6, 0), "https://example.vn/a")
    bext = BextInfo(description="Bản tin", originator="Loa")

    def outputs(name: str, chapters: list[Chapter]) -> tuple[PodcastOutput, BroadcastOutput]:
        return (PodcastOutput(Path(folder) / f"{name}.mp3", tags, stereo=stereo, chapters=chapters),
                BroadcastOutput(Path(folder) / f"{name}.wav", bext, stereo=stereo))

    podcast, broadcast = outputs("warm-up", [])
    make_masters(plan(cache, 1.0), podcast, broadcast, voice="espeak", compensations=compensations)
    programme = plan(cache, minutes)
    chapters = [Chapter(f"Phần {i + 1}", i * 60.0, (i + 1) * 60.0) for i in range(max(1, int(minutes)))]
    podcast, broadcast = outputs("programme", chapters)
    base = resident_mb("VmRSS")
    started, cpu_started = time.perf_counter(), cpu_seconds()
    masters = make_masters(programme, podcast, broadcast, voice="espeak", compensations=compensations)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    assert masters.podcast is not None and masters.broadcast is not None
    assert read_bext(masters.broadcast.path).version == 2
    peak = resident_mb("VmHWM")
    answer.send({
        "minutes": round(programme.duration / 60, 2), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
        "base_mb": round(base, 1), "peak_mb": round(peak, 1),
        "mb_per_minute": round(max(0.0, peak - base) / (programme.duration / 60), 3),
        "ffmpeg_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "passes": {"podcast": masters.podcast.passes, "broadcast": masters.broadcast.passes},
        "podcast_lufs": round(masters.podcast.loudness.integrated, 2),
        "broadcast_lufs": round(masters.broadcast.loudness.integrated, 2),
        "podcast_dbtp": round(masters.podcast.loudness.true_peak, 2),
        "broadcast_dbtp": round(masters.broadcast.loudness.true_peak, 2),
    })


def measure(minutes: float, stereo: bool) -> dict:
    context = multiprocessing.get_context("spawn")  # a clean process: no memory inherited from this one
    receiving, sending = context.Pipe(duplex=False)
    with tempfile.TemporaryDirectory() as folder:
        process = context.Process(target=master_once, args=(minutes, stereo, folder, sending))
        process.start()
        sending.close()
        row = receiving.recv()
        process.join()
    if process.exitcode != 0:
        raise SystemExit(f"the {minutes:g}-minute run failed with exit code {process.exitcode}")
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, nargs="+", default=[4.0, 60.0, 85.0])
    parser.add_argument("--stereo", action="store_true")
    args = parser.parse_args()
    rows = [measure(minutes, args.stereo) for minutes in args.minutes]
    print(f"both masters from one read, {'stereo' if args.stereo else 'mono'}")
    print(f"{'minutes':>8} {'wall s':>7} {'CPU s':>7} {'base MB':>8} {'peak MB':>8} {'MB/min':>7} "
          f"{'ffmpeg MB':>9} {'MP3 LUFS':>8} {'WAV LUFS':>8} {'passes':>7}")
    for row in rows:
        print(f"{row['minutes']:>8.1f} {row['seconds']:>7.2f} {row['cpu_seconds']:>7.2f} {row['base_mb']:>8.1f} "
              f"{row['peak_mb']:>8.1f} {row['mb_per_minute']:>7.3f} {row['ffmpeg_peak_mb']:>9.1f} "
              f"{row['podcast_lufs']:>8.2f} {row['broadcast_lufs']:>8.2f} "
              f"{str(row['passes']['podcast']) + '+' + str(row['passes']['broadcast']):>7}")
    missed = []
    for row in rows:
        if row["minutes"] >= 85 and row["peak_mb"] >= TARGET_PEAK_MB:
            missed.append(f"{row['minutes']:g} min peak {row['peak_mb']} MB (target < {TARGET_PEAK_MB:g})")
        if row["minutes"] >= 30 and row["mb_per_minute"] > TARGET_MB_PER_MINUTE:
            missed.append(f"{row['minutes']:g} min grows {row['mb_per_minute']} MB/min (target <= {TARGET_MB_PER_MINUTE:g})")
        if 59 <= row["minutes"] <= 61 and row["seconds"] >= TARGET_HOUR_SECONDS:
            missed.append(f"60 min took {row['seconds']} s (target < {TARGET_HOUR_SECONDS:g})")
    print("targets: " + ("all met" if not missed else "; ".join(missed)))
    atomic_write_bytes(RESULTS, json.dumps({
        "stereo": args.stereo, "runs": rows, "missed": missed,
        "targets": {"peak_mb_85_min": TARGET_PEAK_MB, "mb_per_minute": TARGET_MB_PER_MINUTE,
                    "hour_seconds": TARGET_HOUR_SECONDS},
    }, indent=2).encode())
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
