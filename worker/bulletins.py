"""Bulletins: the articles published in a time window, compiled into one news programme.

A bulletin is: intro jingle, a spoken opener with the date and time ("Bản tin thời sự ngày ..."),
each article with a stinger between, a spoken close, and an outro jingle. With a slot length,
articles are chosen by priority, then recency, to fill the slot without exceeding it; an article
is never cut, and what did not fit is reported. Rebuilding the same window replaces the bulletin
(same id, same GUID).

An embargoed article (published with a time still to come) is in no bulletin before that time: the
window, the staff's choice and the request all take only articles whose time has come by ``now``.

Staff can also choose the articles and their order themselves on the web page ``/ban-tin``: the
page records a request (``request_bulletin``) and a worker builds it (``build_requested``,
``build_chosen``): the same frame and outputs, exactly the chosen articles, refused rather than cut
when they do not fit the slot. ``BulletinBuilder.estimated_frame`` and ``article_seconds`` give the
page its estimate of the length without synthesizing anything.

With two bulletin voices (``LOA_BULLETIN_VOICES=nu-bac,nam-nam``) the articles are read by the two
in turn, as two newsreaders share a bulletin: the first reads the opener, the first article, the
third..., the second the second, the fourth... Each voice falls back down the engine chain on its
own when its engine cannot be used. Without them, one engine reads everything, as a render's would.
"""
from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from articles.model import Article, Bulletin, BulletinItem, BulletinRequest, Episode
from audio.cache import CachedClip
from audio.clip import Clip
from audio.engines.base import SpeechEngine
from audio.engines.chain import spec_label
from audio.jingles import default_intro, default_outro, default_stinger, load_jingle
from audio.programme import Part, Programme
from feeds.chapters import chapters_for_bulletin
from loa.settings import Settings
from vntext import normalize
from worker.outputs import ProgrammeInfo, outcue_of, remove_outputs, to_drop_folder, write_outputs
from worker.pipeline import GUID_NAMESPACE, Pipeline, RenderError, voice_identity, voice_label

log = logging.getLogger("loa.bulletins")

PAUSE_AFTER_JINGLE = 0.3
PAUSE_AFTER_STINGER = 0.4
PACE_SAMPLE = 20  # recent episodes whose reading pace estimates a bulletin's opener and close
DEFAULT_PACE = 14.0  # spoken characters a second, before any episode exists


def reading_pace(published: Sequence[tuple[Article, Episode]]) -> float:
    """Spoken characters per second of speech in these episodes (``DEFAULT_PACE`` when there are none).

    >>> reading_pace([])
    14.0
    """
    characters, frames, rate = 0, 0, 0
    for _article, episode in published:
        for timing in episode.timeline:
            characters += len(timing.spoken)
            frames += timing.end - timing.start
        rate = episode.sample_rate
    if not characters or not frames:
        return DEFAULT_PACE
    return characters / (frames / rate)


@dataclass(frozen=True)
class Candidate:
    article: Article
    seconds: float  # length of the article's part of the bulletin, pauses included


@dataclass(frozen=True)
class Selection:
    chosen: tuple[Candidate, ...]
    left_out: tuple[Candidate, ...]

    @property
    def seconds(self) -> float:
        return sum(c.seconds for c in self.chosen)


def choose_articles(candidates: list[Candidate], budget: float | None, gap: float) -> Selection:
    """Highest priority first, then most recent; an article that does not fit is left out whole,
    and a shorter one after it may still fit. ``gap`` is the cost between two articles.

    >>> from datetime import datetime, timezone
    >>> def c(i, p, s, h): return Candidate(Article(i, i, (), datetime(2026, 1, 1, h, tzinfo=timezone.utc),
    ...                                             priority=p), s)
    >>> pick = choose_articles([c("a", 0, 60, 9), c("b", 5, 120, 8), c("c", 0, 30, 7)], budget=170, gap=5)
    >>> [x.article.id for x in pick.chosen], [x.article.id for x in pick.left_out]
    (['b', 'c'], ['a'])
    """
    ordered = sorted(candidates, key=lambda c: (-c.article.priority, -c.article.published.timestamp(),
                                                c.article.id))
    if budget is None:
        return Selection(tuple(ordered), ())
    chosen: list[Candidate] = []
    left_out: list[Candidate] = []
    used = 0.0
    for candidate in ordered:
        cost = candidate.seconds + (gap if chosen else 0.0)
        if used + cost <= budget:
            chosen.append(candidate)
            used += cost
        else:
            left_out.append(candidate)
    return Selection(tuple(chosen), tuple(left_out))


