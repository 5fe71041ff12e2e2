"""The render pipeline as plain steps: prepare → synthesize sentences → assemble → publish → broadcast.

The Celery tasks call one step each; ``render`` runs them all in this process (``loa add``,
``loa demo``). Every step is idempotent: running it twice leaves the same files and rows.

Each render carries a token recorded on the article: a step of a render that was replaced (by a
fall back to the next engine, or by reconciliation driving a stalled article on) finds another
token and stops (``Superseded``), so a redelivered task never adds a second episode. Every step
records its progress, and keeps recording it while it runs, so reconciliation can tell a stalled
render (its worker died) from a slow one.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from articles.categories import Categories
from articles.model import Article, Episode, SentenceTiming
from articles.store import STEP_HELD, STEP_RELEASE, Store
from audio.cache import CachedClip, ClipCache
from audio.clip import Clip
from audio.engines import get_engine
from audio.engines.base import SpeechEngine, runs_locally
from audio.engines.chain import (
    Choice,
    EngineChain,
    EngineFailed,
    counts_against,
    describe,
    join_reasons,
)
from audio.engines.circuit import CircuitBreaker, memory_breaker
from audio.engines.http import Throttled
from audio.errors import NoNetwork, RateLimited, ServiceError
from audio.programme import ArrivingProgramme, Part, Programme
from audio.voices import ENGINE_ALIASES, is_voice_spec, load_voices, voice_of_spec
from feeds import dropfolder
from feeds.chapters import ChapterMark, chapters_for_article, possible_chapters
from feeds.pages import SHOW_PATH, episode_path
from feeds.podcast import Channel, FeedItem
from feeds.podcastindex import Transcript
from feeds.publish import feed_document
from feeds.shows import load_shows
from feeds.transcripts import Cue, cues_from_timeline
from loa.settings import Settings
from loa.storage import open_storage
from vntext import Sentence, build_script
from vntext.lexicon import parse_lexicon
from worker.locks import file_lock, redis_lock
from worker.outputs import (
    COVER_KEY,
    LateDocuments,
    ProgrammeInfo,
    cover_png,
    outcue_of,
    remove_outputs,
    sidecar_key,
    to_drop_folder,
    write_outputs,
)
from worker.shows import rebuild_show_feeds
from worker.usage import EngineMeter

log = logging.getLogger("loa.pipeline")

# Episode GUIDs are UUIDv5 names of the article id in Loa's own namespace: stable across edits,
# re-renders and changes of the public URL.
GUID_NAMESPACE = uuid.UUID("6f1c9a52-3c1e-5b7e-9d2a-4c6f0e8b1a77")
FEED_KEY = "feed.xml"
BULLETIN_FEED_KEY = "bulletins.xml"
FEED_ITEMS_LIMIT = 300
FEED_LOCK_NAME = ".feed.lock"
LEXICON_KEY = "lexicon.txt"  # the station's pronunciation lexicon, edited by staff
IN_PROCESS_SYNTHESIS = 8  # sentences synthesized at once when a render runs in one process


class RenderError(RuntimeError):
    """An article cannot be rendered (it is missing, or has nothing to read)."""


class Superseded(Exception):
    """This render was replaced by another (a fall back, or a drive on after a stall): it stops here."""


@dataclass(frozen=True)
class Script:
    """What prepare hands to synthesis: the article's content version, the engine, the sentences."""

    article_id: str
    content_hash: str
    engine: str  # a concrete engine spec: "gtts", "espeak", "@voice" or "module:Class"
    sentences: tuple[Sentence, ...]
    token: str | None = None  # the render's token (None: a step run on its own, unchecked)
    engine_reason: str | None = None  # why the engines before it in the chain were passed over


def voice_identity(speech: SpeechEngine) -> str:
    """What the masters learn of a voice is kept under this name: engine, voice and its settings."""
    return f"{speech.name}|{speech.voice}|{speech.settings_key}"


