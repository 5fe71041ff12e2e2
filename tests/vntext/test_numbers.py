"""Reading numbers, ordinals and fractions in Vietnamese words."""
from __future__ import annotations

import doctest

import pytest

from vntext import numbers
from vntext.numbers import (
    read_cardinal,
    read_digits,
    read_fractions,
    read_numbers,
    read_ordinals,
    read_ranks,
    read_written_number,
)

CARDINALS = [
    (0, "không"),
    (4, "bốn"),
    (10, "mười"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (41, "bốn mươi mốt"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1900, "một nghìn chín trăm"),
    (1975, "một nghìn chín trăm bảy mươi lăm"),
    (2000, "hai nghìn"),
    (2008, "hai nghìn không trăm linh tám"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (2031, "hai nghìn không trăm ba mươi mốt"),
    (15000, "mười lăm nghìn"),
    (250000, "hai trăm năm mươi nghìn"),
    (1000000, "một triệu"),
    (1000001, "một triệu không trăm linh một"),
    (3050000, "ba triệu không trăm năm mươi nghìn"),
    (98000000, "chín mươi tám triệu"),
    (1000000000, "một tỷ"),
    (2500000000, "hai tỷ năm trăm triệu"),
    (1200000000000, "một nghìn hai trăm tỷ"),
    (10**18, "một tỷ tỷ"),
    (-7, "âm bảy"),
]


@pytest.mark.parametrize(("number", "words"), CARDINALS)
def test_read_cardinal(number, words):
    assert read_cardinal(number) == words


WRITTEN = [
    ("1.900", "một nghìn chín trăm"),
    ("9.000.000", "chín triệu"),
    ("12,5", "mười hai phẩy năm"),
    ("6,25", "sáu phẩy hai mươi lăm"),
    ("0,05", "không phẩy không năm"),
    ("3,141", "ba phẩy một bốn một"),
    ("1000000", "một triệu"),
    ("-15", "âm mười lăm"),
    ("-0,7", "âm không phẩy bảy"),
    ("2.0", "hai chấm không"),
    ("007", "không không bảy"),
    ("05", "năm"),
]


@pytest.mark.parametrize(("written", "words"), WRITTEN)
def test_read_written_number(written, words):
    assert read_written_number(written) == words


IN_SENTENCES = [
    ("Giá vàng miếng tăng 1.500.000 đồng mỗi lượng.", "Giá vàng miếng tăng một triệu năm trăm nghìn đồng mỗi lượng."),
    ("Cả nước có 63 tỉnh, thành phố.", "Cả nước có sáu mươi ba tỉnh, thành phố."),
    ("Chỉ số VN-Index giảm 12,35 điểm.", "Chỉ số VN-Index giảm mười hai phẩy ba mươi lăm điểm."),
    ("Nhiệt độ xuống -2 độ ở Sa Pa.", "Nhiệt độ xuống âm hai độ ở Sa Pa."),
    ("Năm 2019, dân số đạt 96,2 triệu người.", "Năm hai nghìn không trăm mười chín, dân số đạt chín mươi sáu phẩy hai triệu người."),
    ("Đội tuyển U23 tập trung 30 cầu thủ.", "Đội tuyển U hai mươi ba tập trung ba mươi cầu thủ."),
    ("Mạng 5G phủ sóng 100% huyện.", "Mạng năm G phủ sóng một trăm% huyện."),
]


@pytest.mark.parametrize(("text", "expected"), IN_SENTENCES)
def test_read_numbers_in_sentences(text, expected):
    assert read_numbers(text) == expected


ORDINALS = [
    ("Đây là lần thứ 1 giải đấu được tổ chức.", "Đây là lần thứ nhất giải đấu được tổ chức."),
    ("Thứ 2 tuần sau, học sinh đi học trở lại.", "Thứ hai tuần sau, học sinh đi học trở lại."),
    ("Cuộc họp dời sang thứ 4.", "Cuộc họp dời sang thứ tư."),
    ("Việt Nam xếp thứ 21 thế giới.", "Việt Nam xếp thứ hai mươi mốt thế giới."),
    ("Đó là kỳ đại hội thứ 14 của Đảng.", "Đó là kỳ đại hội thứ mười bốn của Đảng."),
    ("Ngày thứ 100 của chiến dịch.", "Ngày thứ một trăm của chiến dịch."),
]


@pytest.mark.parametrize(("text", "expected"), ORDINALS)
def test_read_ordinals(text, expected):
    assert read_ordinals(text) == expected


FRACTIONS = [
    ("Khoảng 1/3 diện tích lúa bị ngập.", "Khoảng một phần ba diện tích lúa bị ngập."),
    ("Hơn 3/4 số hộ đã có điện lưới.", "Hơn ba phần tư số hộ đã có điện lưới."),
    ("Chiếm 2/5 tổng vốn đầu tư.", "Chiếm hai phần năm tổng vốn đầu tư."),
    ("Mực nước tăng gấp 2 1/2 lần.", "Mực nước tăng gấp hai và một phần hai lần."),
    ("Biên độ -1/4 điểm.", "Biên độ âm một phần tư điểm."),
]


@pytest.mark.parametrize(("text", "expected"), FRACTIONS)
def test_read_fractions(text, expected):
    assert read_fractions(text) == expected


COUNTS_AND_FRACTIONS = [
    ("Ông trúng cử với 41/41 phiếu.", "Ông trúng cử với bốn mươi mốt trên bốn mươi mốt phiếu."),
    ("Công an đã bắt 3/4 đối tượng.", "Công an đã bắt ba trên bốn đối tượng."),
    ("Có 9/11 thành viên đồng ý.", "Có chín trên mười một thành viên đồng ý."),
    ("Tổng đài trực 24/24 và 24/7.", "Tổng đài trực hai mươi tư trên hai mươi tư và hai mươi tư trên bảy."),
    ("Học sinh lớp 9/3 đạt giải.", "Học sinh lớp chín trên ba đạt giải."),
    ("Vé số Mega 6/45 có chủ.", "Vé số Mega sáu trên bốn mươi lăm có chủ."),
    ("Anh đạt TOEIC 850/990.", "Anh đạt TOEIC tám trăm năm mươi trên chín trăm chín mươi."),
    ("Tin 3/4 cho biết rằng.", "Tin ba phần tư cho biết rằng."),
    ("Khoảng 2/3 người dân đồng tình.", "Khoảng hai phần ba người dân đồng tình."),
    ("Gần 1/5 số trường thiếu giáo viên.", "Gần một phần năm số trường thiếu giáo viên."),
    ("Xác suất chỉ 1/12,5 triệu.", "Xác suất chỉ một phần mười hai phẩy năm triệu."),
    ("Tỷ lệ 7/4 được giữ.", "Tỷ lệ bảy phần tư được giữ."),
    (
        "Mùa giải 2021/2022 kết thúc.",
        "Mùa giải hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi hai kết thúc.",
    ),
    ("Hai anh em sinh năm 1988/1991.", "Hai anh em sinh năm một nghìn chín trăm tám mươi tám, một nghìn chín trăm chín mươi mốt."),
]


@pytest.mark.parametrize(("text", "expected"), COUNTS_AND_FRACTIONS)
def test_counts_out_of_a_total_read_tren_and_shares_read_phan(text, expected):
    assert read_fractions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huyện xếp hạng 1 toàn tỉnh.", "Huyện xếp hạng nhất toàn tỉnh."),
        ("Bài dự thi đoạt giải 2 và giải 4.", "Bài dự thi đoạt giải nhì và giải tư."),
        ("Đội xếp hạng 12 chung cuộc.", "Đội xếp hạng 12 chung cuộc."),
        ("Khách sạn hạng 4 sao mới mở.", "Khách sạn hạng 4 sao mới mở."),
    ],
)
def test_ranks(text, expected):
    assert read_ranks(text) == expected


