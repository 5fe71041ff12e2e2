"""Bylines and the author they name."""
from __future__ import annotations

import pytest

from articles.cleanup import author_from_byline, is_byline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Minh Hoàng", True),
        ("Hồng Nhung - Văn Phúc", True),
        ("Theo TTXVN", True),
        ("Theo baoquangtri.vn", True),
        ("Nhóm PV", True),
        ("Bài, ảnh: Minh Hoàng (CTV)", True),
        ("H.Nhung", True),
        ("Theo kế hoạch, công trình hoàn thành trong quý III/2024.", False),
        ("Kỳ họp thứ 29", False),
        ("Người dân cần hỗ trợ khẩn cấp có thể gọi đường dây nóng.", False),
        ("Ai chịu trách nhiệm?", False),
    ],
)
def test_is_byline(line, expected):
    assert is_byline(line) is expected


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Hồng Nhung - Văn Phúc", "Hồng Nhung - Văn Phúc"),
        ("Theo TTXVN", "TTXVN"),
        ("Bài và ảnh: Thanh Trúc", "Thanh Trúc"),
        ("Minh Hoàng (CTV)", "Minh Hoàng"),
    ],
)
def test_author_from_byline(line, author):
    assert author_from_byline(line) == author
