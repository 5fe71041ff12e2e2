"""A WAV file's chunks: list them, copy the file with metadata chunks added, and find where its
sound starts and ends.

``copy_with_chunks`` writes ``RIFF``/``WAVE``, the source's ``bext`` (when it has one), the new
chunks, then the source's other chunks in their order (``fmt ``, ``data``...): metadata before the
audio, as radio automation expects. A source chunk with the id of a new one (an older ``cart``, a
``LIST`` of the same type) is left out. Every chunk starts on an even offset and the RIFF size
counts every byte after it.
"""
from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audio.bwf import BwfError

_RIFF_LIMIT = 0xFFFFFFFF
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Chunk:
    id: bytes
    offset: int  # of the body
    size: int  # of the body, without the pad byte


@dataclass(frozen=True)
class PcmFormat:
    sample_rate: int
    channels: int
    bits: int


def chunks(path: Path) -> list[Chunk]:
    """Every top-level chunk of a RIFF WAVE file, in order."""
    with open(path, "rb") as source:
        header = source.read(12)
        if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            raise BwfError(f"{path} is not a RIFF WAVE file")
        end = min(8 + struct.unpack("<I", header[4:8])[0], os.fstat(source.fileno()).st_size)
        found = []
        position = 12
        while position + 8 <= end:
            source.seek(position)
            chunk_id, size = struct.unpack("<4sI", source.read(8))
            if position + 8 + size > end:
                raise BwfError(f"{path}: chunk {chunk_id!r} runs past the end of the file")
            found.append(Chunk(chunk_id, position + 8, size))
            position += 8 + size + (size % 2)
        return found


def pcm_format(path: Path) -> tuple[PcmFormat, Chunk]:
    """The PCM format and the ``data`` chunk of a WAV file."""
    found = {c.id: c for c in reversed(chunks(path))}
    if b"fmt " not in found or b"data" not in found:
        raise BwfError(f"{path} has no fmt or no data chunk")
    with open(path, "rb") as source:
        source.seek(found[b"fmt "].offset)
        tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", source.read(16))
    if tag != 1 or bits != 16:
        raise BwfError(f"{path} is not 16-bit PCM")
    return PcmFormat(rate, channels, bits), found[b"data"]


def _header_of(chunk: bytes) -> tuple[bytes, bytes]:
    """Id and (for a ``LIST``) list type of a whole chunk as bytes."""
    if len(chunk) < 8 or len(chunk) % 2 or struct.unpack("<I", chunk[4:8])[0] not in (len(chunk) - 8,
                                                                                      len(chunk) - 9):
        raise ValueError("a chunk is id, size and body, padded to an even length")
    return chunk[:4], (chunk[8:12] if chunk[:4] == b"LIST" else b"")


def copy_with_chunks(source: Path, target: Path, extra: Sequence[bytes]) -> int:
    """Write ``source`` to ``target`` with the whole chunks ``extra`` added (see the module); bytes
    written. ``target`` is written in place: callers give a temporary name and rename it."""
    headers = [_header_of(chunk) for chunk in extra]
    listed = chunks(source)
    with open(source, "rb") as src:
        def list_type(chunk: Chunk) -> bytes:
            if chunk.id != b"LIST":
                return b""
            src.seek(chunk.offset)
            return src.read(4)

        kept = [c for c in listed if (c.id, list_type(c)) not in headers]
        head = [c for c in kept if c.id == b"bext"]
        rest = [c for c in kept if c.id != b"bext"]
        size = 4 + sum(8 + c.size + c.size % 2 for c in kept) + sum(len(chunk) for chunk in extra)
        if size > _RIFF_LIMIT:
            raise BwfError("audio too long for a RIFF WAV file (4 GiB)")
        with open(target, "wb") as out:
            out.write(b"RIFF" + struct.pack("<I", size) + b"WAVE")

            def copy(chunk: Chunk) -> None:
                out.write(chunk.id + struct.pack("<I", chunk.size))
                src.seek(chunk.offset)
                left = chunk.size
                while left:
                    block = src.read(min(left, _BLOCK))
                    if not block:
                        raise BwfError(f"{source} ends inside its {chunk.id!r} chunk")
                    out.write(block)
                    left -= len(block)
                if chunk.size % 2:
                    out.write(b"\0")

            for chunk in head:
                copy(chunk)
            for whole in extra:
                out.write(whole)
            for chunk in rest:
                copy(chunk)
            out.flush()
            os.fsync(out.fileno())
            return out.tell()


def copy_file(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "wb") as out:
        shutil.copyfileobj(src, out, _BLOCK)
        out.flush()
        os.fsync(out.fileno())


@dataclass(frozen=True)
class SoundBounds:
    """Where sound is heard in a file: frames ``[start, end)`` above the threshold, of ``frames``."""

    start: int
    end: int
    frames: int
    sample_rate: int


def sound_bounds(path: Path, threshold_dbfs: float = -50.0) -> SoundBounds:
    """The first and one past the last frame whose level (any channel) exceeds ``threshold_dbfs``;
    ``start == end == 0`` when the whole file is below it. Read in blocks: memory stays small."""
    fmt, data = pcm_format(path)
    limit = 32768 * 10 ** (threshold_dbfs / 20)
    frame_bytes = 2 * fmt.channels
    frames = data.size // frame_bytes
    block_frames = max(1, _BLOCK // frame_bytes)
    first = last = -1
    with open(path, "rb") as source:
        source.seek(data.offset)
        done = 0
        while done < frames:
            count = min(block_frames, frames - done)
            pcm = np.frombuffer(source.read(count * frame_bytes), dtype="<i2")
            if pcm.size < count * fmt.channels:
                raise BwfError(f"{path} ends inside its data chunk")
            loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > limit) // fmt.channels
            if loud.size:
                if first < 0:
                    first = done + int(loud[0])
                last = done + int(loud[-1])
            done += count
    if first < 0:
        return SoundBounds(0, 0, frames, fmt.sample_rate)
    return SoundBounds(first, last + 1, frames, fmt.sample_rate)
