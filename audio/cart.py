"""The AES46 ``cart`` chunk (AES46-2002, "CartChunk"): what radio automation reads to file a WAV as a
cart, with its dates, out cue and timers.

Layout of the body (2048 bytes, then free tag text, none written here): Version "0101"; the ASCII
text fields Title, Artist, CutID, ClientID, Category, Classification, OutCue (64 bytes each);
StartDate "yyyy-mm-dd", StartTime "hh:mm:ss", EndDate, EndTime; ProducerAppID,
ProducerAppVersion, UserDef (64 bytes each); the level reference (uint32, the sample value of
0 dB reference); eight post timers (a four-character usage id and a uint32 sample offset each,
unused ones all zero); 276 reserved bytes; URL (1024 bytes).

The text fields are ASCII by the standard: Vietnamese is transliterated (``vntext.ascii``) and cut
to the field's size (one byte a character), the rest of the field filled with NUL bytes. Dates
are the station's local time, as the automation's clock reads them.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import datetime

from vntext.ascii import transliterate

CART_VERSION = b"0101"
CART_BODY_SIZE = 2048
_FIXED = struct.Struct("<4s64s64s64s64s64s64s64s10s8s10s8s64s64s64sI64s276s1024s")
assert _FIXED.size == CART_BODY_SIZE
_TIMER = struct.Struct("<4sI")
_TIMER_ID = re.compile(r"^[A-Za-z0-9 ]{4}$")
MAX_TIMERS = 8
# 16-bit PCM: full scale, the reference 0 dBFS.
FULL_SCALE_16 = 32768


@dataclass(frozen=True)
class CartTimer:
    """A post timer: ``usage`` as AES46 names them (``AUDs``/``AUDe`` audio start/end, ``SEGs``
    segue start, ``INTe`` end of intro, ``MRK `` a marker...), ``frame`` a sample offset."""

    usage: str
    frame: int

    def __post_init__(self) -> None:
        if not _TIMER_ID.match(self.usage):
            raise ValueError(f"a cart timer's usage is four ASCII letters, digits or spaces: {self.usage!r}")
        if not 0 <= self.frame < 1 << 32:
            raise ValueError(f"a cart timer's offset must fit in 32 bits: {self.frame}")


@dataclass(frozen=True)
class CartInfo:
    title: str
    start: datetime  # local time: from when the cart may be aired
    end: datetime  # local time: the kill date
    artist: str = ""
    cut_id: str = ""
    client_id: str = ""
    category: str = ""
    classification: str = ""
    out_cue: str = ""
    producer_app: str = ""
    producer_version: str = ""
    user_defined: str = ""
    level_reference: int = FULL_SCALE_16
    timers: tuple[CartTimer, ...] = ()
    url: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.start, datetime) or not isinstance(self.end, datetime):
            raise TypeError("a cart's start and end are datetimes")
        if self.end < self.start:
            raise ValueError("a cart cannot end before it starts")
        if not 1 <= self.start.year <= 9999 or not 1 <= self.end.year <= 9999:
            raise ValueError("cart dates have four-digit years")
        if len(self.timers) > MAX_TIMERS:
            raise ValueError(f"a cart chunk holds at most {MAX_TIMERS} timers")
        if not 0 <= self.level_reference < 1 << 32:
            raise ValueError("the level reference must fit in 32 bits")


def ascii_field(text: str, size: int) -> bytes:
    """``text`` transliterated to ASCII and cut to ``size`` bytes (padding is the packer's)."""
    return transliterate(text).encode("ascii")[:size]


def _url_field(url: str) -> bytes:
    data = url.encode("ascii", "ignore") if url.isascii() else b""
    return data if len(data) <= 1024 else b""  # a URL cut short is a wrong URL: none rather than that


def cart_chunk(info: CartInfo) -> bytes:
    """The whole chunk: id, size and body (2048 bytes: already of even length)."""
    timers = b"".join(_TIMER.pack(t.usage.encode("ascii"), t.frame) for t in info.timers)
    body = _FIXED.pack(
        CART_VERSION,
        ascii_field(info.title, 64),
        ascii_field(info.artist, 64),
        ascii_field(info.cut_id, 64),
        ascii_field(info.client_id, 64),
        ascii_field(info.category, 64),
        ascii_field(info.classification, 64),
        ascii_field(info.out_cue, 64),
        info.start.strftime("%Y-%m-%d").encode("ascii"),
        info.start.strftime("%H:%M:%S").encode("ascii"),
        info.end.strftime("%Y-%m-%d").encode("ascii"),
        info.end.strftime("%H:%M:%S").encode("ascii"),
        ascii_field(info.producer_app, 64),
        ascii_field(info.producer_version, 64),
        ascii_field(info.user_defined, 64),
        info.level_reference,
        timers.ljust(MAX_TIMERS * _TIMER.size, b"\0"),
        b"",
        _url_field(info.url),
    )
    return b"cart" + struct.pack("<I", len(body)) + body