def bulletin_id(since: datetime, until: datetime, tz: ZoneInfo) -> str:
    return f"b-{since.astimezone(tz):%Y%m%d-%H%M}-{until.astimezone(tz):%Y%m%d-%H%M}"


def chosen_bulletin_id(at: datetime, article_ids: Sequence[str], tz: ZoneInfo) -> str:
    """The id of a bulletin of chosen articles: its minute and a short hash of the ordered ids.

    >>> at = datetime(2026, 11, 27, 18, 5, tzinfo=ZoneInfo("UTC"))
    >>> chosen_bulletin_id(at, ["a", "b"], ZoneInfo("Asia/Ho_Chi_Minh"))
    'b-20261128-0105-7e18f737'
    """
    digest = hashlib.sha256("\n".join(article_ids).encode("utf-8")).hexdigest()[:8]
    return f"b-{at.astimezone(tz):%Y%m%d-%H%M}-{digest}"


class UnknownArticles(RenderError):
    """Chosen ids that are not published articles (unknown, not yet rendered, retracted)."""

    def __init__(self, article_ids: Sequence[str]):
        self.article_ids = tuple(article_ids)
        super().__init__("not published articles: " + ", ".join(self.article_ids))


class SlotExceeded(RenderError):
    """The chosen articles make a bulletin longer than its slot."""

    def __init__(self, seconds: float, slot_seconds: float):
        self.seconds, self.slot_seconds = seconds, slot_seconds
        self.over = seconds - slot_seconds
        super().__init__(f"the bulletin would last {seconds:.1f} s, {self.over:.1f} s more than "
                         f"the {slot_seconds:g} s slot")


@dataclass(frozen=True)
class Reader:
    """One newsreader of a bulletin: the engine spec and its engine."""

    spec: str
    speech: SpeechEngine

    @property
    def label(self) -> str:
        return spec_label(self.spec, self.speech)


@dataclass(frozen=True)
class Frame:
    """What surrounds the articles: intro jingle and opener, the stinger between two, close and outro."""

    head: tuple[Part, ...]
    stinger: Part
    tail: tuple[Part, ...]

    @property
    def fixed(self) -> float:
        """Seconds of the bulletin that are not articles or stingers."""
        return _seconds((*self.head, *self.tail))

    @property
    def gap(self) -> float:
        """Seconds between two articles."""
        return _seconds((self.stinger,))