def voice_label(speech: SpeechEngine) -> str:
    """The voice as the radio automation shows it (the cart's artist after the station): engine and voice."""
    return f"{speech.name} {speech.voice}".strip() if speech.voice != speech.name else speech.name


def episode_guid(article_id: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, article_id))


def new_token() -> str:
    return uuid.uuid4().hex


TRANSIENT_ENGINE_ERRORS = (RateLimited, ServiceError, NoNetwork)


class Pipeline:
    """The render steps, bound to one set of settings, one database and one data directory."""

    def __init__(self, settings: Settings, store: Store | None = None, breaker: CircuitBreaker | None = None):
        self.settings = settings
        self.store = store or Store(settings.db_url, upgrade=settings.db_auto_upgrade)
        self.renders = self.store.renders
        self.storage = open_storage(settings)
        self.cache = ClipCache(self.storage)
        # Workers share their circuits through Redis (``worker.tasks``); one process keeps its own.
        self.breaker = breaker or memory_breaker(settings.breaker_failures, settings.breaker_cooldown)
        self.meter = EngineMeter(self.store.usage, settings.engine_budgets)
        self.chain = EngineChain(settings.engine_specs, self.breaker, self.engine, settings.gtts_probe_timeout,
                                 self.meter.over_budget)
        self.voices = load_voices(settings)
        self.shows = load_shows(settings, self.voices.names)
        self._engines: dict[str, SpeechEngine] = {}
        self._lexicon: dict[str, str] = {}
        self._lexicon_version: str | None = None

    def close(self) -> None:
        self.store.close()

    # Engines --------------------------------------------------------------------------------

    def engine(self, spec: str) -> SpeechEngine:
        if spec not in self._engines:
            made = get_engine(spec, self.settings)
            if hasattr(made, "meter"):
                made.meter = self.meter  # its requests count towards the day's usage and budget
            self._engines[spec] = made
        return self._engines[spec]

    def runs_locally(self, spec: str) -> bool:
        """True when engine ``spec`` synthesizes on this machine's CPU (``audio.engines.base.runs_locally``)."""
        return runs_locally(self.engine(spec))

    def choose_engine(self, voice: str | None = None) -> str:
        """The concrete engine spec for a new render in ``voice`` (None: the default voice)."""
        return self.chain_for(voice).choose().spec

    def chain_for(self, voice: str | None) -> EngineChain:
        """What a render in ``voice`` (None: the default voice, ``LOA_VOICE``) chooses from: the voice,
        then the engine chain without the voice's own engine; without any voice, the engine chain.
        An unknown voice raises ``UnknownVoice``."""
        chosen = self.voices.get(voice) if voice else self.voices.default
        if chosen is None:
            return self.chain
        rest = tuple(s for s in self.settings.engine_specs if ENGINE_ALIASES.get(s, s) != chosen.engine)
        return EngineChain((chosen.spec, *rest), self.breaker, self.engine, self.settings.gtts_probe_timeout,
                           self.meter.over_budget)

    def voice_for(self, article: Article) -> str | None:
        """The voice a new render of ``article`` is read in: the one chosen for it, else its first
        show's (``feeds.shows``), else None (``LOA_VOICE`` or the engine chain)."""
        show = self.shows.voice_show(Categories(article.section, article.tags))
        return self.store.voice_of(article.id) or (show.voice if show else None)

    def spec_for(self, name: str) -> str:
        """The spec of the engine called ``name`` (an episode records the name): its own name for the
        built-in engines, the ``package.module:Class`` of the chain for a plug-in."""
        for spec in self.settings.engine_specs:
            try:
                if self.engine(spec).name == name:
                    return spec
            except Exception:  # an engine of the chain that cannot be built is not the one
                continue
        return name

    def fall_back(self, failure: EngineFailed, passed_over: str | None = None) -> Choice:
        """The engine that takes over a render whose engine failed (``NoEngineLeft`` when none does)."""
        chain = self.chain
        failed = f"{failure.name}: {failure.reason}"
        if is_voice_spec(failure.spec):
            failed = f"{failure.name}/{voice_of_spec(failure.spec)}: {failure.reason}"
            if voice_of_spec(failure.spec) in self.voices:
                chain = self.chain_for(voice_of_spec(failure.spec))
        return chain.choose(after=failure.spec, passed_over=join_reasons(passed_over, failed))

    # Progress -------------------------------------------------------------------------------

    @contextmanager
    def working(self, article_id: str, token: str | None, step: str) -> Iterator[None]:
        """Run a step of render ``token``: raise ``Superseded`` when the render was replaced, and record
        progress every ``heartbeat_interval`` while the step runs, so only a dead worker's render
        looks stalled to reconciliation."""
        if not self.renders.touch_render(article_id, token, step):
            raise Superseded(f"article {article_id}: render {token} was replaced")
        stop = threading.Event()

        def heartbeat() -> None:
            while not stop.wait(self.settings.heartbeat_interval):
                try:
                    self.renders.touch_render(article_id, token, step)
                except Exception:  # the step itself reports what matters
                    log.warning("article %s: progress not recorded", article_id, exc_info=True)

        beating = threading.Thread(target=heartbeat, name=f"progress-{article_id}", daemon=True)
        beating.start()
        try:
            yield
        finally:
            stop.set()
            beating.join(timeout=5)

    # Steps ----------------------------------------------------------------------------------

    @property
    def lexicon(self) -> dict[str, str]:
        """The station lexicon, read again whenever staff change the file (workers run for days)."""
        found = self.storage.stat(LEXICON_KEY)
        if found is None:
            return {}
        if self._lexicon_version != found.etag:
            try:
                self._lexicon = parse_lexicon(self.storage.read_bytes(LEXICON_KEY).decode("utf-8"))
            except FileNotFoundError:
                return {}
            self._lexicon_version = found.etag
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

    def prepare(self, article_id: str, engine: str | None = None, engine_reason: str | None = None,
                token: str | None = None) -> Script:
        """Start a render of the article's current content: choose the engine (the chain's first usable
        one, unless ``engine`` is given), build the script and make this render the article's current
        one. With ``token``, go on with that render instead (``Superseded`` when it was replaced)."""
        article = self.store.get_article(article_id)
        if article is None:
            raise RenderError(f"no article with id {article_id!r}")
        state = self.store.state(article_id)
        if state is None:
            raise RenderError(f"no article with id {article_id!r}")
        if state.status == "retracted":
            raise RenderError(f"article {article_id} is retracted")
        sentences = self.script_for(article)
        if engine:
            choice = Choice(engine, self.engine(engine), engine_reason)
        else:
            choice = self.chain_for(self.voice_for(article)).choose()
        if token is None:
            token = new_token()
            started = self.renders.begin_render(article.id, token, choice.label)
        else:
            started = self.renders.continue_render(article.id, token, choice.label)
        if not started:
            raise Superseded(f"article {article_id}: render {token} was replaced")
        log.info("article %s: %d sentences, engine %s", article.id, len(sentences), choice.label)
        return Script(article.id, article.content_hash, choice.spec, sentences, token, choice.reason)

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
        """Make sure the clip for ``spoken`` is in the cache; True when it had to be synthesized.

        Raises ``EngineFailed`` when the engine's circuit is open or the engine cannot speak it.
        """
        _clip, made = self.clip(engine, self.engine(engine), spoken)
        return made

    def synthesize_all(self, script: Script) -> int:
        """Synthesize every sentence of ``script`` not in the cache, ``IN_PROCESS_SYNTHESIS`` at a time
        (a network engine spends its time waiting; the shared rate limiter still bounds the pace);
        the number synthesized. The first ``EngineFailed`` stops the rest and is raised."""
        todo = self.uncached(script)
        if not todo:
            return 0
        with ThreadPoolExecutor(max_workers=min(IN_PROCESS_SYNTHESIS, len(todo)),
                                thread_name_prefix="loa-synthesis") as pool:
            pending = {pool.submit(self.synthesize, script.engine, spoken) for spoken in todo}
            try:
                for done in as_completed(pending):
                    done.result()
                    self.renders.touch_render(script.article_id, script.token, "synthesize")
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
        return len(todo)

    def clip(self, spec: str, speech: SpeechEngine, spoken: str) -> tuple[Clip, bool]:
        """The clip of ``spoken`` from the cache, or from the engine (through its circuit, then cached);
        True when it was synthesized. A failure of the disk is an ``OSError``, never the engine's."""
        key = self.cache.key_for(speech.name, speech.voice, speech.settings_key, spoken)
        cached = self.cache.get(key)
        if cached is not None:
            return cached, False
        verdict = self.breaker.verdict(speech.name, claim_probe=False)
        if not verdict.allowed:
            raise EngineFailed(spec, speech.name, verdict.reason or "circuit open", transient=False)
        spent = self.meter.over_budget(speech.name)
        if spent is not None:
            raise EngineFailed(spec, speech.name, spent, transient=False)
        try:
            made = speech.synthesize(spoken)
        except Exception as err:
            reason = describe(err)
            if counts_against(err):
                state = self.breaker.failure(speech.name, reason)
                if state.failures >= self.breaker.threshold:
                    reason = state.why_open()
            retry_after = (err.retry_after or 0.0) if isinstance(err, Throttled) else None
            raise EngineFailed(spec, speech.name, reason, isinstance(err, TRANSIENT_ENGINE_ERRORS),
                               retry_after) from err
        self.breaker.success(speech.name)
        self.cache.put(key, made)
        return made, True

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

    def assemble(self, article_id: str, content_hash: str, engine: str, token: str | None = None,
                 engine_reason: str | None = None, with_broadcast: bool = False,
                 arriving: ArrivingProgramme | None = None) -> Episode:
        """Stitch the cached clips into the episode MP3 and record it (once per script, and only while
        render ``token`` is the article's current one); ``with_broadcast``: the broadcast WAV too, from
        the same read of the programme (when nothing waits for the feed in between). ``arriving``: the
        programme as its clips are being synthesized (``synthesize_and_assemble``)."""
        with self.working(article_id, token, "assemble"):
            return self._assemble(article_id, content_hash, engine, token, engine_reason, with_broadcast, arriving)

    def synthesize_and_assemble(self, script: Script) -> Episode:
        """``synthesize_all`` and ``assemble`` with both masters, overlapped: the masters start on the
        first clips while the rest are synthesized (a network engine spends that time waiting), each
        sentence handed over as soon as its clip and those before it are made. The first
        ``EngineFailed`` stops the rest and is raised; nothing is published then."""
        todo = self.uncached(script)
        if not todo:
            return self.assemble(script.article_id, script.content_hash, script.engine, script.token,
                                 script.engine_reason, with_broadcast=True)
        speech = self.engine(script.engine)
        arriving = ArrivingProgramme(len(script.sentences), self.settings.sample_rate, self.settings.channels,
                                     self.cache)
        with ThreadPoolExecutor(max_workers=min(IN_PROCESS_SYNTHESIS, len(todo)),
                                thread_name_prefix="loa-synthesis") as pool:
            made = {spoken: pool.submit(self.synthesize, script.engine, spoken) for spoken in todo}
            feeder = threading.Thread(target=self._hand_over, args=(script, speech, made, arriving),
                                      name="loa-hand-over", daemon=True)
            feeder.start()
            try:
                return self.assemble(script.article_id, script.content_hash, script.engine, script.token,
                                     script.engine_reason, with_broadcast=True, arriving=arriving)
            finally:
                for future in made.values():
                    future.cancel()  # when the masters stopped early: no more requests
                feeder.join()

    def _hand_over(self, script: Script, speech: SpeechEngine, made: dict[str, Future[bool]],
                   arriving: ArrivingProgramme) -> None:
        """Each sentence's part to ``arriving``, in order, as soon as its clip is made; a failure (or
        a cancelled synthesis) to whoever waits for the parts."""
        try:
            sentences = script.sentences
            for index, sentence in enumerate(sentences):
                future = made.get(sentence.spoken)
                if future is not None:
                    future.result()
                    self.renders.touch_render(script.article_id, script.token, "synthesize")
                following = sentences[index + 1] if index + 1 < len(sentences) else None
                arriving.arrive(index, Part(self.clip_entry(script.engine, speech, sentence.spoken),
                                            self.pause_after(sentence, following)))
        except BaseException as err:
            arriving.fail(err)

    def _assemble(self, article_id: str, content_hash: str, engine: str, token: str | None,
                  engine_reason: str | None, with_broadcast: bool = False,
                  arriving: ArrivingProgramme | None = None) -> Episode:
        article = self.store.get_article(article_id, content_hash)
        if article is None:
            raise RenderError(f"no article {article_id!r} with content {content_hash[:12]}")
        sentences = self.script_for(article)
        speech = self.engine(engine)
        digest = self.script_hash(speech, sentences)
        existing = self.store.find_episode(article_id, digest)
        if existing and self.storage.exists(existing.audio_key):
            self.renders.make_episode_current(article_id, digest)  # back to a voice already heard
            return existing
        key = f"episodes/{article.id}/{article.id}-{digest[:10]}.mp3"

        def timeline_of(programme: Programme) -> tuple[SentenceTiming, ...]:
            return tuple(SentenceTiming(i, span.start, span.end, s.role, s.paragraph, s.text, s.spoken)
                         for i, (s, span) in enumerate(zip(sentences, programme.spans, strict=True)))

        def documents_of(programme: Programme) -> tuple[list[ChapterMark], list[Cue]]:
            timeline = timeline_of(programme)
            return (chapters_for_article(timeline, programme.sample_rate, article.title, url=article.url),
                    cues_from_timeline(timeline, programme.sample_rate))

        info, voice = self.info_of(article), voice_identity(speech)
        if arriving is None:
            programme = self.programme_for(sentences, speech, engine)
            chapters, cues = documents_of(programme)
            masters = write_outputs(self.settings, self.storage, programme, key, info, voice=voice,
                                    broadcast=with_broadcast, chapters=chapters, cues=cues)
        else:
            unplaced = tuple(SentenceTiming(i, 0, 0, s.role, s.paragraph, s.text, s.spoken)
                             for i, s in enumerate(sentences))
            late = LateDocuments(possible_chapters(unplaced, article.title, url=article.url), documents_of)
            masters = write_outputs(self.settings, self.storage, arriving, key, info, voice=voice,
                                    broadcast=with_broadcast, chapters=late)
            programme = arriving.whole()
        timeline = timeline_of(programme)
        assert masters.podcast is not None
        episode = self.renders.record_render_episode(Episode(
            article_id=article.id, content_hash=content_hash, script_hash=digest, guid=episode_guid(article.id),
            engine=speech.name, voice=speech.voice, audio_key=key, audio_bytes=masters.podcast.bytes,
            sample_rate=programme.sample_rate, frames=programme.frames, timeline=timeline,
            voice_name=voice_of_spec(engine) if is_voice_spec(engine) else None,
        ), token, engine_reason)
        if episode is None:
            if self.store.find_episode(article_id, digest) is None:
                remove_outputs(self.storage, key)  # no episode of the replacing render names these files
            raise Superseded(f"article {article_id}: render {token} was replaced while assembling")
        log.info("article %s: episode %s, %.1f s, engine %s", article.id, key, episode.duration, speech.name)
        return episode

    def clip_entry(self, spec: str, speech: SpeechEngine, spoken: str) -> CachedClip:
        """The cache entry of ``spoken``'s clip, synthesized (through the engine's circuit) when missing."""
        key = self.cache.key_for(speech.name, speech.voice, speech.settings_key, spoken)
        entry = self.cache.entry(key)
        if entry is None:
            self.clip(spec, speech, spoken)
            entry = self.cache.entry(key)
            if entry is None:
                raise RenderError(f"the clip of {spoken[:40]!r} left the cache as soon as it was made")
        return entry

    def parts_for(self, sentences: tuple[Sentence, ...], speech: SpeechEngine, spec: str | None = None) -> list[Part]:
        """The sentences' clips (from the cache, synthesized when missing, trimmed of the engine's
        padding), each with the pause after it."""
        parts = []
        for i, sentence in enumerate(sentences):
            entry = self.clip_entry(spec or speech.name, speech, sentence.spoken)
            following = sentences[i + 1] if i + 1 < len(sentences) else None
            parts.append(Part(entry, self.pause_after(sentence, following)))
        return parts

    def programme_for(self, sentences: tuple[Sentence, ...], speech: SpeechEngine,
                      spec: str | None = None) -> Programme:
        """The sentences planned as one programme (``parts_for``)."""
        return Programme(self.parts_for(sentences, speech, spec), self.settings.sample_rate, self.settings.channels,
                         self.cache)

    def info_of(self, article: Article) -> ProgrammeInfo:
        return ProgrammeInfo(article.id, article.title, article.published, article.url, "segment")

    def broadcast(self, article_id: str, engine: str | None = None, token: str | None = None,
                  made_with_podcast: bool = False, now: datetime | None = None) -> str | None:
        """The broadcast WAV of the article's current episode (and its drop-folder copy), once.

        Planned again from the clip cache: the WAV is made from the same PCM as the podcast MP3.
        ``made_with_podcast``: the WAV was made in the podcast master's run (a render in one
        process), so only its drop-folder copy is left to make. An article whose publication time
        has not come (by ``now``) is embargoed: its WAV is made, its drop-folder copy is held until
        reconciliation finds its time has come and runs this step again (``articles.store.STEP_HELD``).
        """
        state = self.store.state(article_id)
        article = self.store.get_article(article_id)
        if state is None or article is None or state.episode is None or state.status == "retracted":
            return None
        held = article.published > (now or datetime.now(UTC))
        progress = self.renders.progress(article_id)
        releasing = not held and progress is not None and progress.step in (STEP_HELD, STEP_RELEASE)
        with self.working(article_id, token, STEP_RELEASE if releasing else "broadcast"):
            made = self._broadcast(state.episode, engine, made_with_podcast, drop=not held, again=releasing)
        if state.status == "published":
            if held:
                self.renders.hold_broadcast(article_id)
                log.info("article %s: embargoed until %s; its drop-folder file waits", article_id,
                         article.published.isoformat())
            else:
                self.renders.finish_broadcast(article_id)
        return made

    def _broadcast(self, episode: Episode, engine: str | None, made_with_podcast: bool = False,
                   drop: bool = True, again: bool = False) -> str | None:
        """The WAV, and with ``drop`` its drop-folder copy; ``again``: copy a WAV made earlier (held)."""
        wav_key = sidecar_key(episode.audio_key, ".wav")
        wav_ready = self.storage.exists(wav_key)
        if wav_ready and not made_with_podcast and not again:
            return wav_key  # a repeated step: made (and dropped, unless held) already
        article = self.store.get_article(episode.article_id, episode.content_hash)
        if article is None:  # its version is gone: nothing to broadcast
            return None
        # Built-in engines' specs are their names; a plug-in's is found in the chain by its name.
        spec = engine or (f"@{episode.voice_name}" if episode.voice_name else self.spec_for(episode.engine))
        speech = self.engine(spec)
        script = self.script_for(article)
        if not wav_ready:
            programme = self.programme_for(script, speech, spec)
            write_outputs(self.settings, self.storage, programme, episode.audio_key, self.info_of(article),
                          voice=voice_identity(speech), podcast=False)
        if not drop:
            return wav_key
        info = replace(self.info_of(article), outcue=outcue_of(script[-1].spoken))
        return to_drop_folder(self.settings, self.storage, episode.audio_key, info, episode.duration,
                              voice=voice_label(speech))

    def pause_after(self, sentence: Sentence, following: Sentence | None) -> float:
        s = self.settings
        if sentence.role == "headline":
            ms = s.pause_headline_ms
        elif following is not None and following.paragraph != sentence.paragraph:
            ms = s.pause_paragraph_ms
        else:
            ms = s.pause_sentence_ms
        return ms / 1000

    def publish(self, article_id: str | None = None, content_hash: str | None = None,
                token: str | None = None) -> str:
        """Mark the rendered article published and rebuild the feed from the database; where the feed is."""
        if article_id:
            state = self.store.state(article_id)
            if (state and state.status != "retracted" and state.episode
                    and (content_hash is None or state.content_hash == content_hash)):
                with self.working(article_id, token, "publish"):
                    if not self.renders.mark_published(article_id, token):
                        raise Superseded(f"article {article_id}: render {token} was replaced before publishing")
                    try:
                        return self.rebuild_feed()
                    except Exception:
                        # "published" means "in the feed": not true if the feed could not be written.
                        self.store.set_status(article_id, state.status, error=state.error)
                        raise
        return self.rebuild_feed()

    def rebuild_feed(self, now: datetime | None = None) -> str:
        """``feed.xml`` from the database: the published articles whose time has come by ``now``; where it is."""
        # Two workers publishing at once must not let an older snapshot of the database win.
        with self._feed_lock():
            rebuild_show_feeds(self, now or datetime.now(UTC), FEED_ITEMS_LIMIT)  # each show's feed (feeds.shows)
            if not self.settings.feed_image_url:
                cover_png(self.settings, self.storage)
            numbers = self.store.article_numbers()
            stored = self.stored_files("episodes")
            items = []
            for a, e in self.store.published(FEED_ITEMS_LIMIT, as_of=now or datetime.now(UTC)):
                try:
                    items.append(self.feed_item(a, e, numbers.get(a.id), stored))
                except ValueError as err:
                    # One article that cannot be a feed item must not keep every other out of the feed.
                    log.error("article %s left out of the feed: %s", a.id, err)
                    self.store.set_status(a.id, "failed", error=f"feed: {describe(err)}")
            # With items the build time is the newest item's (rebuilding changes nothing); an empty
            # feed (everything retracted) is stamped now.
            last_build = None if items else datetime.now(UTC)
            self.storage.write_bytes(FEED_KEY, feed_document(self.channel(), items, last_build))
            return self.storage.location(FEED_KEY)

    def rebuild_bulletin_feed(self) -> str | None:
        """``bulletins.xml``: the bulletins' own feed (nothing is written before the first bulletin)."""
        with self._feed_lock():
            bulletins = self.store.bulletins(FEED_ITEMS_LIMIT)
            if not bulletins:
                return None
            channel = self.channel()
            channel = replace(channel, title=f"{channel.title} — Bản tin",
                              feed_url=self.settings.public_url(BULLETIN_FEED_KEY))
            stored = self.stored_files("bulletins")
            items = []
            for b in bulletins:
                _, chapters_url = self.sidecars(b.audio_key, stored)
                items.append(FeedItem(
                    guid=b.guid, title=b.title, description="; ".join(i.title for i in b.items), published=b.until,
                    link=None, enclosure_url=self.settings.file_url(b.audio_key), enclosure_length=b.audio_bytes,
                    enclosure_type="audio/mpeg", duration_seconds=b.duration, chapters_url=chapters_url,
                ))
            self.storage.write_bytes(BULLETIN_FEED_KEY, feed_document(channel, items))
            return self.storage.location(BULLETIN_FEED_KEY)

    def _feed_lock(self) -> AbstractContextManager[None]:
        """One feed writer at a time: a file lock in the data directory, which needs no Redis (``loa add``
        and ``loa demo`` run without it); with an object store, whose writers share no directory, a
        lock in Redis (``worker.locks``)."""
        root = self.storage.local_root
        if root is not None:
            return file_lock(root / FEED_LOCK_NAME)
        return redis_lock(self.settings, FEED_LOCK_NAME)

    def channel(self) -> Channel:
        s = self.settings
        return Channel(
            title=s.feed_title, description=s.feed_description, link=s.feed_link or s.public_url(SHOW_PATH),
            feed_url=s.feed_url, image_url=s.feed_image_url or s.file_url(COVER_KEY),
            author=s.feed_author, email=s.feed_email, category=s.feed_category, language="vi",
            location=s.station_location or None,
        )

    def stored_files(self, folder: str) -> Callable[[str], bool]:
        """Whether a file under ``folder`` exists, for building a feed: the data directory is asked each
        time (a stat); an object store's folder is listed once (a request per thousand files, instead
        of a request per sidecar of every item)."""
        if self.storage.local_root is not None:
            return self.storage.exists
        return set(self.storage.list(folder)).__contains__

    def sidecars(self, audio_key: str, exists: Callable[[str], bool] | None = None,
                 ) -> tuple[tuple[Transcript, ...], str | None]:
        """Public links to an episode's transcripts and chapters, for those that exist."""
        exists = exists or self.storage.exists
        transcripts = tuple(
            Transcript(self.settings.file_url(sidecar_key(audio_key, suffix)), mime, "vi")
            for suffix, mime in ((".vtt", "text/vtt"), (".srt", "application/x-subrip"))
            if exists(sidecar_key(audio_key, suffix))
        )
        chapters = sidecar_key(audio_key, ".chapters.json")
        return transcripts, self.settings.file_url(chapters) if exists(chapters) else None

    def feed_item(self, article: Article, episode: Episode, number: int | None = None,
                  exists: Callable[[str], bool] | None = None) -> FeedItem:
        lead = next((b.text for b in article.blocks if b.role in ("lead", "body")), article.title)
        transcripts, chapters_url = self.sidecars(episode.audio_key, exists)
        return FeedItem(
            guid=episode.guid, title=article.title, description=lead, published=article.published,
            link=_feed_link(article.url) or self.settings.public_url(episode_path(article.id)),
            enclosure_url=self.settings.file_url(episode.audio_key),
            enclosure_length=episode.audio_bytes, enclosure_type="audio/mpeg", duration_seconds=episode.duration,
            episode_number=number, transcripts=transcripts, chapters_url=chapters_url,
        )

    def retract(self, article_id: str) -> bool:
        """Take an article out of the feed and the radio drop folder; it stays in the database."""
        if not self.store.retract(article_id):
            return False
        if self.settings.drop_folder:
            dropfolder.retract(Path(self.settings.drop_folder), article_id)
        self.rebuild_feed()
        return True

    # All at once ----------------------------------------------------------------------------

    def render(self, article_id: str, engine: str | None = None) -> Episode:
        """Every step in this process: used by ``loa add`` and ``loa demo``. When the engine fails
        mid-article, the article is rendered whole again by the next engine of the chain."""
        try:
            script = self.prepare(article_id, engine)
            while True:
                try:
                    # Nobody reads the feed before this command ends: both masters in one run.
                    episode = self.synthesize_and_assemble(script)
                    break
                except EngineFailed as failure:
                    log.warning("article %s: %s; the next engine renders it again", article_id, failure)
                    choice = self.fall_back(failure, script.engine_reason)
                    script = self.prepare(article_id, choice.spec, choice.reason, script.token)
            self.publish(article_id, script.content_hash, script.token)
            self.broadcast(article_id, script.engine, script.token, made_with_podcast=True)
        except Exception as err:
            state = self.store.state(article_id)
            if state is not None and state.status == "published":
                self.renders.note_error(article_id, f"broadcast: {describe(err)}")
            elif state is not None:
                self.renders.fail_render(article_id, None, describe(err))
            raise
        return episode


def _feed_link(url: str | None) -> str | None:
    """The article's page for the feed item: only an absolute http(s) URL without spaces.

    >>> _feed_link("https://radio.example.vn/tin/1"), _feed_link("javascript:alert(1)"), _feed_link("/tin/1")
    ('https://radio.example.vn/tin/1', None, None)
    """
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    scheme, _, rest = url.partition("://")
    return url if scheme.lower() in ("http", "https") and rest and not rest.startswith("/") else None
