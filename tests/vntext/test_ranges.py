"""Ranges and scores written with dashes."""
from __future__ import annotations

import doctest

import pytest

from vntext import ranges
from vntext.ranges import read_ranges, read_seasons

RANGES = [
    ("Giai đoạn 2020 – 2025, tỉnh trồng mới rừng.", "Giai đoạn 2020 đến 2025, tỉnh trồng mới rừng."),
    ("Kế hoạch 2015- 2020 đã hoàn thành.", "Kế hoạch 2015 đến 2020 đã hoàn thành."),
    ("Mỗi gia đình chỉ nên có 2-3 con.", "Mỗi gia đình chỉ nên có 2 đến 3 con."),
    ("Nhà thơ Tố Hữu (1920-2002) quê ở Huế.", "Nhà thơ Tố Hữu (1920 đến 2002) quê ở Huế."),
    ("Lượng mưa phổ biến 50-100mm.", "Lượng mưa phổ biến 50 đến 100mm."),
    ("Chiều cao 15cm-25cm.", "Chiều cao 15cm đến 25cm."),
    ("Giá vé 50.000đ-100.000đ.", "Giá vé 50.000đ đến 100.000đ."),
    ("Tăng 5-7% so với năm trước.", "Tăng 5 đến 7% so với năm trước."),
    ("Mở cửa 8h-17h hằng ngày.", "Mở cửa 8h đến 17h hằng ngày."),
    ("Nhiệt độ 14h30-16h cao nhất.", "Nhiệt độ 14h30 đến 16h cao nhất."),
    ("Mùa giải 2023—2024 khép lại.", "Mùa giải 2023 đến 2024 khép lại."),
]


@pytest.mark.parametrize(("text", "expected"), RANGES)
def test_read_ranges(text, expected):
    assert read_ranges(text) == expected


SCORES = [
    ("Việt Nam thắng Thái Lan 2-1 ở chung kết.", "Việt Nam thắng Thái Lan 2 1 ở chung kết."),
    ("Hai đội hòa 0 - 0 sau 90 phút.", "Hai đội hòa 0 0 sau 90 phút."),
    ("Trận đấu kết thúc với tỷ số 3-2.", "Trận đấu kết thúc với tỷ số 3 2."),
    ("Chủ nhà thua 1-4 trên sân nhà.", "Chủ nhà thua 1 4 trên sân nhà."),
]


@pytest.mark.parametrize(("text", "expected"), SCORES)
def test_scores_after_score_words(text, expected):
    assert read_ranges(text) == expected


MORE_SCORES = [
    ("Đội khách thất bại 1-4 trên sân nhà.", "Đội khách thất bại 1 4 trên sân nhà."),
    ("Hai trận thua Myanmar (0-1) và Lào (1-2) khiến đội bị loại.", "Hai trận thua Myanmar (0 1) và Lào (1 2) khiến đội bị loại."),
    ("Quảng Nam 2-2 SLNA trên sân Tam Kỳ.", "Quảng Nam 2 2 SLNA trên sân Tam Kỳ."),
    ("Hai đội hòa 1-1 tối qua.", "Hai đội hòa 1 1 tối qua."),
    ("Tuyển nữ thắng 3-1 (25-21, 23-25, 25-19, 25-17).", "Tuyển nữ thắng 3 1 (25 21, 23 25, 25 19, 25 17)."),
]


@pytest.mark.parametrize(("text", "expected"), MORE_SCORES)
def test_more_scores(text, expected):
    assert read_ranges(text) == expected


def test_a_range_after_a_comma_that_follows_a_score_is_a_range():
    assert read_ranges("Đội nhà thắng 2-1, giá vé 50-70 nghìn.") == "Đội nhà thắng 2 1, giá vé 50 đến 70 nghìn."


def test_a_count_after_a_score_word_is_a_range():
    assert read_ranges("Đội bóng chỉ thắng 2-3 trận mỗi mùa.") == "Đội bóng chỉ thắng 2 đến 3 trận mỗi mùa."


SEQUENCES = [
    ("Hoa hậu có số đo 84-62-92.", "Hoa hậu có số đo 84 62 92."),
    ("Huấn luyện viên chọn sơ đồ 4-2-3-1.", "Huấn luyện viên chọn sơ đồ 4 2 3 1."),
]


@pytest.mark.parametrize(("text", "expected"), SEQUENCES)
def test_three_numbers_or_more_are_read_one_after_another(text, expected):
    assert read_ranges(text) == expected


def test_a_range_later_in_a_sentence_with_a_score_is_still_a_range():
    text = "Đội nhà thắng 2-1, có 2-3 cầu thủ bị thẻ vàng."
    assert read_ranges(text) == "Đội nhà thắng 2 1, có 2 đến 3 cầu thủ bị thẻ vàng."


DESCENDING = [
    ("Chiếc Boeing 787-9 hạ cánh an toàn.", "Chiếc Boeing 787 9 hạ cánh an toàn."),
    ("Lô đất 12-3 thuộc khu đô thị mới.", "Lô đất 12 3 thuộc khu đô thị mới."),
    ("Sông Lam Nghệ An 3-0 Bình Định", "Sông Lam Nghệ An 3 0 Bình Định"),  # a score, even without a score word
]


@pytest.mark.parametrize(("text", "expected"), DESCENDING)
def test_whole_numbers_going_down_are_no_range(text, expected):
    """A range always goes up: going down, the numbers are a model, a code or a score."""
    assert read_ranges(text) == expected


def test_going_down_with_separators_or_units_is_left_to_the_range_rule():
    assert read_ranges("Giá giảm 1.000-500 đồng, cao 30cm-25cm") == "Giá giảm 1.000 đến 500 đồng, cao 30cm đến 25cm"


NOT_RANGES = [
    "Dịch COVID-19 đã được kiểm soát.",
    "Tiêm kích F-16 và Su-30 bay biểu diễn.",
    "Học sinh lớp A1-2 được khen.",
    "Tỉnh Quảng Trị - vùng đất anh hùng.",
]


@pytest.mark.parametrize("text", NOT_RANGES)
def test_dashes_that_are_not_ranges_stay(text):
    assert read_ranges(text) == text


def test_docstring_examples():
    assert doctest.testmod(ranges).failed == 0


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Mùa giải 2023/24 khởi tranh.", "Mùa giải 2023 đến 2024 khởi tranh."),
        ("Giai đoạn 2023-24 thành công.", "Giai đoạn 2023 đến 2024 thành công."),
        ("Năm học 2024 – 25 có 12 lớp.", "Năm học 2024 đến 2025 có 12 lớp."),
        # not the year after: left to the fraction and range rules
        ("Tỷ lệ 2023/45 và đoạn 2023-30.", "Tỷ lệ 2023/45 và đoạn 2023-30."),
    ],
)
def test_seasons_written_with_two_digits(written, spoken):
    assert read_seasons(written) == spoken


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("U23 Việt Nam vượt qua U23 Malaysia 2-0.", "U23 Việt Nam vượt qua U23 Malaysia 2 0."),
        ("Cô thắng 21-17, 21-19 để vô địch.", "Cô thắng 21 17, 21 19 để vô địch."),
        ("Đội nhà thắng 2-1, giá vé 50-70 nghìn.", "Đội nhà thắng 2 1, giá vé 50 đến 70 nghìn."),
    ],
)
def test_scores_after_team_codes_and_in_lists_of_sets(written, spoken):
    assert read_ranges(written) == spoken