class BulletinBuilder:
    """Compiles bulletins with the pipeline's engine, clip cache and storage."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.settings = pipeline.settings
        self.tz = ZoneInfo(self.settings.timezone)

    def _jingle(self, path: str, default) -> Clip:
        rate, channels = self.settings.sample_rate, self.settings.channels
        return load_jingle(path, rate, channels) if path else default(rate, channels)

    def _spoken(self, speech: SpeechEngine, text: str) -> CachedClip:
        return self.pipeline.clip_entry(speech.name, speech, normalize(text, self.pipeline.lexicon))

    def jingles(self) -> tuple[Clip, Clip, Clip]:
        """The intro, stinger and outro: the station's files, or the chimes Loa makes."""
        return (self._jingle(self.settings.jingle_intro, default_intro),
                self._jingle(self.settings.jingle_stinger, default_stinger),
                self._jingle(self.settings.jingle_outro, default_outro))

    def frame_words(self, at: datetime) -> tuple[str, str]:
        """What the newsreader says before the first article and after the last, for ``at``."""
        local = at.astimezone(self.tz)
        return (f"Bản tin thời sự ngày {local:%d/%m/%Y}, lúc {local:%H:%M}.",
                f"Quý vị vừa nghe bản tin thời sự của {self.settings.station_name}. Cảm ơn quý vị đã theo dõi.")

    def frame(self, speech: SpeechEngine, at: datetime) -> Frame:
        """The jingles, the opener for ``at`` (station time) and the close around the articles."""
        intro, stinger, outro = self.jingles()
        opener_words, close_words = self.frame_words(at)
        return Frame(
            head=(Part(intro, PAUSE_AFTER_JINGLE),
                  Part(self._spoken(speech, opener_words), self.settings.pause_paragraph_ms / 1000)),
            stinger=Part(stinger, PAUSE_AFTER_STINGER),
            tail=(Part(self._spoken(speech, close_words), PAUSE_AFTER_JINGLE), Part(outro, 0.0)),
        )

    def estimated_frame(self, at: datetime) -> tuple[float, float]:
        """(seconds of the frame, seconds between two articles) without synthesizing anything: the
        jingles are measured, the opener and close estimated at the reading pace of recent episodes."""
        intro, stinger, outro = self.jingles()
        pace = reading_pace(self.pipeline.store.published(PACE_SAMPLE))
        speech = sum(len(normalize(words, self.pipeline.lexicon)) / pace for words in self.frame_words(at))
        fixed = (intro.duration + PAUSE_AFTER_JINGLE + speech + self.settings.pause_paragraph_ms / 1000
                 + PAUSE_AFTER_JINGLE + outro.duration)
        return fixed, stinger.duration + PAUSE_AFTER_STINGER

    def readers(self) -> tuple[Reader, ...]:
        """Who reads a bulletin's articles, in turn: the two bulletin voices, else one engine."""
        pair = self.pipeline.voices.bulletin_pair
        specs = [self.pipeline.choose_engine()] if pair is None else [self.pipeline.choose_engine(v.name) for v in pair]
        return tuple(Reader(spec, self.pipeline.engine(spec)) for spec in specs)

    def read_in_turn(self, articles: Sequence[Article], readers: Sequence[Reader]) -> list[tuple[Article, list[Part]]]:
        """Each article's parts as read by its reader: article i by reader i modulo their number."""
        return [(article, self.part(article, readers[i % len(readers)].speech, readers[i % len(readers)].spec))
                for i, article in enumerate(articles)]

    def choose_in_turn(self, articles: Sequence[Article], readers: Sequence[Reader], budget: float | None,
                       gap: float) -> tuple[Selection, list[tuple[Article, list[Part]]]]:
        """``choose_articles`` for readers in turn: each article is measured as read by the reader whose
        turn it would be, and left out whole when that does not fit (the next one gets the same turn)."""
        ordered = choose_articles([Candidate(a, 0.0) for a in articles], None, gap).chosen
        chosen: list[Candidate] = []
        left_out: list[Candidate] = []
        read: list[tuple[Article, list[Part]]] = []
        used = 0.0
        for candidate in ordered:
            reader = readers[len(read) % len(readers)]
            parts = self.part(candidate.article, reader.speech, reader.spec)
            seconds = _seconds(parts)
            cost = seconds + (gap if read else 0.0)
            if budget is None or used + cost <= budget:
                chosen.append(Candidate(candidate.article, seconds))
                read.append((candidate.article, parts))
                used += cost
            else:
                left_out.append(Candidate(candidate.article, seconds))
        return Selection(tuple(chosen), tuple(left_out)), read

    def part(self, article: Article, speech: SpeechEngine, spec: str | None = None) -> list[Part]:
        """An article's sentences as read in a bulletin: a paragraph pause after the last one."""
        parts = self.pipeline.parts_for(self.pipeline.script_for(article), speech, spec)
        parts[-1] = Part(parts[-1].source, self.settings.pause_paragraph_ms / 1000)
        return parts

    def build(self, since: datetime, until: datetime, slot_seconds: float | None = None,
              now: datetime | None = None) -> tuple[Bulletin, Selection]:
        """The bulletin of the articles published in [since, until) whose time has come by ``now``,
        filling the slot if one is given."""
        if since.tzinfo is None or until.tzinfo is None:
            raise ValueError("bulletin window times must be timezone-aware")
        if until <= since:
            raise ValueError("the bulletin window ends before it starts")
        published = self.pipeline.store.published_between(since, until, as_of=now or datetime.now(UTC))
        if not published:
            raise RenderError(f"no published article between {since.astimezone(self.tz):%d/%m/%Y %H:%M} "
                              f"and {until.astimezone(self.tz):%d/%m/%Y %H:%M}")
        readers = self.readers()
        speech = readers[0].speech
        frame = self.frame(speech, until)
        budget = None if slot_seconds is None else slot_seconds - frame.fixed
        if budget is not None and budget <= 0:
            raise RenderError(f"a {slot_seconds:g} s slot is shorter than the bulletin's opener and close")
        if len(readers) == 1:
            parts = {article.id: self.part(article, speech, readers[0].spec) for article, _episode in published}
            candidates = [Candidate(article, _seconds(parts[article.id])) for article, _episode in published]
            selection = choose_articles(candidates, budget, frame.gap)
            read = [(c.article, parts[c.article.id]) for c in selection.chosen]
        else:
            selection, read = self.choose_in_turn([article for article, _episode in published], readers, budget,
                                                  frame.gap)
        if not selection.chosen:
            raise RenderError(f"no article fits a {slot_seconds:g} s slot")
        ident = bulletin_id(since, until, self.tz)
        bulletin = self._assemble(ident, since, until, slot_seconds, readers, frame, read,
                                  left_out=tuple(c.article.id for c in selection.left_out))
        return bulletin, selection

    def build_chosen(self, article_ids: Sequence[str], slot_seconds: float | None = None,
                     at: datetime | None = None, now: datetime | None = None) -> tuple[Bulletin, Selection]:
        """A bulletin of exactly these published articles, in this order, announced for ``at`` (now).

        Unknown or unpublished ids, and articles whose time has not come by ``now`` (embargoed), are
        refused (``UnknownArticles``), and so is a bulletin longer
        than the slot (``SlotExceeded``): nothing is left out silently. The id is stable per
        (minute of ``at``, chosen list), so building the same choice again that minute replaces it.
        """
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            raise RenderError("no article chosen")
        at = at or datetime.now(self.tz)
        if at.tzinfo is None:
            raise ValueError("the bulletin time must be timezone-aware")
        at = at.replace(second=0, microsecond=0)
        published = {article.id: article
                     for article, _episode in self.pipeline.store.published(as_of=now or datetime.now(UTC))}
        missing = [i for i in ids if i not in published]
        if missing:
            raise UnknownArticles(missing)
        articles = [published[i] for i in ids]
        readers = self.readers()
        frame = self.frame(readers[0].speech, at)
        parts = self.read_in_turn(articles, readers)
        chosen = tuple(Candidate(article, _seconds(segments)) for article, segments in parts)
        total = frame.fixed + sum(c.seconds for c in chosen) + frame.gap * (len(chosen) - 1)
        if slot_seconds is not None and total > slot_seconds:
            raise SlotExceeded(total, slot_seconds)
        since = min(min(a.published for a in articles), at)
        bulletin = self._assemble(chosen_bulletin_id(at, ids, self.tz), since, at, slot_seconds, readers, frame,
                                  parts, left_out=())
        return bulletin, Selection(chosen, ())

    def _assemble(self, ident: str, since: datetime, until: datetime, slot_seconds: float | None,
                  readers: Sequence[Reader], frame: Frame, parts: list[tuple[Article, list[Part]]],
                  left_out: tuple[str, ...]) -> Bulletin:
        """Plan the frame around the articles (a stinger between two), make both masters from one read
        of it, write every output, save."""
        p, s = self.pipeline, self.settings
        speech = readers[0].speech
        planned: list[Part] = list(frame.head)
        ranges: list[tuple[Article, int, int]] = []  # article, first and last part index
        for i, (article, article_parts) in enumerate(parts):
            if i:
                planned.append(frame.stinger)
            first = len(planned)
            planned.extend(article_parts)
            ranges.append((article, first, len(planned) - 1))
        planned.extend(frame.tail)
        programme = Programme(planned, s.sample_rate, s.channels, p.cache)
        spans, rate = programme.spans, programme.sample_rate

        local = until.astimezone(self.tz)
        digest = _plan_digest(planned)
        key = f"bulletins/{ident}/{ident}-{digest}.mp3"
        title = f"Bản tin thời sự {local:%H:%M} ngày {local:%d/%m/%Y}"
        chapters = chapters_for_bulletin([
            (a.title, a.url, spans[first].start / rate, spans[last].end / rate) for a, first, last in ranges
        ])
        # The close is the last thing said; the outro jingle follows it.
        info = ProgrammeInfo(ident, title, until, None, "bulletin",
                             outcue=f"{outcue_of(self.frame_words(until)[1])} (nhạc)")
        masters = write_outputs(s, p.storage, programme, key, info, voice=voice_identity(speech), chapters=chapters)
        assert masters.podcast is not None
        to_drop_folder(s, p.storage, key, info, programme.duration, voice=voice_label(speech))
        previous = p.store.get_bulletin(ident)
        bulletin = p.store.save_bulletin(Bulletin(
            id=ident, guid=str(uuid.uuid5(GUID_NAMESPACE, f"bulletin:{ident}")), title=title, since=since,
            until=until, slot_seconds=slot_seconds,
            items=tuple(BulletinItem(a.id, a.title, a.url, spans[first].start, spans[last].end)
                        for a, first, last in ranges),
            left_out=left_out, engine=" + ".join(dict.fromkeys(r.label for r in readers[:len(parts)]))[:120], audio_key=key,
            audio_bytes=masters.podcast.bytes, sample_rate=rate, frames=programme.frames,
        ))
        if previous and previous.audio_key != key:
            remove_outputs(p.storage, previous.audio_key)
        log.info("bulletin %s: %d articles, %.1f s, %d left out", ident, len(bulletin.items), bulletin.duration,
                 len(bulletin.left_out))
        return bulletin


