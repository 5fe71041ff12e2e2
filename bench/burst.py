"""A burst of articles at once through real Celery workers on Redis, offline voice.

Usage: python bench/burst.py [--articles 50] [--layout compose single] [--redis URL]

Fifty different articles (about 1,200 characters each, no sentence shared, so no clip comes from
the cache) are stored and queued at the same moment, as a newsroom publishing a backlog would.
Workers run as the deployment runs them:

- ``compose``: docker-compose's layout: a speech worker (queue ``tts``, 8 processes), a publish
  worker (``publish``, 1) and an audio worker (``audio,broadcast``, one process per core);
- ``single``: one ``loa worker`` on every queue in its default order, one process per core.

For each article the benchmark notes when it reached the feed (its status ``published``) and when
its broadcast WAV was made, from the moment the burst was queued (once every worker has said it is
ready: worker start-up is not part of the burst). Targets (2 cores): the first
article in the feed within 5 s, the tenth within 30 s, at least 30 articles a minute through to
the feed over the burst. Prints a table and writes ``bench/results/burst.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from articles.model import Article, Block  # noqa: E402
from articles.store import Store  # noqa: E402
from bench._redis import redis_for_bench  # noqa: E402
from loa.settings import Settings  # noqa: E402
from loa.storage import LocalStorage, atomic_write_bytes  # noqa: E402
from worker.outputs import sidecar_key  # noqa: E402
from worker.queue import TaskQueue  # noqa: E402

RESULTS = REPO_ROOT / "bench" / "results" / "burst.json"
TARGETS = {"first_s": 5.0, "tenth_s": 30.0, "per_minute": 30.0}
CORES = os.cpu_count() or 2
LAYOUTS = {
    "compose": [("tts", 8), ("publish", 1), ("audio,broadcast", CORES)],
    "single": [("publish,ingest,tts,audio,broadcast", CORES)],
}
PLACES = ["Hải Lăng", "Triệu Phong", "Gio Linh", "Vĩnh Linh", "Cam Lộ", "Đakrông", "Hướng Hóa", "Đông Hà",
          "Quảng Trị", "Cồn Cỏ"]
SUBJECTS = ["nông dân", "ngư dân", "học sinh", "giáo viên", "cán bộ y tế", "hộ kinh doanh", "hợp tác xã",
            "thanh niên tình nguyện"]
WORKS = ["sửa chữa kênh mương", "trồng rừng ven biển", "nâng cấp trạm y tế", "xây dựng nhà văn hóa",
         "mở rộng đường giao thông nông thôn", "cải tạo trường học", "lắp đặt đèn chiếu sáng"]


def burst_article(number: int) -> Article:
    """An article of its own: every sentence carries numbers and names no other article has."""
    pick = random.Random(number)
    place = PLACES[number % len(PLACES)]
    body = []
    for line in range(9):
        subject, work = pick.choice(SUBJECTS), pick.choice(WORKS)
        body.append(
            f"Trong tháng {line % 12 + 1}, {number * 17 + line * 3 + 11} {subject} ở xã {place} đã tham gia "
            f"{work} với tổng kinh phí {number * 7 + line + 2} tỷ {line * 40 + number % 9 * 5 + 100} triệu đồng.")
    return Article(
        id=f"burst-{number:03d}",
        title=f"{place}: {number + 3} công trình dân sinh hoàn thành trước mùa mưa bão",
        blocks=(Block("lead", f"Sáng nay, huyện {place} tổng kết đợt thi đua số {number + 21}."),
                *(Block("body", " ".join(body[i:i + 3])) for i in range(0, len(body), 3))),
        published=datetime(2026, 11, 29, 7, 0, tzinfo=UTC),
        author="Phóng viên thường trú",
        url=f"https://radio.example.vn/tin/burst-{number:03d}",
    )


def start_worker(queues: str, processes: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """``loa worker`` as the deployment starts it, in a process group of its own."""
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "cli", "worker", "--queues", queues,
                                 "--concurrency", str(processes)], env=env, cwd=REPO_ROOT, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_ready(logs: list[Path], timeout: float = 120.0) -> None:
    """Until every worker has said it is ready (Celery's ``ready.`` line), and its pool has settled."""
    deadline = time.monotonic() + timeout
    while not all(log.exists() and " ready." in log.read_text(errors="replace") for log in logs):
        if time.monotonic() > deadline:
            sys.exit(f"the workers did not start within {timeout:g} s: see {', '.join(map(str, logs))}")
        time.sleep(0.2)
    time.sleep(1)


def stop_worker(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def delete_keys(redis_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}*", count=500))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start:start + 500])


def run_layout(layout: str, count: int, redis_url: str, folder: Path) -> dict:
    data_dir = folder / layout
    prefix = f"loa-bench-{uuid.uuid4().hex[:12]}:"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("LOA_")},
           "LOA_DATA_DIR": str(data_dir), "LOA_DATABASE_URL": f"sqlite:///{data_dir}/loa.db",
           "LOA_REDIS_URL": redis_url, "LOA_KEY_PREFIX": prefix, "LOA_ENGINE": "espeak",
           "LOA_PUBLIC_BASE_URL": "https://radio.example.vn/loa", "LOA_DROP_FOLDER": str(data_dir / "drop"),
           "PYTHONPATH": str(REPO_ROOT)}
    settings = Settings(data_dir=data_dir, database_url=env["LOA_DATABASE_URL"], redis_url=redis_url,
                        key_prefix=prefix, engine="espeak", public_base_url=env["LOA_PUBLIC_BASE_URL"])
    store, storage = Store(settings.database_url), LocalStorage(data_dir)
    articles = [burst_article(number) for number in range(count)]
    for article in articles:
        store.save_article(article)
    logs = [folder / f"{layout}-{index}.log" for index in range(len(LAYOUTS[layout]))]
    workers = [start_worker(queues, processes, env, log)
               for log, (queues, processes) in zip(logs, LAYOUTS[layout], strict=True)]
    try:
        wait_until_ready(logs)  # the clock starts when every worker takes work, as in a running deployment
        sender = TaskQueue(settings)
        started = time.monotonic()
        for article in articles:
            sender.render(article.id)
        in_feed: dict[str, float] = {}
        wav_made: dict[str, float] = {}
        failed: dict[str, str] = {}
        deadline = started + 60 + count * 10
        while len(wav_made) + len(failed) < count and time.monotonic() < deadline:
            for article in articles:
                if article.id in wav_made or article.id in failed:
                    continue
                state = store.state(article.id)
                now = time.monotonic() - started
                if state is None:
                    continue
                if state.status == "failed":
                    failed[article.id] = state.error or "failed"
                elif state.status == "published" and state.episode is not None:
                    in_feed.setdefault(article.id, now)
                    if storage.exists(sidecar_key(state.episode.audio_key, ".wav")):
                        wav_made[article.id] = now
            time.sleep(0.1)
    finally:
        for worker in workers:
            stop_worker(worker)
        store.close()
        delete_keys(redis_url, prefix)
    if failed:
        raise SystemExit(f"burst: {len(failed)} articles failed, e.g. {next(iter(failed.values()))}")
    if len(in_feed) < count:
        raise SystemExit(f"burst: only {len(in_feed)} of {count} articles reached the feed in time")
    times = sorted(in_feed.values())
    wavs = sorted(wav_made.values())
    return {
        "layout": layout, "workers": LAYOUTS[layout], "articles": count,
        "characters_each": round(sum(len(a.text) for a in articles) / count),
        "first_s": round(times[0], 2), "tenth_s": round(times[min(9, count - 1)], 2), "last_s": round(times[-1], 2),
        "per_minute": round(count / times[-1] * 60, 1),
        "first_wav_s": round(wavs[0], 2) if wavs else None, "last_wav_s": round(wavs[-1], 2) if wavs else None,
        "wavs": len(wavs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--layout", nargs="+", choices=sorted(LAYOUTS), default=["compose", "single"])
    parser.add_argument("--redis", default=os.environ.get("LOA_REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    with redis_for_bench(args.redis, "burst") as redis_url, tempfile.TemporaryDirectory(prefix="loa-burst-") as tmp:
        rows = [run_layout(layout, args.articles, redis_url, Path(tmp)) for layout in args.layout]
    print(f"{args.articles} articles at once, offline voice, {CORES} cores "
          f"(~{rows[0]['characters_each']} characters each)")
    print(f"{'layout':<8} {'1st in feed':>11} {'10th':>7} {'last':>7} {'per min':>8} {'1st WAV':>8} {'last WAV':>9}")
    for row in rows:
        print(f"{row['layout']:<8} {row['first_s']:>10.1f}s {row['tenth_s']:>6.1f}s {row['last_s']:>6.1f}s "
              f"{row['per_minute']:>8.1f} {row['first_wav_s'] or 0:>7.1f}s {row['last_wav_s'] or 0:>8.1f}s")
    met = {row["layout"]: row["first_s"] <= TARGETS["first_s"] and row["tenth_s"] <= TARGETS["tenth_s"]
           and row["per_minute"] >= TARGETS["per_minute"] for row in rows}
    print("targets (first <= 5 s, tenth <= 30 s, >= 30 a minute): "
          + ", ".join(f"{layout} {'met' if ok else 'MISSED'}" for layout, ok in met.items()))
    atomic_write_bytes(RESULTS, json.dumps({"cores": CORES, "runs": rows, "targets": TARGETS}, indent=2).encode())
    return 0 if met.get("compose", True) else 1


if __name__ == "__main__":
    sys.exit(main())