def test_a_zero_denominator_is_left_alone():
    assert read_fractions("Mã 5/0 không hợp lệ") == "Mã 5/0 không hợp lệ"


def test_read_digits_skips_separators():
    assert read_digits("0-9") == "không chín"


def test_docstring_examples():
    assert doctest.testmod(numbers).failed == 0


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Huyết áp 160/100 mmHg.", "Huyết áp một trăm sáu mươi trên một trăm mmHg."),
        ("Em đạt 29,5/30 điểm.", "Em đạt hai mươi chín phẩy năm trên ba mươi điểm."),
        ("Nam sinh đạt 1.520/1.600 điểm SAT.", "Nam sinh đạt một nghìn năm trăm hai mươi trên một nghìn sáu trăm điểm SAT."),
        ("Có 112/125 xã đạt chuẩn.", "Có một trăm mười hai trên một trăm hai mươi lăm xã đạt chuẩn."),
        # a share of a whole keeps "phần", a small improper fraction too
        ("Khoảng 1/3 diện tích bị ngập.", "Khoảng một phần ba diện tích bị ngập."),
        ("Chỉ số đo được là 9/4.", "Chỉ số đo được là chín phần tư."),
    ],
)
def test_marks_and_pairs_over_a_total_read_with_tren(written, spoken):
    assert read_fractions(written) == spoken