def _seconds(parts: Sequence[Part]) -> float:
    return sum(_clip_seconds(x.source) + x.pause_after for x in parts)


def _clip_seconds(source: CachedClip | Clip) -> float:
    return source.frames / source.sample_rate if isinstance(source, CachedClip) else source.duration


def _plan_digest(parts: Sequence[Part]) -> str:
    """A short hash of what a programme is made of (clips and pauses): its files' names change with it."""
    digest = hashlib.sha256()
    for part in parts:
        source = part.source
        identity = source.key if isinstance(source, CachedClip) else hashlib.sha256(source.pcm).hexdigest()
        digest.update(f"{identity}:{part.pause_after!r};".encode())
    return digest.hexdigest()[:10]


def article_seconds(episode: Episode, settings: Settings) -> float:
    """How long an article lasts in a bulletin, from its current episode: the episode up to the end
    of its last sentence, then the paragraph pause a bulletin puts after every article (the
    episode itself ends on a shorter sentence pause)."""
    end = episode.timeline[-1].end if episode.timeline else episode.frames
    return end / episode.sample_rate + settings.pause_paragraph_ms / 1000


def request_bulletin(pipeline: Pipeline, article_ids: Sequence[str], slot_seconds: float | None,
                     requested_by: str | None, at: datetime | None = None,
                     now: datetime | None = None) -> BulletinRequest:
    """Record a request for a bulletin of these articles, announced for ``at`` (now); a worker builds it
    (``build_requested``). Refused at once when no article is chosen or one is not published by ``now``
    (unknown, unrendered, retracted or embargoed)."""
    ids = tuple(dict.fromkeys(article_ids))
    if not ids:
        raise RenderError("no article chosen")
    published = {article.id for article, _episode in pipeline.store.published(as_of=now or datetime.now(UTC))}
    missing = [i for i in ids if i not in published]
    if missing:
        raise UnknownArticles(missing)
    tz = ZoneInfo(pipeline.settings.timezone)
    at = (at or datetime.now(tz)).replace(second=0, microsecond=0)
    return pipeline.store.bulletin_requests.add(BulletinRequest(
        id=uuid.uuid4().hex, article_ids=ids, slot_seconds=slot_seconds, at=at, requested_by=requested_by,
        status="queued",
    ))


def build_requested(pipeline: Pipeline, request_id: str) -> BulletinRequest | None:
    """Build the requested bulletin and record how it went: done with the bulletin's id, or failed
    with the reason staff are shown. A request already done is left as it is."""
    requests = pipeline.store.bulletin_requests
    request = requests.get(request_id)
    if request is None or request.status == "done":
        return request
    requests.set_status(request_id, "building")
    try:
        bulletin, _ = BulletinBuilder(pipeline).build_chosen(request.article_ids, request.slot_seconds, request.at)
        pipeline.rebuild_bulletin_feed()
    except SlotExceeded as err:
        requests.set_status(request_id, "failed", error=str(err),
                            error_details={"seconds": err.seconds, "slot_seconds": err.slot_seconds})
    except UnknownArticles as err:
        requests.set_status(request_id, "failed", error=str(err),
                            error_details={"article_ids": list(err.article_ids)})
    except RenderError as err:
        requests.set_status(request_id, "failed", error=str(err))
    else:
        requests.set_status(request_id, "done", bulletin_id=bulletin.id)
    return requests.get(request_id)

