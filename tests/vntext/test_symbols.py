"""Symbols read aloud, and the address, phone and symbol rules together."""
from __future__ import annotations

import doctest

import pytest

from vntext import symbols as symbols_module
from vntext.phones import read_phone_numbers
from vntext.symbols import read_diameter_signs, read_multiplication, read_plus_minus, read_symbols
from vntext.urls import read_urls_and_emails


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Lễ hội Biển Cửa Tùng & Cửa Việt thu hút du khách.",
            "Lễ hội Biển Cửa Tùng và Cửa Việt thu hút du khách.",
        ),
        ("Phim dán nhãn 18+ không dành cho trẻ em.", "Phim dán nhãn 18 cộng không dành cho trẻ em."),
        ("Lúa đạt ~60 tạ mỗi héc ta.", "Lúa đạt khoảng 60 tạ mỗi héc ta."),
        ("Độ tuổi ≥ 60 được ưu tiên.", "Độ tuổi lớn hơn hoặc bằng 60 được ưu tiên."),
        (
            "Cán bộ cấp xã/phường/thị trấn dự tập huấn.",
            "Cán bộ cấp xã, phường, thị trấn dự tập huấn.",
        ),
        ("Bếp ăn phục vụ 500 suất/ngày.", "Bếp ăn phục vụ 500 suất trên ngày."),
        ("Mức hỗ trợ 1 triệu đồng/người/tháng.", "Mức hỗ trợ 1 triệu đồng trên người trên tháng."),
    ],
)
def test_symbols_are_read(written: str, spoken: str) -> None:
    assert read_symbols(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 123/QĐ-UBND ngày 12/3/2024.",
        "Tốc độ tối đa 60 km/h.",
        "Tỷ lệ hộ nghèo giảm 1,2%.",
        "Giai đoạn 2021 - 2025 và 2026–2030.",
    ],
)
def test_symbols_left_to_other_rules_are_untouched(text: str) -> None:
    assert read_symbols(text) == text


def test_rules_are_idempotent() -> None:
    text = "Gọi 0912 345 678 hoặc xem baoquangtri.vn; xã/phường & thị trấn đón ~500 lượt/ngày, 18+."
    once = read_symbols(read_phone_numbers(read_urls_and_emails(text)))
    assert once != text
    assert read_symbols(read_phone_numbers(read_urls_and_emails(once))) == once


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Tấm pin 2 x 1 m.", "Tấm pin 2 nhân 1 m."),
        ("Thùng 30x40x50 cm.", "Thùng 30 nhân 40 nhân 50 cm."),
        ("Đạn cỡ 7,62x39 mm.", "Đạn cỡ 7,62 nhân 39 mm."),
        ("Thế hệ 8x và 9X.", "Thế hệ 8x và 9X."),
        ("Xe Mazda CX5 mới.", "Xe Mazda CX5 mới."),
    ],
)
def test_multiplication(written: str, spoken: str) -> None:
    assert read_multiplication(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Biên độ +/-5%.", "Biên độ cộng trừ 5%."),
        ("Sai số +/- 3 điểm.", "Sai số cộng trừ 3 điểm."),
        ("Sai số ± 2%.", "Sai số cộng trừ 2%."),
        ("Tăng +2 điểm.", "Tăng +2 điểm."),
    ],
)
def test_plus_minus(written: str, spoken: str) -> None:
    assert read_plus_minus(written) == spoken


def test_an_opening_bracket_gets_no_space_before_a_symbol() -> None:
    assert read_symbols("tăng (+1,5%)") == "tăng (cộng 1,5%)"


def test_symbols_docstring_examples() -> None:
    assert doctest.testmod(symbols_module).failed == 0


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Cập nhật: 08:15 | 12/03/2024", "Cập nhật: 08:15, 12/03/2024"),
        ("Thời sự | Kinh tế || Video", "Thời sự, Kinh tế, Video"),
        ("| cột một | cột hai |", "cột một, cột hai"),
        ("Mỗi người hai phần cơm / ngày, nồng độ mi li gam/lít.", "Mỗi người hai phần cơm trên ngày, nồng độ mi li gam trên lít."),
        ("Các xã/phường, tỉnh/thành phố.", "Các xã, phường, tỉnh, thành phố."),
    ],
)
def test_bars_and_slashes_between_words(written, spoken):
    assert read_symbols(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("Bể chứa 2m x 3m x 1,5m.", "Bể chứa 2m nhân 3m nhân 1,5m."),
    ("Gạch lát 60cm x 60cm, tấm 1,2m×2,4m.", "Gạch lát 60cm nhân 60cm, tấm 1,2m nhân 2,4m."),
    ("Thế hệ 9x và 10x yêu thích.", "Thế hệ 9x và 10x yêu thích."),
])
def test_x_between_lengths_with_their_units_is_nhan(written, spoken):
    assert read_multiplication(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("Tuyến ống Φ600 dài 2 km.", "Tuyến ống phi 600 dài 2 km."),
    ("Cốt thép ø 16 được thay mới.", "Cốt thép phi 16 được thay mới."),
    ("Nhóm nhạc Ø Lund biểu diễn.", "Nhóm nhạc Ø Lund biểu diễn."),
])
def test_the_diameter_sign_before_a_number_is_phi(written, spoken):
    assert read_diameter_signs(written) == spoken
