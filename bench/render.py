"""End-to-end render of the longest sample article on the offline engine, cold and with every clip cached.

Targets (2 cores): cold render (clean, normalize, split, synthesize, stitch, MP3 master, feed)
under 10 s; a re-render of the same article with every clip cached through to the feed in at most
1.2 s, and with the broadcast WAV master made after it, at most 1.6 s. The cached render runs
``--repeat`` times (each on a new database, the clip cache and learned compensations kept, as a
worker has them; the pipeline is opened before the clock starts, as a worker opens it once) and
the table gives the best and the median beside the CPU time (this process and its ffmpeg
children), because the machine is shared.

    .venv/bin/python bench/render.py [--examples examples/articles] [--repeat 5]

Prints a table and writes bench/results/render.json.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ingest import parse_article, read_source  # noqa: E402
from loa.settings import Settings  # noqa: E402
from loa.storage import atomic_write_bytes  # noqa: E402
from worker.pipeline import Pipeline  # noqa: E402

TARGETS = {"cold": 10.0, "cached": 1.2, "cached_with_wav": 1.6}


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def longest_sample(folder: Path) -> Path:
    candidates = [p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".json")]
    if not candidates:
        sys.exit(f"no sample articles in {folder}")

    def text_length(path: Path) -> int:
        data, fmt, _ = read_source(str(path))
        return len(parse_article(data, fmt, name=path.name).text)

    return max(candidates, key=text_length)


def render_once(source: Path, data_dir: Path, database: Path) -> dict:
    """Seconds (and CPU seconds) until the episode is in the feed, and until the broadcast WAV is made."""
    settings = Settings(data_dir=data_dir, database_url=f"sqlite:///{database}", engine="espeak")
    # A worker opens its pipeline (and the database) once, when it starts, not for each article.
    pipeline = Pipeline(settings)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    data, fmt, url = read_source(str(source))
    article = parse_article(data, fmt, name=source.name, source_url=url)
    try:
        pipeline.store.save_article(article)
        script = pipeline.prepare(article.id)
        pipeline.synthesize_all(script)
        episode = pipeline.assemble(article.id, script.content_hash, script.engine)
        pipeline.publish(article.id, script.content_hash)
        to_feed, to_feed_cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
        pipeline.broadcast(article.id, script.engine)
        with_wav, with_wav_cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    finally:
        pipeline.close()
    return {"to_feed": to_feed, "to_feed_cpu": to_feed_cpu, "with_wav": with_wav, "with_wav_cpu": with_wav_cpu,
            "characters": len(article.text), "sentences": len(episode.timeline),
            "audio_seconds": round(episode.duration, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=Path, default=ROOT / "examples" / "articles")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = longest_sample(args.examples)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        cold = render_once(source, data_dir, Path(tmp) / "cold.db")
        cached = []
        for attempt in range(max(1, args.repeat)):
            # A new database on the same data directory: every clip is in the cache, the episode is not.
            shutil.rmtree(data_dir / "episodes")
            cached.append(render_once(source, data_dir, Path(tmp) / f"cached-{attempt}.db"))
    print(f"article: {source.name}  {cold['characters']} characters, {cold['sentences']} sentences, "
          f"{cold['audio_seconds']} s of audio")
    print("render: clean, normalize, split, synthesize, stitch, podcast MP3 master, feed; "
          "then the broadcast WAV master")

    def best(key: str) -> float:
        return min(run[key] for run in cached)

    def median(key: str) -> float:
        return statistics.median(run[key] for run in cached)

    rows = [
        ("cold", "to feed", cold["to_feed"], cold["to_feed"], cold["to_feed_cpu"], TARGETS["cold"]),
        ("cached", "to feed", best("to_feed"), median("to_feed"), median("to_feed_cpu"), TARGETS["cached"]),
        ("cached", "+ WAV", best("with_wav"), median("with_wav"), median("with_wav_cpu"), TARGETS["cached_with_wav"]),
    ]
    print(f"{'render':<8} {'through':<8} {'best s':>7} {'median s':>9} {'CPU s':>6} {'target':>7} {'ok':>4}")
    for name, through, fastest, middle, cpu, target in rows:
        print(f"{name:<8} {through:<8} {fastest:7.2f} {middle:9.2f} {cpu:6.2f} {target:7.1f} "
              f"{'yes' if fastest <= target else 'NO':>4}")
    out = ROOT / "bench" / "results" / "render.json"
    atomic_write_bytes(out, json.dumps({
        "article": source.name, "characters": cold["characters"], "sentences": cold["sentences"],
        "audio_seconds": cold["audio_seconds"], "cold": cold, "cached_runs": cached,
        "cached_best_seconds": round(best("to_feed"), 3), "cached_with_wav_best_seconds": round(best("with_wav"), 3),
        "targets": TARGETS}, indent=2).encode())
    return 0 if all(fastest <= target for *_, fastest, _m, _c, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
