"""``loa demo`` on embedded defaults: the sample articles become episodes in a valid feed."""
from __future__ import annotations

import subprocess
import sys

import feedparser

from articles.store import Store
from audio.ffmpeg import decode_file
from tests.support.workers import REPO_ROOT, measured


def test_demo_renders_every_sample_into_a_valid_feed(tmp_path):
    data_dir = tmp_path / "var"
    env = measured({"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT),
           "LOA_DATA_DIR": str(data_dir), "LOA_PUBLIC_BASE_URL": "https://radio.example.vn/loa"})
    # LOA_ENGINE is unset: the default "auto" must fall back to the offline voice here.
    result = subprocess.run([sys.executable, "-m", "cli", "demo"], env=env, capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"feed: {data_dir / 'feed.xml'}" in result.stdout
    # What to do next, from the command's own environment.
    assert ".venv/bin/loa user add NAME" in result.stdout and ".venv/bin/loa serve" in result.stdout
    assert "http://127.0.0.1:8000/bai-viet" in result.stdout
    assert "article 1/3 " in result.stderr and "sentences" in result.stderr  # progress, kept off the results

    feed = feedparser.parse((data_dir / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.language == "vi"
    samples = [p for p in (REPO_ROOT / "examples" / "articles").iterdir() if p.suffix in (".txt", ".html", ".json")]
    assert len(feed.entries) == len(samples) == 3

    store = Store(f"sqlite:///{data_dir / 'loa.db'}")
    try:
        episodes = {episode.guid: episode for _, episode in store.published()}
    finally:
        store.close()
    for entry in feed.entries:
        enclosure = entry.enclosures[0]
        assert enclosure.type == "audio/mpeg"
        audio = data_dir / enclosure.href.removeprefix("https://radio.example.vn/loa/")
        assert int(enclosure.length) == audio.stat().st_size
        episode = episodes[entry.id]
        assert episode.engine == "espeak"
        decoded = decode_file(audio, "mp3", episode.sample_rate)
        assert abs(decoded.duration - episode.duration) < 0.05
        assert episode.timeline[-1].end <= episode.frames
        h, m, s = (int(x) for x in entry.itunes_duration.split(":"))
        assert abs(h * 3600 + m * 60 + s - episode.duration) <= 1
        assert 60 < episode.duration < 600  # articles of 1,500–6,000 characters
        assert entry.published_parsed is not None
        assert str(audio) in result.stdout
