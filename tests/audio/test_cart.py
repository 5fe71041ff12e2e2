"""The cart and LIST-INFO chunks added to a BWF file, read back with an independent chunk parser;
the audio still decodes to the same PCM with the same loudness; sound bounds match the signal."""
from __future__ import annotations

import struct
import wave
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from audio.bwf import BextInfo
from audio.cart import CartInfo, CartTimer, cart_chunk
from audio.clip import Clip
from audio.ffmpeg import decode_file
from audio.riffinfo import info_chunk, utf8_prefix
from audio.wavchunks import copy_with_chunks, sound_bounds
from tests.audio.test_bwf import tone, write_bwf
from tests.support.bwf_reader import iter_chunks, read_bext, read_cart, read_info
from tests.support.loudness_reference import measure

RATE = 48000
BEXT = BextInfo(description="Tin sáng", originator="Đài PT-TH", originator_reference="a123",
                origination=datetime(2026, 11, 29, 6, 30), loudness_value=-23.0)
CART = CartInfo(
    title="Tin sáng Hà Nội: đón đợt rét đậm", start=datetime(2026, 11, 29, 6, 30), end=datetime(2026, 12, 1, 6, 30),
    artist="Đài Phát thanh và Truyền hình / gtts vi", cut_id="a123", category="NEWS", classification="segment",
    out_cue="...đón đợt rét đậm.", producer_app="Loa", producer_version="0.1.0", user_defined="loa:a123",
    timers=(CartTimer("AUDs", 4800), CartTimer("AUDe", 91200)), url="https://radio.example.vn/tin/a123",
)
INFO = [("INAM", "Tin sáng Hà Nội: đón đợt rét đậm"), ("IART", "Đài PT-TH / gtts vi"),
        ("ICMT", "https://radio.example.vn/tin/a123 loa:a123"), ("ICRD", "2026-11-29"), ("ISFT", "Loa 0.1.0")]


def padded(seconds_before: float, seconds: float, seconds_after: float) -> Clip:
    silence = lambda s: np.zeros(round(s * RATE), dtype="<i2")  # noqa: E731
    sound = np.frombuffer(tone(seconds, RATE).pcm, dtype="<i2")
    return Clip(np.concatenate([silence(seconds_before), sound, silence(seconds_after)]).tobytes(), RATE, 1)


@pytest.fixture
def master(tmp_path) -> Path:
    return write_bwf(tmp_path / "master.wav", padded(0.1, 1.8, 0.1), BEXT)


def test_cart_and_info_read_back_beside_bext(tmp_path, master):
    out = tmp_path / "drop.wav"
    written = copy_with_chunks(master, out, [cart_chunk(CART), info_chunk(INFO)])
    assert written == out.stat().st_size
    layout = iter_chunks(out)
    assert [c[0] for c in layout] == [b"bext", b"cart", b"LIST", b"fmt ", b"data"]
    # Word-aligned chunks, and the RIFF size counts every byte after it.
    assert all(offset % 2 == 0 for _, offset, _ in layout)
    riff_size = struct.unpack("<I", out.read_bytes()[4:8])[0]
    assert riff_size == out.stat().st_size - 8
    last_id, last_offset, last_size = layout[-1]
    assert last_offset + last_size + last_size % 2 == out.stat().st_size

    assert read_bext(out) == read_bext(master)
    cart = read_cart(out)
    assert cart["size"] == 2048 and cart["version"] == "0101"
    assert cart["title"] == "Tin sang Ha Noi: don dot ret dam"
    assert cart["artist"] == "Dai Phat thanh va Truyen hinh / gtts vi"
    assert (cart["cut_id"], cart["category"], cart["classification"]) == ("a123", "NEWS", "segment")
    assert cart["out_cue"] == "...don dot ret dam."
    assert (cart["start_date"], cart["start_time"]) == ("2026-11-29", "06:30:00")
    assert (cart["end_date"], cart["end_time"]) == ("2026-12-01", "06:30:00")
    assert cart["producer_app_id"] == "Loa" and cart["producer_app_version"] == "0.1.0"
    assert cart["user_def"] == "loa:a123" and cart["url"] == "https://radio.example.vn/tin/a123"
    assert cart["level_reference"] == 32768
    assert cart["post_timers"] == [("AUDs", 4800), ("AUDe", 91200)]
    assert cart["reserved"] == b"\0" * 276 and cart["tag_text"] == b""

    assert read_info(out) == dict(INFO)


