"""Writing a podcast MP3 in one pass: the ID3 tag, then the encoder's frames as they arrive, then the
"Info" frame that tells players the length and the encoder's padding, patched in place at the end.

ffmpeg writes the Info frame (Xing header for constant bitrate, with the LAME extension that
carries the encoder delay and padding) only when it can seek back in its output: a pipe gets
none, and players then start 25 ms late and end on padding. So the encoder writes to a pipe and
this module writes the file: room for the Info frame is left after the tag, every frame is
counted as it passes, and when the encoder is done the Info frame is filled in as ffmpeg fills in
its own — frames, bytes, table of contents, delay and padding, music length and the tag's CRC —
from a template ffmpeg makes once per encoder setting. The music CRC (a CRC-16 of every audio
byte, which no player reads) is left 0: computed in Python it would cost more than the encode.
"""
from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from audio import ffmpeg

SAMPLES_PER_FRAME = 1152  # MPEG-1 Layer III
_XING_OFFSET_MONO, _XING_OFFSET_STEREO = 4 + 17, 4 + 32  # header and side information
_TOC_SIZE = 100
_NUM_BAGS = 400  # ffmpeg's table of frame positions that the table of contents is read from
_BITRATES_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_SAMPLE_RATES = (44100, 48000, 32000)


class Mp3Error(ValueError):
    """The encoder's output is not a stream of MPEG-1 Layer III frames."""


def frame_length(header: bytes) -> int:
    """Bytes in the MPEG-1 Layer III frame that starts with these four header bytes.

    >>> frame_length(bytes.fromhex("fffb50c0")), frame_length(bytes.fromhex("fffb52c0"))
    (208, 209)
    """
    if len(header) < 4 or header[0] != 0xFF or (header[1] & 0xFE) != 0xFA:
        raise Mp3Error(f"not an MPEG-1 Layer III frame header: {header[:4].hex()}")
    bitrate_index, rate_index, padding = header[2] >> 4, (header[2] >> 2) & 3, (header[2] >> 1) & 1
    if not 0 < bitrate_index < 15 or rate_index == 3:
        raise Mp3Error(f"unusable bitrate or sample rate in frame header {header[:4].hex()}")
    return 144 * _BITRATES_KBPS[bitrate_index] * 1000 // _SAMPLE_RATES[rate_index] + padding


def crc16(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    """CRC-16/ARC (the "ANSI" CRC-16, reflected, as the LAME tag uses).

    >>> hex(crc16(b"123456789"))
    '0xbb3d'
    """
    table = _CRC_TABLE
    for byte in bytes(data):
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _crc_table()


@lru_cache(maxsize=16)
def info_template(encoder_args: tuple[str, ...], sample_rate: int, channels: int) -> bytes:
    """The Info frame ffmpeg writes for this encoder setting (from a short encode to a real file)."""
    with tempfile.TemporaryDirectory(prefix="loa-mp3-") as folder:
        path = os.path.join(folder, "template.mp3")
        ffmpeg.run(["-f", "s16le", "-ar", str(sample_rate), "-ac", str(channels), "-i", "pipe:0",
                    *encoder_args, "-id3v2_version", "0", "-y", "-f", "mp3", path],
                   bytes(2 * channels * sample_rate // 5))
        data = Path(path).read_bytes()
    offset = _xing_offset(data)
    if data[offset:offset + 4] not in (b"Info", b"Xing"):
        raise Mp3Error("ffmpeg wrote no Info frame for this encoder setting")
    return data[:frame_length(data)]


def _xing_offset(frame: bytes | bytearray) -> int:
    mono = (frame[3] >> 6) == 3
    return _XING_OFFSET_MONO if mono else _XING_OFFSET_STEREO


def filled_info_frame(template: bytes, packet_sizes: Sequence[int], samples: int) -> bytes:
    """``template`` with the counts of this stream: as ffmpeg's muxer fills its own Info frame."""
    frame = bytearray(template)
    x = _xing_offset(frame)
    frames = len(packet_sizes)
    size = len(frame) + sum(packet_sizes)
    frame[x:x + 4] = b"Info"
    struct.pack_into(">II", frame, x + 8, frames, size)
    frame[x + 16:x + 16 + _TOC_SIZE] = _table_of_contents(len(frame), packet_sizes, size)
    delay = int.from_bytes(frame[x + 141:x + 144], "big") >> 12
    padding = frames * SAMPLES_PER_FRAME - delay - samples
    if not 0 <= padding < 1 << 12:
        raise Mp3Error(f"{frames} frames cannot hold {samples} samples after a delay of {delay}")
    frame[x + 141:x + 144] = ((delay << 12) | padding).to_bytes(3, "big")
    struct.pack_into(">IH", frame, x + 148, size, 0)
    frame[x + 154:x + 156] = b"\0\0"
    struct.pack_into(">H", frame, x + 154, crc16(frame[:190]))
    return bytes(frame)


def _table_of_contents(info_size: int, packet_sizes: Sequence[int], size: int) -> bytes:
    """ffmpeg's table of contents: where each percent of the frames starts, in 256ths of the file."""
    bags: list[int] = []
    want, seen, position, total = 1, 0, 0, info_size
    for packet in packet_sizes:
        seen += 1
        total += packet
        if seen == want:
            if position < len(bags):
                bags[position] = total
            else:
                bags.append(total)
            position += 1
            if position == _NUM_BAGS:
                for index in range(1, _NUM_BAGS, 2):
                    bags[index >> 1] = bags[index]
                want *= 2
                position = _NUM_BAGS // 2
            seen = 0
    toc = bytearray(_TOC_SIZE)
    for index in range(1, _TOC_SIZE):
        bag = index * position // _TOC_SIZE
        toc[index] = min(256 * bags[bag] // size, 255) if bags else 0
    return bytes(toc)


class Mp3Writer:
    """Writes ``tag`` then the frames handed to ``write`` into an open file, then ``finish`` fills in
    the Info frame left room for after the tag."""

    def __init__(self, out: BinaryIO, tag: bytes, template: bytes):
        self.out, self.template, self.tag_size = out, template, len(tag)
        out.write(tag)
        self.info_at = out.tell()
        out.write(bytes(len(template)))
        self.packets: list[int] = []
        self._carry = b""

    def write(self, piece: bytes) -> None:
        data = self._carry + piece if self._carry else piece
        view = memoryview(data)
        position = 0
        while position + 4 <= len(data):
            length = frame_length(data[position:position + 4])
            if position + length > len(data):
                break
            self.packets.append(length)
            position += length
        self.out.write(view[:position])
        self._carry = bytes(view[position:])

    def retag(self, tag: bytes) -> None:
        """Replace the tag written first with ``tag`` of the same size (one padded to it)."""
        if len(tag) != self.tag_size:
            raise Mp3Error(f"a new tag of {len(tag)} bytes cannot replace one of {self.tag_size}")
        end = self.out.tell()
        self.out.seek(0)
        self.out.write(tag)
        self.out.seek(end)

    def finish(self, samples: int) -> int:
        """Fill in the Info frame for ``samples`` decoded samples; the file's size in bytes."""
        if self._carry:
            raise Mp3Error(f"the encoder's output ends inside a frame ({len(self._carry)} bytes left)")
        end = self.out.tell()
        self.out.seek(self.info_at)
        self.out.write(filled_info_frame(self.template, self.packets, samples))
        self.out.seek(end)
        return end
