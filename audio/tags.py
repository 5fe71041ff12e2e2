"""ID3v2.4 tags for podcast MP3s: title, station, feed, date, source URL, cover and chapters.

Chapters are ID3 ``CHAP`` frames (times in milliseconds, byte offsets unused) listed by one
top-level, ordered ``CTOC`` table, as the ID3v2 Chapter Frame Addendum describes.
"""
from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TLAN, TPE1, WXXX, CTOCFlags, Frame

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TOC_ID = "toc"
_UNUSED_OFFSET = 0xFFFFFFFF


@dataclass(frozen=True)
class EpisodeTags:
    title: str
    artist: str  # the station
    album: str  # the feed's title
    date: datetime
    comment: str  # the source article's URL
    language: str = "vie"  # ISO 639-2

    def __post_init__(self) -> None:
        if len(self.language) != 3:
            raise ValueError(f"language must be a three-letter ISO 639-2 code, got {self.language!r}")


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float  # seconds
    end: float  # seconds
    url: str | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start) and math.isfinite(self.end)) or not 0 <= self.start < self.end:
            raise ValueError(f"chapter {self.title!r} needs 0 <= start < end, got {self.start}..{self.end}")

    @property
    def start_ms(self) -> int:
        return round(self.start * 1000)

    @property
    def end_ms(self) -> int:
        return round(self.end * 1000)


def chapter_id(index: int) -> str:
    return f"chp{index}"


def _check_chapters(chapters: Sequence[Chapter]) -> None:
    for before, after in pairwise(chapters):
        if after.start < before.end:
            raise ValueError(f"chapters overlap or are out of order: {before.title!r}, {after.title!r}")


def id3_tag(tags: EpisodeTags, chapters: Sequence[Chapter] = (), cover_png: bytes | None = None,
            size: int | None = None) -> bytes:
    """The ID3v2.4 tag that opens the podcast MP3, as bytes: no padding (the file is written once),
    or padded to exactly ``size`` bytes (room kept for chapters known only once the audio is made;
    ``ValueError`` when the tag does not fit).
    """

    chapters = tuple(chapters)
    _check_chapters(chapters)
    if cover_png is not None and not cover_png.startswith(PNG_SIGNATURE):
        raise ValueError("cover_png is not a PNG image")
    tag = ID3()
    tag.add(TIT2(encoding=3, text=tags.title))
    tag.add(TPE1(encoding=3, text=tags.artist))
    tag.add(TALB(encoding=3, text=tags.album))
    tag.add(TDRC(encoding=3, text=tags.date.strftime("%Y-%m-%dT%H:%M:%S")))
    tag.add(TLAN(encoding=3, text=tags.language))
    tag.add(COMM(encoding=3, lang=tags.language, desc="", text=tags.comment))
    if cover_png is not None:
        tag.add(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=cover_png))
    for index, chapter in enumerate(chapters):
        sub_frames: list[Frame] = [TIT2(encoding=3, text=chapter.title)]
        if chapter.url:
            sub_frames.append(WXXX(encoding=3, desc="", url=chapter.url))
        tag.add(CHAP(element_id=chapter_id(index), start_time=chapter.start_ms, end_time=chapter.end_ms,
                     start_offset=_UNUSED_OFFSET, end_offset=_UNUSED_OFFSET, sub_frames=sub_frames))
    if chapters:
        tag.add(CTOC(element_id=TOC_ID, flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=[chapter_id(i) for i in range(len(chapters))],
                     sub_frames=[TIT2(encoding=3, text=tags.title)]))
    out = io.BytesIO()
    tag.save(out, v2_version=4, padding=lambda _info: 0)
    if size is None or out.tell() == size:
        return out.getvalue()
    if out.tell() > size:
        raise ValueError(f"the ID3 tag takes {out.tell()} bytes, more than the {size} kept for it")
    padding = size - out.tell()
    out = io.BytesIO()
    tag.save(out, v2_version=4, padding=lambda _info: padding)
    if out.tell() != size:
        raise ValueError(f"the ID3 tag came to {out.tell()} bytes, not {size}")
    return out.getvalue()
