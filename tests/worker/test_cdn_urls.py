"""With LOA_STORAGE_PUBLIC_URL (a CDN in front of the bucket), the feed sends podcast apps to the CDN
for audio, transcripts and the cover, while the feed's own address and the episode pages stay on the
station's site; the callback gives the CDN's audio URL too."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser

from articles.model import Article, Block
from worker.callback import payload
from worker.pipeline import Pipeline

CDN = "https://cdn.example.vn/loa"
SITE = "https://radio.example.vn/loa"


def test_files_in_the_feed_point_at_the_cdn_and_the_rest_at_the_site(settings):
    pipeline = Pipeline(replace(settings, storage_public_url=CDN + "/"))
    try:
        pipeline.store.save_article(Article(
            id="le-hoi-01", title="Lễ hội hoa ban khai mạc",
            blocks=(Block("lead", "Tối nay, lễ hội hoa ban chính thức khai mạc tại quảng trường thành phố."),),
            published=datetime(2026, 11, 27, 19, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))))
        episode = pipeline.render("le-hoi-01")
        feed = feedparser.parse(pipeline.storage.read_bytes("feed.xml"))
        callback = json.loads(payload(pipeline, "le-hoi-01", None) or b"{}")
    finally:
        pipeline.close()
    assert feed.bozo == 0
    (entry,) = feed.entries
    assert entry.enclosures[0].href == f"{CDN}/{episode.audio_key}"
    transcript = feed.entries[0].get("podcast_transcript", {})  # feedparser keeps the last one
    assert transcript.get("url") in {f"{CDN}/{episode.audio_key.removesuffix('.mp3')}{s}" for s in (".vtt", ".srt")}
    assert feed.feed.image.href == f"{CDN}/cover.png"
    assert entry.link == f"{SITE}/nghe/le-hoi-01"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{SITE}/feed.xml"]
    assert callback["audio_url"] == f"{CDN}/{episode.audio_key}"
