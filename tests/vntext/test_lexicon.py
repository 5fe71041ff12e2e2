"""Station pronunciation lexicon: parsing staff files and applying them first."""
from __future__ import annotations

import pytest

from vntext.abbreviations import expand_abbreviations
from vntext.lexicon import LexiconError, apply_lexicon, parse_lexicon

STATION_FILE = """\
# Từ điển phát âm của đài — mỗi dòng: từ = cách đọc
QTV = Quảng Trị ti vi

# Địa danh
Cồn Cỏ	cồn cỏ
La Vang = La Vang
TP. Đông Hà = thành phố Đông Hà
"""


def test_parse_reads_equals_and_tab_entries_skipping_comments_and_blank_lines() -> None:
    assert parse_lexicon(STATION_FILE) == {
        "QTV": "Quảng Trị ti vi",
        "Cồn Cỏ": "cồn cỏ",
        "La Vang": "La Vang",
        "TP. Đông Hà": "thành phố Đông Hà",
    }


def test_parse_accepts_a_byte_order_mark_and_windows_line_ends() -> None:
    assert parse_lexicon("\ufeffQTV = Quảng Trị ti vi\r\nVOV = vê ô vê\r\n") == {
        "QTV": "Quảng Trị ti vi",
        "VOV": "vê ô vê",
    }


@pytest.mark.parametrize(
    ("content", "line_number", "reason"),
    [
        ("QTV = Quảng Trị ti vi\nVTV vê tê vê\n", 2, "expected"),
        ("# tiêu đề\n\n = trống\n", 3, "term is empty"),
        ("QTV =   \n", 1, "spoken form is empty"),
        ("QTV = Quảng Trị ti vi\nVOV = vê ô vê\nQTV = cu tê vê\n", 3, "already defined on line 1"),
        ("Cồn Cỏ = đảo Cồn Cỏ\n", 1, "would be replaced again"),
    ],
)
def test_parse_errors_name_the_line(content: str, line_number: int, reason: str) -> None:
    with pytest.raises(LexiconError) as caught:
        parse_lexicon(content)
    assert caught.value.line_number == line_number
    assert f"line {line_number}" in str(caught.value)
    assert reason in str(caught.value)


def test_apply_replaces_whole_words_case_sensitively() -> None:
    lexicon = {"QTV": "Quảng Trị ti vi"}
    text = "Phóng viên QTV đưa tin; QTVs, qtv và QTV1 giữ nguyên."
    assert apply_lexicon(text, lexicon) == "Phóng viên Quảng Trị ti vi đưa tin; QTVs, qtv và QTV1 giữ nguyên."


def test_apply_prefers_the_longest_term() -> None:
    lexicon = {"Hiền Lương": "Hiền Lương", "cầu Hiền Lương": "cây cầu Hiền Lương lịch sử", "cầu": "cầu"}
    assert apply_lexicon("Thăm cầu Hiền Lương và bờ Hiền Lương.", lexicon) == (
        "Thăm cây cầu Hiền Lương lịch sử và bờ Hiền Lương."
    )


def test_apply_without_a_lexicon_changes_nothing() -> None:
    text = "UBND tỉnh họp."
    assert apply_lexicon(text, None) == text
    assert apply_lexicon(text, {}) == text


def test_station_lexicon_overrides_the_built_in_rules() -> None:
    lexicon = parse_lexicon("BTV = biên tập viên\nQTV = Quảng Trị ti vi\n")
    text = "BTV của QTV phỏng vấn lãnh đạo UBND tỉnh."
    # The staff's spoken form is used verbatim, even its case.
    assert expand_abbreviations(apply_lexicon(text, lexicon)) == (
        "biên tập viên của Quảng Trị ti vi phỏng vấn lãnh đạo ủy ban nhân dân tỉnh."
    )
    # Without the station entry the same acronyms take the built-in readings.
    assert expand_abbreviations(text) == "Ban thường vụ của quy tê vê phỏng vấn lãnh đạo ủy ban nhân dân tỉnh."


def test_applying_a_parsed_lexicon_twice_changes_nothing() -> None:
    lexicon = parse_lexicon(STATION_FILE)
    once = apply_lexicon("QTV phát sóng từ TP. Đông Hà về Cồn Cỏ và La Vang.", lexicon)
    assert once == "Quảng Trị ti vi phát sóng từ thành phố Đông Hà về cồn cỏ và La Vang."
    assert apply_lexicon(once, lexicon) == once
