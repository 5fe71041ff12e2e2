"""A paid voice's rate limit under a morning burst, and under a storm of 429s, through real workers on Redis.

Usage: python bench/vendor_limits.py [--articles 60] [--quick] [--scenario burst storm] [--redis URL]

A stand-in for Azure Speech listens on 127.0.0.1 (the test fake, which checks every request as
the vendor does and answers with real WAV speech) and answers each request after 300 ms. The
workers run as docker-compose runs them (``bench/burst.py``'s ``compose`` layout: 8 speech
processes, a publish worker, an audio worker), with the engine chain ``azure, espeak`` and
Azure's shared rate limit set to 10 requests a second. Every article is different and has five
sentences (headline, lead, three of body), none shared, so the clip cache absorbs nothing: one
request per sentence.

- ``burst``: all the articles queued at once. At the vendor: the most requests in any one-second
  window (target: never over 10) and the time from the first request to the last reply against the
  limit's theoretical time, requests / 10 per second (target: within 10%).
- ``storm``: the same, but for one minute from the first request the vendor answers 429 to half
  of the requests (with ``Retry-After: 1`` and Azure's error body, as Azure does), then normally.
  Targets: no article failed, no article with two episodes (nor a GUID twice in the feed), none
  handed to espeak, and the request rate backing off during the storm: its mean below 75% of the
  limit. The rate is shown in 5-second buckets.

Episodes are counted per engine in both runs, so the offline fallback cannot absorb articles
unseen. ``--quick`` runs 20 articles and a 20-second storm; ``--margin S`` sets the limiter's window
margin (``audio.engines.ratelimit.TRANSIT_MARGIN`` by default), to see what it trades: a wider
margin absorbs slower trips from the limiter to the vendor, at the cost of throughput. The time
each request took from the limiter to the vendor's door is reported (p50, p95, max), and the
machine's load average, since other work on the machine lengthens those trips. Prints tables and writes
``bench/results/vendor_limits.json``; exits 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import bisect
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from articles.model import Article, Block  # noqa: E402
from articles.store import Store  # noqa: E402
from audio.engines.ratelimit import TRANSIT_MARGIN  # noqa: E402
from bench._redis import redis_for_bench  # noqa: E402
from bench._results import write_results  # noqa: E402
from bench._vendor_engine import (  # noqa: E402
    KEY_VARIABLE,
    MARGIN_VARIABLE,
    RPS_VARIABLE,
    SENT_HEADER,
    URL_VARIABLE,
)
from bench.burst import LAYOUTS, delete_keys, start_worker, stop_worker  # noqa: E402
from loa.settings import Settings  # noqa: E402
from tests.audio.fakes.azure import SYNTHESIZE, FakeAzure  # noqa: E402
from tests.audio.fakes.server import Answer, Request, speech_audio  # noqa: E402
from worker.queue import TaskQueue  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "vendor_limits.json"
LIMIT_RPS = 10
LATENCY = 0.3  # seconds the vendor takes to answer
STORM_SHARE = 0.5  # of the requests answered 429 during the storm
RETRY_AFTER = 1  # seconds, the vendor's Retry-After on a 429
BUCKET = 5.0  # seconds per line of the rate table
TARGET_SLOWDOWN = 1.10  # the burst's time at the vendor against requests / limit
TARGET_BACK_OFF = 0.75  # the storm's mean request rate against the limit
ENGINE_CHAIN = "bench._vendor_engine:BenchAzure,espeak"
KEY = "bench-azure-key-0123456789abcdef"
PLACES = ["Hải Lăng", "Triệu Phong", "Gio Linh", "Vĩnh Linh", "Cam Lộ", "Đakrông", "Hướng Hóa", "Đông Hà"]
CROPS = ["lúa", "sắn", "hồ tiêu", "cà phê", "cao su", "rau màu", "lạc"]
THROTTLED_BODY = (b'{"error":{"code":"429","message":"Requests to the Speech API have exceeded call rate limit of your '
                  b'current pricing tier. Please retry after 1 second."}}')


@dataclass
class Arrival:
    at: float  # time.monotonic() on arrival at the vendor
    status: int
    text: str
    transit: float | None  # seconds from the limiter letting the request go to its arrival here


class LimitedVendor(FakeAzure):
    """The Azure fake answering after ``latency``; during a storm, a share of requests gets 429."""

    def __init__(self, key: str, latency: float, seed: int):
        super().__init__(speech_audio(), key)
        self.latency = latency
        self.storm_seconds = 0.0
        self.storm_share = 0.0
        self.storm_from: float | None = None
        self.arrivals: list[Arrival] = []
        self._pick = random.Random(seed)
        self._guard = threading.Lock()

    def storm(self, seconds: float, share: float) -> None:
        """From the next request on, for ``seconds``, answer 429 to ``share`` of the requests."""
        self.storm_seconds, self.storm_share = seconds, share

    def answer(self, request: Request) -> Answer:
        if request.path != SYNTHESIZE:
            return super().answer(request)
        with self._guard:
            if self.storm_seconds and self.storm_from is None:
                self.storm_from = request.received_at
            storming = (self.storm_from is not None
                        and request.received_at < self.storm_from + self.storm_seconds)
            throttle = storming and self._pick.random() < self.storm_share
        time.sleep(self.latency)
        if throttle:
            answer = Answer(429, THROTTLED_BODY, {"Content-Type": "application/json", "Retry-After": str(RETRY_AFTER)})
        else:
            answer = super().answer(request)
        text = "".join(ElementTree.fromstring(request.body).itertext()) if answer.status == 200 else ""
        allowed = request.header(SENT_HEADER)
        transit = request.received_at - float(allowed) if allowed else None
        with self._guard:
            self.arrivals.append(Arrival(request.received_at, answer.status, text, transit))
        return answer


def short_article(number: int) -> Article:
    """Five sentences of its own: every one carries numbers no other article has."""
    place = PLACES[number % len(PLACES)]
    crop = CROPS[number % len(CROPS)]
    body = " ".join([
        f"Năm nay xã có {number * 13 + 217} hộ trồng {crop} trên diện tích {number * 7 + 45} héc ta.",
        f"Sản lượng ước đạt {number * 11 + 380} tấn, tăng {number % 9 + 3} phần trăm so với năm ngoái.",
        f"Huyện sẽ hỗ trợ thêm {number * 3 + 19} máy sấy cho {number + 6} hợp tác xã trước mùa mưa.",
    ])
    return Article(
        id=f"limits-{number:03d}",
        title=f"{place}: mùa {crop} thứ {number + 2} bội thu",
        blocks=(Block("lead", f"Sáng nay, huyện {place} tổng kết vụ {crop} số {number + 31}."), Block("body", body)),
        published=datetime(2026, 11, 29, 6, 0, tzinfo=UTC),
        author="Phóng viên thường trú",
        url=f"https://radio.example.vn/tin/limits-{number:03d}",
    )


@dataclass
class Run:
    scenario: str
    articles: int
    seconds_to_feed: float
    published: int
    failed: dict[str, str]
    episodes_by_engine: dict[str, int]
    articles_with_two_episodes: list[str]
    guids_twice_in_feed: list[str]
    arrivals: list[Arrival]
    storm_from: float | None
    storm_seconds: float
    extra: dict = field(default_factory=dict)


def most_in_any_window(times: list[float], window: float) -> int:
    """The largest number of ``times`` inside any half-open window of ``window`` seconds."""
    times = sorted(times)
    return max((bisect.bisect_left(times, t + window) - i for i, t in enumerate(times)), default=0)


def article_states(database: Path) -> list[tuple[str, str, str | None, int]]:
    """Each article's id, status, error and whether its current content has an episode: one cheap query,
    so watching the run costs the vendor's stand-in (in this process) as little time as possible."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as db:
        return db.execute(
            "SELECT a.id, a.status, a.error, EXISTS(SELECT 1 FROM episodes e WHERE e.article_id = a.id "
            "AND e.content_hash = a.content_hash) FROM articles a").fetchall()


