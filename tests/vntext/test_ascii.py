"""ASCII transliteration for the cart chunk and title slugs for drop-folder names, hostile titles included."""
import doctest
import re

import pytest

from vntext import ascii as ascii_module
from vntext.ascii import slug, transliterate

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_doctests_pass():
    assert doctest.testmod(ascii_module).failed == 0


def test_every_vietnamese_letter_becomes_its_base_letter():
    lower = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    assert transliterate(lower) == "a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "d"
    assert transliterate(lower.upper()) == transliterate(lower).upper()


def test_decomposed_input_and_control_characters():
    assert transliterate("Tie\u0302\u0301ng Vie\u0323\u0302t") == "Tieng Viet"  # NFD from a Mac clipboard
    assert transliterate("dòng\x00một\r\ndòng\thai\x0b") == "dong mot dong hai"


@pytest.mark.parametrize("title, expected", [
    ("Tin sáng Hà Nội", "tin-sang-ha-noi"),
    ("ĐỒNG BẰNG SÔNG CỬU LONG", "dong-bang-song-cuu-long"),
    ("../../etc/passwd", "etc-passwd"),
    ("..\\..\\windows\\system32", "windows-system32"),
    ("   ", "tin"),
    ("!!!???...", "tin"),
    ("😀🔥", "tin"),
    ("Giá xăng tăng 1.000 đồng/lít — từ 15 giờ", "gia-xang-tang-1-000-dong-lit-tu-15-gio"),
    ("CON_FIG; rm -rf / && echo $HOME", "con-fig-rm-rf-echo-home"),
    ("Ｔｉｎ　ｎóng", "tin-nong"),  # full-width letters and space
])
def test_slugs_are_ascii_words_joined_by_hyphens(title, expected):
    assert slug(title) == expected


@pytest.mark.parametrize("title", [
    "Tiêu đề rất dài " * 20, "a" * 500, "Đ" * 60, "x-" * 100, "😀 " * 100 + "cuối", "-" * 80, "\u202eevil\u202c",
])
def test_slugs_are_bounded_and_safe_for_any_title(title):
    got = slug(title)
    assert SLUG.match(got) and 1 <= len(got) <= 48


def test_long_titles_are_cut_at_a_word_boundary():
    got = slug("Hội nghị tổng kết công tác phòng chống thiên tai và tìm kiếm cứu nạn năm 2026")
    assert got == "hoi-nghi-tong-ket-cong-tac-phong-chong-thien-tai"
    assert slug("a" * 100, max_length=10) == "a" * 10


def test_fallback_and_limits():
    assert slug("???", fallback="Bản tin") == "ban-tin"
    with pytest.raises(ValueError):
        slug("x", max_length=0)
