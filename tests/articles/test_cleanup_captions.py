"""Captions marked by a photo credit, and credits on their own."""
from __future__ import annotations

import pytest

from articles.cleanup import is_caption, is_photo_credit, strip_photo_credit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Đồng chí Trần Văn Tâm phát biểu tại hội nghị - Ảnh: T.L", "Đồng chí Trần Văn Tâm phát biểu tại hội nghị"),
        ("Quang cảnh hội nghị. Ảnh: Văn Phúc", "Quang cảnh hội nghị."),
        ("Quang cảnh hội nghị (Ảnh: QTV)", "Quang cảnh hội nghị"),
        ("Quang cảnh hội nghị | Ảnh: internet", "Quang cảnh hội nghị"),
        ("Nông dân thu hoạch lúa - Ảnh minh họa", "Nông dân thu hoạch lúa"),
        ("Ảnh: Lực lượng xung kích giúp dân chằng chống nhà cửa", "Lực lượng xung kích giúp dân chằng chống nhà cửa"),
        ("Ảnh: Hoàng Anh", ""),
        ("Ảnh minh hoạ", ""),
        ("Ảnh minh họa: Nông dân thu hoạch lúa hè thu", "Nông dân thu hoạch lúa hè thu"),
        ("Ảnh tư liệu: Cầu Hiền Lương năm 1975", "Cầu Hiền Lương năm 1975"),
        ("Ảnh 3: Du khách tham quan Thành cổ Quảng Trị", "Du khách tham quan Thành cổ Quảng Trị"),
        ("Cuộc thi Ảnh đẹp quê hương thu hút 300 tác phẩm.", "Cuộc thi Ảnh đẹp quê hương thu hút 300 tác phẩm."),
    ],
)
def test_strip_photo_credit(line, expected):
    assert strip_photo_credit(line) == expected


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Đồng chí Trần Văn Tâm phát biểu - Ảnh: T.L", True, False),
        ("Ảnh: Lãnh đạo tỉnh thăm hỏi bà con vùng lũ", True, False),
        ("Ảnh: Hoàng Anh", False, True),
        ("(Ảnh minh họa)", False, True),
        ("Kỳ họp diễn ra trong 3 ngày, từ 10 – 12/12/2024.", False, False),
        ("Bài, ảnh: Minh Hoàng", False, False),
        ("Ảnh minh họa: Nông dân thu hoạch lúa hè thu", True, False),
        ("Ảnh minh họa: internet", False, True),
    ],
)
def test_caption_and_credit_recognition(line, caption, credit):
    assert is_caption(line) is caption
    assert is_photo_credit(line) is credit