def feed_guids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [item.findtext("guid") or "" for item in ElementTree.parse(path).getroot().iter("item")]


def run(scenario: str, count: int, storm_seconds: float, redis_url: str, folder: Path, seed: int,
        margin: float | None) -> Run:
    data_dir = folder / scenario
    prefix = f"loa-bench-limits-{uuid.uuid4().hex[:10]}:"
    vendor = LimitedVendor(KEY, LATENCY, seed).start()
    if storm_seconds:
        vendor.storm(storm_seconds, STORM_SHARE)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("LOA_", "BENCH_"))},
           "LOA_DATA_DIR": str(data_dir), "LOA_DATABASE_URL": f"sqlite:///{data_dir}/loa.db",
           "LOA_REDIS_URL": redis_url, "LOA_KEY_PREFIX": prefix, "LOA_ENGINE": "auto",
           "LOA_ENGINE_CHAIN": ENGINE_CHAIN, "LOA_PUBLIC_BASE_URL": "https://radio.example.vn/loa",
           URL_VARIABLE: vendor.url, KEY_VARIABLE: KEY, RPS_VARIABLE: str(LIMIT_RPS),
           "PYTHONPATH": str(REPO_ROOT)}
    if margin is not None:
        env[MARGIN_VARIABLE] = str(margin)
    settings = Settings(data_dir=data_dir, database_url=env["LOA_DATABASE_URL"], redis_url=redis_url,
                        key_prefix=prefix, engine="auto", engine_chain=ENGINE_CHAIN,
                        public_base_url=env["LOA_PUBLIC_BASE_URL"])
    store = Store(settings.database_url)
    articles = [short_article(number + (1000 if scenario == "storm" else 0)) for number in range(count)]
    for article in articles:
        store.save_article(article)
    store.close()
    workers = [start_worker(queues, processes, env, folder / f"{scenario}-{index}.log")
               for index, (queues, processes) in enumerate(LAYOUTS["compose"])]
    published: dict[str, float] = {}
    failed: dict[str, str] = {}
    try:
        time.sleep(4)  # the workers start and connect before the clock starts
        sender = TaskQueue(settings)
        started = time.monotonic()
        for article in articles:
            sender.render(article.id)
        deadline = started + 120 + storm_seconds + count * 5
        wanted = {article.id for article in articles}
        while len(published) + len(failed) < count and time.monotonic() < deadline:
            for article_id, status, error, has_episode in article_states(data_dir / "loa.db"):
                if article_id not in wanted or article_id in published or article_id in failed:
                    continue
                if status == "failed":
                    failed[article_id] = error or "failed"
                elif status == "published" and has_episode:
                    published[article_id] = time.monotonic() - started
            time.sleep(0.5)
        time.sleep(3)  # late duplicates, if any, have time to land
    finally:
        for worker in workers:
            stop_worker(worker)
        vendor.stop()
        delete_keys(redis_url, prefix)
    with sqlite3.connect(data_dir / "loa.db") as db:
        by_engine = dict(db.execute("SELECT engine, count(*) FROM episodes GROUP BY engine").fetchall())
        twice = [row[0] for row in db.execute(
            "SELECT article_id FROM episodes GROUP BY article_id HAVING count(*) > 1").fetchall()]
    guids = Counter(feed_guids(data_dir / "feed.xml"))
    return Run(scenario, count, round(max(published.values(), default=0.0), 2), len(published), failed,
               by_engine, twice, sorted(g for g, n in guids.items() if n > 1), sorted(vendor.arrivals, key=lambda a: a.at),
               vendor.storm_from, storm_seconds)


