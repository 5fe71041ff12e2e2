"""The RIFF ``LIST``/``INFO`` chunk: title (INAM), artist (IART), comment (ICMT), creation date
(ICRD), software (ISFT) and the like, as players and media libraries show them.

Each entry is a four-character id, a size and a NUL-terminated string, padded to an even length.
The text is UTF-8: the RIFF specification leaves the character set to the file's code page, and
the readers automation and media libraries use (ffmpeg/ffprobe, MediaInfo, most editors) read
UTF-8 there, so Vietnamese titles keep their diacritics. Each value is cut to its limit in bytes
at a character boundary, never inside a character; control characters become spaces.
"""
from __future__ import annotations

import re
import struct
from collections.abc import Sequence

_ID = re.compile(r"^[A-Z][A-Z0-9]{3}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
DEFAULT_LIMIT = 1023  # bytes of text in one entry, before its NUL


def utf8_prefix(text: str, limit: int) -> bytes:
    """The longest start of ``text`` whose UTF-8 encoding fits in ``limit`` bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return data
    cut = data[:limit]
    # Step back over continuation bytes to the start of the character cut in two, and drop it.
    end = len(cut)
    while end > 0 and (data[end] & 0xC0) == 0x80:
        end -= 1
    return cut[:end]


def info_chunk(entries: Sequence[tuple[str, str]], limit: int = DEFAULT_LIMIT) -> bytes:
    """``LIST`` chunk of type ``INFO`` holding ``entries`` (id, text) in order; empty texts are left out."""
    parts = []
    for entry_id, text in entries:
        if not _ID.match(entry_id):
            raise ValueError(f"not a RIFF INFO id: {entry_id!r}")
        value = utf8_prefix(_CONTROL.sub(" ", text).strip(), limit)
        if not value:
            continue
        data = value + b"\0"
        parts.append(entry_id.encode("ascii") + struct.pack("<I", len(data)) + data + b"\0" * (len(data) % 2))
    body = b"INFO" + b"".join(parts)
    return b"LIST" + struct.pack("<I", len(body)) + body
