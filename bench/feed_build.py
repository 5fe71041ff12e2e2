"""Feed-building benchmark: time to build and serialise a podcast feed of many episodes.

Usage: python bench/feed_build.py [--repeat N]

Builds feeds of 1,000, 5,000 and 20,000 synthetic Vietnamese episodes with
``feeds.podcast.build_feed`` (the bytes a publish would write), keeps the best of N runs
for each size, prints a table and writes ``bench/results/feed_build.json``. The target is
5,000 items in under 2 seconds.
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
)


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
            enclosure_url=f"https://cdn.loa.example.vn/episodes/{number:06d}.mp3",
            enclosure_length=3_000_000 + number,
            duration_seconds=240.0 + number % 600,
        )
        for number in range(count)
    ]


def best_seconds(items: list[FeedItem], repeat: int) -> tuple[float, int]:
    best = float("inf")
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        document = build_feed(CHANNEL, items)
        best = min(best, time.perf_counter() - started)
        size = len(document)
    return best, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is kept")
    args = parser.parse_args()

    rows = []
    for count in SIZES:
        seconds, size = best_seconds(make_items(count), args.repeat)
        rows.append({"items": count, "seconds": round(seconds, 3), "bytes": size})

    print(f"{'items':>8}  {'seconds':>8}  {'bytes':>12}")
    for row in rows:
        print(f"{row['items']:>8}  {row['seconds']:>8.3f}  {row['bytes']:>12}")
    target_row = next(row for row in rows if row["items"] == TARGET_ITEMS)
    met = target_row["seconds"] < TARGET_SECONDS
    print(
        f"target: {TARGET_ITEMS} items under {TARGET_SECONDS} s -> "
        f"{'met' if met else 'MISSED'} ({target_row['seconds']:.3f} s)"
    )

    report = {
        "benchmark": "feed_build",
        "measures": "build_feed(): feedgen build + RSS serialisation, best of repeats",
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
