"""BWF files: bext version 2 before data, read back field by field, ASCII transliteration, atomic writes."""
from __future__ import annotations

import struct
import wave
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from audio.bwf import BextInfo, BwfError, BwfWriter, ascii_text, bext_chunk
from audio.clip import Clip
from loa.storage import file_in_place
from tests.support.bwf_reader import iter_chunks, read_bext


def tone(seconds: float = 1.0, rate: int = 48000, channels: int = 1) -> Clip:
    t = np.arange(round(seconds * rate)) / rate
    mono = np.round(8000 * np.sin(2 * np.pi * 440 * t)).astype("<i2")
    return Clip(np.repeat(mono, channels).tobytes(), rate, channels)


def write_bwf(path: Path, clip: Clip, bext: BextInfo) -> Path:
    """``clip`` as a BWF file, the way the masters write one: announced length, bext rewritten at the end."""
    with file_in_place(path) as tmp:
        writer = BwfWriter(tmp, clip.sample_rate, clip.channels, clip.frames, bext)
        try:
            writer.write(clip.pcm)
            writer.finish(bext)
        finally:
            writer.close()
    return path


FULL = BextInfo(
    description="Bản tin thời sự sáng của Đài Phát thanh Quảng Trị",
    originator="Đài PT-TH Quảng Trị",
    originator_reference="LOA-2024-0501-0630",
    origination=datetime(2024, 5, 1, 6, 30, 15),
    time_reference=6 * 3600 * 48000,
    umid=bytes(range(32)),
    loudness_value=-23.04,
    loudness_range=4.57,
    max_true_peak_level=-1.23,
    max_momentary_loudness=-17.8,
    max_short_term_loudness=-20.01,
    coding_history="A=PCM,F=48000,W=16,M=mono,T=Loa\r\n",
)


def test_transliteration_strips_vietnamese_diacritics():
    assert ascii_text("Đài Phát thanh Quảng Trị, đường Hùng Vương") == "Dai Phat thanh Quang Tri, duong Hung Vuong"
    assert ascii_text("Nhiệt độ 30°C — “nóng”") == "Nhiet do 30?C ? ?nong?"


def test_bext_reads_back_what_was_written(tmp_path: Path):
    path = write_bwf(tmp_path / "news.wav", tone(), FULL)
    back = read_bext(path)
    assert back.version == 2
    assert back.description == "Ban tin thoi su sang cua Dai Phat thanh Quang Tri"
    assert back.originator == "Dai PT-TH Quang Tri"
    assert back.originator_reference == "LOA-2024-0501-0630"
    assert back.origination == datetime(2024, 5, 1, 6, 30, 15)
    assert back.time_reference == 6 * 3600 * 48000
    assert back.umid == bytes(range(32))
    assert (back.loudness_value, back.loudness_range, back.max_true_peak_level,
            back.max_momentary_loudness, back.max_short_term_loudness) == (-23.04, 4.57, -1.23, -17.8, -20.01)
    assert back.coding_history == "A=PCM,F=48000,W=16,M=mono,T=Loa\r\n"


def test_bext_layout_follows_tech_3285(tmp_path: Path):
    path = write_bwf(tmp_path / "news.wav", tone(), FULL)
    chunks = iter_chunks(path)
    ids = [chunk_id for chunk_id, _, _ in chunks]
    assert ids.index(b"bext") < ids.index(b"data")
    _, offset, size = chunks[ids.index(b"bext")]
    body = path.read_bytes()[offset:offset + size]
    assert size % 2 == 0 and size == 602 + len(FULL.coding_history) + len(FULL.coding_history) % 2
    assert body[320:330] == b"2024-05-01" and body[330:338] == b"06:30:15"
    assert struct.unpack("<Q", body[338:346])[0] == 6 * 3600 * 48000
    assert struct.unpack("<H", body[346:348])[0] == 2
    assert struct.unpack("<5h", body[412:422]) == (-2304, 457, -123, -1780, -2001)
    assert body[422:602] == b"\0" * 180


def test_long_text_is_cut_to_the_field(tmp_path: Path):
    path = write_bwf(tmp_path / "a.wav", tone(0.1), BextInfo(description="x" * 300, originator="y" * 40))
    back = read_bext(path)
    assert back.description == "x" * 256 and back.originator == "y" * 32


def test_unmeasured_loudness_is_0x7fff(tmp_path: Path):
    chunk = bext_chunk(BextInfo())
    assert struct.unpack("<5h", chunk[8 + 412:8 + 422]) == (0x7FFF,) * 5
    path = write_bwf(tmp_path / "a.wav", tone(0.1), BextInfo())
    assert read_bext(path).loudness_value is None


@pytest.mark.parametrize("channels", [1, 2])
def test_audio_reads_back_with_the_standard_wave_module(tmp_path: Path, channels: int):
    clip = tone(0.5, 48000, channels)
    path = write_bwf(tmp_path / "a.wav", clip, FULL)
    with wave.open(str(path), "rb") as src:
        assert (src.getframerate(), src.getsampwidth(), src.getnchannels()) == (48000, 2, channels)
        assert src.readframes(src.getnframes()) == clip.pcm


def test_atomic_write_leaves_no_temporary_file_and_keeps_old_file_on_failure(tmp_path: Path, monkeypatch):
    target = write_bwf(tmp_path / "a.wav", tone(0.2), FULL)
    before = target.read_bytes()

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("audio.bwf.os.fsync", disk_full)
    with pytest.raises(OSError):
        write_bwf(target, tone(0.3), FULL)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.wav"]


def test_bext_values_are_checked():
    with pytest.raises(ValueError):
        BextInfo(umid=b"x" * 65)
    with pytest.raises(TypeError):
        BextInfo(origination="2024-05-01")  # type: ignore[arg-type]


def test_read_bext_rejects_files_without_one(tmp_path: Path):
    plain = tmp_path / "plain.wav"
    plain.write_bytes(tone(0.1).to_wav())
    with pytest.raises(BwfError):
        read_bext(plain)
    (tmp_path / "text.wav").write_bytes(b"not a wave file at all")
    with pytest.raises(BwfError):
        read_bext(tmp_path / "text.wav")


def test_a_length_known_only_at_the_end_is_written_at_the_end(tmp_path: Path):
    clip = tone(1.5, channels=2)
    path = tmp_path / "late.wav"
    writer = BwfWriter(path, clip.sample_rate, clip.channels, None, BextInfo(description="Tin sáng"))
    for start in range(0, len(clip.pcm), 4000):
        writer.write(clip.pcm[start:start + 4000])
    assert writer.frames == clip.frames
    writer.finish(BextInfo(description="Tin sáng", loudness_value=-23.0))
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnframes(), wav.getnchannels(), wav.getframerate()) == (clip.frames, 2, 48000)
        assert wav.readframes(wav.getnframes()) == clip.pcm
    assert read_bext(path).loudness_value == -23.0
    assert struct.unpack("<I", path.read_bytes()[4:8])[0] == path.stat().st_size - 8


def test_a_length_known_at_the_end_must_still_be_whole_frames(tmp_path: Path):
    writer = BwfWriter(tmp_path / "odd.wav", 48000, 2, None, BextInfo(description="x"))
    writer.write(b"\0" * 6)
    with pytest.raises(BwfError, match="whole frames"):
        writer.finish(BextInfo(description="x"))
    writer.close()
