"""What the public may see of an episode, and nothing else.

An episode is public when its article is published (in the feed), not retracted, its publication
time has come (an embargoed article waits), its current content has an episode and the audio file
is there. Everything else is "not found" to a listener, whatever the reason.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from articles.model import Article, Episode
from feeds.pages import embed_path, episode_path
from feeds.transcripts import frames_to_ms
from loa.settings import Settings
from loa.storage import Storage
from web.services import Services

log = logging.getLogger("loa.web.listen")

LATEST_LIMIT = 20
# Episodes read from the store to find LATEST_LIMIT public ones (a few may wait for their time).
# Each comes with its sentence timeline: reading 90 long ones took 32 ms, so read few.
_LOOK_AHEAD = LATEST_LIMIT + 20


@dataclass(frozen=True)
class Sentence:
    """One sentence of the transcript, with its times in seconds as the WebVTT file gives them."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Chapter:
    start: float
    title: str


@dataclass(frozen=True)
class PublicEpisode:
    article: Article
    episode: Episode

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def description(self) -> str:
        """The lead (or the first paragraph), as the feed describes the episode."""
        return next((b.text for b in self.article.blocks if b.role in ("lead", "body")), self.article.title)

    @property
    def duration(self) -> float:
        return self.episode.duration

    @property
    def audio_key(self) -> str:
        return self.episode.audio_key

    @property
    def page_path(self) -> str:
        return episode_path(self.id)

    @property
    def embed_path(self) -> str:
        return embed_path(self.id)

    def paragraphs(self) -> list[list[Sentence]]:
        """The transcript by paragraph, each sentence timed in whole milliseconds (as in the VTT)."""
        rate = self.episode.sample_rate
        groups: dict[int, list[Sentence]] = {}
        for timing in self.episode.timeline:
            text = " ".join(timing.text.split())
            if not text:
                continue
            start, end = frames_to_ms(timing.start, rate) / 1000, frames_to_ms(timing.end, rate) / 1000
            groups.setdefault(timing.paragraph, []).append(Sentence(start, end, text))
        return list(groups.values())


def is_public(article: Article, status: str, episode: Episode | None, storage: Storage, now: datetime) -> bool:
    return (status == "published" and episode is not None and article.published <= now
            and episode.content_hash == article.content_hash and storage.exists(episode.audio_key))


def find(services: Services, article_id: str, now: datetime | None = None) -> PublicEpisode | None:
    """The public episode of ``article_id``, or None when a listener may not see it."""
    now = now or datetime.now(UTC)
    state = services.store.state(article_id)
    if state is None or state.status != "published" or state.episode is None:
        return None
    article = services.store.get_article(article_id)
    if article is None or not is_public(article, state.status, state.episode, services.pipeline.storage, now):
        return None
    return PublicEpisode(article, state.episode)


def latest(services: Services, limit: int = LATEST_LIMIT, now: datetime | None = None,
           ids: Sequence[str] | None = None) -> list[PublicEpisode]:
    """The newest public episodes, newest first; with ``ids``, only of those articles."""
    now = now or datetime.now(UTC)
    storage = services.pipeline.storage
    found = [PublicEpisode(a, e) for a, e in services.store.published(_LOOK_AHEAD, as_of=now, ids=ids)
             if is_public(a, "published", e, storage, now)]
    return found[:limit]


def chapters(storage: Storage, episode: PublicEpisode) -> list[Chapter]:
    """The chapters the feed publishes for the episode (its ``.chapters.json``), when it has any."""
    key = episode.audio_key.removesuffix(".mp3") + ".chapters.json"
    if not storage.exists(key):
        return []
    try:
        document = json.loads(storage.read_bytes(key))
        return [Chapter(float(c["startTime"]), str(c["title"])) for c in document["chapters"]
                if isinstance(c, dict) and c.get("title")]
    except (ValueError, KeyError, TypeError):
        log.warning("unreadable chapters file %s", key)
        return []


def cover_key(storage: Storage) -> str | None:
    """Our own cover file, when it is there (a cover elsewhere would be a request to another site)."""
    return "cover.png" if storage.exists("cover.png") else None


def cover_url(settings: Settings) -> str:
    """The cover's absolute URL, as the feed gives it."""
    return settings.feed_image_url or settings.file_url("cover.png")
