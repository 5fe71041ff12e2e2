"""Reading back the BWF files Loa writes: the RIFF chunks and the ``bext`` chunk (EBU Tech 3285).

Written from the specification, apart from the writer in ``audio.bwf``, so that tests and
benchmarks check what a reader finds in the file, not what the writer meant to put there.
"""
from __future__ import annotations

import os
import struct
from datetime import datetime
from pathlib import Path

from audio.bwf import UNSET_LOUDNESS, BextInfo, BwfError

_FIXED = struct.Struct("<256s32s32s10s8sQH64s5h180s")  # 602 bytes


def _loudness_value(raw: int) -> float | None:
    return None if raw == UNSET_LOUDNESS else raw / 100


def iter_chunks(path: Path) -> list[tuple[bytes, int, int]]:
    """``(id, offset of the body, size)`` of every top-level chunk of a RIFF WAVE file."""
    with open(path, "rb") as source:
        header = source.read(12)
        if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            raise BwfError(f"{path} is not a RIFF WAVE file")
        end = min(8 + struct.unpack("<I", header[4:8])[0], os.fstat(source.fileno()).st_size)
        chunks = []
        position = 12
        while position + 8 <= end:
            source.seek(position)
            chunk_id, size = struct.unpack("<4sI", source.read(8))
            chunks.append((chunk_id, position + 8, size))
            position += 8 + size + (size % 2)
        return chunks


def _origination(date: str, time: str) -> datetime:
    # Tech 3285 allows any of "-", "_", ":", " " or "." as separators.
    for separator in "_: .":
        date = date.replace(separator, "-")
        time = time.replace(separator, ":") if separator != ":" else time
    try:
        return datetime.strptime(f"{date} {time}", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise BwfError(f"unreadable origination date/time {date!r} {time!r}") from None


def read_bext(path: Path) -> BextInfo:
    for chunk_id, offset, size in iter_chunks(path):
        if chunk_id != b"bext":
            continue
        if size < _FIXED.size:
            raise BwfError(f"bext chunk of {size} bytes is shorter than the {_FIXED.size} fixed bytes")
        with open(path, "rb") as source:
            source.seek(offset)
            body = source.read(size)
        (description, originator, reference, date, time, time_reference, version, umid,
         loudness, loudness_range, true_peak, momentary, short_term, _reserved) = _FIXED.unpack(body[:_FIXED.size])

        def text(raw: bytes) -> str:
            return raw.split(b"\0", 1)[0].decode("ascii", "replace")

        return BextInfo(
            description=text(description),
            originator=text(originator),
            originator_reference=text(reference),
            origination=_origination(text(date), text(time)),
            time_reference=time_reference,
            umid=umid.rstrip(b"\0"),
            loudness_value=_loudness_value(loudness) if version >= 2 else None,
            loudness_range=_loudness_value(loudness_range) if version >= 2 else None,
            max_true_peak_level=_loudness_value(true_peak) if version >= 2 else None,
            max_momentary_loudness=_loudness_value(momentary) if version >= 2 else None,
            max_short_term_loudness=_loudness_value(short_term) if version >= 2 else None,
            coding_history=text(body[_FIXED.size:]),
            version=version,
        )
    raise BwfError(f"{path} has no bext chunk")
