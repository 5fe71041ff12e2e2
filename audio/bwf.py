"""Broadcast Wave Format: a WAV file with a ``bext`` chunk, version 2 (EBU Tech 3285).

Layout written: ``RIFF`` ``WAVE``, then ``bext``, ``fmt `` and ``data``, so the metadata sits
before the audio as radio automation expects. Version 2 adds the loudness fields (EBU R128
values times 100 as signed 16-bit integers; 0x7FFF marks a value that was not measured).

The standard's text fields are ASCII. Vietnamese text is transliterated by removing the
diacritics (Unicode NFD, combining marks dropped) and writing đ/Đ as d/D, so
"Đài Phát thanh Quảng Trị" becomes "Dai Phat thanh Quang Tri"; anything still outside ASCII
becomes "?". Fields are cut to their size and padded with NUL bytes.
"""
from __future__ import annotations

import math
import os
import struct
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from audio.clip import SAMPLE_WIDTH

BEXT_VERSION = 2
UNSET_LOUDNESS = 0x7FFF
_FIXED = struct.Struct("<256s32s32s10s8sQH64s5h180s")  # 602 bytes
_RIFF_LIMIT = 0xFFFFFFFF


class BwfError(ValueError):
    """Not a WAV file with a readable ``bext`` chunk."""


def ascii_text(text: str) -> str:
    """``text`` with Vietnamese diacritics removed (đ→d), anything else non-ASCII as "?"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return stripped.encode("ascii", "replace").decode("ascii")


@dataclass(frozen=True)
class BextInfo:
    description: str = ""
    originator: str = ""
    originator_reference: str = ""
    origination: datetime = field(default_factory=lambda: datetime(2000, 1, 1))
    time_reference: int = 0  # samples since midnight
    umid: bytes = b""
    loudness_value: float | None = None  # LUFS
    loudness_range: float | None = None  # LU
    max_true_peak_level: float | None = None  # dBTP
    max_momentary_loudness: float | None = None  # LUFS
    max_short_term_loudness: float | None = None  # LUFS
    coding_history: str = ""
    version: int = BEXT_VERSION

    def __post_init__(self) -> None:
        if not isinstance(self.origination, datetime):
            raise TypeError("origination must be a datetime")
        if len(self.umid) > 64:
            raise ValueError("a UMID is at most 64 bytes")
        if not 0 <= self.time_reference < 1 << 64:
            raise ValueError("time_reference must fit in 64 bits")


def _loudness_field(value: float | None) -> int:
    if value is None or not math.isfinite(value):
        return UNSET_LOUDNESS
    return max(-32768, min(32766, round(value * 100)))


def _text_field(text: str, size: int) -> bytes:
    return ascii_text(text).encode("ascii")[:size]


def bext_chunk(info: BextInfo) -> bytes:
    """The whole chunk: id, size and body (padded to an even length)."""
    fixed = _FIXED.pack(
        _text_field(info.description, 256),
        _text_field(info.originator, 32),
        _text_field(info.originator_reference, 32),
        info.origination.strftime("%Y-%m-%d").encode("ascii"),
        info.origination.strftime("%H:%M:%S").encode("ascii"),
        info.time_reference,
        BEXT_VERSION,
        info.umid.ljust(64, b"\0"),
        _loudness_field(info.loudness_value),
        _loudness_field(info.loudness_range),
        _loudness_field(info.max_true_peak_level),
        _loudness_field(info.max_momentary_loudness),
        _loudness_field(info.max_short_term_loudness),
        b"",
    )
    body = fixed + ascii_text(info.coding_history).encode("ascii")
    if len(body) % 2:
        body += b"\0"
    return b"bext" + struct.pack("<I", len(body)) + body


def _fmt_chunk(sample_rate: int, channels: int) -> bytes:
    block = SAMPLE_WIDTH * channels
    body = struct.pack("<HHIIHH", 1, channels, sample_rate, sample_rate * block, block, 8 * SAMPLE_WIDTH)
    return b"fmt " + struct.pack("<I", len(body)) + body


class BwfWriter:
    """Writes a BWF file, PCM arriving in pieces. With ``frames`` known in advance the sizes in the
    headers are final from the start and the PCM must come to exactly that; with ``frames=None``
    (a programme whose length is known only at its end) ``finish`` writes them.

    The ``bext`` chunk is written first and rewritten in place by ``finish`` (its size must not
    change: only the loudness fields and other fixed-size values may differ). Writes go to the
    path given; callers that want atomicity give a temporary path and rename it.
    """

    def __init__(self, path: Path, sample_rate: int, channels: int, frames: int | None, bext: BextInfo):
        self.path = Path(path)
        self._bext = bext_chunk(bext)
        self._frame_bytes = SAMPLE_WIDTH * channels
        self._headers = 4 + len(self._bext) + len(_fmt_chunk(sample_rate, channels)) + 8
        self._data_bytes = None if frames is None else frames * self._frame_bytes
        if self._riff_size(self._data_bytes or 0) > _RIFF_LIMIT:
            raise BwfError("audio too long for a RIFF WAV file (4 GiB)")
        self._file: BinaryIO = open(self.path, "wb")
        self._file.write(b"RIFF" + struct.pack("<I", self._riff_size(self._data_bytes or 0)) + b"WAVE")
        self._bext_offset = self._file.tell()
        self._file.write(self._bext)
        self._file.write(_fmt_chunk(sample_rate, channels))
        self._data_size_at = self._file.tell() + 4
        self._file.write(b"data" + struct.pack("<I", self._data_bytes or 0))
        self._written = 0

    def _riff_size(self, data_bytes: int) -> int:
        return self._headers + data_bytes

    @property
    def frames(self) -> int:
        """Frames written so far."""
        return self._written // self._frame_bytes

    def write(self, pcm: bytes | memoryview) -> None:
        limit = self._data_bytes if self._data_bytes is not None else _RIFF_LIMIT - self._headers
        if self._written + len(pcm) > limit:
            raise BwfError("more PCM than the frame count announced" if self._data_bytes is not None
                           else "audio too long for a RIFF WAV file (4 GiB)")
        self._file.write(pcm)
        self._written += len(pcm)

    def finish(self, bext: BextInfo) -> None:
        if self._data_bytes is not None and self._written != self._data_bytes:
            raise BwfError(f"wrote {self._written} bytes of PCM, announced {self._data_bytes}")
        if self._written % self._frame_bytes:
            raise BwfError(f"wrote {self._written} bytes of PCM: not whole frames")
        chunk = bext_chunk(bext)
        if len(chunk) != len(self._bext):
            raise BwfError("the final bext chunk must have the size of the first one")
        if self._data_bytes is None:
            self._file.seek(4)
            self._file.write(struct.pack("<I", self._riff_size(self._written)))
            self._file.seek(self._data_size_at)
            self._file.write(struct.pack("<I", self._written))
        self._file.seek(self._bext_offset)
        self._file.write(chunk)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def close(self) -> None:
        self._file.close()
