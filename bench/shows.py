"""Show pages and feeds against a large archive: finding a show's newest articles.

Usage: python bench/shows.py [--sizes 10000 100000] [--repeat 5]

A SQLite database is filled with that many published articles over five sections, one in seven
tagged "SEA Games" and one in five hundred "Nông nghiệp". For a common show (a section) and a rare
one (a tag), the table gives the time to find its 40 newest articles, as its public page does on
every request: through the label index (``Store.published_in``), and by reading every published
article's section and tags and matching them in Python (``published_categories``), the way it was
done before the index. Best of ``--repeat``. Target: under 50 ms at 100,000 articles.
Prints a table and writes ``bench/results/shows.json``.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from _results import write_results  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from articles.categories import label_keys  # noqa: E402
from articles.db import ArticleLabelRow, ArticleRow  # noqa: E402
from articles.store import Store  # noqa: E402
from feeds.shows import Show  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "shows.json"
TARGET_SECONDS = 0.05
WANTED = 40
SECTIONS = ("Thời sự", "Kinh tế", "Thể thao", "Văn hóa", "Giáo dục")
SHOWS = (Show("the-thao", "Thể thao", "Tin thể thao.", categories=("Thể thao",)),
         Show("nong-nghiep", "Nông nghiệp", "Tin nhà nông.", tags=("Nông nghiệp",)))
T0 = datetime(2020, 1, 1, tzinfo=UTC)


def fill(store: Store, size: int) -> None:
    articles, labels = [], []
    for n in range(size):
        tags = ["Nông nghiệp"] if n % 500 == 0 else ["SEA Games"] if n % 7 == 0 else []
        section = SECTIONS[n % len(SECTIONS)]
        articles.append({"id": f"bai-{n}", "title": f"Tin số {n}", "published": T0 + timedelta(minutes=30 * n),
                         "content_hash": f"{n:064d}", "blocks": [], "status": "published",
                         "section": section, "tags": tags})
        labels += [{"article_id": f"bai-{n}", "kind": kind, "key": key} for kind, key in label_keys(section, tags)]
    with store.session() as s, s.begin():
        for start in range(0, size, 5000):
            s.execute(insert(ArticleRow), articles[start:start + 5000])
        for start in range(0, len(labels), 5000):
            s.execute(insert(ArticleLabelRow), labels[start:start + 5000])


def best_of(repeat: int, find) -> tuple[float, list[str]]:
    times, found = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        found = find()
        times.append(time.perf_counter() - started)
    return min(times), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    now = T0 + timedelta(days=36_500)
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="loa-bench-shows-") as tmp:
            store = Store(f"sqlite:///{Path(tmp) / 'loa.db'}")
            try:
                fill(store, size)
                for show in SHOWS:
                    indexed, by_index = best_of(args.repeat, lambda show=show, store=store: store.published_in(
                        show.section_keys, show.tag_keys, as_of=now, limit=WANTED))
                    scanned, by_scan = best_of(args.repeat, lambda show=show, store=store: [
                        article_id for article_id, categories in store.published_categories(as_of=now)
                        if show.selects(categories)][:WANTED])
                    if by_index != by_scan:
                        sys.exit(f"{show.slug} at {size}: the index and the scan disagree")
                    rows.append({"articles": size, "show": show.slug, "found": len(by_index),
                                 "index_seconds": round(indexed, 4), "scan_seconds": round(scanned, 4)})
            finally:
                store.close()
    print(f"{'articles':>9} {'show':<12} {'found':>5} {'index s':>8} {'scan s':>8}")
    for row in rows:
        print(f"{row['articles']:>9} {row['show']:<12} {row['found']:>5} {row['index_seconds']:>8.4f} "
              f"{row['scan_seconds']:>8.4f}")
    largest = max(args.sizes)
    worst = max(row["index_seconds"] for row in rows if row["articles"] == largest)
    met = worst <= TARGET_SECONDS
    print(f"target: a show's {WANTED} newest at {largest:,} articles under {TARGET_SECONDS * 1000:.0f} ms: "
          f"{'met' if met else 'MISSED'} ({worst * 1000:.1f} ms)")
    write_results(RESULTS, {"rows": rows, "target_seconds": TARGET_SECONDS, "met": met})
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
