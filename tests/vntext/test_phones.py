"""Phone numbers read digit by digit."""
from __future__ import annotations

import doctest

import pytest

from vntext import phones as phones_module
from vntext.phones import read_phone_numbers


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Đường dây nóng: 0233.3852.123.",
            "Đường dây nóng: không hai ba ba, ba tám năm hai, một hai ba.",
        ),
        (
            "Người dân phản ánh qua số 0912 345 678.",
            "Người dân phản ánh qua số không chín một hai, ba bốn năm, sáu bảy tám.",
        ),
        (
            "Liên hệ chị Hoa, số điện thoại 0912345678, để được hỗ trợ.",
            "Liên hệ chị Hoa, số điện thoại không chín một hai, ba bốn năm, sáu bảy tám, để được hỗ trợ.",
        ),
        (
            "Văn phòng trực ban: (0233) 3852123.",
            "Văn phòng trực ban: không hai ba ba, ba tám năm, hai một hai ba.",
        ),
        (
            "Tổng đài hỗ trợ 1900 1234 hoạt động 24/7.",
            "Tổng đài hỗ trợ một chín không không, một hai ba bốn hoạt động 24/7.",
        ),
        ("Gọi miễn phí 1800.1091.", "Gọi miễn phí một tám không không, một không chín một."),
        (
            "Hotline 1900 545 454 luôn sẵn sàng.",
            "Hotline một chín không không, năm bốn năm, bốn năm bốn luôn sẵn sàng.",
        ),
        (
            "Kiều bào gọi +84 912 345 678.",
            "Kiều bào gọi cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám.",
        ),
        (
            "Gọi 0912 345 678 2 lần không ai nghe.",
            "Gọi không chín một hai, ba bốn năm, sáu bảy tám 2 lần không ai nghe.",
        ),
        ("Máy bàn 0233-3852-123.", "Máy bàn không hai ba ba, ba tám năm hai, một hai ba."),
    ],
)
def test_phone_numbers_are_read_digit_by_digit_in_groups(written: str, spoken: str) -> None:
    assert read_phone_numbers(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 01.01.2024 khai trương.",
        "Hỗ trợ 1.500.000 đồng mỗi hộ.",
        "Năm 1900 1 trận lụt lớn xảy ra.",
        "Công văn số 0123/UBND-KT ngày 5/3.",
        "Tỷ lệ tăng 0,5 điểm.",
        "Mã hồ sơ 09123.",
        "Gọi 113 khi có sự cố.",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_left_alone(text: str) -> None:
    assert read_phone_numbers(text) == text


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Số cũ 01234.567.890 vẫn liên lạc được.",
            "Số cũ không một hai ba bốn, năm sáu bảy, tám chín không vẫn liên lạc được.",
        ),
        (
            "Gọi 0233.3555.888/0912.111.222 để phản ánh.",
            "Gọi không hai ba ba, ba năm năm năm, tám tám tám/không chín một hai, một một một, hai hai hai để phản ánh.",
        ),
        ("Đầu số 888.999 của tổng đài.", "Đầu số tám tám tám, chín chín chín của tổng đài."),
        ("Số điện thoại 069.23456 của trực ban.", "Số điện thoại không sáu chín, hai ba bốn năm sáu của trực ban."),
        ("Tổng đài 1022 hoạt động.", "Tổng đài 1022 hoạt động."),
        ("Điện thoại 12345 chiếc được bán.", "Điện thoại một hai ba bốn năm chiếc được bán."),
    ],
)
def test_old_numbers_lists_and_numbers_after_a_phone_word(written: str, spoken: str) -> None:
    assert read_phone_numbers(written) == spoken


def test_phones_docstring_examples() -> None:
    assert doctest.testmod(phones_module).failed == 0


@pytest.mark.parametrize(("written", "spoken"), [
    ("Nhắn tin theo cú pháp QT gửi 1405 để ủng hộ đồng bào vùng lũ.",
     "Nhắn tin theo cú pháp QT gửi một bốn không năm để ủng hộ đồng bào vùng lũ."),
    ("Soạn tin UH gửi tới 1409, mỗi tin nhắn ủng hộ 20.000 đồng.",
     "Soạn tin UH gửi tới một bốn không chín, mỗi tin nhắn ủng hộ 20.000 đồng."),
    # Without a text message around it, or when it counts something, a number after "gửi" is a number.
    ("Tỉnh đã gửi 1405 hồ sơ lên Bộ.", "Tỉnh đã gửi 1405 hồ sơ lên Bộ."),
    ("Mỗi tin nhắn gửi 1500 đồng.", "Mỗi tin nhắn gửi 1500 đồng."),
])
def test_the_short_code_a_text_message_goes_to_is_read_digit_by_digit(written, spoken):
    assert read_phone_numbers(written) == spoken
