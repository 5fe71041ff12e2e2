import io
import logging
from pathlib import Path

import pytest
from PIL import Image, ImageChops

import feeds.cover
from feeds.cover import default_cover_png, find_font, strip_marks

STATION = "Đài Phát thanh và Truyền hình Quảng Trị"
TITLE = "Loa – Tin tức Quảng Trị mỗi ngày"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_drawn_cover(image: Image.Image, size: int) -> None:
    assert image.format == "PNG"
    assert image.size == (size, size)
    assert image.mode == "RGB"
    # Text on a ground: many distinct colours (antialiased edges), white among them.
    colours = image.getcolors(maxcolors=size * size)
    assert len(colours) > 50
    assert any(colour == (255, 255, 255) for _, colour in colours)


@pytest.fixture
def no_system_fonts(monkeypatch):
    monkeypatch.setattr(feeds.cover, "FONT_CANDIDATES", ("/nonexistent/NoSuchFont-Bold.ttf",))


def test_cover_is_a_1400_pixel_square_rgb_png_with_text():
    assert_drawn_cover(open_png(default_cover_png(STATION, TITLE)), 1400)


@pytest.mark.parametrize("size", [1400, 2048, 3000])
def test_cover_sizes_apple_accepts(size):
    assert_drawn_cover(open_png(default_cover_png(STATION, TITLE, size=size)), size)


@pytest.mark.parametrize("size", [1399, 3001, 1400.0])
def test_cover_sizes_apple_rejects_are_refused(size):
    with pytest.raises(ValueError, match="1400 to 3000"):
        default_cover_png(STATION, TITLE, size=size)


def test_station_name_is_required():
    with pytest.raises(ValueError, match="station_name"):
        default_cover_png("  ", TITLE)


def test_same_text_gives_the_same_bytes_and_other_text_other_pixels():
    first = default_cover_png(STATION, TITLE)
    assert default_cover_png(STATION, TITLE) == first
    other = open_png(default_cover_png("Đài Huế", TITLE))
    assert ImageChops.difference(open_png(first), other).getbbox() is not None


def test_long_titles_still_make_a_cover():
    long_title = " ".join(["Bản tin thời sự tổng hợp buổi sáng"] * 12)
    assert_drawn_cover(open_png(default_cover_png(STATION, long_title)), 1400)


@pytest.mark.skipif(not Path(DEJAVU).is_file(), reason="DejaVu Sans Bold is not installed")
def test_vietnamese_marks_are_drawn_when_a_font_has_them():
    assert find_font(STATION + TITLE) is not None
    with_marks = open_png(default_cover_png("Đài Quảng Trị", "Tin tức"))
    without_marks = open_png(default_cover_png("Dai Quang Tri", "Tin tuc"))
    assert ImageChops.difference(with_marks, without_marks).getbbox() is not None


@pytest.mark.skipif(not Path(DEJAVU).is_file(), reason="DejaVu Sans Bold is not installed")
def test_find_font_picks_the_first_font_with_every_letter():
    assert find_font("Quảng Trị", candidates=["/nonexistent.ttf", DEJAVU]) == DEJAVU
    # A letter no font has (a private-use code point) leaves no candidate.
    assert find_font("Quảng Trị \ue000", candidates=[DEJAVU]) is None


def test_without_any_vietnamese_font_the_cover_shows_plain_letters(no_system_fonts, caplog):
    assert find_font(STATION) is None
    with caplog.at_level(logging.WARNING, logger="feeds.cover"):
        data = default_cover_png(STATION, TITLE)
    assert_drawn_cover(open_png(data), 1400)
    assert "no font with Vietnamese letters" in caplog.text
    # Drawn exactly as the plain spelling would be: no boxes for missing letters.
    plain = default_cover_png("Dai Phat thanh va Truyen hinh Quang Tri", "Loa - Tin tuc Quang Tri moi ngay")
    assert data == plain


def test_strip_marks_keeps_the_base_letters():
    assert strip_marks("Đài Quảng Trị – đường Hùng Vương") == "Dai Quang Tri – duong Hung Vuong"
