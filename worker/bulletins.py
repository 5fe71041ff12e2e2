"""Bulletins: the articles published in a time window, compiled into one news programme.

A bulletin is: intro jingle, a spoken opener with the date and time ("Bản tin thời sự ngày ..."),
each article with a stinger between, a spoken close, and an outro jingle. With a slot length,
articles are chosen by priority, then recency, to fill the slot without exceeding it; an article
is never cut, and what did not fit is reported. Rebuilding the same window replaces the bulletin
(same id, same GUID).
"""
from __future__ import annotations

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from articles.model import Article, Bulletin, BulletinItem
from audio.clip import Clip
from audio.jingles import default_intro, default_outro, default_stinger, load_jingle
from audio.stitch import Segment, stitch
from feeds.chapters import chapters_for_bulletin
from vntext import normalize
from worker.outputs import Programme, remove_outputs, write_outputs
from worker.pipeline import GUID_NAMESPACE, Pipeline, RenderError

log = logging.getLogger("loa.bulletins")

PAUSE_AFTER_JINGLE = 0.3
PAUSE_AFTER_STINGER = 0.4


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


def parse_slot(text: str) -> float:
    """Seconds in a slot length: ``15m``, ``90s``, ``1h``, ``1h30m``, or plain seconds.

    >>> parse_slot("15m"), parse_slot("1h30m"), parse_slot("45")
    (900.0, 5400.0, 45.0)
    """
    text = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"not a slot length: {text!r} (use e.g. 15m, 90s, 1h30m)")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def parse_times(text: str) -> list[time]:
    """The bulletin schedule: ``"06:00,11:30,18:00"`` → sorted local times."""
    times = []
    for part in text.replace(" ", ",").split(","):
        if part:
            hour, _, minute = part.partition(":")
            times.append(time(int(hour), int(minute or 0)))
    return sorted(times)


def scheduled_window(times: list[time], at: datetime) -> tuple[datetime, datetime]:
    """The window that ends at the latest scheduled time not after ``at`` and starts at the one before.

    >>> tz = ZoneInfo("Asia/Ho_Chi_Minh")
    >>> since, until = scheduled_window(parse_times("06:00,18:00"), datetime(2026, 11, 27, 18, 0, 5, tzinfo=tz))
    >>> since.isoformat(), until.isoformat()
    ('2026-11-27T06:00:00+07:00', '2026-11-27T18:00:00+07:00')
    """
    if not times:
        raise ValueError("no bulletin times configured")
    tz = at.tzinfo
    moments = sorted(
        datetime.combine(at.date() + timedelta(days=d), t, tzinfo=tz) for d in (-2, -1, 0) for t in times
    )
    past = [m for m in moments if m <= at]
    return past[-2], past[-1]


def bulletin_id(since: datetime, until: datetime, tz: ZoneInfo) -> str:
    return f"b-{since.astimezone(tz):%Y%m%d-%H%M}-{until.astimezone(tz):%Y%m%d-%H%M}"


