"""Feed-building benchmark: time to build and serialise a podcast feed of many episodes.

Usage: python bench/feed_build.py [--repeat N]

Builds feeds of 1,000, 5,000 and 20,000 synthetic Vietnamese episodes, every one with an
episode number, two transcripts and a chapters link, with ``feeds.podcast.build_feed``
(no item limit) and then runs ``feeds.publish.check_feed`` over the document, as a
publish does. Keeps the best of N runs for each size, prints a table and writes
``bench/results/feed_build.json``. The target is 5,000 items built and checked in under
2 seconds.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from feeds.podcast import Channel, FeedItem, build_feed  # noqa: E402
from feeds.podcastindex import Location, Transcript  # noqa: E402
from feeds.publish import check_feed  # noqa: E402
from loa.storage import atomic_write_bytes  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "feed_build.json"
SIZES = (1_000, 5_000, 20_000)
TARGET_ITEMS = 5_000
TARGET_SECONDS = 2.0
HANOI = timezone(timedelta(hours=7))

CHANNEL = Channel(
    title="Loa – Tin tức mỗi ngày",
    description="Tin tức tiếng Việt đọc thành tiếng.",
    link="https://loa.example.vn/",
    feed_url="https://loa.example.vn/feeds/tin-tuc.xml",
    image_url="https://loa.example.vn/cover.jpg",
    author="Loa",
    email="bientap@loa.example.vn",
    category="News",
    location=Location("Quảng Trị", geo="geo:16.75,107.19", osm="R1904264"),
)
CDN = "https://cdn.loa.example.vn/episodes"


def make_items(count: int) -> list[FeedItem]:
    start = datetime(2020, 1, 1, 6, 0, tzinfo=HANOI)
    return [
        FeedItem(
            guid=f"loa-episode-{number:06d}",
            title=f"Bản tin số {number}: Thủ tướng chỉ đạo đẩy nhanh tiến độ cao tốc Bắc – Nam",
            description="Sáng nay, ở Hà Nội, Quảng Trị và TP.HCM trời nắng nóng; "
            "giá xăng giảm nhẹ từ 15 giờ chiều.",
            published=start + timedelta(hours=number),
            link=f"https://vnexpress.net/bai-viet-{number}.html",
            enclosure_url=f"{CDN}/{number:06d}.mp3",
            enclosure_length=3_000_000 + number,
            duration_seconds=240.0 + number % 600,
            episode_number=number + 1,
            transcripts=(
                Transcript(f"{CDN}/{number:06d}.vtt", "text/vtt"),
                Transcript(f"{CDN}/{number:06d}.srt", "application/x-subrip"),
            ),
            chapters_url=f"{CDN}/{number:06d}.chapters.json",
        )
        for number in range(count)
    ]


def best_seconds(items: list[FeedItem], repeat: int) -> tuple[float, float, int]:
    """Best build time and best build + check time, and the document's size."""
    best_build = best_total = float("inf")
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        document = build_feed(CHANNEL, items, limit=None)
        built = time.perf_counter()
        problems = check_feed(document)
        finished = time.perf_counter()
        if problems:
            raise SystemExit(f"benchmark feed has problems: {problems[:3]}")
        best_build = min(best_build, built - started)
        best_total = min(best_total, finished - started)
        size = len(document)
    return best_build, best_total, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is kept")
    args = parser.parse_args()

    rows = []
    for count in SIZES:
        build, total, size = best_seconds(make_items(count), args.repeat)
        rows.append(
            {"items": count, "build_seconds": round(build, 3), "seconds": round(total, 3), "bytes": size}
        )

    print(f"{'items':>8}  {'build s':>8}  {'+check s':>8}  {'bytes':>12}")
    for row in rows:
        print(f"{row['items']:>8}  {row['build_seconds']:>8.3f}  {row['seconds']:>8.3f}  {row['bytes']:>12}")
    target_row = next(row for row in rows if row["items"] == TARGET_ITEMS)
    met = target_row["seconds"] < TARGET_SECONDS
    print(
        f"target: {TARGET_ITEMS} items under {TARGET_SECONDS} s -> "
        f"{'met' if met else 'MISSED'} ({target_row['seconds']:.3f} s)"
    )

    report = {
        "benchmark": "feed_build",
        "measures": "build_feed() (feedgen build + RSS serialisation) then check_feed(); "
        "seconds = both, best of repeats",
        "repeat": args.repeat,
        "target": {"items": TARGET_ITEMS, "seconds": TARGET_SECONDS, "met": met},
        "results": rows,
        "python": platform.python_version(),
        "feedgen": version("feedgen"),
        "lxml": version("lxml"),
    }
    atomic_write_bytes(RESULTS, (json.dumps(report, indent=2) + "\n").encode("utf-8"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
