"""ID3v2.4 episode tags read back with mutagen: frames, chapters in milliseconds, ordered table of contents."""
from __future__ import annotations

import zlib
from datetime import datetime
from pathlib import Path

import pytest
from mutagen.id3 import ID3, CTOCFlags

from audio.clip import Clip
from audio.ffmpeg import decode_file
from audio.tags import Chapter, EpisodeTags, id3_tag
from tests.support.audio_files import encode_mp3

TAGS = EpisodeTags(
    title="Bản tin sáng 1/5",
    artist="Đài Phát thanh và Truyền hình Quảng Trị",
    album="Loa — Tin tức",
    date=datetime(2024, 5, 1, 6, 30),
    comment="https://baoquangtri.vn/ban-tin-sang-1-5.htm",
)
CHAPTERS = (
    Chapter("Thời sự", 0.0, 61.25),
    Chapter("Kinh tế", 61.25, 125.5, "https://baoquangtri.vn/kinh-te.htm"),
    Chapter("Thời tiết", 130.0, 190.004),
)


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    rows = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def mp3(tmp_path: Path) -> Path:
    path = encode_mp3(Clip.silence(1.0, 24000), tmp_path / "episode.mp3")
    ID3(path).delete()  # frames only: the tag under test goes in front of them
    return path


def tag_file(mp3: Path, tags: EpisodeTags, chapters=(), cover_png: bytes | None = None) -> None:
    """What the podcast master writes: the tag, then the audio frames."""
    tag = id3_tag(tags, chapters, cover_png)
    mp3.write_bytes(tag + mp3.read_bytes())


def test_all_frames_read_back(mp3: Path):
    cover = png()
    tag_file(mp3, TAGS, CHAPTERS, cover)
    tag = ID3(mp3)
    assert tag.version[:2] == (2, 4)
    assert tag["TIT2"].text == ["Bản tin sáng 1/5"]
    assert tag["TPE1"].text == ["Đài Phát thanh và Truyền hình Quảng Trị"]
    assert tag["TALB"].text == ["Loa — Tin tức"]
    stamp = tag["TDRC"].text[0]
    assert (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second) == (2024, 5, 1, 6, 30, 0)
    assert b"2024-05-01T06:30:00" in mp3.read_bytes()  # ID3v2.4 timestamps separate date and time with "T"
    comments = tag.getall("COMM")
    assert [(c.lang, c.text) for c in comments] == [("vie", ["https://baoquangtri.vn/ban-tin-sang-1-5.htm"])]
    assert tag["TLAN"].text == ["vie"]
    picture = tag.getall("APIC")[0]
    assert (picture.mime, picture.type, picture.data) == ("image/png", 3, cover)


def test_chapters_in_milliseconds_with_an_ordered_top_level_table(mp3: Path):
    tag_file(mp3, TAGS, CHAPTERS)
    tag = ID3(mp3)
    chaps = {frame.element_id: frame for frame in tag.getall("CHAP")}
    assert [(c.start_time, c.end_time) for c in (chaps["chp0"], chaps["chp1"], chaps["chp2"])] == [
        (0, 61250), (61250, 125500), (130000, 190004)]
    assert chaps["chp0"].sub_frames["TIT2"].text == ["Thời sự"]
    assert chaps["chp1"].sub_frames.getall("WXXX")[0].url == "https://baoquangtri.vn/kinh-te.htm"
    assert not chaps["chp0"].sub_frames.getall("WXXX")
    tocs = tag.getall("CTOC")
    assert len(tocs) == 1
    assert tocs[0].flags & CTOCFlags.TOP_LEVEL and tocs[0].flags & CTOCFlags.ORDERED
    assert tocs[0].child_element_ids == ["chp0", "chp1", "chp2"]


def test_no_chapters_no_table(mp3: Path):
    tag_file(mp3, TAGS)
    tag = ID3(mp3)
    assert not tag.getall("CHAP") and not tag.getall("CTOC") and not tag.getall("APIC")


def test_tags_do_not_change_the_audio(mp3: Path):
    before = decode_file(mp3, "mp3", 24000)
    tag_file(mp3, TAGS, CHAPTERS, png())
    assert decode_file(mp3, "mp3", 24000).pcm == before.pcm


@pytest.mark.parametrize("bad", [
    lambda: Chapter("x", 5.0, 5.0),
    lambda: Chapter("x", -1.0, 5.0),
    lambda: Chapter("x", 0.0, float("nan")),
    lambda: EpisodeTags("t", "a", "b", datetime(2024, 1, 1), "c", language="vi"),
])
def test_invalid_values_are_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_failed_tagging_leaves_the_file_untouched(mp3: Path):
    before = mp3.read_bytes()
    with pytest.raises(ValueError):
        tag_file(mp3, TAGS, CHAPTERS, cover_png=b"GIF89a not a png")
    with pytest.raises(ValueError):
        tag_file(mp3, TAGS, (Chapter("b", 10.0, 20.0), Chapter("a", 0.0, 10.0)))
    assert mp3.read_bytes() == before
    assert [p.name for p in mp3.parent.iterdir()] == ["episode.mp3"]


def test_a_tag_padded_to_the_room_kept_for_it_reads_back_the_same(mp3: Path):
    room = len(id3_tag(TAGS, CHAPTERS, png()))
    fewer = id3_tag(TAGS, CHAPTERS[:1], png(), size=room)
    assert len(fewer) == room
    tagged = mp3.with_name("padded.mp3")
    tagged.write_bytes(fewer + mp3.read_bytes())
    tag = ID3(tagged)
    assert [c.sub_frames["TIT2"].text[0] for c in tag.getall("CHAP")] == ["Thời sự"]
    assert tag["TIT2"].text == [TAGS.title] and tag.getall("APIC")[0].data == png()
    assert decode_file(tagged, "mp3", 24000).duration == pytest.approx(1.0, abs=0.05)
    with pytest.raises(ValueError, match="more than"):
        id3_tag(TAGS, CHAPTERS, png(), size=room - 1)
