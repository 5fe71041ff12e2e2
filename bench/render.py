"""End-to-end render of the longest sample article on the offline engine, cold and with every clip cached.

Targets: cold render (clean, normalize, split, synthesize, stitch, MP3 master, feed) under 10 s
on 2 cores; second render of the same article, all clips cached, under 3 s. The broadcast WAV
master, made after the episode is in the feed, is timed and reported beside them.

    .venv/bin/python bench/render.py [--examples examples/articles]

Prints a table and writes bench/results/render.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
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

TARGETS = {"cold": 10.0, "cached": 3.0}


def longest_sample(folder: Path) -> Path:
    candidates = [p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".json")]
    if not candidates:
        sys.exit(f"no sample articles in {folder}")

    def text_length(path: Path) -> int:
        data, fmt, _ = read_source(str(path))
        return len(parse_article(data, fmt, name=path.name).text)

    return max(candidates, key=text_length)


def render_once(source: Path, data_dir: Path, database: Path) -> tuple[float, float, dict]:
    """Seconds until the episode is in the feed, then seconds for the broadcast WAV."""
    settings = Settings(data_dir=data_dir, database_url=f"sqlite:///{database}", engine="espeak")
    started = time.perf_counter()
    data, fmt, url = read_source(str(source))
    article = parse_article(data, fmt, name=source.name, source_url=url)
    pipeline = Pipeline(settings)
    try:
        pipeline.store.save_article(article)
        script = pipeline.prepare(article.id)
        for spoken in pipeline.uncached(script):
            pipeline.synthesize(script.engine, spoken)
        episode = pipeline.assemble(article.id, script.content_hash, script.engine)
        pipeline.publish(article.id, script.content_hash)
        to_feed = time.perf_counter() - started
        pipeline.broadcast(article.id, script.engine)
        broadcast = time.perf_counter() - started - to_feed
    finally:
        pipeline.close()
    return to_feed, broadcast, {"characters": len(article.text), "sentences": len(episode.timeline),
                                "audio_seconds": round(episode.duration, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=Path, default=ROOT / "examples" / "articles")
    args = parser.parse_args()
    source = longest_sample(args.examples)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        cold, cold_wav, info = render_once(source, data_dir, Path(tmp) / "cold.db")
        # A new database on the same data directory: every clip is in the cache, the episode is not.
        shutil.rmtree(data_dir / "episodes")
        cached, cached_wav, _ = render_once(source, data_dir, Path(tmp) / "cached.db")
    rows = [("cold", cold, cold_wav), ("cached", cached, cached_wav)]
    print(f"article: {source.name}  {info['characters']} characters, {info['sentences']} sentences, "
          f"{info['audio_seconds']} s of audio")
    print("render: clean, normalize, split, synthesize, stitch, podcast MP3 master, feed; "
          "then the broadcast WAV master")
    print(f"{'render':<8} {'to feed s':>10} {'target':>8} {'ok':>4} {'+ WAV s':>9}")
    for name, seconds, wav in rows:
        ok = "yes" if seconds < TARGETS[name] else "NO"
        print(f"{name:<8} {seconds:10.2f} {TARGETS[name]:8.1f} {ok:>4} {wav:9.2f}")
    out = ROOT / "bench" / "results" / "render.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, json.dumps({
        "article": source.name, **info,
        **{f"{n}_seconds": round(s, 3) for n, s, _ in rows},
        **{f"{n}_broadcast_wav_seconds": round(w, 3) for n, _, w in rows},
        "targets": TARGETS}, indent=2).encode())
    return 0 if all(s < TARGETS[n] for n, s, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
