"""The render pipeline as plain steps: prepare → synthesize sentences → assemble → publish.

The Celery tasks call one step each; ``render`` runs them all in this process (``loa add``,
``loa demo``). Every step is idempotent: running it twice leaves the same files and rows.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from articles.model import Article, Episode, SentenceTiming
from articles.store import Store
from audio.cache import ClipCache
from audio.engines import get_engine, resolve_engine
from audio.engines.base import SpeechEngine
from audio.stitch import Segment, stitch
from feeds import dropfolder
from feeds.chapters import chapters_for_article
from feeds.podcast import Channel, FeedItem
from feeds.podcastindex import Transcript
from feeds.publish import publish_feed
from feeds.transcripts import cues_from_timeline
from loa.settings import Settings
from loa.storage import Storage
from vntext import Sentence, build_script
from vntext.lexicon import parse_lexicon
from worker.outputs import (
    COVER_KEY,
    Programme,
    cover_png,
    sidecar_key,
    write_broadcast_outputs,
    write_podcast_outputs,
)

log = logging.getLogger("loa.pipeline")

# Episode GUIDs are UUIDv5 names of the article id in Loa's own namespace: stable across edits,
# re-renders and changes of the public URL.
GUID_NAMESPACE = uuid.UUID("6f1c9a52-3c1e-5b7e-9d2a-4c6f0e8b1a77")
FEED_KEY = "feed.xml"
BULLETIN_FEED_KEY = "bulletins.xml"
FEED_ITEMS_LIMIT = 300
LEXICON_KEY = "lexicon.txt"  # the station's pronunciation lexicon, edited by staff


class RenderError(RuntimeError):
    """An article cannot be rendered (it is missing, or has nothing to read)."""


@dataclass(frozen=True)
class Script:
    """What prepare hands to synthesis: the article's content version, the engine, the sentences."""

    article_id: str
    content_hash: str
    engine: str  # a concrete engine spec: "gtts", "espeak" or "module:Class"
    sentences: tuple[Sentence, ...]


def episode_guid(article_id: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, article_id))


