"""Podcasting 2.0 JSON chapters (format version 1.2.0) for episodes and bulletins.

A bulletin gets one chapter per article, titled with the headline and linked to the
article, so a listener can skip to the story they want.

A single article gets chapters only when it is long enough to need them. An episode of
at most ``MIN_EPISODE_SECONDS`` (three minutes) gets none: it is one story read straight
through, and a chapter list of its paragraphs would be more clutter than help. A longer
one gets an opening chapter titled with the headline, covering the headline, dateline
and lead, then one chapter per group of body paragraphs. A group starts at a body
paragraph once the chapter before it has run for ``MIN_CHAPTER_SECONDS``, so a listener
is not handed a jump point every few seconds; a last group shorter than that joins the
one before. Captions and bylines never open a chapter. Each body chapter is titled with
the first sentence of its first paragraph; a sentence longer than ``TITLE_LENGTH``
characters is cut at a word boundary and ends in "…" within that length. An article
whose body never makes a second chapter gets none either. Chapters start where their first sentence starts
and end where the next chapter starts, except the opening one, which starts at zero;
the last ends with the last sentence.

Serve the file as ``application/json+chapters``, as the format asks.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from articles.model import SentenceTiming
from loa.storage import atomic_write_bytes

__all__ = [
    "MIN_CHAPTER_SECONDS",
    "MIN_EPISODE_SECONDS",
    "TITLE_LENGTH",
    "VERSION",
    "ChapterMark",
    "chapter_title",
    "chapters_for_article",
    "chapters_for_bulletin",
    "chapters_json",
    "possible_chapters",
    "publish_chapters",
]

VERSION = "1.2.0"
MIN_EPISODE_SECONDS = 180.0
MIN_CHAPTER_SECONDS = 30.0
TITLE_LENGTH = 60

_SPACE = re.compile(r"\s+")
# One full stop ends a sentence but reads oddly on a title; an ellipsis "..." is kept.
_FINAL_PERIOD = re.compile(r"(?<!\.)\.$")


@dataclass(frozen=True)
class ChapterMark:
    """A chapter from ``start`` seconds to ``end`` (or to the next chapter when ``None``)."""

    start: float
    end: float | None
    title: str
    url: str | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.start) or self.start < 0:
            raise ValueError(f"chapter start must be a non-negative number: {self.start!r}")
        if self.end is not None:
            if not math.isfinite(self.end) or _ms(self.end) <= _ms(self.start):
                raise ValueError(f"chapter {self.title!r} must end after it starts")
        if not self.title.strip():
            raise ValueError("chapter title is empty")
        if self.url is not None and not self.url.strip():
            raise ValueError(f"chapter {self.title!r} has an empty url")


def chapters_json(
    chapters: Sequence[ChapterMark],
    *,
    title: str | None = None,
    podcast_name: str | None = None,
    author: str | None = None,
) -> bytes:
    """The chapters document as UTF-8 JSON, chapters in order of start time.

    Times are written in seconds at millisecond precision. Raises ``ValueError`` when
    there is no chapter, when two chapters start at the same millisecond, or when a
    chapter's end runs past the start of the next one.
    """
    ordered = sorted(chapters, key=lambda c: c.start)
    if not ordered:
        raise ValueError("a chapters document needs at least one chapter")
    for before, after in pairwise(ordered):
        if _ms(after.start) <= _ms(before.start):
            raise ValueError(f"chapters {before.title!r} and {after.title!r} start together")
        if before.end is not None and _ms(before.end) > _ms(after.start):
            raise ValueError(f"chapter {before.title!r} runs into {after.title!r}")
    document: dict[str, object] = {"version": VERSION}
    for key, value in (("title", title), ("podcastName", podcast_name), ("author", author)):
        if value is not None:
            if not value.strip():
                raise ValueError(f"{key} is empty")
            document[key] = value
    document["chapters"] = [_chapter_object(c) for c in ordered]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def publish_chapters(
    path: Path,
    chapters: Sequence[ChapterMark],
    *,
    title: str | None = None,
    podcast_name: str | None = None,
    author: str | None = None,
) -> Path:
    """Write the chapters document to ``path`` in one rename; invalid chapters leave it untouched."""
    path = Path(path)
    document = chapters_json(chapters, title=title, podcast_name=podcast_name, author=author)
    atomic_write_bytes(path, document)
    return path


def chapters_for_bulletin(
    segments: Sequence[tuple[str, str | None, float, float]],
) -> list[ChapterMark]:
    """One chapter per article of a bulletin: ``(title, url, start_seconds, end_seconds)``."""
    if not segments:
        raise ValueError("a bulletin needs at least one article")
    marks = []
    previous_end: float | None = None
    for title, url, start, end in segments:
        mark = ChapterMark(start, end, title, url)
        if previous_end is not None and _ms(start) < _ms(previous_end):
            raise ValueError(f"article {title!r} starts before the one before it ends")
        marks.append(mark)
        previous_end = end
    return marks


def chapters_for_article(
    timeline: Sequence[SentenceTiming],
    sample_rate: int,
    title: str,
    *,
    url: str | None = None,
    min_episode: float = MIN_EPISODE_SECONDS,
    min_chapter: float = MIN_CHAPTER_SECONDS,
) -> list[ChapterMark]:
    """Chapters for a one-article episode, or ``[]`` when it is too short to need any.

    The opening chapter is titled ``title`` (the headline) and carries ``url``.
    """
    if sample_rate <= 0:
        raise ValueError(f"sample rate must be positive: {sample_rate!r}")
    if not timeline:
        raise ValueError("timeline has no sentences")
    if not title.strip():
        raise ValueError("article title is empty")
    episode_end = timeline[-1].end / sample_rate
    if episode_end <= min_episode:
        return []

    # [first frame, title] for each chapter, the opening one first.
    starts: list[tuple[int, str]] = [(0, title)]
    seen_paragraphs: set[int] = set()
    for sentence in timeline:
        if sentence.paragraph in seen_paragraphs:
            continue
        seen_paragraphs.add(sentence.paragraph)
        if sentence.role != "body":
            continue
        running = (sentence.start - starts[-1][0]) / sample_rate
        if running >= min_chapter:
            starts.append((sentence.start, chapter_title(sentence.text)))
    if len(starts) > 1 and episode_end - starts[-1][0] / sample_rate < min_chapter:
        starts.pop()
    if len(starts) == 1:
        return []

    marks = []
    for number, (start, name) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else timeline[-1].end
        marks.append(ChapterMark(
            start / sample_rate, end / sample_rate, name, url if number == 0 else None
        ))
    return marks


def possible_chapters(sentences: Sequence[SentenceTiming], title: str, *, url: str | None = None) -> list[ChapterMark]:
    """Every chapter ``chapters_for_article`` could give for ``sentences`` however long each turns out
    (their times here mean nothing): what an episode still being synthesized keeps room for.

    >>> from articles.model import SentenceTiming as S
    >>> [c.title for c in possible_chapters([S(0, 0, 0, "lead", 0, "Mở đầu.", ""), S(1, 0, 0, "body", 1, "Mưa lớn.", "")],
    ...                                     "Tin sáng")]
    ['Tin sáng', 'Mưa lớn']
    """
    placed = [replace(sentence, start=n + 1, end=n + 2) for n, sentence in enumerate(sentences)]
    return chapters_for_article(placed, 1, title, url=url, min_episode=0, min_chapter=0)


def chapter_title(sentence: str, limit: int = TITLE_LENGTH) -> str:
    """``sentence`` as a chapter title: whole if it fits in ``limit`` characters, else cut
    at the last word boundary before the limit, with "…" after it."""
    text = _SPACE.sub(" ", sentence).strip()
    if len(text) <= limit:
        return _FINAL_PERIOD.sub("", text) or text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return (cut.rstrip(" ,;:.-–—") or cut) + "…"


def _chapter_object(chapter: ChapterMark) -> dict[str, object]:
    item: dict[str, object] = {"startTime": _seconds(chapter.start)}
    if chapter.end is not None:
        item["endTime"] = _seconds(chapter.end)
    item["title"] = chapter.title
    if chapter.url is not None:
        item["url"] = chapter.url
    return item


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _seconds(value: float) -> int | float:
    ms = _ms(value)
    return ms // 1000 if ms % 1000 == 0 else ms / 1000
