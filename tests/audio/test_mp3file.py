"""An MP3 written in one pass from the encoder's pipe is the file ffmpeg writes itself, Info frame included."""
from __future__ import annotations

import io
import struct

import numpy as np
import pytest

from audio import ffmpeg
from audio.mp3file import Mp3Error, Mp3Writer, crc16, frame_length, info_template

ENCODER = ("-ar", "44100", "-ac", "1", "-codec:a", "libmp3lame", "-b:a", "64k", "-compression_level", "7")


def speechlike(seconds: float, rate: int = 24000) -> bytes:
    rng = np.random.default_rng(7)
    t = np.arange(round(seconds * rate)) / rate
    wave = np.sin(2 * np.pi * 180 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t)) + 0.05 * rng.standard_normal(len(t))
    return np.round(wave * 9000).astype("<i2").tobytes()


def written_in_one_pass(pcm: bytes, tag: bytes = b"") -> bytes:
    out = io.BytesIO()
    writer = Mp3Writer(out, tag, info_template(ENCODER, 24000, 1))
    samples = round(len(pcm) // 2 * 44100 / 24000)
    ffmpeg.stream(["-f", "s16le", "-ar", "24000", "-ac", "1", "-i", "pipe:0", "-af",
                   f"aresample=44100,apad=whole_len={samples},atrim=end_sample={samples}", *ENCODER,
                   "-id3v2_version", "0", "-f", "mp3", "pipe:1"], pcm, writer.write)
    assert writer.finish(samples) == len(out.getvalue())
    return out.getvalue()


def written_by_ffmpeg(pcm: bytes, tmp_path) -> bytes:
    samples = round(len(pcm) // 2 * 44100 / 24000)
    path = tmp_path / "ffmpeg.mp3"
    ffmpeg.run(["-f", "s16le", "-ar", "24000", "-ac", "1", "-i", "pipe:0", "-af",
                f"aresample=44100,apad=whole_len={samples},atrim=end_sample={samples}", *ENCODER,
                "-id3v2_version", "0", "-y", "-f", "mp3", str(path)], pcm)
    return path.read_bytes()


@pytest.mark.parametrize("seconds", [0.3, 7.0, 61.7])
def test_the_file_is_ffmpeg_s_own_but_for_the_music_crc(tmp_path, seconds):
    pcm = speechlike(seconds)
    ours, theirs = written_in_one_pass(pcm), written_by_ffmpeg(pcm, tmp_path)
    assert len(ours) == len(theirs)
    differing = [i for i in range(len(ours)) if ours[i] != theirs[i]]
    # The music CRC (left 0) and so the tag CRC over the first 190 bytes; nothing else.
    assert set(differing) <= {21 + 152, 21 + 153, 21 + 154, 21 + 155}
    heard, expected = ffmpeg.decode(ours, "mp3", 44100), ffmpeg.decode(theirs, "mp3", 44100)
    assert heard.pcm == expected.pcm
    # The encoder's delay is skipped (an untrimmed stream would be 1,105 samples longer at the start).
    assert 0 <= heard.frames - round(len(pcm) // 2 * 44100 / 24000) < 1152


def test_the_tag_goes_first_and_the_info_frame_checks_out():
    data = written_in_one_pass(speechlike(2.0), tag=b"ID3\x04\x00\x00\x00\x00\x00\x00")
    assert data.startswith(b"ID3")
    info = data[10:10 + frame_length(data[10:14])]
    assert info[21:25] == b"Info"
    frames, size = struct.unpack(">II", info[29:37])
    assert size == len(data) - 10 and frames > 0
    stored = struct.unpack(">H", info[21 + 154:21 + 156])[0]
    assert stored == crc16(info[:21 + 154] + b"\0\0" + info[21 + 156:190])


def test_frame_lengths_and_refusals():
    assert crc16(b"123456789") == 0xBB3D
    with pytest.raises(Mp3Error):
        frame_length(b"ID3\x04")
    writer = Mp3Writer(io.BytesIO(), b"", info_template(ENCODER, 24000, 1))
    writer.write(bytes.fromhex("fffb50c0") + bytes(100))  # half a frame
    with pytest.raises(Mp3Error, match="ends inside a frame"):
        writer.finish(1152)


def test_a_new_tag_replaces_the_first_only_at_its_size():
    out = io.BytesIO()
    writer = Mp3Writer(out, b"ID3-first", info_template(ENCODER, 24000, 1))
    writer.retag(b"ID3-again")
    assert out.getvalue().startswith(b"ID3-again") and out.tell() == len(out.getvalue())
    with pytest.raises(Mp3Error, match="cannot replace"):
        writer.retag(b"ID3-longer tag")
