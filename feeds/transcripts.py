"""Transcripts of an episode as WebVTT and SubRip files, one cue per spoken sentence.

Cue text is the sentence as written on the page (``SentenceTiming.text``), not the form
given to the speech engine, normalised to NFC so that each Vietnamese letter with its
diacritics is one character. Whitespace runs (including line breaks) collapse to one
space; no-break spaces are kept and never wrapped at. Each cue is then wrapped at word
boundaries into lines of at most ``LINE_WIDTH`` characters as a viewer sees them (before
WebVTT escaping); a single word longer than that stays whole on its own line.

Both files are UTF-8 without a byte-order mark. WebVTT uses LF line endings. SubRip
uses CRLF, the line ending of the original SubRip files, which every SRT reader accepts.
SubRip has no escaping, so ``<``, ``>`` and ``&`` are written as they are.

Times are whole milliseconds. ``cues_from_timeline`` computes them from frame counts
with integer arithmetic, so a sentence starting at frame 36000 at 24000 Hz starts at
exactly 00:00:01.500 however long the episode is.
"""
from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from articles.model import SentenceTiming
from loa.storage import atomic_write_bytes

__all__ = [
    "LINE_WIDTH",
    "Cue",
    "cues_from_timeline",
    "frames_to_ms",
    "publish_transcripts",
    "srt",
    "webvtt",
    "wrap",
]

LINE_WIDTH = 65

# textwrap breaks only at these characters; a no-break space must stay unbreakable.
_BREAKABLE_SPACE = re.compile(r"[ \t\n\r\x0b\x0c]+")


@dataclass(frozen=True)
class Cue:
    """One caption: ``text`` shown from ``start`` to ``end`` seconds.

    Both times are taken at millisecond precision, and the end must come at least one
    millisecond after the start once rounded, so no cue ever has ``end <= start`` on disk.
    """

    start: float
    end: float
    text: str

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start) and math.isfinite(self.end)):
            raise ValueError(f"cue times must be finite: {self.start!r} --> {self.end!r}")
        if self.start_ms < 0:
            raise ValueError(f"cue starts before zero: {self.start!r}")
        if self.end_ms <= self.start_ms:
            raise ValueError(f"cue must end after it starts: {self.start!r} --> {self.end!r}")
        if not _one_line(self.text):
            raise ValueError("cue text is empty")

    @property
    def start_ms(self) -> int:
        return round(self.start * 1000)

    @property
    def end_ms(self) -> int:
        return round(self.end * 1000)


def frames_to_ms(frames: int, sample_rate: int) -> int:
    """``frames`` at ``sample_rate`` in whole milliseconds, halves rounded up, exactly."""
    if sample_rate <= 0:
        raise ValueError(f"sample rate must be positive: {sample_rate!r}")
    return (2 * 1000 * frames + sample_rate) // (2 * sample_rate)


def cues_from_timeline(timeline: Sequence[SentenceTiming], sample_rate: int) -> list[Cue]:
    """One cue per sentence of ``timeline``, in order, with the sentence's written text.

    Sentences with no written text are skipped, and so is a sentence so short that it
    starts and ends in the same millisecond: there is nothing to read or hear. Raises
    ``ValueError`` when the timeline is empty, out of order or overlapping, or when no
    sentence is left to show.
    """
    if sample_rate <= 0:
        raise ValueError(f"sample rate must be positive: {sample_rate!r}")
    if not timeline:
        raise ValueError("timeline has no sentences")
    cues: list[Cue] = []
    previous_end = 0
    for sentence in timeline:
        if sentence.start < previous_end:
            raise ValueError(f"sentence {sentence.index} starts before the previous one ends")
        if sentence.end <= sentence.start:
            raise ValueError(f"sentence {sentence.index} does not end after it starts")
        previous_end = sentence.end
        start_ms = frames_to_ms(sentence.start, sample_rate)
        end_ms = frames_to_ms(sentence.end, sample_rate)
        if end_ms <= start_ms or not _one_line(sentence.text):
            continue
        cues.append(Cue(start_ms / 1000, end_ms / 1000, sentence.text))
    if not cues:
        raise ValueError("timeline has no sentence to show")
    return cues


def webvtt(cues: Sequence[Cue]) -> str:
    """A WebVTT document with a numeric identifier (from 1) on every cue."""
    _check_order(cues)
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        timing = f"{_timestamp(cue.start_ms, '.')} --> {_timestamp(cue.end_ms, '.')}"
        lines = [_escape_vtt(line) for line in wrap(cue.text)]
        blocks.append("\n".join([str(number), timing, *lines]))
    return "\n\n".join(blocks) + "\n"


def srt(cues: Sequence[Cue]) -> str:
    """A SubRip document, cues numbered from 1, CRLF line endings, a blank line between cues."""
    _check_order(cues)
    blocks = []
    for number, cue in enumerate(cues, start=1):
        timing = f"{_timestamp(cue.start_ms, ',')} --> {_timestamp(cue.end_ms, ',')}"
        blocks.append("\r\n".join([str(number), timing, *wrap(cue.text)]))
    return "\r\n\r\n".join(blocks) + "\r\n"


def publish_transcripts(vtt_path: Path, srt_path: Path, cues: Sequence[Cue]) -> tuple[Path, Path]:
    """Write the WebVTT and SubRip transcripts, each replaced in one rename.

    Both documents are built before either file is touched, so invalid cues leave
    the files already on disk as they were.
    """
    vtt_document = webvtt(cues).encode("utf-8")
    srt_document = srt(cues).encode("utf-8")
    atomic_write_bytes(Path(vtt_path), vtt_document)
    atomic_write_bytes(Path(srt_path), srt_document)
    return Path(vtt_path), Path(srt_path)


def wrap(text: str, width: int = LINE_WIDTH) -> list[str]:
    """``text`` as display lines of at most ``width`` characters, broken between words."""
    return textwrap.wrap(
        _one_line(text), width=width, break_long_words=False, break_on_hyphens=False
    )


def _one_line(text: str) -> str:
    return _BREAKABLE_SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _escape_vtt(line: str) -> str:
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _timestamp(ms: int, decimal_separator: str) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{decimal_separator}{millis:03d}"


def _check_order(cues: Sequence[Cue]) -> None:
    if not cues:
        raise ValueError("a transcript needs at least one cue")
    for before, after in pairwise(cues):
        if after.start_ms < before.end_ms:
            raise ValueError(
                f"cues overlap or are out of order: {before.text[:30]!r} ends at "
                f"{before.end_ms} ms, {after.text[:30]!r} starts at {after.start_ms} ms"
            )