def rate_buckets(result: Run) -> list[dict]:
    """Requests, 429s and replies with audio per ``BUCKET`` seconds from the first request."""
    if not result.arrivals:
        return []
    first = result.arrivals[0].at
    rows: dict[int, Counter] = {}
    for arrival in result.arrivals:
        rows.setdefault(int((arrival.at - first) // BUCKET), Counter())[arrival.status] += 1
    storm_end = (result.storm_from - first + result.storm_seconds) if result.storm_from is not None else None
    table = []
    for index in range(max(rows) + 1):
        counts = rows.get(index, Counter())
        total = sum(counts.values())
        table.append({"from_s": index * BUCKET, "requests": total, "throttled": counts.get(429, 0),
                      "ok": counts.get(200, 0), "per_second": round(total / BUCKET, 2),
                      "storm": storm_end is not None and index * BUCKET < storm_end})
    return table


def summary(result: Run) -> dict:
    times = [a.at for a in result.arrivals]
    texts = Counter(a.text for a in result.arrivals if a.status == 200)
    row = {
        "scenario": result.scenario, "articles": result.articles, "published": result.published,
        "failed": len(result.failed), "failures": dict(list(result.failed.items())[:5]),
        "episodes_by_engine": result.episodes_by_engine,
        "articles_with_two_episodes": result.articles_with_two_episodes,
        "guids_twice_in_feed": result.guids_twice_in_feed,
        "requests": len(times), "throttled": sum(1 for a in result.arrivals if a.status == 429),
        "other_errors": sum(1 for a in result.arrivals if a.status not in (200, 429)),
        "sentences_paid_twice": sum(1 for n in texts.values() if n > 1),
        "max_in_any_second": most_in_any_window(times, 1.0),
        "seconds_to_last_in_feed": result.seconds_to_feed,
    }
    transits = sorted(a.transit for a in result.arrivals if a.transit is not None)
    if transits:
        row["limiter_to_vendor_ms"] = {"p50": round(transits[len(transits) // 2] * 1000, 1),
                                       "p95": round(transits[int(len(transits) * 0.95)] * 1000, 1),
                                       "max": round(transits[-1] * 1000, 1)}
    if times:
        span = times[-1] - times[0] + LATENCY
        ok = row["requests"] - row["throttled"] - row["other_errors"]
        row["seconds_at_vendor"] = round(span, 2)
        row["theoretical_s"] = round(len(times) / LIMIT_RPS, 2)
        row["slowdown"] = round(span / (len(times) / LIMIT_RPS), 3)
        row["ok_requests"] = ok
    buckets = rate_buckets(result)
    row["buckets"] = buckets
    first = times[0] if times else 0.0
    row["arrivals"] = [[round(a.at - first, 3), a.status, None if a.transit is None else round(a.transit, 4)]
                       for a in result.arrivals]
    storm = [b for b in buckets if b["storm"]]
    if storm:
        # the last storm bucket may be partial: rate over the storm's own length
        row["storm_requests_per_second"] = round(sum(b["requests"] for b in storm) / result.storm_seconds, 2)
        after = [b for b in buckets if not b["storm"]]
        row["after_storm_requests_per_second"] = (round(sum(b["requests"] for b in after) / (len(after) * BUCKET), 2)
                                                  if after else None)
    return row


def targets(row: dict) -> dict[str, bool]:
    met = {
        "never over the limit": row["max_in_any_second"] <= LIMIT_RPS,
        "no article failed": row["failed"] == 0 and row["published"] == row["articles"],
        "no duplicate episode": not row["articles_with_two_episodes"] and not row["guids_twice_in_feed"],
        "no article absorbed by espeak": set(row["episodes_by_engine"]) <= {"azure"},
    }
    if row["scenario"] == "burst":
        met["within 10% of theoretical"] = row.get("slowdown", 99.0) <= TARGET_SLOWDOWN
    else:
        met["backs off during the storm"] = row.get("storm_requests_per_second", 99.0) <= TARGET_BACK_OFF * LIMIT_RPS
    return met


def print_run(row: dict, met: dict[str, bool]) -> None:
    print(f"\n== {row['scenario']}: {row['articles']} articles, limit {LIMIT_RPS} requests/s, vendor latency "
          f"{LATENCY * 1000:.0f} ms ==")
    print(f"{'published':<34} {row['published']}/{row['articles']} (failed {row['failed']})")
    print(f"{'episodes by engine':<34} " + ", ".join(f"{k} {v}" for k, v in sorted(row['episodes_by_engine'].items())))
    print(f"{'articles with two episodes':<34} {len(row['articles_with_two_episodes'])}"
          f" (GUIDs twice in the feed: {len(row['guids_twice_in_feed'])})")
    print(f"{'requests at the vendor':<34} {row['requests']} (429: {row['throttled']}, other errors: "
          f"{row['other_errors']}, sentences paid twice: {row['sentences_paid_twice']})")
    print(f"{'most requests in any 1 s':<34} {row['max_in_any_second']} (limit {LIMIT_RPS})")
    if "limiter_to_vendor_ms" in row:
        transit = row["limiter_to_vendor_ms"]
        print(f"{'limiter to vendor, ms':<34} p50 {transit['p50']}, p95 {transit['p95']}, max {transit['max']}")
    if "seconds_at_vendor" in row:
        print(f"{'first request to last reply':<34} {row['seconds_at_vendor']:.1f} s (theoretical "
              f"{row['theoretical_s']:.1f} s = {row['requests']} / {LIMIT_RPS} per s, x{row['slowdown']:.2f})")
    print(f"{'queued to last article in feed':<34} {row['seconds_to_last_in_feed']:.1f} s")
    if "storm_requests_per_second" in row:
        print(f"{'requests/s during the storm':<34} {row['storm_requests_per_second']:.2f} "
              f"(after it: {row['after_storm_requests_per_second']})")
    print(f"\n{'from':>6} {'req':>4} {'429':>4} {'ok':>4} {'req/s':>6}  (# = 1 request/s, x = 429s; S = storm)")
    for b in row["buckets"]:
        bar = "#" * round(b["per_second"]) if b["per_second"] else ""
        share = round(len(bar) * b["throttled"] / b["requests"]) if b["requests"] else 0
        print(f"{b['from_s']:>5.0f}s {b['requests']:>4} {b['throttled']:>4} {b['ok']:>4} {b['per_second']:>6.1f} "
              f"{'S' if b['storm'] else ' '} {'x' * share}{bar[share:]}")
    print("targets: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in met.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=None, help="articles per run (default 60, 20 with --quick)")
    parser.add_argument("--quick", action="store_true", help="20 articles and a 20-second storm")
    parser.add_argument("--storm-seconds", type=float, default=None, help="length of the storm (default 60)")
    parser.add_argument("--scenario", nargs="+", choices=["burst", "storm"], default=["burst", "storm"])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--margin", type=float, default=None,
                        help=f"seconds added to the limiter's window (default {TRANSIT_MARGIN})")
    parser.add_argument("--redis", default=os.environ.get("LOA_REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    count = args.articles or (20 if args.quick else 60)
    storm_seconds = args.storm_seconds or (20.0 if args.quick else 60.0)
    speech_audio()  # made once, before the vendor serves
    rows, verdicts = [], {}
    with redis_for_bench(args.redis, "vendor_limits") as redis_url, \
            tempfile.TemporaryDirectory(prefix="loa-limits-") as tmp:
        for scenario in args.scenario:
            result = run(scenario, count, storm_seconds if scenario == "storm" else 0.0, redis_url, Path(tmp),
                         args.seed, args.margin)
            row = summary(result)
            met = targets(row)
            print_run(row, met)
            rows.append({**row, "targets_met": met})
            verdicts[scenario] = all(met.values())
    margin = TRANSIT_MARGIN if args.margin is None else args.margin
    load = os.getloadavg()
    print(f"\nlimiter window margin {margin:g} s; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"on {os.cpu_count()} cores")
    write_results(RESULTS, {"cores": os.cpu_count(), "load_average": [round(x, 2) for x in load],
                            "margin_s": margin, "limit_rps": LIMIT_RPS, "latency_s": LATENCY,
                            "storm": {"seconds": storm_seconds, "share": STORM_SHARE, "retry_after_s": RETRY_AFTER},
                            "layout": LAYOUTS["compose"], "runs": rows})
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
