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


def _body(path: Path, chunk_id: bytes, list_type: bytes = b"") -> bytes:
    for found, offset, size in iter_chunks(path):
        if found != chunk_id:
            continue
        with open(path, "rb") as source:
            source.seek(offset)
            body = source.read(size)
        if list_type and body[:4] != list_type:
            continue
        return body
    raise BwfError(f"{path} has no {chunk_id!r} chunk")


# AES46-2002 CartChunk: field name and size in bytes, in file order (2048 bytes, then tag text).
_CART_FIELDS = (
    ("version", 4), ("title", 64), ("artist", 64), ("cut_id", 64), ("client_id", 64), ("category", 64),
    ("classification", 64), ("out_cue", 64), ("start_date", 10), ("start_time", 8), ("end_date", 10),
    ("end_time", 8), ("producer_app_id", 64), ("producer_app_version", 64), ("user_def", 64),
    ("level_reference", 4), ("post_timers", 64), ("reserved", 276), ("url", 1024),
)


def read_cart(path: Path) -> dict:
    """The ``cart`` chunk's fields: text fields as ``str`` (NUL padding removed; raw bytes must be
    ASCII), ``level_reference`` an int, ``post_timers`` a list of (usage id, sample offset) for the
    timers in use, ``start``/``end`` datetimes, ``size`` the chunk's body size, ``tag_text``."""
    body = _body(path, b"cart")
    values: dict = {"size": len(body)}
    position = 0
    for name, size in _CART_FIELDS:
        raw = body[position:position + size]
        position += size
        if name == "level_reference":
            values[name] = struct.unpack("<I", raw)[0]
        elif name == "post_timers":
            timers = [struct.unpack("<4sI", raw[i:i + 8]) for i in range(0, 64, 8)]
            values[name] = [(usage.decode("ascii"), value) for usage, value in timers if usage != b"\0" * 4]
        elif name == "reserved":
            values[name] = raw
        else:
            values[name] = raw.split(b"\0", 1)[0].decode("ascii")  # raises on anything not ASCII
    values["tag_text"] = body[position:]
    values["start"] = datetime.strptime(f"{values['start_date']} {values['start_time']}", "%Y-%m-%d %H:%M:%S")
    values["end"] = datetime.strptime(f"{values['end_date']} {values['end_time']}", "%Y-%m-%d %H:%M:%S")
    return values


def read_info(path: Path) -> dict[str, str]:
    """The ``LIST``/``INFO`` entries, decoded as UTF-8 (the terminating NUL removed)."""
    body = _body(path, b"LIST", b"INFO")
    entries = {}
    position = 4
    while position + 8 <= len(body):
        entry_id, size = struct.unpack("<4sI", body[position:position + 8])
        data = body[position + 8:position + 8 + size]
        if len(data) != size:
            raise BwfError(f"INFO entry {entry_id!r} runs past its LIST chunk")
        entries[entry_id.decode("ascii")] = data.rstrip(b"\0").decode("utf-8")
        position += 8 + size + size % 2
    if position != len(body):
        raise BwfError("the INFO entries do not fill their LIST chunk exactly")
    return entries
