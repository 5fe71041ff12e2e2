"""End-to-end render of the longest sample article on the offline engine, cold and with every clip cached.

Targets: cold render (clean, normalize, split, synthesize, stitch, MP3) under 10 s on 2 cores;
second render of the same article, all clips cached, under 3 s.

    .venv/bin/python bench/render.py [--examples examples/articles]

Prints a table and writes bench/results/render.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ingest import parse_article, read_source  # noqa: E402
from loa.settings import Settings  # noqa: E402
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


def render_once(source: Path, data_dir: Path, database: Path) -> tuple[float, dict]:
    settings = Settings(data_dir=data_dir, database_url=f"sqlite:///{database}", engine="espeak")
    started = time.perf_counter()
    data, fmt, url = read_source(str(source))
    article = parse_article(data, fmt, name=source.name, source_url=url)
    pipeline = Pipeline(settings)
    try:
        pipeline.store.save_article(article)
        episode = pipeline.render(article.id)
    finally:
        pipeline.close()
    elapsed = time.perf_counter() - started
    return elapsed, {"characters": len(article.text), "sentences": len(episode.timeline),
                     "audio_seconds": round(episode.duration, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=Path, default=ROOT / "examples" / "articles")
    args = parser.parse_args()
    source = longest_sample(args.examples)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        cold, info = render_once(source, data_dir, Path(tmp) / "cold.db")
        # A new database on the same data directory: every clip is in the cache, the episode is not.
        cached, _ = render_once(source, data_dir, Path(tmp) / "cached.db")
    rows = [("cold", cold), ("cached", cached)]
    print(f"article: {source.name}  {info['characters']} characters, {info['sentences']} sentences, "
          f"{info['audio_seconds']} s of audio")
    print(f"{'render':<8} {'seconds':>8} {'target':>8} {'ok':>4}")
    for name, seconds in rows:
        print(f"{name:<8} {seconds:8.2f} {TARGETS[name]:8.1f} {'yes' if seconds < TARGETS[name] else 'NO':>4}")
    out = ROOT / "bench" / "results" / "render.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"article": source.name, **info,
                               **{f"{n}_seconds": round(s, 3) for n, s in rows},
                               "targets": TARGETS}, indent=2))
    return 0 if all(s < TARGETS[n] for n, s in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
