"""The published master's transcript cues and chapters agree with what the audio actually holds."""
from __future__ import annotations

import audioop
import json
from itertools import pairwise
from pathlib import Path

import pytest
import webvtt
from mutagen.id3 import ID3

from articles.ingest import parse_article, read_source
from audio.ffmpeg import decode_file
from worker.pipeline import Pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "articles" / "01-ky-hop-hdnd-tinh.txt"
RATE = 44100
TOLERANCE = 0.05  # seconds


def rms(pcm: bytes, start: float, end: float) -> int:
    a, b = max(0, round(start * RATE)) * 2, round(end * RATE) * 2
    return audioop.rms(pcm[a:b], 2) if b > a else 0


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from loa.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("var"), engine="espeak")
    pipeline = Pipeline(settings)
    data, fmt, url = read_source(str(SAMPLE))
    article = parse_article(data, fmt, name=SAMPLE.name, source_url=url)
    pipeline.store.save_article(article)
    episode = pipeline.render(article.id)
    stem = pipeline.storage.path(episode.audio_key).with_suffix("")
    audio = decode_file(stem.with_suffix(".mp3"), "mp3", RATE)
    yield episode, stem, audio.pcm
    pipeline.close()


def seconds(timestamp: str) -> float:
    h, m, s = timestamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_every_cue_starts_where_speech_starts_and_gaps_are_silent(published):
    episode, stem, pcm = published
    cues = [(seconds(c.start), seconds(c.end)) for c in webvtt.read(str(stem.with_suffix(".vtt")))]
    assert len(cues) == len(episode.timeline)
    speech_level = rms(pcm, cues[0][0], cues[-1][1])
    for (_, end), (next_start, _) in pairwise(cues):
        # Between two sentences, from 50 ms after one ends to 50 ms before the next starts: silence.
        assert rms(pcm, end + TOLERANCE, next_start - TOLERANCE) < speech_level / 20
        # And speech within the first 150 ms of each cue (the engine leaves ~10 ms before a word).
        assert rms(pcm, next_start, next_start + 0.15) > speech_level / 5
    assert rms(pcm, cues[-1][1] + TOLERANCE, len(pcm) / 2 / RATE) < speech_level / 20


def test_chapters_in_json_and_id3_start_on_sentence_starts(published):
    episode, stem, pcm = published
    chapters = json.loads(stem.with_name(stem.name + ".chapters.json").read_text(encoding="utf-8"))
    assert chapters["version"] == "1.2.0" and len(chapters["chapters"]) >= 2
    starts = [t.start / episode.sample_rate for t in episode.timeline]
    id3 = ID3(stem.with_suffix(".mp3"))
    frames = sorted(id3.getall("CHAP"), key=lambda f: f.start_time)
    assert [f.start_time / 1000 for f in frames] == pytest.approx(
        [c["startTime"] for c in chapters["chapters"]], abs=0.002)
    for chapter in chapters["chapters"][1:]:
        assert min(abs(chapter["startTime"] - s) for s in starts) < TOLERANCE
        # The chapter opens on speech, right after a silence.
        assert rms(pcm, chapter["startTime"] - 0.3, chapter["startTime"] - TOLERANCE) < rms(
            pcm, chapter["startTime"], chapter["startTime"] + 0.3) / 5
    ctoc = id3.getall("CTOC")[0]
    assert list(ctoc.child_element_ids) == [f.element_id for f in frames]