class Pipeline:
    """The render steps, bound to one set of settings, one database and one data directory."""

    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.store = store or Store(settings.db_url, upgrade=settings.db_auto_upgrade)
        self.storage = Storage(settings.data_dir)
        self.cache = ClipCache(self.storage)
        self._engines: dict[str, SpeechEngine] = {}
        self._lexicon: dict[str, str] = {}
        self._lexicon_version: tuple[int, int] | None = None

    def close(self) -> None:
        self.store.close()

    # Engines --------------------------------------------------------------------------------

    def engine(self, spec: str) -> SpeechEngine:
        if spec not in self._engines:
            self._engines[spec] = get_engine(spec, self.settings)
        return self._engines[spec]

    def choose_engine(self) -> str:
        """The concrete engine spec for a new render ("auto" asks whether Google answers)."""
        if self.settings.engine != "auto":
            return self.settings.engine
        engine = resolve_engine(self.settings)
        self._engines.setdefault(engine.name, engine)
        return engine.name

    # Steps ----------------------------------------------------------------------------------

    @property
    def lexicon(self) -> dict[str, str]:
        """The station lexicon, read again whenever staff change the file (workers run for days)."""
        path = self.storage.path(LEXICON_KEY)
        try:
            stat = path.stat()
        except FileNotFoundError:
            return {}
        version = (stat.st_mtime_ns, stat.st_size)
        if self._lexicon_version != version:
            self._lexicon = parse_lexicon(path.read_text(encoding="utf-8"))
            self._lexicon_version = version
        return self._lexicon

    def script_for(self, article: Article) -> tuple[Sentence, ...]:
        roles_read = {"dateline", "lead", "body"}
        if self.settings.read_captions:
            roles_read.add("caption")
        if self.settings.read_byline:
            roles_read.add("byline")
        blocks = [(b.role, b.text) for b in article.blocks if b.role in roles_read]
        sentences = tuple(build_script(article.title, blocks, self.lexicon))
        if not sentences:
            raise RenderError(f"article {article.id} has no sentence to read")
        return sentences

    def prepare(self, article_id: str, engine: str | None = None) -> Script:
        article = self.store.get_article(article_id)
        if article is None:
            raise RenderError(f"no article with id {article_id!r}")
        state = self.store.state(article_id)
        if state is None:
            raise RenderError(f"no article with id {article_id!r}")
        if state.status == "retracted":
            raise RenderError(f"article {article_id} is retracted")
        spec = engine or self.choose_engine()
        script = Script(article.id, article.content_hash, spec, self.script_for(article))
        self.store.set_status(article.id, "rendering", engine=self.engine(spec).name)
        log.info("article %s: %d sentences, engine %s", article.id, len(script.sentences), spec)
        return script

    def clip_key(self, engine: str, spoken: str) -> str:
        e = self.engine(engine)
        return self.cache.key_for(e.name, e.voice, e.settings_key, spoken)

    def uncached(self, script: Script) -> list[str]:
        """Spoken sentences of ``script`` that have no clip yet, each once."""
        todo: dict[str, None] = {}
        for sentence in script.sentences:
            if self.clip_key(script.engine, sentence.spoken) not in self.cache:
                todo.setdefault(sentence.spoken)
        return list(todo)

    def synthesize(self, engine: str, spoken: str) -> bool:
        """Make sure the clip for ``spoken`` is in the cache; True when it had to be synthesized."""
        _clip, was_cached = self.cache.get_or_synthesize(self.engine(engine), spoken)
        return not was_cached

    def script_hash(self, speech: SpeechEngine, sentences: tuple[Sentence, ...]) -> str:
        """Everything that decides the episode's sound: engine, spoken sentences, pauses, format."""
        s = self.settings
        payload = json.dumps({
            "engine": [speech.name, speech.voice, speech.settings_key],
            "sentences": [[x.role, x.paragraph, x.spoken] for x in sentences],
            "pauses": [s.pause_sentence_ms, s.pause_paragraph_ms, s.pause_headline_ms],
            "format": [s.sample_rate, s.channels, s.mp3_bitrate],
        }, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def assemble(self, article_id: str, content_hash: str, engine: str) -> Episode:
        """Stitch the cached clips into the episode MP3 and record it (once per script)."""
        article = self.store.get_article(article_id, content_hash)
        if article is None:
            raise RenderError(f"no article {article_id!r} with content {content_hash[:12]}")
        sentences = self.script_for(article)
        speech = self.engine(engine)
        digest = self.script_hash(speech, sentences)
        existing = self.store.find_episode(article_id, digest)
        if existing and self.storage.exists(existing.audio_key):
            return existing
        segments = self.segments_for(sentences, speech)
        audio, spans = stitch(segments, self.settings.sample_rate, self.settings.channels)
        key = f"episodes/{article.id}/{article.id}-{digest[:10]}.mp3"
        timeline = tuple(
            SentenceTiming(i, span.start, span.end, s.role, s.paragraph, s.text, s.spoken)
            for i, (s, span) in enumerate(zip(sentences, spans, strict=True))
        )
        mp3_bytes = write_podcast_outputs(
            self.settings, self.storage, audio, key,
            Programme(article.id, article.title, article.published, article.url, "segment"),
            chapters=chapters_for_article(timeline, audio.sample_rate, article.title, url=article.url),
            cues=cues_from_timeline(timeline, audio.sample_rate),
        )
        episode = self.store.record_episode(Episode(
            article_id=article.id, content_hash=content_hash, script_hash=digest, guid=episode_guid(article.id),
            engine=speech.name, voice=speech.voice, audio_key=key, audio_bytes=mp3_bytes,
            sample_rate=audio.sample_rate, frames=audio.frames, timeline=timeline,
        ))
        log.info("article %s: episode %s, %.1f s, engine %s", article.id, key, episode.duration, speech.name)
        return episode

    def segments_for(self, sentences: tuple[Sentence, ...], speech: SpeechEngine) -> list[Segment]:
        """Each sentence's clip (from the cache, synthesized when missing, its silent edges trimmed)
        with the pause after it."""
        segments = []
        for i, sentence in enumerate(sentences):
            clip, _ = self.cache.get_or_synthesize(speech, sentence.spoken)
            clip = clip.trimmed()
            following = sentences[i + 1] if i + 1 < len(sentences) else None
            segments.append(Segment(clip, self.pause_after(sentence, following)))
        return segments

    def broadcast(self, article_id: str, engine: str | None = None) -> str | None:
        """The broadcast WAV of the article's current episode (and its drop-folder copy), once.

        Re-stitched from the clip cache: the WAV is made from the same PCM as the podcast MP3.
        """
        state = self.store.state(article_id)
        if state is None or state.episode is None or state.status == "retracted":
            return None
        episode = state.episode
        wav_key = sidecar_key(episode.audio_key, ".wav")
        if self.storage.exists(wav_key):
            return wav_key
        article = self.store.get_article(article_id, episode.content_hash)
        if article is None:  # its version is gone: nothing to broadcast
            return None
        # Built-in engines' specs are their names; a plug-in's spec comes from the render chain.
        speech = self.engine(engine or episode.engine)
        audio, _ = stitch(self.segments_for(self.script_for(article), speech), episode.sample_rate,
                          self.settings.channels)
        return write_broadcast_outputs(self.settings, self.storage, audio, episode.audio_key, Programme(
            article.id, article.title, article.published, article.url, "segment"))

    def pause_after(self, sentence: Sentence, following: Sentence | None) -> float:
        s = self.settings
        if sentence.role == "headline":
            ms = s.pause_headline_ms
        elif following is not None and following.paragraph != sentence.paragraph:
            ms = s.pause_paragraph_ms
        else:
            ms = s.pause_sentence_ms
        return ms / 1000

    def publish(self, article_id: str | None = None, content_hash: str | None = None) -> Path:
        """Mark the rendered article published and rebuild the feed from the database."""
        if article_id:
            state = self.store.state(article_id)
            if (state and state.status != "retracted" and state.episode
                    and (content_hash is None or state.content_hash == content_hash)):
                self.store.set_status(article_id, "published")
                try:
                    return self.rebuild_feed()
                except Exception:
                    # "published" means "in the feed": not true if the feed could not be written.
                    self.store.set_status(article_id, state.status, error=state.error)
                    raise
        return self.rebuild_feed()

    def rebuild_feed(self) -> Path:
        # Two workers publishing at once must not let an older snapshot of the database win.
        with self._feed_lock():
            if not self.settings.feed_image_url:
                cover_png(self.settings, self.storage)
            numbers = self.store.article_numbers()
            items = [self.feed_item(a, e, numbers.get(a.id)) for a, e in self.store.published(FEED_ITEMS_LIMIT)]
            # With items the build time is the newest item's (rebuilding changes nothing); an empty
            # feed (everything retracted) is stamped now.
            last_build = None if items else datetime.now(UTC)
            return publish_feed(self.storage.path(FEED_KEY), self.channel(), items, last_build)

    def rebuild_bulletin_feed(self) -> Path | None:
        """``bulletins.xml``: the bulletins' own feed (nothing is written before the first bulletin)."""
        with self._feed_lock():
            bulletins = self.store.bulletins(FEED_ITEMS_LIMIT)
            if not bulletins:
                return None
            channel = self.channel()
            channel = replace(channel, title=f"{channel.title} — Bản tin",
                              feed_url=self.settings.public_url(BULLETIN_FEED_KEY))
            items = []
            for b in bulletins:
                _, chapters_url = self.sidecars(b.audio_key)
                items.append(FeedItem(
                    guid=b.guid, title=b.title, description="; ".join(i.title for i in b.items), published=b.until,
                    link=None, enclosure_url=self.settings.public_url(b.audio_key), enclosure_length=b.audio_bytes,
                    enclosure_type="audio/mpeg", duration_seconds=b.duration, chapters_url=chapters_url,
                ))
            return publish_feed(self.storage.path(BULLETIN_FEED_KEY), channel, items)

    @contextmanager
    def _feed_lock(self):
        lock_path = self.storage.path(".feed.lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def channel(self) -> Channel:
        s = self.settings
        return Channel(
            title=s.feed_title, description=s.feed_description, link=s.feed_link or s.public_base_url,
            feed_url=s.feed_url, image_url=s.feed_image_url or s.public_url(COVER_KEY),
            author=s.feed_author, email=s.feed_email, category=s.feed_category, language="vi",
            location=s.station_location or None,
        )

    def sidecars(self, audio_key: str) -> tuple[tuple[Transcript, ...], str | None]:
        """Public links to an episode's transcripts and chapters, for those that exist."""
        transcripts = tuple(
            Transcript(self.settings.public_url(sidecar_key(audio_key, suffix)), mime, "vi")
            for suffix, mime in ((".vtt", "text/vtt"), (".srt", "application/x-subrip"))
            if self.storage.exists(sidecar_key(audio_key, suffix))
        )
        chapters = sidecar_key(audio_key, ".chapters.json")
        return transcripts, self.settings.public_url(chapters) if self.storage.exists(chapters) else None

    def feed_item(self, article: Article, episode: Episode, number: int | None = None) -> FeedItem:
        lead = next((b.text for b in article.blocks if b.role in ("lead", "body")), article.title)
        transcripts, chapters_url = self.sidecars(episode.audio_key)
        return FeedItem(
            guid=episode.guid, title=article.title, description=lead, published=article.published,
            link=article.url, enclosure_url=self.settings.public_url(episode.audio_key),
            enclosure_length=episode.audio_bytes, enclosure_type="audio/mpeg", duration_seconds=episode.duration,
            episode_number=number, transcripts=transcripts, chapters_url=chapters_url,
        )

    def retract(self, article_id: str) -> bool:
        """Take an article out of the feed and the radio drop folder; it stays in the database."""
        if not self.store.retract(article_id):
            return False
        if self.settings.drop_folder:
            dropfolder.remove(Path(self.settings.drop_folder), article_id)
        self.rebuild_feed()
        return True

    # All at once ----------------------------------------------------------------------------

    def render(self, article_id: str, engine: str | None = None) -> Episode:
        """Every step in this process: used by ``loa add`` and ``loa demo``."""
        try:
            script = self.prepare(article_id, engine)
            for spoken in self.uncached(script):
                self.synthesize(script.engine, spoken)
            episode = self.assemble(article_id, script.content_hash, script.engine)
            self.publish(article_id, script.content_hash)
            self.broadcast(article_id, script.engine)
        except Exception as err:
            if self.store.state(article_id) is not None:
                self.store.set_status(article_id, "failed", error=f"{type(err).__name__}: {err}")
            raise
        return episode