class BulletinBuilder:
    """Compiles bulletins with the pipeline's engine, clip cache and storage."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.settings = pipeline.settings
        self.tz = ZoneInfo(self.settings.timezone)

    def _jingle(self, path: str, default) -> Clip:
        rate, channels = self.settings.sample_rate, self.settings.channels
        return load_jingle(path, rate, channels) if path else default(rate, channels)

    def _spoken(self, speech, text: str) -> Clip:
        clip, _ = self.pipeline.cache.get_or_synthesize(speech, normalize(text, self.pipeline.lexicon))
        return clip

    def build(self, since: datetime, until: datetime, slot_seconds: float | None = None) -> tuple[Bulletin, Selection]:
        if since.tzinfo is None or until.tzinfo is None:
            raise ValueError("bulletin window times must be timezone-aware")
        if until <= since:
            raise ValueError("the bulletin window ends before it starts")
        p, s = self.pipeline, self.settings
        published = p.store.published_between(since, until)
        if not published:
            raise RenderError(f"no published article between {since.astimezone(self.tz):%d/%m/%Y %H:%M} "
                              f"and {until.astimezone(self.tz):%d/%m/%Y %H:%M}")
        engine = p.choose_engine()
        speech = p.engine(engine)
        local = until.astimezone(self.tz)
        intro = self._jingle(s.jingle_intro, default_intro)
        stinger = self._jingle(s.jingle_stinger, default_stinger)
        outro = self._jingle(s.jingle_outro, default_outro)
        opener = self._spoken(speech, f"Bản tin thời sự ngày {local:%d/%m/%Y}, lúc {local:%H:%M}.")
        close = self._spoken(speech, f"Quý vị vừa nghe bản tin thời sự của {s.station_name}. "
                                     "Cảm ơn quý vị đã theo dõi.")
        paragraph_pause = s.pause_paragraph_ms / 1000

        parts: dict[str, list[Segment]] = {}
        candidates = []
        for article, _episode in published:
            segments = p.segments_for(p.script_for(article), speech)
            segments[-1] = Segment(segments[-1].clip, paragraph_pause)
            parts[article.id] = segments
            candidates.append(Candidate(article, sum(x.clip.duration + x.pause_after for x in segments)))

        frame = Segment(intro, PAUSE_AFTER_JINGLE), Segment(opener, paragraph_pause)
        ending = Segment(close, PAUSE_AFTER_JINGLE), Segment(outro, 0.0)
        fixed = sum(x.clip.duration + x.pause_after for x in (*frame, *ending))
        gap = stinger.duration + PAUSE_AFTER_STINGER
        budget = None if slot_seconds is None else slot_seconds - fixed
        if budget is not None and budget <= 0:
            raise RenderError(f"a {slot_seconds:g} s slot is shorter than the bulletin's opener and close")
        selection = choose_articles(candidates, budget, gap)
        if not selection.chosen:
            raise RenderError(f"no article fits a {slot_seconds:g} s slot")

        segments: list[Segment] = list(frame)
        ranges: list[tuple[Article, int, int]] = []  # article, first and last segment index
        for i, candidate in enumerate(selection.chosen):
            if i:
                segments.append(Segment(stinger, PAUSE_AFTER_STINGER))
            first = len(segments)
            segments.extend(parts[candidate.article.id])
            ranges.append((candidate.article, first, len(segments) - 1))
        segments.extend(ending)
        audio, spans = stitch(segments, s.sample_rate, s.channels)

        ident = bulletin_id(since, until, self.tz)
        digest = hashlib.sha256(audio.pcm).hexdigest()[:10]
        key = f"bulletins/{ident}/{ident}-{digest}.mp3"
        title = f"Bản tin thời sự {local:%H:%M} ngày {local:%d/%m/%Y}"
        chapters = chapters_for_bulletin([
            (a.title, a.url, spans[first].start / audio.sample_rate, spans[last].end / audio.sample_rate)
            for a, first, last in ranges
        ])
        outputs = write_outputs(s, p.storage, audio, key, Programme(ident, title, until, None, "bulletin"),
                                chapters=chapters)
        previous = p.store.get_bulletin(ident)
        bulletin = p.store.save_bulletin(Bulletin(
            id=ident, guid=str(uuid.uuid5(GUID_NAMESPACE, f"bulletin:{ident}")), title=title, since=since,
            until=until, slot_seconds=slot_seconds,
            items=tuple(BulletinItem(a.id, a.title, a.url, spans[first].start, spans[last].end)
                        for a, first, last in ranges),
            left_out=tuple(c.article.id for c in selection.left_out), engine=speech.name, audio_key=key,
            audio_bytes=outputs.mp3_bytes, sample_rate=audio.sample_rate, frames=audio.frames,
        ))
        if previous and previous.audio_key != key:
            remove_outputs(p.storage, previous.audio_key)
        log.info("bulletin %s: %d articles, %.1f s, %d left out", ident, len(bulletin.items), bulletin.duration,
                 len(bulletin.left_out))
        return bulletin, selection
