"""Symbols read aloud, and the address, phone and symbol rules together."""
from __future__ import annotations

import pytest

from vntext.phones import read_phone_numbers
from vntext.symbols import read_symbols
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