def test_the_audio_is_untouched(tmp_path, master):
    out = tmp_path / "drop.wav"
    copy_with_chunks(master, out, [cart_chunk(CART), info_chunk(INFO)])
    with wave.open(str(out)) as w, wave.open(str(master)) as m:  # the standard library's reader
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (RATE, 1, 2)
        assert w.getnframes() == m.getnframes() == 2 * RATE
        assert w.readframes(w.getnframes()) == m.readframes(m.getnframes())
    ours, theirs = decode_file(out, "wav", RATE), decode_file(master, "wav", RATE)  # ffmpeg
    assert ours.pcm == theirs.pcm and ours.duration == pytest.approx(2.0, abs=2 / RATE)
    assert measure(ours).integrated == pytest.approx(measure(theirs).integrated, abs=0.01)


def test_adding_again_replaces_the_earlier_chunks(tmp_path, master):
    once, twice = tmp_path / "once.wav", tmp_path / "twice.wav"
    copy_with_chunks(master, once, [cart_chunk(CART), info_chunk(INFO)])
    changed = CartInfo(title="Bản mới", start=CART.start, end=CART.end)
    copy_with_chunks(once, twice, [cart_chunk(changed), info_chunk([("INAM", "Bản mới")])])
    assert [c[0] for c in iter_chunks(twice)] == [b"bext", b"cart", b"LIST", b"fmt ", b"data"]
    assert read_cart(twice)["title"] == "Ban moi" and read_info(twice) == {"INAM": "Bản mới"}


def test_odd_sized_chunks_are_padded(tmp_path, master):
    out = tmp_path / "drop.wav"
    copy_with_chunks(master, out, [info_chunk([("INAM", "ab")])])  # "ab\0": three bytes, one pad byte
    layout = iter_chunks(out)
    assert all(offset % 2 == 0 for _, offset, _ in layout)
    assert read_info(out) == {"INAM": "ab"}
    assert decode_file(out, "wav", RATE).pcm == decode_file(master, "wav", RATE).pcm


def test_text_is_cut_by_bytes_at_character_boundaries(tmp_path, master):
    title = "Đường " * 100  # "Đường" is 9 bytes in UTF-8
    out = tmp_path / "drop.wav"
    cart = CartInfo(title=title, start=CART.start, end=CART.end, out_cue="😀" * 80)
    copy_with_chunks(master, out, [cart_chunk(cart), info_chunk([("INAM", title)], limit=100)])
    back = read_cart(out)
    assert back["title"] == ("Duong " * 11)[:64] and len(back["title"]) == 64
    assert back["out_cue"] == "?" * 64
    inam = read_info(out)["INAM"]
    assert len(inam.encode("utf-8")) <= 100 and title.startswith(inam)
    assert utf8_prefix("aĐ", 2) == b"a" and utf8_prefix("aĐ", 3) == "aĐ".encode()


def test_sound_bounds_find_the_start_and_end_of_sound(master):
    bounds = sound_bounds(master)
    assert bounds.frames == 2 * RATE and bounds.sample_rate == RATE
    # The tone starts at 0.1 s with sin(0) = 0: its first audible sample is a few samples later.
    assert 0 <= bounds.start - round(0.1 * RATE) <= 5
    assert 0 <= round(1.9 * RATE) - bounds.end <= 5


def test_sound_bounds_of_silence_and_of_stereo(tmp_path):
    silent = write_bwf(tmp_path / "silent.wav", Clip.silence(0.5, RATE), BEXT)
    assert (sound_bounds(silent).start, sound_bounds(silent).end) == (0, 0)
    stereo = write_bwf(tmp_path / "stereo.wav", tone(1.0, RATE, channels=2), BEXT)
    b = sound_bounds(stereo)
    assert b.frames == RATE and b.end <= RATE and b.start < 10


@pytest.mark.parametrize("changes, message", [
    (dict(end=datetime(2026, 11, 28)), "end before"),
    (dict(timers=tuple(CartTimer("MRK ", i) for i in range(9))), "at most 8"),
    (dict(start=datetime(2026, 1, 1, tzinfo=None), end="tomorrow"), "datetimes"),
])
def test_bad_cart_values_are_refused(changes, message):
    values = dict(title="x", start=CART.start, end=CART.end)
    values.update(changes)
    with pytest.raises((ValueError, TypeError), match=message):
        CartInfo(**values)


@pytest.mark.parametrize("usage, frame", [("AUD", 0), ("AUDé", 0), ("AUDs", -1), ("AUDs", 1 << 32)])
def test_bad_timers_are_refused(usage, frame):
    with pytest.raises(ValueError):
        CartTimer(usage, frame)


def test_bad_info_ids_are_refused():
    with pytest.raises(ValueError, match="INFO id"):
        info_chunk([("inam", "x")])


def test_a_non_ascii_or_overlong_url_is_left_out(tmp_path, master):
    out = tmp_path / "drop.wav"
    cart = CartInfo(title="x", start=CART.start, end=CART.end, url="https://radio.example.vn/tin/đường")
    copy_with_chunks(master, out, [cart_chunk(cart)])
    assert read_cart(out)["url"] == ""
